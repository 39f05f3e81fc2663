#include "support/testing.hpp"

#include <xtensor/xmath.hpp>

#include <type_traits>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;

TEST_CASE("metadata follows HeAT's balanced rule", "[dndarray]") {
  const auto world = ht::comm_world();
  const int p = world.size(), me = world.rank();
  auto x = ht::zeros<double>({10, 4}, 0);
  // Every rank gets 10 / p rows, the first 10 % p one more (4, 3, 3 at p = 3).
  std::vector<std::int64_t> counts, displs;
  std::int64_t at = 0;
  for (int r = 0; r < p; ++r) {
    counts.push_back(10 / p + (r < 10 % p ? 1 : 0));
    displs.push_back(at);
    at += counts.back();
  }
  const auto m = static_cast<std::size_t>(me);
  const bool ok = x.shape() == ht::shape_t{10, 4} && x.gshape() == x.shape() &&
                  x.lshape() == ht::shape_t{counts[m], 4} && x.split() == 0 && x.ndim() == 2 && x.size() == 40 &&
                  x.lsize() == 4 * counts[m] && x.offset() == displs[m] && x.counts_displs().first == counts &&
                  x.counts_displs().second == displs && x.is_balanced() &&
                  static_cast<std::int64_t>(x.local_view().extent(0)) == x.lsize();
  REQUIRE(all_ranks(ok));
  auto r = ht::zeros<double>({10, 4});
  REQUIRE(all_ranks(r.lshape() == r.shape() && r.offset() == 0 && !r.split() && r.is_balanced()));
  ht::DNDarray<float> d;
  REQUIRE(all_ranks(d.shape() == ht::shape_t{0} && d.size() == 0 && !d.split()));
}

TEMPLATE_LIST_TEST_CASE("to_xarray round-trips every element type", "[dndarray]", ht::testing::element_types) {
  // Shapes chosen so that some ranks hold no rows at np = 3 and 4.
  for (const ht::shape_t& shape : {ht::shape_t{2}, ht::shape_t{3, 5}, ht::shape_t{5, 2, 3}, ht::shape_t{}}) {
    const auto oracle = global_pattern<TestType>(shape);
    for (std::int64_t s = -1; s < static_cast<std::int64_t>(shape.size()); ++s) {
      const ht::split_t split = s < 0 ? ht::split_t{} : ht::split_t{s};
      CAPTURE(ht::to_string(shape), ht::to_string(split));
      auto x = ht::array(oracle, split);
      REQUIRE(all_ranks(x.to_xarray() == oracle && block_matches(x, oracle)));
    }
  }
}

TEST_CASE("larray and local_view are the local block, without a copy", "[dndarray]") {
  auto x = ht::arange<double>(0, 11, 1, 0);
  auto l = x.larray();
  for (auto& v : l) v *= -1.0;
  const xt::xarray<double> expected = -xt::arange<double>(11);
  const bool ok = x.local_view().data() == l.data() && x.to_xarray() == expected &&
                  std::vector<std::size_t>(l.shape().begin(), l.shape().end()) ==
                      std::vector<std::size_t>(x.lshape().begin(), x.lshape().end());
  REQUIRE(all_ranks(ok));
}

TEST_CASE("element access by global index on every rank", "[dndarray]") {
  const auto oracle = global_pattern<std::int64_t>({5, 3});
  for (ht::split_t split : {ht::split_t{}, ht::split_t{0}, ht::split_t{1}}) {
    auto x = ht::array(oracle, split);
    bool ok = true;
    for (std::int64_t i = 0; i < 5; ++i)
      for (std::int64_t j = 0; j < 3; ++j)
        ok = ok && x(i, j) == oracle(i, j) && x(i - 5, j - 3) == oracle(i, j) && x.at({i, j}) == oracle(i, j);
    REQUIRE(all_ranks(ok));
  }
  const auto cube = global_pattern<float>({2, 3, 4});
  auto c = ht::array(cube, 2);
  REQUIRE(all_ranks(c(1, 2, 3) == cube(1, 2, 3) && c(0, -1, 0) == cube(0, 2, 0)));
}

TEST_CASE("item of a one-element array", "[dndarray]") {
  // At np > 1 only one rank holds the element.
  auto one = ht::full<double>({1}, 4.5, 0);
  auto scalar = ht::full<std::int16_t>({}, -3);
  auto cell = ht::full<float>({1, 1, 1}, 2.0f, 2);
  REQUIRE(all_ranks(one.item() == 4.5 && scalar.item() == -3 && cell.item() == 2.0f));
}

TEST_CASE("astype converts every element and keeps the distribution", "[dndarray]") {
  const auto oracle = global_pattern<double>({7, 3});
  auto x = ht::array(oracle, 0);
  auto i = x.astype<std::int32_t>();
  auto b = x.astype<bool>();
  auto f = i.astype<float>();
  STATIC_REQUIRE(std::is_same_v<decltype(i), ht::DNDarray<std::int32_t>>);
  const xt::xarray<std::int32_t> ei = xt::cast<std::int32_t>(oracle);
  const xt::xarray<bool> eb = xt::cast<bool>(oracle);
  const xt::xarray<float> ef = xt::cast<float>(ei);
  REQUIRE(all_ranks(i.dist() == x.dist() && block_matches(i, ei) && block_matches(b, eb) && block_matches(f, ef)));
}
