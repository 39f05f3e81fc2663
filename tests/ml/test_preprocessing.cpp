// The scalers of heat/ml/preprocessing against scikit-learn 1.2's results
// (tests/reference/make_preprocessing.py) at every layout and rank count,
// and scikit-learn's docstring examples with their printed values.
#include "ml/references.hpp"

#include <heat/ml/preprocessing.hpp>

#include <cmath>
#include <limits>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::near;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;
namespace pp = ht::preprocessing;

namespace {

template <class T>
double tolerance() {
  return std::is_same_v<T, float> ? 2e-6 : 1e-12;
}

xt::xarray<double> pre_ref(const std::string& name, const char* what) {
  return sklearn_ref<double>("pre_" + name + "_" + what);
}

xt::xarray<double> pre_iris() { return ht::testing::example_data("iris.csv"); }
xt::xarray<double> pre_diabetes() {
  return xt::view(ht::testing::example_data("diabetes.csv"), xt::all(), xt::range(0, 10));
}

/// A scaler fitted at every layout of X: its transform of Z (split like Z's
/// layout), Z back through inverse_transform, and the accessors named in
/// `what` against the references; the transform's split is Z's.
template <class T, class S, class Attr>
bool fits(const std::string& name, S make, const xt::xarray<double>& X, const xt::xarray<double>& Z, Attr attr,
          bool invertible = true) {
  const double rel = tolerance<T>();
  bool ok = true;
  const auto xs = layouts(xt::xarray<T>(xt::cast<T>(X)));
  const auto zs = layouts(xt::xarray<T>(xt::cast<T>(Z)));
  for (std::size_t l = 0; l < xs.size(); ++l) {
    auto s = make();
    const auto Y = s.fit(xs[l]).transform(zs[l]);
    bool here = near(Y.to_xarray(), pre_ref(name, "transform"), rel) && Y.split() == zs[l].split() && attr(s, rel);
    if constexpr (requires { s.inverse_transform(Y); })
      if (invertible) here = here && near(s.inverse_transform(Y).to_xarray(), Z, 10 * rel);
    if (!here) UNSCOPED_INFO(name << ": layout " << l);
    ok = ok && here;
  }
  return ok;
}

template <class T>
bool attr_near(const ht::DNDarray<T>& got, const std::string& name, const char* what, double rel,
               double floor = 1e-300) {
  return got.split() == ht::none && near(got.to_xarray(), pre_ref(name, what), rel, floor);
}

}  // namespace

TEMPLATE_TEST_CASE("StandardScaler matches scikit-learn at every layout", "[ml][preprocessing]", double, float) {
  using T = TestType;
  using S = pp::StandardScaler<T>;
  const auto moments = [](const std::string& name) {
    return [name](const S& s, double rel) {
      return attr_near(s.mean(), name, "mean", rel, 1.0) && attr_near(s.var(), name, "var", rel) &&
             attr_near(s.scale(), name, "scale", rel);
    };
  };
  REQUIRE(all_ranks(fits<T>(
      "std_iris", [] { return S(); }, pre_iris(), pre_iris(), moments("std_iris"))));
  REQUIRE(all_ranks(fits<T>(
      "std_diab_nomean", [] { return S({.with_mean = false}); }, pre_diabetes(), pre_diabetes(),
      moments("std_diab_nomean"))));
  if constexpr (std::is_same_v<T, double>) {
    // Constant and near-constant columns (1e10 and its next value): scale 1.
    const auto c = sklearn_ref<double>("pre_const_X");
    REQUIRE(all_ranks(fits<T>(
        "std_const", [] { return S(); }, c, c, moments("std_const"), false)));
  }
}

TEMPLATE_TEST_CASE("MinMaxScaler and MaxAbsScaler match scikit-learn at every layout", "[ml][preprocessing]", double,
                   float) {
  using T = TestType;
  using M = pp::MinMaxScaler<T>;
  const auto extremes = [](const std::string& name) {
    return [name](const M& s, double rel) {
      return attr_near(s.data_min(), name, "data_min", rel) && attr_near(s.data_max(), name, "data_max", rel) &&
             attr_near(s.data_range(), name, "data_range", rel) && attr_near(s.scale(), name, "scale", rel) &&
             attr_near(s.min(), name, "min", rel);
    };
  };
  REQUIRE(all_ranks(fits<T>(
      "mm_iris",
      [] {
        return M({.feature_range = {-2, 3}});
      },
      pre_iris(), pre_iris(), extremes("mm_iris"))));
  const xt::xarray<double> wider = 1.5 * pre_iris() - 1;
  REQUIRE(all_ranks(fits<T>(
      "mm_clip", [] { return M({.clip = true}); }, pre_iris(), wider, extremes("mm_clip"), false)));
  if constexpr (std::is_same_v<T, double>) {
    const auto c = sklearn_ref<double>("pre_const_X");
    REQUIRE(all_ranks(fits<T>(
        "mm_const", [] { return M(); }, c, c, extremes("mm_const"), false)));
  }
  using A = pp::MaxAbsScaler<T>;
  REQUIRE(all_ranks(fits<T>(
      "ma_diab", [] { return A(); }, pre_diabetes(), pre_diabetes(),
      [](const A& s, double rel) {
        return attr_near(s.max_abs(), "ma_diab", "max_abs", rel) && attr_near(s.scale(), "ma_diab", "scale", rel) &&
               s.n_samples_seen() == 442;
      })));
}

TEMPLATE_TEST_CASE("Normalizer matches scikit-learn at every layout (a zero row stays zero)", "[ml][preprocessing]",
                   double, float) {
  using T = TestType;
  const auto X = sklearn_ref<double>("pre_nrm_X");
  for (const std::string norm : {"l1", "l2", "max"}) {
    INFO(norm);
    REQUIRE(all_ranks(fits<T>(
        "nrm_" + norm, [norm] { return pp::Normalizer<T>({.norm = norm}); }, X, X,
        [](const pp::Normalizer<T>&, double) { return true; }, false)));
  }
}

TEMPLATE_TEST_CASE("RobustScaler matches scikit-learn at every layout (exact quantiles by radix select)",
                   "[ml][preprocessing]", double, float) {
  using T = TestType;
  using R = pp::RobustScaler<T>;
  const auto quantiles = [](const std::string& name) {
    return [name](const R& s, double rel) {
      return attr_near(s.center(), name, "center", rel) && attr_near(s.scale(), name, "scale", rel);
    };
  };
  REQUIRE(all_ranks(fits<T>(
      "rob_iris", [] { return R(); }, pre_iris(), pre_iris(), quantiles("rob_iris"))));
  const xt::xarray<double> odd = xt::view(pre_iris(), xt::range(0, 149), xt::all());
  REQUIRE(all_ranks(fits<T>(
      "rob_odd",
      [] {
        return R({.quantile_range = {10, 90}, .unit_variance = true});
      },
      odd, odd, quantiles("rob_odd"))));
  REQUIRE(all_ranks(fits<T>(
      "rob_diab",
      [] {
        return R({.quantile_range = {33.3, 66.7}});
      },
      pre_diabetes(), pre_diabetes(), quantiles("rob_diab"))));
  if constexpr (std::is_same_v<T, double>) {
    const auto c = sklearn_ref<double>("pre_const_X");
    REQUIRE(all_ranks(fits<T>(
        "rob_const", [] { return R(); }, c, c, quantiles("rob_const"), false)));
  }
}

TEST_CASE("Scalers: scikit-learn's docstring examples", "[ml][preprocessing]") {
  // The examples of scikit-learn 1.2's docstrings (sklearn/preprocessing/_data.py), with their printed values.
  const auto on = [](const xt::xarray<double>& a) { return ht::array(a, 0); };
  const auto same = [](const ht::DNDarray<double>& got, const xt::xarray<double>& want) {
    return xt::allclose(got.to_xarray(), want, 1e-12, 1e-12);
  };
  pp::StandardScaler<double> st;
  st.fit(on({{0, 0}, {0, 0}, {1, 1}, {1, 1}}));
  CHECK(all_ranks(same(st.mean(), {0.5, 0.5})));
  CHECK(all_ranks(same(st.transform(on({{0, 0}, {0, 0}, {1, 1}, {1, 1}})), {{-1, -1}, {-1, -1}, {1, 1}, {1, 1}})));
  CHECK(all_ranks(same(st.transform(on({{2, 2}})), {{3, 3}})));
  pp::MinMaxScaler<double> mm;
  mm.fit(on({{-1, 2}, {-0.5, 6}, {0, 10}, {1, 18}}));
  CHECK(all_ranks(same(mm.data_max(), {1, 18})));
  CHECK(all_ranks(
      same(mm.transform(on({{-1, 2}, {-0.5, 6}, {0, 10}, {1, 18}})), {{0, 0}, {0.25, 0.25}, {0.5, 0.5}, {1, 1}})));
  CHECK(all_ranks(same(mm.transform(on({{2, 2}})), {{1.5, 0}})));
  CHECK(all_ranks(same(pp::MaxAbsScaler<double>().fit_transform(on({{1, -1, 2}, {2, 0, 0}, {0, 1, -1}})),
                       {{0.5, -1, 1}, {1, 0, 0}, {0, 1, -0.5}})));
  CHECK(all_ranks(same(pp::Normalizer<double>().fit_transform(on({{4, 1, 2, 2}, {1, 3, 9, 3}, {5, 7, 5, 1}})),
                       {{0.8, 0.2, 0.4, 0.4}, {0.1, 0.3, 0.9, 0.3}, {0.5, 0.7, 0.5, 0.1}})));
  CHECK(all_ranks(same(pp::RobustScaler<double>().fit_transform(on({{1, -2, 2}, {-2, 1, 3}, {4, 1, -2}})),
                       {{0, -2, 0}, {-1, 0, 0.4}, {1, 0, -1.6}})));
}

TEST_CASE("Scalers: bad input throws ValueError on every rank", "[ml][preprocessing][errors]") {
  const auto x = ht::array(pre_iris(), 0);
  REQUIRE(throws_everywhere<ht::ValueError>([] { pp::MinMaxScaler<double>({.feature_range = {1, 1}}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { pp::RobustScaler<double>({.quantile_range = {80, 20}}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { pp::RobustScaler<double>({.quantile_range = {-1, 50}}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { pp::Normalizer<double>({.norm = "l3"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { pp::StandardScaler<double>().fit(ht::zeros<double>({150})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { pp::MaxAbsScaler<double>().fit(ht::zeros<double>({0, 3}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { (void)pp::StandardScaler<double>().mean(); }));
  REQUIRE(
      throws_everywhere<ht::ValueError>([&] { (void)pp::StandardScaler<double>({.with_std = false}).fit(x).scale(); }));
  REQUIRE(throws_everywhere<ht::ValueError>(
      [&] { (void)pp::RobustScaler<double>({.with_centering = false}).fit(x).center(); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    pp::MinMaxScaler<double>().fit(x).transform(ht::zeros<double>({3, 5}, 0));
  }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    pp::Normalizer<double>().fit(x).transform(ht::zeros<double>({3, 5}, 0));
  }));
  // A NaN or inf on the last rank only: the same error on every rank, for every scaler's fit.
  for (const double v : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    xt::xarray<double> bad = pre_iris();
    bad(149, 2) = v;
    const auto b = ht::array(bad, 0);
    CHECK(throws_everywhere<ht::ValueError>([&] { pp::StandardScaler<double>().fit(b); }));
    CHECK(throws_everywhere<ht::ValueError>([&] { pp::MinMaxScaler<double>().fit(b); }));
    CHECK(throws_everywhere<ht::ValueError>([&] { pp::MaxAbsScaler<double>().fit(b); }));
    CHECK(throws_everywhere<ht::ValueError>([&] { pp::RobustScaler<double>().fit(b); }));
  }
}
