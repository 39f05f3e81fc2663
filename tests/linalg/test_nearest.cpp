#include "support/testing.hpp"

#include <heat/spatial/nearest.hpp>

#include <cmath>
#include <limits>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

/// The oracle: every distance by a loop over the whole arrays, then the first minimum.
template <class T>
std::pair<xt::xarray<std::int64_t>, xt::xarray<T>> oracle(const xt::xarray<T>& X, const xt::xarray<T>& C, bool l1) {
  const std::size_t n = X.shape(0), k = C.shape(0), d = X.shape(1);
  xt::xarray<std::int64_t> labels = xt::zeros<std::int64_t>({n});
  xt::xarray<T> dist = xt::zeros<T>({n});
  for (std::size_t i = 0; i < n; ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < k; ++c) {
      double s = 0;
      for (std::size_t j = 0; j < d; ++j) {
        const double t = static_cast<double>(X(i, j)) - static_cast<double>(C(c, j));
        s += l1 ? std::fabs(t) : t * t;
      }
      if (s < best) {
        best = s;
        labels(i) = static_cast<std::int64_t>(c);
      }
    }
    dist(i) = static_cast<T>(best);
  }
  return {labels, dist};
}

}  // namespace

TEMPLATE_TEST_CASE("nearest: labels and distances of every row, both metrics, every layout", "[spatial][nearest]",
                   float, double) {
  // Centres from a coarse grid and points off it: no near ties. k = 11
  // leaves a partly filled group of the kernel's width.
  xt::xarray<TestType> C = xt::zeros<TestType>({11, 3});
  for (std::size_t c = 0; c < 11; ++c)
    for (std::size_t j = 0; j < 3; ++j) C(c, j) = static_cast<TestType>(((c * 7 + j * 3) % 11) * 2.0 - 10.0);
  xt::xarray<TestType> X = xt::zeros<TestType>({29, 3});
  for (std::size_t i = 0; i < 29; ++i)
    for (std::size_t j = 0; j < 3; ++j) X(i, j) = static_cast<TestType>(((i * 5 + j * 11) % 23) * 0.9 - 10.3);
  bool ok = true;
  for (bool l1 : {false, true}) {
    const auto [labels, dist] = oracle(X, C, l1);
    for (const auto& x : layouts(X)) {
      if (x.split() == 1) continue;  // rows must be whole on a rank
      for (const auto& c : layouts(C)) {
        const auto [l, dd] = l1 ? ht::spatial::nearest<ht::spatial::cityblock>(x, c)
                                : ht::spatial::nearest<ht::spatial::sqeuclidean>(x, c);
        const auto got = dd.to_xarray();
        ok = ok && block_matches(l, labels) && l.split() == x.split() &&
             xt::allclose(got, dist, TestType(1e-4), TestType(1e-4));
      }
    }
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("nearest: ties go to the lower index; bad shapes throw everywhere", "[spatial][nearest][errors]") {
  const auto X = ht::array(xt::xarray<double>{{0.0, 0.0}, {2.0, 0.0}}, 0);
  const auto C = ht::array(xt::xarray<double>{{1.0, 1.0}, {1.0, -1.0}, {1.0, 1.0}});
  const auto [l, d] = ht::spatial::nearest(X, C);
  REQUIRE(all_ranks(block_matches(l, xt::xarray<std::int64_t>{0, 0}) && block_matches(d, xt::xarray<double>{2, 2})));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::spatial::nearest(X, ht::zeros<double>({3, 3})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::spatial::nearest(X, ht::zeros<double>({0, 2})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::spatial::nearest(ht::zeros<double>({4, 2}, 1), C); }));
}

TEST_CASE("nearest: rows wider than the tile (one by one) and float32 tiles of 16 rows", "[spatial][nearest]") {
  // 70 features take the row-by-row path; 37 rows leave partial tiles.
  xt::xarray<double> X = xt::zeros<double>({37, 70}), C = xt::zeros<double>({5, 70});
  for (std::size_t i = 0; i < 37; ++i)
    for (std::size_t j = 0; j < 70; ++j) X(i, j) = static_cast<double>((i * 13 + j * 7) % 17) - 8.0;
  for (std::size_t c = 0; c < 5; ++c)
    for (std::size_t j = 0; j < 70; ++j) C(c, j) = static_cast<double>((c * 5 + j * 3) % 11) - 5.0;
  bool ok = true;
  for (bool l1 : {false, true}) {
    const auto [labels, dist] = oracle(X, C, l1);
    const auto [l, d] = l1 ? ht::spatial::nearest<ht::spatial::cityblock>(ht::array(X, 0), ht::array(C))
                           : ht::spatial::nearest(ht::array(X, 0), ht::array(C));
    ok = ok && block_matches(l, labels) && xt::allclose(d.to_xarray(), dist, 1e-9, 1e-9);
  }
  REQUIRE(all_ranks(ok));
}
