#include "ml/references.hpp"

#include <heat/ml/cluster/kmeans.hpp>

#include <xtensor/xrandom.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;

namespace {

xt::xarray<double> iris() { return ht::testing::example_data("iris.csv"); }

bool close(double a, double b, double rel) { return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)); }

/// The same fit, every result bit for bit.
template <class A, class B>
bool same_fit(const A& a, const B& b) {
  // Every gather on every rank first: no collective behind a short circuit.
  const auto ca = a.cluster_centers().to_xarray(), cb = b.cluster_centers().to_xarray();
  const auto la = a.labels().to_xarray(), lb = b.labels().to_xarray();
  return ca == cb && la == lb && a.inertia() == b.inertia() && a.n_iter() == b.n_iter();
}

/// A reference fit saved as name_{centres,labels,inertia,n_iter}.
struct reference_fit {
  xt::xarray<double> centres;
  xt::xarray<std::int64_t> labels;
  double inertia;
  std::int64_t n_iter;
  explicit reference_fit(const std::string& name)
      : centres(sklearn_ref<double>(name + "_centres")),
        labels(sklearn_ref<std::int64_t>(name + "_labels")),
        inertia(sklearn_ref<double>(name + "_inertia")()),
        n_iter(sklearn_ref<std::int64_t>(name + "_n_iter")()) {}
};

/// Fits with verbose on; returns what rank 0 printed (its stdout read back
/// through a file; empty elsewhere).
template <class Estimator, class X>
std::string fit_printing(Estimator& est, const X& x) {
  const bool root = ht::comm_world().rank() == 0;
  char path[] = "/tmp/heat-verbose-XXXXXX";
  int file = -1, saved = -1;
  if (root) {
    std::fflush(stdout);
    file = mkstemp(path);
    saved = dup(1);
    dup2(file, 1);
  }
  est.fit(x);
  if (!root) return {};
  std::fflush(stdout);
  dup2(saved, 1);
  ::close(saved);
  ::close(file);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path);
  return text.str();
}

}  // namespace

TEST_CASE("KMeans on iris from rows 0, 50, 100 converges to scikit-learn's result", "[ml][kmeans]") {
  const xt::xarray<double> X = iris();
  const auto start = ht::array(xt::xarray<double>(xt::view(X, xt::keep(0, 50, 100), xt::all())));
  const reference_fit ref("iris");
  const auto& [centres, labels, inertia, n_iter] = ref;
  bool ok = true;
  for (const auto& x : layouts(X)) {
    ht::cluster::KMeans<double> km({.n_clusters = 3, .init = start, .max_iter = 300, .tol = 0});
    km.fit(x);
    const auto c = km.cluster_centers().to_xarray();
    for (std::size_t i = 0; i < c.size(); ++i) ok = ok && close(c.data()[i], centres.data()[i], 1e-10);
    ok = ok && close(km.inertia(), inertia, 1e-10) && km.labels().to_xarray() == labels && km.n_iter() == n_iter;
    ok = ok && km.predict(x).to_xarray() == labels && km.cluster_centers().split() == ht::none;
    CAPTURE(c, km.inertia(), km.n_iter());
  }
  REQUIRE(all_ranks(ok));
}

/// A fit with bounds from `start` against the reference saved as name
/// (1e-10) and, bit for bit, the same fit with verbose on, which runs every
/// pass in full and prints one line per iteration from rank 0.
template <class Estimator, class T>
bool bounded_fit_matches(const std::string& name, const ht::DNDarray<T>& x, const ht::DNDarray<T>& start) {
  const reference_fit ref(name);
  Estimator km({.n_clusters = start.shape()[0], .init = start, .tol = 0});
  km.fit(x);
  const auto c = km.cluster_centers().to_xarray();
  const double rel = std::is_same_v<T, float> ? 1e-5 : 1e-10;
  bool ok = km.labels().to_xarray() == ref.labels && km.n_iter() == ref.n_iter && close(km.inertia(), ref.inertia, rel);
  for (std::size_t i = 0; i < c.size(); ++i) ok = ok && close(c.data()[i], ref.centres.data()[i], rel);
  Estimator full({.n_clusters = start.shape()[0], .init = start, .tol = 0, .verbose = true});
  const std::string printed = fit_printing(full, x);
  ok = ok && same_fit(km, full);
  if (ht::comm_world().rank() == 0) {
    // One line per iteration; the last pass's inertia is the final one (converged).
    std::istringstream lines(printed);
    std::string line, last;
    int count = 0;
    while (std::getline(lines, line)) count += line.rfind("heat cluster: iteration ", 0) == 0, last = line;
    char expected[64];
    std::snprintf(expected, sizeof expected, "inertia %.10g,", full.inertia());
    ok = ok && count == full.n_iter() && last.find(expected) != std::string::npos;
  }
  return ok;
}

TEST_CASE("K-Means with bounds (8 x 20): scikit-learn's result, bit for bit that of full passes",
          "[ml][kmeans][bounds]") {
  // Wide enough for Hamerly's bounds to skip rows, in float64 and float32
  // (the margin covers the kernel's rounding).
  const xt::xarray<double> X = sklearn_ref<double>("blobs20");
  const auto start = ht::array(xt::xarray<double>(xt::view(X, xt::range(0, 8), xt::all())));
  bool ok = true;
  for (const auto& x : layouts(X)) ok = ok && bounded_fit_matches<ht::cluster::KMeans<double>>("blobs20", x, start);
  const xt::xarray<float> Xf = X;
  const auto start_f = ht::array(xt::xarray<float>(xt::view(Xf, xt::range(0, 8), xt::all())));
  ok = ok && bounded_fit_matches<ht::cluster::KMeans<float>>("blobs20", ht::array(Xf, 0), start_f);
  REQUIRE(all_ranks(ok));
}

TEST_CASE("K-Medians with bounds (8 x 8, Manhattan): NumPy's result, bit for bit that of full passes",
          "[ml][kmedians][bounds]") {
  // 8 features: K-Medians' median search makes 16 collectives of 2 k d 16
  // counts per iteration, slow when cut into pieces (the chunked runs).
  const xt::xarray<double> X = xt::view(sklearn_ref<double>("blobs20"), xt::all(), xt::range(0, 8));
  const auto start = ht::array(xt::xarray<double>(xt::view(X, xt::range(0, 8), xt::all())));
  REQUIRE(all_ranks(bounded_fit_matches<ht::cluster::KMedians<double>>("blobs20_kmedians", ht::array(X, 0), start)));
}

TEST_CASE("KMeans: the same result for every layout and rank count, bit for bit", "[ml][kmeans]") {
  // A replicated X computes everything on every rank, as one rank would: the
  // split layouts must give exactly its result, whatever the rank count.
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  bool ok = true;
  for (const char* init : {"k-means++", "random", "k-means||"}) {
    ht::cluster::KMeans<double> reference({.n_clusters = 6, .init = init, .random_state = 7});
    reference.fit(ht::array(X));
    for (const auto& x : layouts(X)) {
      ht::cluster::KMeans<double> km({.n_clusters = 6, .init = init, .random_state = 7});
      km.fit(x);
      const ht::split_t expected = x.split() ? ht::split_t{0} : ht::none;
      ok = ok && same_fit(km, reference) && km.labels().split() == expected;
    }
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("KMeans k-means++ on blobs: inertia within 1% of scikit-learn's best of 10 inits", "[ml][kmeans]") {
  const auto X = ht::array(sklearn_ref<double>("blobs"), 0);
  const double best = sklearn_ref<double>("blobs_best_inertia")();
  // One init can land in a local optimum: scikit-learn's own single
  // k-means++ init is within 1% for 24 of seeds 0..29 on these blobs (ours:
  // 21 with k-means++, 20 with k-means||); seed 0 is within. The seed sweep runs on a replicated X (no
  // messages; the layouts give the same bits, tested above).
  const auto all = ht::array(sklearn_ref<double>("blobs"));
  int within = 0;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    ht::cluster::KMeans<double> km({.n_clusters = 6, .init = "k-means++", .random_state = seed});
    within += km.fit(all).inertia() <= 1.01 * best;
  }
  int within_parallel = 0;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    ht::cluster::KMeans<double> km({.n_clusters = 6, .init = "k-means||", .random_state = seed});
    within_parallel += km.fit(all).inertia() <= 1.01 * best;
  }
  ht::cluster::KMeans<double> fixed({.n_clusters = 6, .init = "k-means++", .random_state = 0});
  bool ok = fixed.fit(X).inertia() <= 1.01 * best && within >= 18 && within_parallel >= 18;
  CAPTURE(within, within_parallel, fixed.inertia(), best);
  // float32 data reaches the same clustering.
  ht::cluster::KMeans<float> kf({.n_clusters = 6, .init = "k-means++", .random_state = 0});
  kf.fit(ht::array(xt::xarray<float>(sklearn_ref<double>("blobs")), 0));
  ok = ok && kf.inertia() <= 1.01 * best;
  CAPTURE(kf.inertia());
  REQUIRE(all_ranks(ok));
}

TEST_CASE("KMeans: fewer distinct rows than clusters, empty clusters keep their centre", "[ml][kmeans]") {
  // Two distinct points, three clusters: k-means++ must still pick three rows.
  xt::xarray<double> X = xt::zeros<double>({10, 2});
  xt::view(X, xt::range(5, 10), xt::all()) = 1.0;
  ht::cluster::KMeans<double> km({.n_clusters = 3, .random_state = 1});
  km.fit(ht::array(X, 0));
  bool ok = km.inertia() == 0.0;
  // A start centre far away gets no members and, under keep_empty, stays where it is.
  const auto start = ht::array(xt::xarray<double>{{0, 0}, {1, 1}, {100, 100}});
  ht::cluster::basic_kmeans<double, ht::spatial::sqeuclidean, ht::cluster::mean_update, ht::cluster::init_by_name,
                            ht::cluster::keep_empty>
      kept({.n_clusters = 3, .init = start});
  const auto c = kept.fit(ht::array(X, 0)).cluster_centers().to_xarray();
  ok = ok && c(2, 0) == 100.0 && c(2, 1) == 100.0 && kept.inertia() == 0.0;
  REQUIRE(all_ranks(ok));
}

TEST_CASE("KMeans: bad input gives ValueError on every rank", "[ml][kmeans][errors]") {
  const auto X = ht::array(sklearn_ref<double>("blobs"), 0);
  using KM = ht::cluster::KMeans<double>;
  REQUIRE(throws_everywhere<ht::ValueError>([] { KM({.n_clusters = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { KM({.n_clusters = std::int64_t{1} << 31}); }));  // int32 labels
  REQUIRE(throws_everywhere<ht::ValueError>([] { KM({.n_clusters = 2, .max_iter = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KM({.n_clusters = 1501}).fit(X); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KM({.n_clusters = 3, .init = "best"}).fit(X); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KM({.n_clusters = 3, .init = ht::zeros<double>({3, 2})}).fit(X); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KM({.n_clusters = 3}).predict(X); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { (void)KM({.n_clusters = 3}).cluster_centers(); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KM({.n_clusters = 3}).fit(ht::zeros<double>({10}, 0)); }));
  // NaN on the last rank only: every rank still throws.
  xt::xarray<double> bad = sklearn_ref<double>("blobs");
  bad(1499, 2) = std::nan("");
  REQUIRE(throws_everywhere<ht::ValueError>([&] { KM({.n_clusters = 3}).fit(ht::array(bad, 0)); }));
  // The message names the estimator that was fitted, and where the NaN is.
  std::string message;
  try {
    ht::cluster::KMedians<double>({.n_clusters = 3}).fit(ht::array(bad, 0));
  } catch (const ht::ValueError& e) {
    message = e.what();
  }
  REQUIRE(all_ranks(message.find("KMedians.fit: X holds nan at row 1499, column 2") != std::string::npos));
  KM fitted({.n_clusters = 3, .random_state = 0});
  fitted.fit(X);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { fitted.predict(ht::zeros<double>({4, 3}, 0)); }));
}

TEMPLATE_TEST_CASE("KMedians and KMedoids on iris reproduce NumPy's loops of HeAT's algorithms", "[ml][kmedians]",
                   ht::cluster::KMedians<double>, ht::cluster::KMedoids<double>) {
  const std::string name = std::is_same_v<TestType, ht::cluster::KMedians<double>> ? "iris_kmedians" : "iris_kmedoids";
  const xt::xarray<double> X = iris();
  const auto start = ht::array(xt::xarray<double>(xt::view(X, xt::keep(0, 50, 100), xt::all())));
  const reference_fit ref(name);
  const auto& [centres, labels, inertia, n_iter] = ref;
  bool ok = true;
  for (const auto& x : layouts(X)) {
    TestType km({.n_clusters = 3, .init = start, .tol = 0});
    km.fit(x);
    // Medians and medoids are values of X: exactly NumPy's.
    ok = ok && km.cluster_centers().to_xarray() == centres && km.labels().to_xarray() == labels &&
         close(km.inertia(), inertia, 1e-12) && km.n_iter() == n_iter;
  }
  // k-means++ seeding with the Manhattan distance, and the bad input checks of the family.
  TestType seeded({.n_clusters = 3, .random_state = 3});
  ok = ok && seeded.fit(ht::array(X, 0)).inertia() > 0;
  REQUIRE(all_ranks(ok));
  REQUIRE(throws_everywhere<ht::ValueError>([] { TestType({.n_clusters = 0}); }));
}

// --- The policies (heat/ml/cluster/*.hpp) ----------------------------------

namespace {

/// scikit-learn's test_kmeans_relocated_clusters (sklearn/cluster/tests/
/// test_k_means.py): the second start centre is too far for any row, so its
/// cluster is empty after the first assignment.
template <class T>
xt::xarray<T> relocation_rows() {
  return xt::xarray<T>{{0, 0}, {0.5, 0}, {0.5, 1}, {1, 1}};
}
template <class T>
ht::DNDarray<T> relocation_start() {
  return ht::array(xt::xarray<T>{{0.5, 0.5}, {3, 3}});
}

template <class T, class Metric, class Update, class Empty>
using with_empty = ht::cluster::basic_kmeans<T, Metric, Update, ht::cluster::init_by_name, Empty>;

/// A fit's centres, labels, inertia and iterations against expected values.
template <class Estimator, class T>
bool fit_is(const Estimator& km, const xt::xarray<T>& centres, const xt::xarray<std::int64_t>& labels, double inertia,
            int n_iter) {
  const auto c = km.cluster_centers().to_xarray();
  const auto got = km.labels().to_xarray();
  CAPTURE(c, got, km.inertia(), km.n_iter());
  return xt::allclose(c, centres, 1e-6, 1e-12) && got == labels && close(km.inertia(), inertia, 1e-6) &&
         km.n_iter() == n_iter && km.converged();
}

/// K-Means by the book, in double over the whole array: Lloyd from `start`
/// under a metric given as a distance function, ties to the lower index,
/// stop when the summed squared shift is <= tol, then the labels and the
/// summed distance of the final centres. No cluster may go empty here.
template <class Dist>
std::tuple<xt::xarray<double>, xt::xarray<std::int64_t>, double, int> lloyd_oracle(const xt::xarray<double>& X,
                                                                                   xt::xarray<double> c, double tol,
                                                                                   Dist&& dist) {
  const std::size_t n = X.shape(0), k = c.shape(0), d = X.shape(1);
  xt::xarray<std::int64_t> labels = xt::zeros<std::int64_t>({n});
  auto assign = [&] {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t j = 0; j < k; ++j) {
        const double v = dist(xt::xarray<double>(xt::row(X, i)), xt::xarray<double>(xt::row(c, j)));
        if (v < best) best = v, labels(i) = static_cast<std::int64_t>(j);
      }
      total += best;
    }
    return total;
  };
  int iter = 0;
  while (iter < 300) {
    assign();
    ++iter;
    xt::xarray<double> next = xt::zeros<double>({k, d});
    std::vector<double> count(k);
    for (std::size_t i = 0; i < n; ++i) {
      xt::row(next, labels(i)) += xt::row(X, i);
      count[labels(i)] += 1;
    }
    for (std::size_t j = 0; j < k; ++j) {
      REQUIRE(count[j] > 0);
      xt::row(next, j) /= count[j];
    }
    const double shift = xt::sum(xt::square(next - c))();
    c = next;
    if (shift <= tol) break;
  }
  const double inertia = assign();
  return {c, labels, inertia, iter};
}

}  // namespace

TEMPLATE_TEST_CASE("KMeans relocates empty clusters as scikit-learn (test_kmeans_relocated_clusters)",
                   "[ml][kmeans][empty]", float, double) {
  using T = TestType;
  // scikit-learn's expected inertia 0.25 after 3 iterations; of its two
  // accepted outcomes (argpartition breaks the tie between rows 0 and 3)
  // heat's rule (farther first, then the lower row index) gives the second.
  const xt::xarray<T> centres{{0.75, 1.0}, {0.25, 0.0}};
  const xt::xarray<std::int64_t> labels{1, 1, 0, 0};
  bool ok = true;
  for (const auto& x : layouts(relocation_rows<T>())) {
    ht::cluster::KMeans<T> km({.n_clusters = 2, .init = relocation_start<T>()});
    const bool here = fit_is(km.fit(x), centres, labels, 0.25, 3);
    ok = ok && here;
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("The empty-cluster policies: keep, HeAT's zero, scikit-learn's farthest, with each update",
          "[ml][kmeans][empty]") {
  using namespace ht::cluster;
  using ht::spatial::cityblock;
  using ht::spatial::sqeuclidean;
  const auto start = relocation_start<double>();
  const xt::xarray<double> settled{{0.75, 1.0}, {0.25, 0.0}};
  const xt::xarray<std::int64_t> split_labels{1, 1, 0, 0};
  bool ok = true;
  for (const auto& x : layouts(relocation_rows<double>())) {
    CAPTURE(x.split());
    // keep: the far centre stays, the first iteration moves nothing
    // (inertia 1.5 = 0.5 + 0.25 + 0.25 + 0.5 from (0.5, 0.5)).
    with_empty<double, sqeuclidean, mean_update, keep_empty> keep({.n_clusters = 2, .init = start});
    const bool kept =
        fit_is(keep.fit(x), xt::xarray<double>{{0.5, 0.5}, {3, 3}}, xt::xarray<std::int64_t>{0, 0, 0, 0}, 1.5, 1);
    // zero (HeAT's KMeans): (3, 3) -> (0, 0); then row 0 joins it, row 1
    // ties at 0.25 and stays with cluster 0 (the lower index); cluster 0 at
    // (2/3, 2/3) gives row 1 to cluster 1; settled after the fourth.
    with_empty<double, sqeuclidean, mean_update, zero_empty> zero({.n_clusters = 2, .init = start});
    const bool zeroed = fit_is(zero.fit(x), settled, split_labels, 0.25, 4);
    // farthest with the medians (KMedians): row 0 (L1 distance 1 from
    // (0.5, 0.5), tied with row 3) moves to cluster 1; medians (0.5, 1) and
    // (0, 0), then (0.75, 1) and (0.25, 0): summed L1 distance 4 x 0.25.
    with_empty<double, cityblock, median_update, farthest_empty> medians({.n_clusters = 2, .init = start});
    const bool relocated = fit_is(medians.fit(x), settled, split_labels, 1.0, 3);
    ok = ok && kept && zeroed && relocated;
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Compile probe: a fixed init policy in the type compiles, runs, and refuses a conflicting init",
          "[ml][kmeans][policies]") {
  using namespace ht::cluster;
  using ht::spatial::sqeuclidean;
  const xt::xarray<double> X = sklearn_ref<double>("blobs");
  bool ok = true;
  for (const auto& x : layouts(X)) {
    basic_kmeans<double, sqeuclidean, mean_update, random_init> fixed({.n_clusters = 3, .random_state = 5});
    KMeans<double> named({.n_clusters = 3, .init = "random", .random_state = 5});
    fixed.fit(x);
    named.fit(x);
    const bool same_random = same_fit(fixed, named);
    basic_kmeans<double, sqeuclidean, mean_update, kmeanspp_init> pp({.n_clusters = 3, .random_state = 5});
    KMeans<double> pp_named({.n_clusters = 3, .init = "kmeans++", .random_state = 5});
    pp.fit(x);
    pp_named.fit(x);
    const bool same_pp = same_fit(pp, pp_named);
    basic_kmeans<double, sqeuclidean, mean_update, kmeans_parallel_init> par(
        {.n_clusters = 3, .init = "probability_based", .random_state = 5});
    KMeans<double> par_named({.n_clusters = 3, .init = "k-means||", .random_state = 5});
    par.fit(x);
    par_named.fit(x);
    ok = ok && same_random && same_pp && same_fit(par, par_named);
  }
  REQUIRE(all_ranks(ok));
  const auto x = ht::array(X, 0);
  using fixed_random = basic_kmeans<double, sqeuclidean, mean_update, random_init>;
  REQUIRE(throws_everywhere<ht::ValueError>([&] { fixed_random({.n_clusters = 3, .init = "k-means++"}).fit(x); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    fixed_random({.n_clusters = 3, .init = ht::array(xt::xarray<double>(xt::view(X, xt::range(0, 3))))}).fit(x);
  }));
}

TEST_CASE("K-Means under chebyshev and euclidean: the oracle's Lloyd, bit for bit at every layout, with bounds",
          "[ml][kmeans][metric]") {
  using namespace ht::cluster;
  // 16 centres, 8 features: Hamerly's bounds run (bounds_pay), in the
  // metric's units (L-infinity: the distance itself; euclidean: it too).
  xt::random::seed(7);
  const std::size_t n = 600, d = 8, k = 16;
  xt::xarray<double> X = xt::random::randn<double>({n, d});
  for (std::size_t i = 0; i < n; ++i) xt::row(X, i) += 6.0 * static_cast<double>(i % k);  // 16 separated groups
  const xt::xarray<double> start = xt::view(X, xt::range(0, k), xt::all());
  const auto linf = [](const xt::xarray<double>& a, const xt::xarray<double>& b) { return xt::amax(xt::abs(a - b))(); };
  const auto l2 = [](const xt::xarray<double>& a, const xt::xarray<double>& b) {
    return std::sqrt(xt::sum(xt::square(a - b))());
  };
  auto check = [&](auto metric, auto&& dist) {
    using M = decltype(metric);
    const auto [centres, labels, inertia, n_iter] = lloyd_oracle(X, start, 1e-4, dist);
    basic_kmeans<double, M, mean_update> reference({.n_clusters = k, .init = ht::array(start)});
    reference.fit(ht::array(X));
    bool ok = xt::allclose(reference.cluster_centers().to_xarray(), centres, 1e-12, 1e-12) &&
              reference.labels().to_xarray() == labels && close(reference.inertia(), inertia, 1e-12) &&
              reference.n_iter() == n_iter;
    CAPTURE(M::name, reference.n_iter(), n_iter, reference.inertia(), inertia);
    // Full passes (verbose) give the same bits as the bounded ones.
    basic_kmeans<double, M, mean_update> full({.n_clusters = k, .init = ht::array(start), .verbose = true});
    fit_printing(full, ht::array(X));
    ok = ok && same_fit(reference, full);
    for (const auto& x : layouts(X)) {
      basic_kmeans<double, M, mean_update> km({.n_clusters = k, .init = ht::array(start)});
      km.fit(x);
      const auto predicted = km.predict(x).to_xarray();
      const bool same = same_fit(km, reference);
      ok = ok && same && predicted == labels;
    }
    return ok;
  };
  REQUIRE(all_ranks(check(ht::spatial::chebyshev{}, linf)));
  REQUIRE(all_ranks(check(ht::spatial::euclidean{}, l2)));
}
