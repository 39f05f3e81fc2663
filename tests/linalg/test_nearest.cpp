#include "support/testing.hpp"

#include <heat/spatial/nearest.hpp>

#include <cmath>
#include <limits>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

/// The metrics of heat/spatial/metric.hpp, as the oracle computes them.
enum class measure { sqeuclidean, cityblock, chebyshev, euclidean };
constexpr measure all_measures[] = {measure::sqeuclidean, measure::cityblock, measure::chebyshev, measure::euclidean};
const char* name_of(measure m) {
  return m == measure::sqeuclidean ? "sqeuclidean"
         : m == measure::cityblock ? "cityblock"
         : m == measure::chebyshev ? "chebyshev"
                                   : "euclidean";
}

/// The oracle: every distance by a loop over the whole arrays (squares
/// compared for euclidean), then the first minimum.
template <class T>
std::pair<xt::xarray<std::int64_t>, xt::xarray<T>> oracle(const xt::xarray<T>& X, const xt::xarray<T>& C, measure m) {
  const std::size_t n = X.shape(0), k = C.shape(0), d = X.shape(1);
  xt::xarray<std::int64_t> labels = xt::zeros<std::int64_t>({n});
  xt::xarray<T> dist = xt::zeros<T>({n});
  for (std::size_t i = 0; i < n; ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < k; ++c) {
      double s = 0;
      for (std::size_t j = 0; j < d; ++j) {
        const double t = static_cast<double>(X(i, j)) - static_cast<double>(C(c, j));
        if (m == measure::chebyshev)
          s = std::max(s, std::fabs(t));
        else
          s += m == measure::cityblock ? std::fabs(t) : t * t;
      }
      if (s < best) {
        best = s;
        labels(i) = static_cast<std::int64_t>(c);
      }
    }
    dist(i) = static_cast<T>(m == measure::euclidean ? std::sqrt(best) : best);
  }
  return {labels, dist};
}

/// spatial::nearest under the metric m names.
template <class T>
std::pair<ht::DNDarray<std::int64_t>, ht::DNDarray<T>> nearest_by(measure m, const ht::DNDarray<T>& x,
                                                                  const ht::DNDarray<T>& c) {
  switch (m) {
    case measure::sqeuclidean:
      return ht::spatial::nearest<ht::spatial::sqeuclidean>(x, c);
    case measure::cityblock:
      return ht::spatial::nearest<ht::spatial::cityblock>(x, c);
    case measure::chebyshev:
      return ht::spatial::nearest<ht::spatial::chebyshev>(x, c);
    default:
      return ht::spatial::nearest<ht::spatial::euclidean>(x, c);
  }
}

}  // namespace

TEMPLATE_TEST_CASE("nearest: labels and distances of every row, every metric, every layout", "[spatial][nearest]",
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
  for (const measure m : all_measures) {
    const auto [labels, dist] = oracle(X, C, m);
    for (const auto& x : layouts(X)) {
      if (x.split() == 1) continue;  // rows must be whole on a rank
      for (const auto& c : layouts(C)) {
        const auto [l, dd] = nearest_by(m, x, c);
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
  // 20 equal centres fill three vectors of four doubles: lanes and groups
  // tie, and the first centre wins.
  const auto same = ht::array(xt::xarray<double>(xt::ones<double>({20, 2})));
  REQUIRE(all_ranks(block_matches(ht::spatial::nearest(X, same).first, xt::xarray<std::int64_t>{0, 0})));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::spatial::nearest(X, ht::zeros<double>({3, 3})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::spatial::nearest(X, ht::zeros<double>({0, 2})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::spatial::nearest(ht::zeros<double>({4, 2}, 1), C); }));
}

TEMPLATE_TEST_CASE("nearest: every grouping of centres into vectors, partial row blocks and tiles",
                   "[spatial][nearest]", float, double) {
  // k from 1 to 33 covers one, two, three and four vectors of centres per
  // group and every remainder; 53 rows leave a partial tile and partial row
  // blocks; 3 and 70 features. Integer values: every distance is exact, so
  // the kernel must match the oracle's labels and distances, ties included.
  bool ok = true;
  for (std::size_t d : {std::size_t{3}, std::size_t{70}})
    for (std::size_t k : {1, 3, 5, 8, 9, 13, 16, 17, 24, 25, 33}) {
      xt::xarray<TestType> X = xt::zeros<TestType>({std::size_t{53}, d}), C = xt::zeros<TestType>({k, d});
      for (std::size_t i = 0; i < 53; ++i)
        for (std::size_t j = 0; j < d; ++j) X(i, j) = static_cast<TestType>((i * 13 + j * 7) % 17) - 8;
      for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < d; ++j) C(c, j) = static_cast<TestType>((c * 5 + j * 3) % 11) - 5;
      for (const measure m : all_measures) {
        const auto [labels, dist] = oracle(X, C, m);
        const auto [l, dd] = nearest_by(m, ht::array(X, 0), ht::array(C));
        const bool here = block_matches(l, labels) && xt::allclose(dd.to_xarray(), dist, 1e-5, 1e-5);
        if (!here) UNSCOPED_INFO("d " << d << " k " << k << " metric " << name_of(m));
        ok = ok && here;
      }
    }
  REQUIRE(all_ranks(ok));
}
