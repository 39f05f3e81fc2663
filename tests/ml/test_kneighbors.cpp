// KNeighborsClassifier and spatial::kneighbors against scikit-learn 1.2's
// results (tests/reference/make_kneighbors.py) at mixed layouts of the
// training set and the queries and every rank count.
#include "ml/references.hpp"

#include <heat/ml/classification/kneighbors_classifier.hpp>
#include <heat/spatial/kneighbors.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;
using I = std::int64_t;
using KNN = ht::classification::KNeighborsClassifier<double>;

namespace {

xt::xarray<double> knn_ref(const std::string& name, const char* what) {
  return sklearn_ref<double>("knn_" + name + "_" + what);
}
xt::xarray<I> ref_i(const std::string& name, const char* what) { return sklearn_ref<I>("knn_" + name + "_" + what); }

/// (training layout, query layout) pairs: every layout of each, mixed.
template <class T>
std::vector<std::pair<ht::DNDarray<T>, ht::DNDarray<T>>> pairs(const xt::xarray<double>& X,
                                                               const xt::xarray<double>& Q) {
  const auto xs = layouts(xt::xarray<T>(xt::cast<T>(X))), qs = layouts(xt::xarray<T>(xt::cast<T>(Q)));
  std::vector<std::pair<ht::DNDarray<T>, ht::DNDarray<T>>> out;
  for (std::size_t l = 0; l < xs.size(); ++l) out.emplace_back(xs[l], qs[(l + 1) % qs.size()]);
  out.emplace_back(xs[1], qs[1]);
  return out;
}

template <class T>
bool close(const xt::xarray<T>& got, const xt::xarray<double>& want, double rel) {
  if (got.shape() != want.shape()) return false;
  return xt::amax(xt::abs(xt::cast<double>(got) - want))() <=
         rel * std::max(1.0, static_cast<double>(xt::amax(xt::abs(want))()));
}

/// A case of make_kneighbors.py: predictions, probabilities and the neighbours at every pair of layouts.
template <class T>
bool case_matches(const std::string& data, const std::string& queries, const std::string& name,
                  ht::classification::kneighbors_options o, double rel) {
  const auto X = knn_ref(data, "X");
  const auto Q = queries == "self" ? X : knn_ref(data, "Q");
  const xt::xarray<I> y = ref_i(data, "y");
  bool ok = true;
  int at = 0;
  for (const auto& [x, q] : pairs<T>(X, Q)) {
    ht::classification::KNeighborsClassifier<T> knn(o);
    knn.fit(x, ht::array(y, 0));
    const auto P = knn.predict_proba(q);
    const auto labels = knn.predict(q);
    const auto [dist, ind] = knn.kneighbors(q);
    const ht::split_t want = q.split() ? ht::split_t{0} : ht::split_t{};
    const bool here = labels.to_xarray() == ref_i(name, "predict") &&
                      close(P.to_xarray(), knn_ref(name, "proba"), rel) &&
                      close(dist.to_xarray(), knn_ref(name, "dist"), rel) && ind.to_xarray() == ref_i(name, "ind") &&
                      P.split() == want && labels.split() == want && ind.split() == want;
    if (!here) UNSCOPED_INFO(name << ": layout pair " << at);
    ok = ok && here;
    ++at;
  }
  return ok;
}

}  // namespace

TEST_CASE("KNeighborsClassifier matches scikit-learn at every layout of X and the queries", "[ml][kneighbors]") {
  REQUIRE(all_ranks(case_matches<double>("iris", "iris", "iris_k5_uniform", {}, 1e-12)));
  REQUIRE(all_ranks(
      case_matches<double>("iris", "iris", "iris_k7_distance", {.n_neighbors = 7, .weights = "distance"}, 1e-12)));
  // Queried with its own training rows: distance 0, so only the row itself counts.
  REQUIRE(all_ranks(
      case_matches<double>("iris", "self", "iris_self_distance", {.n_neighbors = 5, .weights = "distance"}, 1e-12)));
  REQUIRE(all_ranks(case_matches<double>("blobs", "blobs", "blobs_k6_manhattan",
                                         {.n_neighbors = 6, .weights = "distance", .metric = "manhattan"}, 1e-12)));
  REQUIRE(all_ranks(
      case_matches<double>("blobs", "blobs", "blobs_k4_chebyshev", {.n_neighbors = 4, .metric = "chebyshev"}, 1e-12)));
  REQUIRE(all_ranks(case_matches<double>("blobs", "blobs", "blobs_k6_euclidean", {.n_neighbors = 6}, 1e-12)));
  // float32: the same neighbours (the exact distances are summed in double).
  REQUIRE(all_ranks(case_matches<float>("blobs", "blobs", "blobs_k6_euclidean", {.n_neighbors = 6}, 1e-6)));
}

TEST_CASE("spatial::kneighbors: scikit-learn's neighbours at every layout", "[ml][kneighbors][spatial]") {
  const auto X = knn_ref("blobs", "X"), Q = knn_ref("blobs", "Q");
  bool ok = true;
  for (const auto& [x, q] : pairs<double>(X, Q)) {
    const auto [d1, i1] = ht::spatial::kneighbors<ht::spatial::cityblock>(x, q, 6);
    const auto [d2, i2] = ht::spatial::kneighbors(x, q, 6);
    ok = ok && close(d1.to_xarray(), knn_ref("blobs_k6_manhattan", "dist"), 1e-12) &&
         i1.to_xarray() == ref_i("blobs_k6_manhattan", "ind") &&
         close(d2.to_xarray(), knn_ref("blobs_k6_euclidean", "dist"), 1e-12) &&
         i2.to_xarray() == ref_i("blobs_k6_euclidean", "ind");
  }
  REQUIRE(all_ranks(ok));
  // Every row its own nearest (k = n: the whole set, ordered), with ties to the lower index.
  const xt::xarray<double> dup = {{0, 0}, {1, 0}, {0, 0}, {3, 0}};
  const auto [d, i] = ht::spatial::kneighbors(ht::array(dup, 0), ht::array(dup, 0), 4);
  REQUIRE(all_ranks(i.to_xarray() == xt::xarray<I>{{0, 2, 1, 3}, {1, 0, 2, 3}, {0, 2, 1, 3}, {3, 1, 0, 2}}));
  REQUIRE(all_ranks(
      xt::allclose(d.to_xarray(), xt::xarray<double>{{0, 0, 1, 3}, {0, 1, 1, 2}, {0, 0, 1, 3}, {0, 2, 3, 3}})));
}

namespace {

/// The k nearest rows of X for each row of Q by brute force: squared
/// distances summed in double feature by feature, ordered by (distance, index).
std::pair<xt::xarray<double>, xt::xarray<I>> brute_force(const xt::xarray<double>& X, const xt::xarray<double>& Q,
                                                         std::size_t k) {
  const std::size_t n = X.shape()[0], m = Q.shape()[0], d = X.shape()[1];
  xt::xarray<double> dist = xt::zeros<double>({m, k});
  xt::xarray<I> ind = xt::zeros<I>({m, k});
  std::vector<std::pair<double, I>> all(n);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t r = 0; r < n; ++r) {
      double s = 0;
      for (std::size_t j = 0; j < d; ++j) s += (Q(i, j) - X(r, j)) * (Q(i, j) - X(r, j));
      all[r] = {s, static_cast<I>(r)};
    }
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end());
    for (std::size_t h = 0; h < k; ++h) {
      dist(i, h) = std::sqrt(all[h].first);
      ind(i, h) = all[h].second;
    }
  }
  return {dist, ind};
}

/// Rows whose squared distances to the queries sit close together or far
/// from the origin: the float screen's margin and centring at work.
xt::xarray<double> screen_case(std::size_t rows, std::size_t d, double offset, double scale, double ties,
                               std::size_t salt) {
  xt::xarray<double> a = xt::empty<double>({rows, d});
  for (std::size_t i = 0; i < rows; ++i) {
    double norm = 0;
    for (std::size_t j = 0; j < d; ++j) {
      a(i, j) = std::sin(static_cast<double>((i + salt) * (j + 3)) * 0.7071 + static_cast<double>(j));
      norm += a(i, j) * a(i, j);
    }
    // ties > 0: every row on a sphere of radius 1 + i * ties around the origin (then shifted).
    for (std::size_t j = 0; j < d; ++j) {
      const double v = ties > 0 ? a(i, j) / std::sqrt(norm) * (1 + static_cast<double>(i % 997) * ties) : a(i, j);
      a(i, j) = offset + scale * v;
    }
  }
  return a;
}

}  // namespace

TEST_CASE("kneighbors' float screen keeps the exact neighbours", "[ml][kneighbors][spatial]") {
  // 3000 reference rows (two gemm tiles of 2048) and 200 queries (four tiles of 64), k = 5, against a
  // brute-force search: near ties (radii 1 + i 1e-12 around the queries' centre: the float screen cannot
  // separate them, its margin must keep them all), rows far from the origin (1e6 + 1e-3 x: centred
  // before rounding), magnitudes past float's products (1e20: the screen in double) and below float's
  // normal range (1e-40).
  struct screen_test {
    double offset, scale, ties;
  };
  for (const screen_test c : {screen_test{0, 1, 1e-12}, screen_test{1e6, 1e-3, 0}, screen_test{0, 1e20, 0},
                              screen_test{0, 1e-40, 0}, screen_test{-3, 2, 0}}) {
    CAPTURE(c.offset, c.scale, c.ties);
    const auto X = screen_case(3000, 8, c.offset, c.scale, c.ties, 0);
    const auto Q = c.ties > 0 ? xt::xarray<double>(xt::zeros<double>({200, 8}) + c.offset)
                              : screen_case(200, 8, c.offset, c.scale, 0, 5000);
    const auto [want_d, want_i] = brute_force(X, Q, 5);
    bool ok = true;
    for (const auto& [x, q] : pairs<double>(X, Q)) {
      const auto [dist, ind] = ht::spatial::kneighbors(x, q, 5);
      ok = ok && ind.to_xarray() == want_i && close(dist.to_xarray(), want_d, 1e-12);
    }
    REQUIRE(all_ranks(ok));
  }
}

TEST_CASE("KNeighborsClassifier: bad input throws ValueError on every rank", "[ml][kneighbors][errors]") {
  const auto X = knn_ref("blobs", "X");
  const auto x = ht::array(X, 0);
  const auto y = ht::array(ref_i("blobs", "y"), 0);
  REQUIRE(throws_everywhere<ht::ValueError>([] { KNN({.n_neighbors = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { KNN({.weights = "gaussian"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { KNN({.metric = "cosine"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KNN().fit(ht::zeros<double>({300}), y); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KNN().fit(x, ht::zeros<I>({299}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KNN().predict(x); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KNN({.n_neighbors = 301}).fit(x, y).predict(x); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KNN().fit(x, y).predict(ht::zeros<double>({3, 4}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::spatial::kneighbors(x, x, 0); }));
  for (const double v : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    xt::xarray<double> bad = X;
    bad(299, 3) = v;  // on the last rank only
    CHECK(throws_everywhere<ht::ValueError>([&] { KNN().fit(ht::array(bad, 0), y); }));
    CHECK(throws_everywhere<ht::ValueError>([&] { KNN().fit(x, y).predict_proba(ht::array(bad, 0)); }));
  }
}
