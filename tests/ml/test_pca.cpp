#include "ml/references.hpp"

#include <heat/linalg/rsvd.hpp>
#include <heat/ml/decomposition/pca.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include <cmath>
#include <limits>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::near;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;

namespace {

/// A fit against scikit-learn's (tests/reference/make_pca.py) at every layout.
template <class T>
bool matches(const std::string& name, const xt::xarray<double>& X, ht::decomposition::pca_options options) {
  const auto ref = [&](const char* what) { return sklearn_ref<double>("pca_" + name + "_" + what); };
  const double rel = std::is_same_v<T, float> ? 2e-4 : 1e-10;
  bool ok = true;
  for (const auto& x : layouts(xt::xarray<T>(xt::cast<T>(X)))) {
    ht::decomposition::PCA<T> pca(options);
    const auto Y = pca.fit(x).transform(x);
    const auto y = Y.to_xarray(), back = pca.inverse_transform(Y).to_xarray();
    const bool here =
        pca.n_components() == ref("n_components")() && near(pca.components().to_xarray(), ref("components"), rel) &&
        near(pca.explained_variance().to_xarray(), ref("explained_variance"), rel) &&
        near(pca.explained_variance_ratio().to_xarray(), ref("ratio"), rel) &&
        near(pca.singular_values().to_xarray(), ref("singular"), rel) &&
        near(pca.mean().to_xarray(), ref("mean"), rel, xt::amax(xt::abs(X))()) &&
        std::fabs(pca.noise_variance() - ref("noise")()) <= rel * std::max(1.0, std::fabs(ref("noise")())) &&
        near(y, ref("transform"), rel) && near(back, ref("inverse"), rel) &&
        Y.split() == (x.split() ? ht::split_t{0} : ht::split_t{}) && pca.components().split() == ht::none;
    if (!here) UNSCOPED_INFO(name << ": split " << (x.split() ? *x.split() : -1));
    ok = ok && here;
  }
  return ok;
}

}  // namespace

TEMPLATE_TEST_CASE("PCA matches scikit-learn (svd_solver full) at every layout", "[ml][pca]", double, float) {
  using T = TestType;
  const xt::xarray<double> iris = ht::testing::example_data("iris.csv");
  const xt::xarray<double> diabetes = ht::testing::example_data("diabetes.csv");
  const xt::xarray<double> features = xt::view(diabetes, xt::all(), xt::range(0, 10));
  REQUIRE(all_ranks(matches<T>("iris2", iris, {.n_components = 2})));
  REQUIRE(all_ranks(matches<T>("iris95", iris, {.n_components = 0.95})));
  REQUIRE(all_ranks(matches<T>("irisw3", iris, {.n_components = 3, .whiten = true})));
  REQUIRE(all_ranks(matches<T>("diabetes", features, {})));
  // Fewer samples than features: the SVD of the whole, gathered.
  REQUIRE(all_ranks(matches<T>("wide", xt::view(iris, xt::range(0, 3), xt::all()), {.n_components = 2})));
}

TEMPLATE_TEST_CASE("PCA with svd_solver covariance_eigh: scikit-learn's full results at every layout", "[ml][pca]",
                   double, float) {
  // scikit-learn 1.5's solver (eigh of X^T X): the same references as the
  // full solver's, to the same tolerances (iris and diabetes are far from
  // the squared condition's limit).
  using T = TestType;
  const xt::xarray<double> iris = ht::testing::example_data("iris.csv");
  const xt::xarray<double> diabetes = ht::testing::example_data("diabetes.csv");
  const xt::xarray<double> features = xt::view(diabetes, xt::all(), xt::range(0, 10));
  const std::string solver = "covariance_eigh";
  REQUIRE(all_ranks(matches<T>("iris2", iris, {.n_components = 2, .svd_solver = solver})));
  REQUIRE(all_ranks(matches<T>("iris95", iris, {.n_components = 0.95, .svd_solver = solver})));
  REQUIRE(all_ranks(matches<T>("irisw3", iris, {.n_components = 3, .whiten = true, .svd_solver = solver})));
  REQUIRE(all_ranks(matches<T>("diabetes", features, {.svd_solver = solver})));
  REQUIRE(all_ranks(
      matches<T>("wide", xt::view(iris, xt::range(0, 3), xt::all()), {.n_components = 2, .svd_solver = solver})));
  xt::xarray<double> bad = iris;
  bad(149, 2) = std::numeric_limits<double>::infinity();  // on the last rank only
  REQUIRE(throws_everywhere<ht::ValueError>(
      [&] { ht::decomposition::PCA<double>({.svd_solver = solver}).fit(ht::array(bad, 0)); }));
}

TEST_CASE("PCA: bad input throws ValueError on every rank", "[ml][pca][errors]") {
  using P = ht::decomposition::PCA<double>;
  const xt::xarray<double> iris = ht::testing::example_data("iris.csv");
  const auto x = ht::array(iris, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([] { P({.n_components = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { P({.n_components = 1.5}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { P({.n_components = 5}).fit(x); }));  // min(150, 4) = 4
  REQUIRE(throws_everywhere<ht::ValueError>([&] { P().fit(ht::zeros<double>({150})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { P().fit(ht::zeros<double>({1, 4})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { (void)P().components(); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { P().fit(x).transform(ht::zeros<double>({3, 5}, 0)); }));
  xt::xarray<double> bad = iris;
  bad(149, 2) = std::numeric_limits<double>::quiet_NaN();  // on the last rank only
  REQUIRE(throws_everywhere<ht::ValueError>([&] { P().fit(ht::array(bad, 0)); }));
}

TEMPLATE_TEST_CASE("PCA with svd_solver randomized: scikit-learn's results where the sketch spans X", "[ml][pca]",
                   double, float) {
  // iris has 4 features and diabetes 10: with 10 extra test vectors the
  // sketch spans all of X's rows, so the randomized fit is the full one, to
  // rounding (scikit-learn's randomized PCA gives the same there).
  using T = TestType;
  const xt::xarray<double> iris = ht::testing::example_data("iris.csv");
  REQUIRE(all_ranks(matches<T>("iris2", iris, {.n_components = 2, .svd_solver = "randomized", .random_state = 0})));
  REQUIRE(all_ranks(
      matches<T>("irisw3", iris, {.n_components = 3, .whiten = true, .svd_solver = "randomized", .random_state = 5})));
}

TEMPLATE_TEST_CASE("PCA with svd_solver hierarchical: exact where no truncation discards, rtol otherwise",
                   "[ml][pca][hsvd]", double, float) {
  // HeAT's PCA default. All of diabetes' 10 components (maxrank = min(n, d),
  // safety shift 0) and the 3 x 4 wide case (no rank's block has more rows
  // than the 2 kept) discard nothing: scikit-learn's full results, to rounding.
  using T = TestType;
  const xt::xarray<double> diabetes = ht::testing::example_data("diabetes.csv");
  const xt::xarray<double> X = xt::view(diabetes, xt::all(), xt::range(0, diabetes.shape(1) - 1));
  const xt::xarray<double> iris = ht::testing::example_data("iris.csv");
  REQUIRE(all_ranks(matches<T>("diabetes", X, {.svd_solver = "hierarchical"})));
  REQUIRE(all_ranks(matches<T>("wide", xt::view(iris, xt::range(0, 3), xt::all()),
                               {.n_components = 2, .svd_solver = "hierarchical"})));
  // A fraction: hsvd_rtol with rtol sqrt(1 - f), so the kept components
  // explain at least f of the variance (HeAT's total_explained_variance_ratio_ bound).
  bool ok = true;
  for (const auto& x : layouts(xt::xarray<T>(xt::cast<T>(iris)))) {
    ht::decomposition::PCA<T> pca({.n_components = 0.95, .svd_solver = "hierarchical"});
    pca.fit(x);
    const auto ratio = xt::cast<double>(pca.explained_variance_ratio().to_xarray());
    const auto s = pca.singular_values().to_xarray();
    bool sorted = true;
    for (std::size_t i = 1; i < s.size(); ++i) sorted = sorted && s(i) <= s(i - 1);
    ok = ok && xt::sum(ratio)() >= 0.95 - 1e-6 && pca.n_components() == static_cast<std::int64_t>(s.size()) && sorted &&
         pca.components().shape() == ht::shape_t{pca.n_components(), 4};
  }
  REQUIRE(all_ranks(ok));
  REQUIRE(throws_everywhere<ht::ValueError>([] {
    ht::decomposition::PCA<double>({.n_components = 5, .svd_solver = "hierarchical"}).fit(ht::ones<double>({6, 4}, 0));
  }));
}

namespace {

/// An n x d matrix with singular values 1, 1/2, 1/4, ... (rank 5 when exact).
xt::xarray<double> decaying(std::size_t n, std::size_t d, bool exact) {
  xt::xarray<double> a = xt::zeros<double>({n, d});
  for (std::size_t r = 0; r < (exact ? 5 : d); ++r)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < d; ++j)
        a(i, j) += std::pow(0.5, double(r)) * std::sin(0.3 * double((r + 1) * (i + 1)) + 0.17 * double(r * r)) *
                   std::cos(0.7 * double((r + 2) * (j + 1)));
  return a;
}

double frobenius(const xt::xarray<double>& a) { return std::sqrt(static_cast<double>(xt::sum(a * a)())); }

}  // namespace

TEST_CASE("linalg::rsvd: exact for a low-rank matrix, near-optimal otherwise, every layout", "[linalg][rsvd]") {
  // Rank 5 with l = 15 test vectors: the sketch holds A's range, so S, Vt
  // and U are the full SVD's (signs by Vt).
  const xt::xarray<double> A = decaying(300, 40, true);
  const auto [u, s, vt] = xt::linalg::svd(A, false, true);
  bool ok = true;
  for (const auto& a : layouts(A)) {
    const auto r = ht::linalg::rsvd(a, 5, {.random_state = 11});
    const auto S = r.S.to_xarray(), Vt = r.Vt.to_xarray(), U = r.U.to_xarray();
    const xt::xarray<double> s5 = xt::view(s, xt::range(0, 5));
    bool here = xt::amax(xt::abs(S - s5) / s5)() < 1e-10;
    // Subspaces: |Vt Vt_full^T| is the identity (principal angles 0).
    const xt::xarray<double> vt5 = xt::transpose(xt::view(vt, xt::range(0, 5)));
    const xt::xarray<double> cosines = xt::abs(xt::linalg::dot(Vt, vt5));
    here = here && xt::amax(xt::abs(cosines - xt::eye(5)))() < 1e-8;
    const xt::xarray<double> us = U * S;
    here = here && frobenius(A - xt::linalg::dot(us, Vt)) < 1e-10 * frobenius(A);
    here = here && r.U.split() == (a.split() ? ht::split_t{0} : ht::split_t{}) && r.S.split() == ht::none;
    ok = ok && here;
  }
  REQUIRE(all_ranks(ok));
  // Full rank, singular values halving: the rank-5 error within 1 % of the
  // best possible (sqrt of the sum of the left-out squares).
  const xt::xarray<double> B = decaying(300, 40, false);
  const xt::xarray<double> sb = std::get<1>(xt::linalg::svd(B, false, true));
  const double best = std::sqrt(static_cast<double>(xt::sum(xt::square(xt::view(sb, xt::range(5, 40))))()));
  for (const auto& b : layouts(B)) {
    const auto r = ht::linalg::rsvd(b, 5, {.n_oversamples = 5, .random_state = 2});
    const xt::xarray<double> us = r.U.to_xarray() * r.S.to_xarray();
    const double err = frobenius(B - xt::linalg::dot(us, r.Vt.to_xarray()));
    REQUIRE(all_ranks(err <= 1.01 * best));
  }
}

TEST_CASE("linalg::rsvd and PCA's randomized solver: bad input throws ValueError on every rank",
          "[linalg][rsvd][errors]") {
  const auto A = ht::array(decaying(30, 6, true), 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::rsvd(A, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::rsvd(A, 7); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::rsvd(A, 2, {.n_oversamples = -1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::rsvd(ht::zeros<double>({5}, 0), 1); }));
  xt::xarray<double> bad = decaying(30, 6, true);
  bad(29, 3) = std::numeric_limits<double>::infinity();  // on the last rank only
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::rsvd(ht::array(bad, 0), 2); }));
  using P = ht::decomposition::PCA<double>;
  REQUIRE(throws_everywhere<ht::ValueError>([] { P({.svd_solver = "arpack"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { P({.n_components = 0.9, .svd_solver = "randomized"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { P({.svd_solver = "randomized"}); }));
}
