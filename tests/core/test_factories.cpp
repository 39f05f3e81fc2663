#include "support/testing.hpp"

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xrandom.hpp>

#include <type_traits>

using ht::testing::all_ranks;
using ht::testing::block_matches;

namespace {

template <class T>
bool same_everywhere(const ht::DNDarray<T>& x, const xt::xarray<T>& oracle, ht::split_t split) {
  const bool local = block_matches(x, oracle) && x.split() == split && x.is_balanced() && x.to_xarray() == oracle;
  return all_ranks(local, x.comm());
}

}  // namespace

TEST_CASE("factories default to float", "[factories]") {
  STATIC_REQUIRE(std::is_same_v<decltype(ht::zeros({2})), ht::DNDarray<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(ht::arange(4)), ht::DNDarray<float>>);
  STATIC_REQUIRE(std::is_same_v<decltype(ht::eye(3)), ht::DNDarray<float>>);
}

TEST_CASE("zeros, ones, full and empty", "[factories]") {
  // 3 rows leave rank 3 empty at np = 4; 0 rows leave every rank empty.
  for (const ht::shape_t& shape : {ht::shape_t{3, 4}, ht::shape_t{7, 2}, ht::shape_t{0, 5}, ht::shape_t{2, 3, 2}}) {
    std::vector<ht::split_t> splits{ht::none};
    for (std::int64_t d = 0; d < static_cast<std::int64_t>(shape.size()); ++d) splits.push_back(d);
    const std::vector<std::size_t> xs(shape.begin(), shape.end());
    for (auto split : splits) {
      CAPTURE(ht::to_string(shape), ht::to_string(split));
      REQUIRE(same_everywhere(ht::zeros<double>(shape, split), xt::xarray<double>(xt::zeros<double>(xs)), split));
      REQUIRE(same_everywhere(ht::ones<std::int32_t>(shape, split),
                              xt::xarray<std::int32_t>(xt::ones<std::int32_t>(xs)), split));
      REQUIRE(same_everywhere(ht::full<std::int8_t>(shape, -7, split),
                              xt::xarray<std::int8_t>(xt::full_like(xt::xarray<std::int8_t>(xs), -7)), split));
      auto e = ht::empty<float>(shape, split);
      REQUIRE(all_ranks(e.shape() == shape && e.split() == split && e.is_balanced()));
    }
  }
}

TEST_CASE("*_like keep shape, distribution and communicator", "[factories]") {
  auto x = ht::array(ht::testing::global_pattern<double>({5, 3}), 1);
  auto z = ht::zeros_like(x), o = ht::ones_like(x), f = ht::full_like(x, 2.5), e = ht::empty_like(x);
  const bool ok = z.dist() == x.dist() && o.dist() == x.dist() && f.dist() == x.dist() && e.dist() == x.dist() &&
                  z.comm() == x.comm() && xt::all(xt::equal(z.larray(), 0.0)) && xt::all(xt::equal(o.larray(), 1.0)) &&
                  xt::all(xt::equal(f.larray(), 2.5));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("arange matches xtensor", "[factories]") {
  struct range {
    double start, stop, step;
  };
  for (auto r :
       {range{0, 10, 1}, range{0, 10, 0.5}, range{-3, 4, 2}, range{10, 0, -3}, range{0, 3, 1}, range{5, 5, 1}}) {
    for (ht::split_t split : {ht::split_t{}, ht::split_t{0}}) {
      CAPTURE(r.start, r.stop, r.step, ht::to_string(split));
      const xt::xarray<double> oracle = xt::arange<double>(r.start, r.stop, r.step);
      REQUIRE(same_everywhere(ht::arange<double>(r.start, r.stop, r.step, split), oracle, split));
    }
  }
  const xt::xarray<std::int64_t> ints = xt::arange<std::int64_t>(0, 13, 3);
  REQUIRE(same_everywhere(ht::arange<std::int64_t>(0, 13, 3, 0), ints, 0));
  const xt::xarray<float> stop_only = xt::arange<float>(6.0f);
  REQUIRE(same_everywhere(ht::arange(6), stop_only, ht::none));
}

TEST_CASE("linspace and logspace match xtensor", "[factories]") {
  for (std::int64_t num : {0, 1, 2, 3, 11, 101}) {
    for (ht::split_t split : {ht::split_t{}, ht::split_t{0}}) {
      CAPTURE(num, ht::to_string(split));
      const xt::xarray<double> lin = xt::linspace<double>(-1.0, 2.0, static_cast<std::size_t>(num));
      const xt::xarray<double> log = xt::logspace<double>(-1.0, 2.0, static_cast<std::size_t>(num));
      const xt::xarray<double> log2 = xt::logspace<double>(0.0, 5.0, static_cast<std::size_t>(num), 2.0);
      auto a = ht::linspace<double>(-1, 2, num, split);
      auto b = ht::logspace<double>(-1, 2, num, split);
      auto c = ht::logspace<double>(0, 5, num, split, 2.0);
      // (xtensor's allclose of empty arrays offsets a null pointer: UBSan.)
      const bool ok = num == 0
                          ? a.size() == 0 && b.size() == 0 && c.size() == 0
                          : xt::allclose(a.to_xarray(), lin, 1e-15, 0) && xt::allclose(b.to_xarray(), log, 1e-14, 0) &&
                                xt::allclose(c.to_xarray(), log2, 1e-14, 0) && block_matches(a, a.to_xarray());
      REQUIRE(all_ranks(ok));
    }
  }
}

TEST_CASE("eye matches xtensor", "[factories]") {
  for (const ht::shape_t& shape : {ht::shape_t{5, 5}, ht::shape_t{3, 6}, ht::shape_t{6, 2}, ht::shape_t{1, 1}}) {
    for (ht::split_t split : {ht::split_t{}, ht::split_t{0}, ht::split_t{1}}) {
      CAPTURE(ht::to_string(shape), ht::to_string(split));
      const xt::xarray<double> oracle =
          xt::eye<double>({static_cast<std::size_t>(shape[0]), static_cast<std::size_t>(shape[1])});
      REQUIRE(same_everywhere(ht::eye<double>(shape, split), oracle, split));
    }
  }
  const xt::xarray<float> square = xt::eye<float>(4);
  REQUIRE(same_everywhere(ht::eye(4, 0), square, 0));
}

TEMPLATE_LIST_TEST_CASE("array from a whole xtensor expression keeps each rank's block", "[factories]",
                        ht::testing::element_types) {
  for (const ht::shape_t& shape : {ht::shape_t{3}, ht::shape_t{6, 5}, ht::shape_t{2, 3, 4}}) {
    const auto oracle = ht::testing::global_pattern<TestType>(shape);
    for (std::int64_t s = -1; s < static_cast<std::int64_t>(shape.size()); ++s) {
      const ht::split_t split = s < 0 ? ht::split_t{} : ht::split_t{s};
      CAPTURE(ht::to_string(shape), ht::to_string(split));
      REQUIRE(same_everywhere(ht::array(oracle, split), oracle, split));
    }
  }
}

TEST_CASE("array converts to a requested element type", "[factories]") {
  const xt::xarray<int> ints = {{1, -2, 3}, {4, 5, -6}};
  auto x = ht::array<double>(ints, 0);
  STATIC_REQUIRE(std::is_same_v<decltype(x), ht::DNDarray<double>>);
  const xt::xarray<double> expected = xt::cast<double>(ints);
  REQUIRE(same_everywhere(x, expected, 0));
  // A lazy xtensor expression is evaluated once, on every rank.
  auto y = ht::array(xt::arange<double>(12) * 2.0 + 1.0, 0);
  const xt::xarray<double> oracle = xt::arange<double>(12) * 2.0 + 1.0;
  REQUIRE(same_everywhere(y, oracle, 0));
}

TEST_CASE("array from local blocks infers the global shape", "[factories]") {
  const auto world = ht::comm_world();
  const int p = world.size(), me = world.rank();
  // Rank r holds r rows (rank 0 none) of a (p(p-1)/2) x 3 array, split 0;
  // and the same along axis 1 for a 2 x (p(p-1)/2) array.
  const std::int64_t rows = static_cast<std::int64_t>(p) * (p - 1) / 2;
  const std::int64_t first = static_cast<std::int64_t>(me) * (me - 1) / 2;
  const auto oracle0 = ht::testing::global_pattern<double>({rows, 3});
  const xt::xarray<double> block0 = xt::view(oracle0, xt::range(first, first + me), xt::all());
  auto x = ht::array(block0, ht::is_split(0));
  const auto oracle1 = ht::testing::global_pattern<std::int16_t>({2, rows});
  const xt::xarray<std::int16_t> block1 = xt::view(oracle1, xt::all(), xt::range(first, first + me));
  auto y = ht::array(block1, ht::is_split(-1));
  std::vector<std::int64_t> counts;
  for (int r = 0; r < p; ++r) counts.push_back(r);
  const bool ok = x.shape() == ht::shape_t{rows, 3} && y.shape() == ht::shape_t{2, rows} && y.split() == 1 &&
                  x.counts_displs().first == counts && y.counts_displs().first == counts &&
                  x.is_balanced() == (p == 1) && block_matches(x, oracle0) && block_matches(y, oracle1) &&
                  x.to_xarray() == oracle0 && y.to_xarray() == oracle1;
  REQUIRE(all_ranks(ok));
}

TEST_CASE("copy is deep, assignment is shallow", "[factories][dndarray]") {
  auto x = ht::arange<std::int32_t>(0, 9, 1, 0);
  auto shallow = x;
  auto deep = ht::copy(x);
  Kokkos::deep_copy(x.local_view(), 7);
  const bool ok = xt::all(xt::equal(shallow.larray(), 7)) && deep.dist() == x.dist() &&
                  block_matches(deep, xt::xarray<std::int32_t>(xt::arange<std::int32_t>(9)));
  REQUIRE(all_ranks(ok));
}
