// Spectral clustering and what it stands on: linalg::lanczos against
// xtensor-blas' eigh, graph::laplacian against HeAT's definition written out
// here, Spectral against scikit-learn's SpectralClustering and the NumPy
// eigenvalues of HeAT's Laplacian (tests/reference/make_spectral.py).
#include "ml/references.hpp"

#include <heat/graph/laplacian.hpp>
#include <heat/linalg/lanczos.hpp>
#include <heat/ml/cluster/spectral.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;

namespace {

/// A symmetric n x n matrix of full rank with spread eigenvalues.
xt::xarray<double> symmetric(std::size_t n) {
  xt::xarray<double> B = xt::zeros<double>({n, n});
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      B(i, j) = std::sin(0.37 * double(i * i) + 1.3 * double(j) + 0.11 * double(i * j));
  return B + xt::transpose(B);
}

double largest(const xt::xarray<double>& a) { return a.size() ? static_cast<double>(xt::amax(xt::abs(a))()) : 0.0; }

/// The same partition up to renumbering (adjusted Rand index 1).
bool same_partition(const xt::xarray<std::int64_t>& a, const xt::xarray<std::int64_t>& b) {
  if (a.shape() != b.shape()) return false;
  std::map<std::int64_t, std::int64_t> ab, ba;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto [x, new_x] = ab.emplace(a(i), b(i));
    const auto [y, new_y] = ba.emplace(b(i), a(i));
    if (x->second != b(i) || y->second != a(i)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("lanczos: an orthonormal basis and T = V^T A V, Ritz values against eigh, every layout",
          "[linalg][lanczos]") {
  const xt::xarray<double> A = symmetric(40);
  const xt::xarray<double> w = std::get<0>(xt::linalg::eigh(A));
  for (const std::int64_t m : {40, 25}) {
    bool ok = true;
    for (const auto& a : layouts(A)) {
      const auto r = ht::linalg::lanczos(a, m);
      const auto V = r.V.to_xarray(), T = r.T.to_xarray();
      const xt::xarray<double> ritz = std::get<0>(xt::linalg::eigh(T));
      const auto k = static_cast<std::size_t>(m);
      const bool basis = V.shape() == std::vector<std::size_t>{40, k} &&
                         largest(xt::linalg::dot(xt::transpose(V), V) - xt::eye(k)) < 1e-13 &&
                         largest(xt::linalg::dot(xt::transpose(V), xt::linalg::dot(A, V)) - T) < 1e-12;
      // All of them after n steps; the extreme ones first (after 25 steps
      // measured 9e-7 off at the bottom, 2e-13 at the top).
      const bool values = m == 40 ? largest(ritz - w) < 1e-11
                                  : std::fabs(ritz(0) - w(0)) < 1e-5 && std::fabs(ritz(k - 1) - w(39)) < 1e-11;
      const bool layout = r.V.split() == (a.split() ? ht::split_t{0} : ht::split_t{}) && r.T.split() == ht::none;
      ok = ok && basis && values && layout;
    }
    REQUIRE(all_ranks(ok));
  }
}

TEST_CASE("lanczos: an invariant subspace ends the process early with the exact eigenvalues", "[linalg][lanczos]") {
  // 2 I plus two rank-one terms, one along v0 (all ones): the Krylov space
  // from v0 has 2 dimensions, holding the two eigenvalues above 2.
  xt::xarray<double> A = 2.0 * xt::eye(30);
  for (std::size_t i = 0; i < 30; ++i)
    for (std::size_t j = 0; j < 30; ++j) A(i, j) += std::sin(0.1 * double(i + 1)) * std::sin(0.1 * double(j + 1)) + 0.5;
  const xt::xarray<double> w = std::get<0>(xt::linalg::eigh(A));
  for (const auto& a : layouts(A)) {
    const auto r = ht::linalg::lanczos(a, 20);
    const xt::xarray<double> ritz = std::get<0>(xt::linalg::eigh(r.T.to_xarray()));
    REQUIRE(all_ranks(r.T.shape()[0] == 2 && r.V.shape()[1] == 2 && std::fabs(ritz(1) - w(29)) < 1e-12 &&
                      std::fabs(ritz(0) - w(28)) < 1e-12 && w(27) == Approx(2.0)));
  }
}

TEST_CASE("lanczos: bad input throws ValueError on every rank", "[linalg][lanczos][errors]") {
  const auto A = ht::array(symmetric(6), 0);
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::linalg::lanczos(ht::zeros<double>({4, 5}, 0), 2); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::lanczos(A, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::lanczos(A, 7); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::lanczos(A, 3, ht::ones<double>({5}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::lanczos(A, 3, ht::zeros<double>({6}, 0)); }));
  xt::xarray<double> bad = symmetric(6);
  bad(5, 5) = std::numeric_limits<double>::quiet_NaN();  // on the last rank only
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::lanczos(ht::array(bad, 0), 3); }));
}

TEST_CASE("graph::laplacian: HeAT's definitions at every layout", "[graph][laplacian]") {
  const xt::xarray<double> S = {{1.0, 0.8, 0.1, 0.0}, {0.8, 1.0, 0.6, 0.3}, {0.1, 0.6, 1.0, 0.0}, {0.0, 0.3, 0.0, 1.0}};
  // HeAT's Laplacian written out: diagonal 0, the threshold, then the definition.
  const auto oracle = [&](const ht::graph::laplacian_options& o) {
    xt::xarray<double> A = S;
    for (std::size_t i = 0; i < 4; ++i) A(i, i) = 0;
    if (o.mode == "eNeighbour")
      for (auto& a : A) {
        const bool keep = o.threshold_key == "upper" ? a < o.threshold_value : a > o.threshold_value;
        a = keep ? (o.weighted ? a : 1.0) : 0.0;
      }
    const xt::xarray<double> degree = xt::sum(A, {1});
    xt::xarray<double> L = -A;
    for (std::size_t i = 0; i < 4; ++i)
      for (std::size_t j = 0; j < 4; ++j)
        if (o.definition == "norm_sym")
          L(i, j) =
              i == j ? 1.0 : -A(i, j) / std::sqrt(degree(i) ? degree(i) : 1.0) / std::sqrt(degree(j) ? degree(j) : 1.0);
        else if (i == j)
          L(i, j) = degree(i) - A(i, i);
    return L;
  };
  const std::vector<ht::graph::laplacian_options> cases = {
      {},
      {.definition = "simple"},
      {.mode = "eNeighbour", .threshold_value = 0.5},
      {.mode = "eNeighbour", .threshold_key = "lower", .threshold_value = 0.2},
      {.definition = "simple", .mode = "eNeighbour", .threshold_value = 0.5, .weighted = false}};
  for (const auto& o : cases) {
    const auto want = oracle(o);
    for (const auto& s : layouts(S)) {
      const auto L = ht::graph::laplacian(s, o);
      REQUIRE(all_ranks(largest(L.to_xarray() - want) < 1e-15 &&
                        L.split() == (s.split() ? ht::split_t{0} : ht::split_t{})));
    }
  }
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::graph::laplacian(ht::array(S, 0), {.definition = "norm_rw"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::graph::laplacian(ht::zeros<double>({3, 4}, 0)); }));
}

TEST_CASE("Spectral: scikit-learn's test_spectral_clustering (precomputed) and test_affinities (rbf)",
          "[ml][spectral]") {
  for (const auto& [name, options] : std::vector<std::pair<std::string, ht::cluster::spectral_options>>{
           {"precomputed", {.n_clusters = 2, .metric = "precomputed", .random_state = 0}},
           {"two", {.n_clusters = 2, .gamma = 2.0, .random_state = 0}}}) {
    const auto X = sklearn_ref<double>("spectral_" + name + "_X");
    const auto y = sklearn_ref<std::int64_t>("spectral_" + name + "_y");
    bool ok = true;
    for (const auto& x : layouts(X)) {
      ht::cluster::Spectral<double> sc(options);
      ok = ok && same_partition(sc.fit_predict(x).to_xarray(), y);
    }
    INFO(name);
    REQUIRE(all_ranks(ok));
  }
}

TEMPLATE_TEST_CASE("Spectral matches scikit-learn's labels and HeAT's Laplacian spectrum at every layout",
                   "[ml][spectral]", double, float) {
  using T = TestType;
  const double tol = std::is_same_v<T, float> ? 1e-4 : 1e-9;
  for (const auto& [name, k, gamma] :
       std::vector<std::tuple<std::string, std::int64_t, double>>{{"blobs", 4, 0.5}, {"circles", 2, 30.0}}) {
    const xt::xarray<T> X = xt::cast<T>(sklearn_ref<double>("spectral_" + name + "_X"));
    const auto y = sklearn_ref<std::int64_t>("spectral_" + name + "_y");
    const auto sk = sklearn_ref<std::int64_t>("spectral_" + name + "_labels");
    const auto lambda = sklearn_ref<double>("spectral_" + name + "_eigenvalues");
    bool ok = true;
    for (const auto& x : layouts(X)) {
      ht::cluster::Spectral<T> sc({.n_clusters = k, .gamma = gamma, .random_state = 3});
      const auto labels = sc.fit_predict(x).to_xarray();
      const auto ritz = sc.eigenvalues().to_xarray();
      const xt::xarray<double> smallest = xt::cast<double>(xt::view(ritz, xt::range(0, k)));
      const bool here = same_partition(labels, sk) && same_partition(labels, y) &&
                        largest(smallest - xt::view(lambda, xt::range(0, k))) < tol &&
                        sc.embedding().shape() == ht::shape_t{static_cast<std::int64_t>(X.shape()[0]), k} &&
                        ritz.size() < 300 &&  // the k lowest converged before n_lanczos steps
                        sc.labels().split() == (x.split() ? ht::split_t{0} : ht::split_t{});
      if (!here) UNSCOPED_INFO(name << ": split " << (x.split() ? *x.split() : -1));
      ok = ok && here;
    }
    REQUIRE(all_ranks(ok));
  }
}

TEST_CASE("Spectral without n_clusters takes HeAT's eigengap", "[ml][spectral]") {
  const auto X = sklearn_ref<double>("spectral_blobs_X");
  ht::cluster::Spectral<double> sc({.gamma = 0.5, .random_state = 3});
  const auto labels = sc.fit_predict(ht::array(X, 0)).to_xarray();
  // Every Ritz value counts here: all 300 steps, as HeAT.
  REQUIRE(all_ranks(sc.n_clusters() == 4 && sc.eigenvalues().shape()[0] == 300 &&
                    same_partition(labels, sklearn_ref<std::int64_t>("spectral_blobs_y"))));
}

TEST_CASE("Spectral: bad input throws ValueError on every rank", "[ml][spectral][errors]") {
  using S = ht::cluster::Spectral<double>;
  const auto X = ht::array(sklearn_ref<double>("spectral_two_X"), 0);
  REQUIRE(throws_everywhere<ht::ValueError>([] { S({.n_clusters = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { S({.gamma = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { S({.metric = "cosine"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { S({.laplacian = "knn"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { S({.boundary = "middle"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { S({.n_lanczos = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { S({.assign_labels = "discretize"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { S({.n_clusters = 5, .n_lanczos = 4}).fit(X); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { S({.metric = "precomputed"}).fit(X); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { (void)S().labels(); }));
  xt::xarray<double> bad = sklearn_ref<double>("spectral_two_X");
  bad(19, 1) = std::numeric_limits<double>::quiet_NaN();  // on the last rank only
  REQUIRE(throws_everywhere<ht::ValueError>([&] { S({.n_clusters = 2}).fit(ht::array(bad, 0)); }));
}
