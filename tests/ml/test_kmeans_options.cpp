// KMeans' scikit-learn options: n_init, transform / fit_transform, score,
// kmeans_plusplus, integer X; ports of scikit-learn's test_k_means.py
// (test_transform, test_fit_transform, test_score_max_iter,
// test_integer_input, test_kmeans_plusplus_output) with their assertions.
#include "ml/references.hpp"

#include <heat/ml/cluster/kmeans.hpp>
#include <heat/ml/metrics.hpp>

#include <xtensor/xadapt.hpp>
#include <xtensor/xrandom.hpp>

#include <cmath>
#include <set>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;

namespace {

/// Distances of every row of X to every row of C, by xtensor (the oracle).
xt::xarray<double> distances(const xt::xarray<double>& X, const xt::xarray<double>& C, bool manhattan) {
  xt::xarray<double> out = xt::zeros<double>({X.shape()[0], C.shape()[0]});
  for (std::size_t i = 0; i < X.shape()[0]; ++i)
    for (std::size_t j = 0; j < C.shape()[0]; ++j) {
      const auto diff = xt::view(X, i, xt::all()) - xt::view(C, j, xt::all());
      out(i, j) = manhattan ? xt::sum(xt::abs(diff))() : std::sqrt(xt::sum(xt::square(diff))());
    }
  return out;
}

}  // namespace

TEST_CASE("KMeans n_init: the best of its starts, each start a fit of its own seed", "[ml][kmeans][options]") {
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  const double best = sklearn_ref<double>("blobs_best_inertia")();
  bool ok = true;
  for (const char* init : {"random", "k-means++"}) {
    // The oracle: the five single starts, fitted alone.
    double lowest = std::numeric_limits<double>::infinity();
    xt::xarray<double> lowest_centres;
    for (std::int64_t r = 0; r < 5; ++r) {
      ht::cluster::KMeans<double> one(
          {.n_clusters = 6, .init = init, .random_state = ht::cluster::detail::start_seed(11, r)});
      one.fit(ht::array(X));
      if (one.inertia() < lowest) {
        lowest = one.inertia();
        lowest_centres = one.cluster_centers().to_xarray();
      }
    }
    for (const auto& x : layouts(X)) {
      ht::cluster::KMeans<double> km({.n_clusters = 6, .init = init, .random_state = 11, .n_init = 5});
      km.fit(x);
      const auto labels = km.labels().to_xarray();
      const auto predicted = km.predict(x).to_xarray();
      const bool good = km.inertia() == lowest && km.cluster_centers().to_xarray() == lowest_centres &&
                        labels == predicted && km.inertia() <= 1.01 * best;
      CAPTURE(init, x.split(), km.inertia(), lowest, best);
      ok = ok && good;
    }
  }
  // Given centres run once, whatever n_init.
  const xt::xarray<double> two = xt::view(X, xt::range(0, 2), xt::all());
  ht::cluster::KMeans<double> given({.n_clusters = 2, .init = ht::array(two), .n_init = 4}),
      once({.n_clusters = 2, .init = ht::array(two)});
  ok = ok && given.fit(ht::array(X, 0)).inertia() == once.fit(ht::array(X, 0)).inertia();
  REQUIRE(all_ranks(ok));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::cluster::KMeans<double>({.n_init = 0}); }));
}

TEST_CASE("KMeans transform and score against xtensor distances (scikit-learn's test_transform)",
          "[ml][kmeans][options]") {
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  bool ok = true;
  for (const auto& x : layouts(X)) {
    ht::cluster::KMeans<double> km({.n_clusters = 6, .random_state = 3});
    const auto Xt = km.fit(x).transform(x);
    const auto C = km.cluster_centers().to_xarray();
    // Rows like X's; Euclidean distances to the centres.
    const ht::split_t rows = x.split() ? ht::split_t{0} : ht::none;
    const auto want = distances(X, C, false);
    bool good = Xt.shape() == ht::shape_t{static_cast<std::int64_t>(X.shape()[0]), 6} && Xt.split() == rows &&
                xt::allclose(Xt.to_xarray(), want, 1e-12, 1e-12);
    // Centres to centres: the pairwise distances, an exact zero diagonal.
    const auto Ct = km.transform(ht::array(C, x.split() == 1 ? ht::none : x.split())).to_xarray();
    for (std::size_t j = 0; j < 6; ++j) good = good && Ct(j, j) == 0.0;
    good = good && xt::allclose(Ct, distances(C, C, false), 1e-12, 1e-12);
    // score: minus the summed squared distance to the nearest centre; on
    // the fitted X, minus the inertia.
    const double s = km.score(x);
    const double oracle = -xt::sum(xt::square(xt::amin(want, {1})))();
    good = good && std::fabs(s - oracle) <= 1e-10 * std::fabs(oracle) &&
           std::fabs(s + km.inertia()) <= 1e-10 * km.inertia();
    // test_fit_transform: fit(X).transform(X) is fit_transform(X).
    ht::cluster::KMeans<double> again({.n_clusters = 6, .random_state = 3});
    good = good && again.fit_transform(x).to_xarray() == Xt.to_xarray();
    CAPTURE(x.split(), s, oracle, km.inertia());
    ok = ok && good;
  }
  // KMedians: Manhattan distances.
  ht::cluster::KMedians<double> kmed({.n_clusters = 4, .random_state = 1});
  const auto Mt = kmed.fit(ht::array(X, 0)).transform(ht::array(X, 0)).to_xarray();
  ok = ok && xt::allclose(Mt, distances(X, kmed.cluster_centers().to_xarray(), true), 1e-12, 1e-12);
  // test_score_max_iter: more iterations, a better score.
  xt::random::seed(0);
  const xt::xarray<double> R = xt::random::randn<double>({100, 10});
  ht::cluster::KMeans<double> one({.n_clusters = 8, .max_iter = 1, .random_state = 42}),
      ten({.n_clusters = 8, .max_iter = 10, .random_state = 42});
  ok = ok && ten.fit(ht::array(R, 0)).score(ht::array(R, 0)) > one.fit(ht::array(R, 0)).score(ht::array(R, 0));
  REQUIRE(all_ranks(ok));
  ht::cluster::KMeans<double> fitted({.n_clusters = 2, .random_state = 0});
  fitted.fit(ht::array(X, 0));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { fitted.transform(ht::zeros<double>({5, 3}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { fitted.score(ht::zeros<double>({5}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] {
    ht::cluster::KMeans<double>().transform(ht::zeros<double>({5, 2}));
  }));
}

TEST_CASE("kmeans_plusplus: rows of X and their indices, the same at every layout", "[ml][kmeans][options]") {
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  const auto [C0, I0] = ht::cluster::kmeans_plusplus(ht::array(X), 6, 5);
  const auto c0 = C0.to_xarray();
  const auto i0 = I0.to_xarray();
  // test_kmeans_plusplus_output: centres are X's rows at the indices, distinct.
  bool ok = C0.shape() == ht::shape_t{6, static_cast<std::int64_t>(X.shape()[1])} && I0.shape() == ht::shape_t{6} &&
            C0.split() == ht::none;
  std::set<std::int64_t> distinct(i0.begin(), i0.end());
  ok = ok && distinct.size() == 6;
  for (std::size_t j = 0; j < 6; ++j) ok = ok && xt::view(c0, j, xt::all()) == xt::view(X, i0(j), xt::all());
  // It is KMeans' k-means++ start: the fit from these centres is that fit.
  ht::cluster::KMeans<double> km({.n_clusters = 6, .init = "k-means++", .random_state = 5}),
      from({.n_clusters = 6, .init = C0});
  ok = ok &&
       km.fit(ht::array(X, 0)).cluster_centers().to_xarray() == from.fit(ht::array(X, 0)).cluster_centers().to_xarray();
  for (const auto& x : layouts(X)) {
    const auto [C, I] = ht::cluster::kmeans_plusplus(x, 6, 5);
    ok = ok && C.to_xarray() == c0 && I.to_xarray() == i0;
  }
  REQUIRE(all_ranks(ok));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::cluster::kmeans_plusplus(ht::array(X, 0), 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    ht::cluster::kmeans_plusplus(ht::zeros<double>({5, 2}, 0), 6, std::uint64_t{1});
  }));
}

TEST_CASE("KMeans on integer X (scikit-learn's test_integer_input)", "[ml][kmeans][options]") {
  const xt::xarray<std::int64_t> X = {{0, 0}, {10, 10}, {12, 9}, {-1, 1}, {2, 0}, {8, 10}};
  const xt::xarray<std::int64_t> expected = {0, 1, 1, 0, 0, 1};
  bool ok = true;
  for (const char* init : {"random", "k-means++"})
    for (const auto& x : layouts(X)) {
      ht::cluster::KMeans<double> km({.n_clusters = 2, .init = init, .random_state = 0});
      km.fit(x);
      // The same clustering up to renumbering (scikit-learn: v_measure 1).
      const double ari = ht::metrics::adjusted_rand_score(ht::array(expected), km.labels());
      ht::cluster::KMeans<double> as_double({.n_clusters = 2, .init = init, .random_state = 0});
      as_double.fit(ht::array(xt::xarray<double>(xt::cast<double>(X)), x.split()));
      ok = ok && ari == 1.0 && km.cluster_centers().to_xarray() == as_double.cluster_centers().to_xarray() &&
           km.predict(x).to_xarray() == km.labels().to_xarray();
    }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("KMeans sample_weight: scikit-learn's weighted fit, bit for bit at every layout", "[ml][kmeans][options]") {
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  const xt::xarray<double> w = sklearn_ref<double>("kmw_weights");
  const xt::xarray<double> start = xt::view(X, xt::range(0, 6), xt::all());
  const auto centres = sklearn_ref<double>("kmw_centres");
  const auto labels = sklearn_ref<std::int64_t>("kmw_labels");
  const double inertia = sklearn_ref<double>("kmw_inertia")();
  ht::cluster::KMeans<double> reference({.n_clusters = 6, .init = ht::array(start), .tol = 0});
  reference.fit(ht::array(X), ht::array(w));
  const auto rc = reference.cluster_centers().to_xarray();
  bool ok = reference.labels().to_xarray() == labels && ht::testing::near(rc, centres, 1e-12) &&
            std::fabs(reference.inertia() / inertia - 1) < 1e-12;
  CAPTURE(reference.inertia(), inertia, reference.n_iter());
  for (const auto& x : layouts(X))
    for (const auto& wd : {ht::array(w), ht::array(w, 0), ht::testing::on_last_rank(w, 0)}) {
      ht::cluster::KMeans<double> km({.n_clusters = 6, .init = ht::array(start), .tol = 0});
      km.fit(x, wd);
      ok = ok && km.cluster_centers().to_xarray() == rc && km.inertia() == reference.inertia() &&
           km.labels().to_xarray() == labels && km.n_iter() == reference.n_iter();
    }
  // test_unit_weights_vs_no_weights: weights of ones are no weights (bit for
  // bit: x * 1 is exact); test_scaled_weights: halving every weight halves
  // the inertia and keeps the centres (bit for bit: a power of two).
  ht::cluster::KMeans<double> plain({.n_clusters = 6, .random_state = 1}), ones({.n_clusters = 6, .random_state = 1}),
      half({.n_clusters = 6, .random_state = 1}), whole({.n_clusters = 6, .random_state = 1});
  plain.fit(ht::array(X, 0));
  ones.fit(ht::array(X, 0), ht::ones<double>({1500}, 0));
  whole.fit(ht::array(X, 0), ht::array(w, 0));
  half.fit(ht::array(X, 0), ht::array(xt::xarray<double>(0.5 * w), 0));
  ok = ok && ones.cluster_centers().to_xarray() == plain.cluster_centers().to_xarray() &&
       ones.inertia() == plain.inertia() && half.cluster_centers().to_xarray() == whole.cluster_centers().to_xarray() &&
       half.inertia() == 0.5 * whole.inertia();
  REQUIRE(all_ranks(ok));
}

TEST_CASE("KMeans sample_weight: integer weights are repeated rows (scikit-learn's test_weighted_vs_repeated)",
          "[ml][kmeans][options]") {
  const xt::xarray<double> X = xt::view(sklearn_ref<double>("blobs"), xt::range(0, 300), xt::all());
  xt::xarray<double> w = xt::zeros<double>({300});
  std::vector<double> repeated;
  for (std::size_t i = 0; i < 300; ++i) {
    w(i) = static_cast<double>(1 + i % 4);
    for (std::size_t r = 0; r < 1 + i % 4; ++r)
      for (std::size_t j = 0; j < 4; ++j) repeated.push_back(X(i, j));
  }
  const xt::xarray<double> start = xt::view(X, xt::range(0, 5), xt::all());
  xt::xarray<double> R = xt::adapt(repeated, std::vector<std::size_t>{repeated.size() / 4, 4});
  ht::cluster::KMeans<double> weighted({.n_clusters = 5, .init = ht::array(start), .tol = 0}),
      rows({.n_clusters = 5, .init = ht::array(start), .tol = 0});
  weighted.fit(ht::array(X, 0), ht::array(w, 0));
  rows.fit(ht::array(R, 0));
  const bool ok =
      xt::allclose(weighted.cluster_centers().to_xarray(), rows.cluster_centers().to_xarray(), 1e-12, 1e-12) &&
      std::fabs(weighted.inertia() / rows.inertia() - 1) < 1e-12;
  REQUIRE(all_ranks(ok));
}

TEST_CASE("KMeans sample_weight: bad weights give ValueError on every rank", "[ml][kmeans][options][errors]") {
  const xt::xarray<double> X = xt::view(sklearn_ref<double>("blobs"), xt::range(0, 40), xt::all());
  using K = ht::cluster::KMeans<double>;
  for (const double bad : {-1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    xt::xarray<double> w = xt::ones<double>({40});
    w(39) = bad;
    REQUIRE(throws_everywhere<ht::ValueError>([&] { K({.n_clusters = 3}).fit(ht::array(X, 0), ht::array(w, 0)); }));
    REQUIRE(throws_everywhere<ht::ValueError>(
        [&] { K({.n_clusters = 3}).fit(ht::array(X, 0), ht::testing::on_last_rank(w, 0)); }));
  }
  REQUIRE(throws_everywhere<ht::ValueError>(
      [&] { K({.n_clusters = 3}).fit(ht::array(X, 0), ht::zeros<double>({40}, 0)); }));
  // test_sample_weight_length
  REQUIRE(
      throws_everywhere<ht::ValueError>([&] { K({.n_clusters = 3}).fit(ht::array(X, 0), ht::ones<double>({39})); }));
  REQUIRE(throws_everywhere<ht::ValueError>(
      [&] { ht::cluster::KMedians<double>({.n_clusters = 3}).fit(ht::array(X, 0), ht::ones<double>({40}, 0)); }));
}
