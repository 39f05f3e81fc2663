#include "ml/references.hpp"

#include <heat/ml/decomposition/pca.hpp>

#include <cmath>
#include <limits>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;

namespace {

/// Within rel of want's magnitude (or of `floor`, when larger: a mean of
/// centred data is rounding, measured against the data's magnitude).
template <class T>
bool near(const xt::xarray<T>& got, const xt::xarray<double>& want, double rel, double floor = 1e-300) {
  if (got.shape() != want.shape()) return false;
  const double scale = std::max(floor, static_cast<double>(xt::amax(xt::abs(want))()));
  return xt::amax(xt::abs(xt::cast<double>(got) - want))() <= rel * scale;
}

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
