#include "support/testing.hpp"

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;

namespace {

std::vector<ht::split_t> all_splits(std::size_t ndim) {
  std::vector<ht::split_t> s{ht::none};
  for (std::int64_t d = 0; d < static_cast<std::int64_t>(ndim); ++d) s.push_back(d);
  return s;
}

}  // namespace

TEST_CASE("resplit between every pair of axes and none", "[resplit]") {
  // Uneven blocks at every np; 3 and 1 rows leave ranks empty at np = 4.
  const std::vector<ht::shape_t> shapes{{3}, {7}, {0}, {5, 3}, {2, 7}, {1, 4}, {3, 4, 5}, {4, 1, 3}, {2, 3, 0}};
  for (const auto& shape : shapes) {
    const auto oracle = global_pattern<double>(shape);
    bool ok = true;
    for (auto from : all_splits(shape.size())) {
      auto x = ht::array(oracle, from);
      for (auto to : all_splits(shape.size())) {
        auto y = ht::resplit(x, to);
        auto z = ht::copy(x);
        z.resplit_(to);
        ok = ok && y.split() == to && y.is_balanced() && block_matches(y, oracle) && z.dist() == y.dist() &&
             block_matches(z, oracle) && block_matches(x, oracle);
      }
    }
    CAPTURE(ht::to_string(shape));
    REQUIRE(all_ranks(ok));
  }
}

TEMPLATE_LIST_TEST_CASE("resplit moves every element type", "[resplit]", ht::testing::element_types) {
  const auto oracle = global_pattern<TestType>({5, 2, 3});
  auto x = ht::array(oracle, 0);
  x.resplit_(2);
  const bool on_2 = block_matches(x, oracle);
  x.resplit_(-2);
  const bool on_1 = x.split() == 1 && block_matches(x, oracle);
  x.resplit_(ht::none);
  REQUIRE(all_ranks(on_2 && on_1 && block_matches(x, oracle)));
}

TEST_CASE("unbalanced blocks: resplit and balance", "[resplit][balance]") {
  const auto world = ht::comm_world();
  const int p = world.size(), me = world.rank();
  // Layouts no factory makes: rank r holds r + 1 rows; all rows on the last rank.
  SECTION("growing blocks") {
    std::int64_t rows = 0, first = 0;
    for (int r = 0; r < p; ++r) {
      if (r == me) first = rows;
      rows += r + 1;
    }
    const auto oracle = global_pattern<float>({rows, 4});
    auto mine = [&](const xt::xarray<float>& o) {
      return xt::xarray<float>(xt::view(o, xt::range(first, first + me + 1), xt::all()));
    };
    auto x = ht::array(mine(oracle), ht::is_split(0));
    const bool was_balanced = x.is_balanced();
    auto by_column = ht::resplit(x, 1);
    auto replicated = ht::resplit(x, ht::none);
    auto balanced = ht::resplit(x, 0);
    x.balance_();
    const bool ok = was_balanced == (p == 1) && block_matches(by_column, oracle) && block_matches(replicated, oracle) &&
                    block_matches(balanced, oracle) && balanced.is_balanced() && x.is_balanced() &&
                    block_matches(x, oracle);
    REQUIRE(all_ranks(ok));
  }
  SECTION("everything on the last rank, split along axis 1") {
    const auto oracle = global_pattern<std::int64_t>({3, 5});
    const xt::xarray<std::int64_t> block =
        me == p - 1 ? oracle : xt::xarray<std::int64_t>(xt::view(oracle, xt::all(), xt::range(0, 0)));
    auto x = ht::array(block, ht::is_split(1));
    auto y = ht::resplit(x, 0);
    x.balance_();
    REQUIRE(all_ranks(x.is_balanced() && block_matches(x, oracle) && block_matches(y, oracle)));
  }
}

TEST_CASE("arrays live on the communicator they are given", "[resplit][comm]") {
  const auto world = ht::comm_world();
  // Even and odd ranks form two groups; each group builds and moves its own array.
  const auto group = world.split(world.rank() % 2);
  const auto oracle = global_pattern<std::int32_t>({5, 4});
  auto x = ht::array(oracle, 0, group);
  auto y = ht::resplit(x, 1);
  auto e = ht::eye<double>(3, 1, group);
  const xt::xarray<double> eye3 = xt::eye<double>(3);
  const bool ok = x.comm() == group && y.comm() == group &&
                  x.counts_displs().first.size() == static_cast<std::size_t>(group.size()) &&
                  block_matches(y, oracle) && y.to_xarray() == oracle && e.to_xarray() == eye3 &&
                  y(4, 3) == oracle(4, 3);
  REQUIRE(all_ranks(ok));
}
