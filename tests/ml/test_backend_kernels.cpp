// The nearest family's backend kernels (heat/spatial/nearest_scalar.hpp: a
// row per thread; heat/ml/cluster/assign_team.hpp: K-Means' assignment as a
// team kernel), which the CUDA build runs, forced on the host: each must give
// the host's vector kernels' results bit for bit (labels, centres, inertia,
// iterations; nearest's labels and distances), with and without Hamerly's
// bounds, with sample weights, with empty clusters relocated between passes,
// under every metric, in float and double, at every layout. The vector
// kernels themselves are checked against scikit-learn in test_kmeans and
// test_simd_levels.
#include "ml/references.hpp"

#include <heat/ml/cluster/batch_parallel.hpp>
#include <heat/ml/cluster/kmeans.hpp>
#include <heat/spatial/nearest.hpp>

#include <cmath>
#include <limits>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::fit_snapshot;
using ht::testing::layouts;
using ht::testing::sklearn_ref;

namespace {

/// Restores the host kernels when a test ends.
struct backend_guard {
  ~backend_guard() { ht::detail::set_device_kernels(false); }
};

template <class Estimator, class X, class... W>
fit_snapshot fit_by(bool device, const typename Estimator::options& opts, const X& x, const W&... w) {
  ht::detail::set_device_kernels(device);
  Estimator est(opts);
  est.fit(x, w...);
  return fit_snapshot::of(est);
}

/// The scalar kernels' fit equals the vector kernels', bit for bit.
template <class Estimator, class X, class... W>
bool same_by_kernel(const typename Estimator::options& opts, const X& x, const W&... w) {
  const fit_snapshot host = fit_by<Estimator>(false, opts, x, w...);
  const fit_snapshot scalar = fit_by<Estimator>(true, opts, x, w...);
  CAPTURE(host.labels, scalar.labels, host.inertia, scalar.inertia, host.n_iter, scalar.n_iter);
  return host == scalar;
}

/// blobs20 (scikit-learn's make_blobs, 20 features) as T.
template <class T>
xt::xarray<T> blobs20_as() {
  return sklearn_ref<double>("blobs20");
}

/// Its first 8 rows as start centres, the last moved far from every row:
/// its cluster is empty after the first pass and takes the farthest row.
template <class T>
ht::DNDarray<T> far_start_centres() {
  xt::xarray<T> c = xt::view(blobs20_as<T>(), xt::range(0, 8), xt::all());
  xt::view(c, 7, xt::all()) = T(1000);
  return ht::array(c);
}

}  // namespace

TEST_CASE("backend kernels: K-Means with bounds, every layout, float and double", "[ml][kmeans][backend]") {
  backend_guard guard;
  const xt::xarray<double> X = blobs20_as<double>();
  const auto start = ht::array(xt::xarray<double>(xt::view(X, xt::range(0, 8), xt::all())));
  bool ok = true;
  for (const auto& x : layouts(X))
    ok = ok &&
         same_by_kernel<ht::cluster::KMeans<double>>({.n_clusters = 8, .init = start, .max_iter = 300, .tol = 0}, x);
  const xt::xarray<float> Xf = blobs20_as<float>();
  for (const auto& x : layouts(Xf))
    ok = ok && same_by_kernel<ht::cluster::KMeans<float>>({.n_clusters = 8, .tol = 0, .random_state = 4}, x);
  REQUIRE(all_ranks(ok));
}

TEST_CASE("backend kernels: K-Means without bounds, K-Medians, K-Medoids, n_init, verbose off",
          "[ml][kmeans][backend]") {
  backend_guard guard;
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  bool ok = true;
  for (const auto& x : layouts(X)) {
    for (const char* init : {"k-means++", "random"})
      ok = ok && same_by_kernel<ht::cluster::KMeans<double>>({.n_clusters = 6, .init = init, .random_state = 5}, x);
    ok = ok && same_by_kernel<ht::cluster::KMedians<double>>({.n_clusters = 6, .random_state = 3}, x);
    ok = ok && same_by_kernel<ht::cluster::KMedoids<double>>({.n_clusters = 6, .random_state = 3}, x);
  }
  // 13 clusters (not a whole number of vectors at any level), three starts.
  ok = ok &&
       same_by_kernel<ht::cluster::KMeans<double>>({.n_clusters = 13, .random_state = 2, .n_init = 3}, ht::array(X, 0));
  const xt::xarray<float> Xf = X;
  ok = ok && same_by_kernel<ht::cluster::KMedians<float>>({.n_clusters = 5, .random_state = 1}, ht::array(Xf, 0));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("backend kernels: sample weights, and empty clusters relocated between passes with bounds",
          "[ml][kmeans][backend][empty]") {
  backend_guard guard;
  const xt::xarray<double> X = blobs20_as<double>();
  const std::size_t n = X.shape(0);
  xt::xarray<double> w = xt::zeros<double>({n});
  for (std::size_t i = 0; i < n; ++i) w(i) = 0.25 + static_cast<double>((i * 7) % 5);
  bool ok = true;
  for (const auto& x : layouts(X)) {
    // The far centre empties at the first pass (bounds on: 8 clusters of 20 features).
    ok = ok && same_by_kernel<ht::cluster::KMeans<double>>(
                   {.n_clusters = 8, .init = far_start_centres<double>(), .tol = 0}, x);
    for (const auto& wt : layouts(w))
      ok = ok && same_by_kernel<ht::cluster::KMeans<double>>(
                     {.n_clusters = 8, .init = far_start_centres<double>(), .tol = 0}, x, wt);
  }
  const xt::xarray<float> Xf = blobs20_as<float>();
  ok = ok && same_by_kernel<ht::cluster::KMeans<float>>({.n_clusters = 8, .init = far_start_centres<float>(), .tol = 0},
                                                        ht::array(Xf, 0), ht::array(xt::xarray<float>(w), 0));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("backend kernels: batch-parallel K-Means (members without sums)", "[ml][kmeans][backend]") {
  backend_guard guard;
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  bool ok = true;
  for (const auto& x : layouts(X)) {
    if (x.split() == ht::split_t{1}) continue;
    auto fit = [&](bool device) {
      ht::detail::set_device_kernels(device);
      ht::cluster::BatchParallelKMeans<double> km({.n_clusters = 4, .random_state = 7});
      km.fit(x);
      return std::make_pair(km.labels().to_xarray(), km.inertia());
    };
    ok = ok && fit(false) == fit(true);
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("backend kernels: spatial::nearest under every metric, ties, NaN rows", "[ml][nearest][backend]") {
  backend_guard guard;
  xt::xarray<double> X = blobs20_as<double>();
  // 19 centres, two of them the same (ties to the lower index), a row of
  // NaN and a row at a centre.
  xt::xarray<double> C = xt::view(X, xt::range(100, 119), xt::all());
  xt::view(C, 12, xt::all()) = xt::view(C, 3, xt::all());
  xt::view(X, 5, xt::all()) = std::numeric_limits<double>::quiet_NaN();
  xt::view(X, 6, xt::all()) = xt::view(C, 3, xt::all());
  const xt::xarray<float> Xf = X, Cf = C;
  bool ok = true;
  auto check = [&](auto metric, const auto& x, const auto& c) {
    using M = decltype(metric);
    ht::detail::set_device_kernels(false);
    const auto [l0, d0] = ht::spatial::nearest<M>(x, c);
    ht::detail::set_device_kernels(true);
    const auto [l1, d1] = ht::spatial::nearest<M>(x, c);
    const auto a = d0.to_xarray(), b = d1.to_xarray();
    bool same = l0.to_xarray() == l1.to_xarray() && a.size() == b.size();
    for (std::size_t i = 0; same && i < a.size(); ++i) same = a(i) == b(i) || (std::isnan(a(i)) && std::isnan(b(i)));
    CAPTURE(M::name, l0.to_xarray(), l1.to_xarray());
    ok = ok && same && l1.to_xarray()(6) == 3;
  };
  for (const auto& x : layouts(X)) {
    if (x.split() == ht::split_t{1}) continue;  // nearest takes rows split or replicated
    check(ht::spatial::sqeuclidean{}, x, ht::array(C));
    check(ht::spatial::euclidean{}, x, ht::array(C, 0));
    check(ht::spatial::cityblock{}, x, ht::array(C));
    check(ht::spatial::chebyshev{}, x, ht::array(C));
  }
  check(ht::spatial::sqeuclidean{}, ht::array(Xf, 0), ht::array(Cf));
  check(ht::spatial::cityblock{}, ht::array(Xf, 0), ht::array(Cf));
  REQUIRE(all_ranks(ok));
}
