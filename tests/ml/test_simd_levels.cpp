// Each instruction-set level of the hot kernels (heat/core/simd.hpp), forced
// in turn: every level this CPU has must give the baseline's results bit for
// bit (K-Means' labels, centres and inertia, with and without Hamerly's
// bounds; K-Medians; spatial::nearest's labels and distances), and the
// baseline must still match scikit-learn's reference fit.
#include "ml/references.hpp"

#include <heat/core/simd.hpp>
#include <heat/ml/cluster/kmeans.hpp>
#include <heat/ml/regression/lasso.hpp>
#include <heat/spatial/nearest.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::fit_snapshot;
using ht::testing::layouts;
using ht::testing::sklearn_ref;

namespace {

/// The levels this CPU runs, baseline first.
std::vector<ht::simd::level> levels() {
  std::vector<ht::simd::level> out;
  for (int l = 0; l <= static_cast<int>(ht::simd::supported()); ++l) out.push_back(static_cast<ht::simd::level>(l));
  return out;
}

/// Restores the level chosen at start-up when a test ends.
struct level_guard {
  ht::simd::level saved = ht::simd::active();
  ~level_guard() { ht::simd::force(saved); }
};

template <class Estimator, class X>
fit_snapshot fit_at(ht::simd::level l, typename Estimator::options opts, const X& x) {
  REQUIRE(ht::simd::force(l) == l);
  Estimator est(std::move(opts));
  est.fit(x);
  return fit_snapshot::of(est);
}

/// Every level's fit of x equals the baseline's, bit for bit.
template <class Estimator, class X>
bool same_at_every_level(const typename Estimator::options& opts, const X& x, fit_snapshot* baseline = nullptr) {
  const fit_snapshot first = fit_at<Estimator>(ht::simd::level::baseline, opts, x);
  bool ok = true;
  for (const auto l : levels()) ok = ok && fit_at<Estimator>(l, opts, x) == first;
  if (baseline) *baseline = first;
  return ok;
}

}  // namespace

TEST_CASE("simd: the level in use is one the CPU has; forcing one past it is capped", "[simd]") {
  level_guard guard;
  REQUIRE(static_cast<int>(ht::simd::active()) <= static_cast<int>(ht::simd::supported()));
  REQUIRE(ht::simd::force(ht::simd::level::avx512) == ht::simd::supported());
  REQUIRE(ht::simd::force(ht::simd::level::baseline) == ht::simd::level::baseline);
  REQUIRE(ht::simd::active() == ht::simd::level::baseline);
  REQUIRE(std::string(ht::simd::name(ht::simd::level::avx2)) == "avx2");
  // The levels the rest of this file compares (one only on a CPU without AVX2).
  for (const auto l : levels()) UNSCOPED_INFO("level " << ht::simd::name(l));
  SUCCEED();
}

TEST_CASE("simd: K-Means with bounds (blobs20, 8 x 20), every level bit for bit, scikit-learn's fit",
          "[simd][kmeans][bounds]") {
  level_guard guard;
  const xt::xarray<double> X = sklearn_ref<double>("blobs20");
  const auto start = ht::array(xt::xarray<double>(xt::view(X, xt::range(0, 8), xt::all())));
  const ht::cluster::KMeans<double>::options opts{.n_clusters = 8, .init = start, .max_iter = 300, .tol = 0};
  bool ok = true;
  for (const auto& x : layouts(X)) {
    fit_snapshot base;
    ok = ok && same_at_every_level<ht::cluster::KMeans<double>>(opts, x, &base);
    // scikit-learn's result (tests/reference/make_sklearn.py), the independent answer.
    ok = ok && base.labels == sklearn_ref<std::int64_t>("blobs20_labels") &&
         xt::allclose(base.centres, sklearn_ref<double>("blobs20_centres"), 1e-10, 0) &&
         std::fabs(base.inertia - sklearn_ref<double>("blobs20_inertia")()) <= 1e-9 * base.inertia;
  }
  // float32: 8 lanes per AVX2 vector, 16 per AVX-512 vector.
  const xt::xarray<float> Xf = X;
  const auto start_f = ht::array(xt::xarray<float>(xt::view(Xf, xt::range(0, 8), xt::all())));
  ok = ok &&
       same_at_every_level<ht::cluster::KMeans<float>>({.n_clusters = 8, .init = start_f, .tol = 0}, ht::array(Xf, 0));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("simd: K-Means without bounds (blobs, 6 x 4) and K-Medians, every level bit for bit", "[simd][kmeans]") {
  level_guard guard;
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  bool ok = true;
  for (const char* init : {"k-means++", "random"})
    for (const auto& x : layouts(X))
      ok =
          ok && same_at_every_level<ht::cluster::KMeans<double>>({.n_clusters = 6, .init = init, .random_state = 5}, x);
  // 13 clusters: not a whole number of vectors at any level.
  ok = ok && same_at_every_level<ht::cluster::KMeans<double>>({.n_clusters = 13, .random_state = 2}, ht::array(X, 0));
  ok = ok && same_at_every_level<ht::cluster::KMedians<double>>({.n_clusters = 6, .random_state = 3}, ht::array(X, 0));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("simd: spatial::nearest, every level bit for bit (float and double, Euclidean and Manhattan)",
          "[simd][nearest]") {
  level_guard guard;
  const xt::xarray<double> X = sklearn_ref<double>("blobs20");
  const xt::xarray<double> C = xt::view(X, xt::range(100, 119), xt::all());  // 19 centres
  const xt::xarray<float> Xf = X, Cf = C;
  bool ok = true;
  auto check = [&](auto metric, const auto& x, const auto& c) {
    using M = decltype(metric);
    ht::simd::force(ht::simd::level::baseline);
    const auto [l0, d0] = ht::spatial::nearest<M>(x, c);
    const auto labels0 = l0.to_xarray();
    const auto dist0 = d0.to_xarray();
    for (const auto l : levels()) {
      ht::simd::force(l);
      const auto [l1, d1] = ht::spatial::nearest<M>(x, c);
      ok = ok && l1.to_xarray() == labels0 && d1.to_xarray() == dist0;
    }
  };
  for (const auto& x : layouts(X)) {
    if (x.split() == ht::split_t{1}) continue;  // nearest takes rows split or replicated
    check(ht::spatial::sqeuclidean{}, x, ht::array(C));
    check(ht::spatial::cityblock{}, x, ht::array(C));
  }
  check(ht::spatial::sqeuclidean{}, ht::array(Xf, 0), ht::array(Cf));
  check(ht::spatial::cityblock{}, ht::array(Xf, 0), ht::array(Cf));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("simd: Lasso at every level reaches scikit-learn's coefficients (both solvers)", "[simd][lasso]") {
  // Lasso's passes run at the level too (capped at AVX2); its dot products
  // are reductions across lanes, so the levels agree to rounding, not bit for
  // bit: each must reach scikit-learn's answer (tests/reference/make_sklearn.py).
  level_guard guard;
  const auto X = sklearn_ref<double>("lasso_wide_X");
  const auto y = sklearn_ref<double>("lasso_wide_y");
  const auto coef = sklearn_ref<double>("lasso_wide_coef");
  const double intercept = sklearn_ref<double>("lasso_wide_intercept")();
  bool ok = true;
  for (const auto l : levels())
    for (const char* solver : {"gram", "residual"}) {
      ht::simd::force(l);
      ht::regression::Lasso<double> lasso({.lam = 0.02, .max_iter = 100000, .tol = 1e-8, .solver = solver});
      lasso.fit(ht::array(X, 0), ht::array(y, 0));
      const auto w = lasso.coef().to_xarray();
      double err = std::fabs(lasso.intercept() - intercept);
      for (std::size_t j = 0; j < w.size(); ++j) err = std::max(err, std::fabs(w(j) - coef(j)));
      CAPTURE(ht::simd::name(l), solver, err);
      ok = ok && err < 1e-6;
    }
  REQUIRE(all_ranks(ok));
}
