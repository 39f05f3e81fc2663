#include "ml/references.hpp"

#include <heat/ml/regression/lasso.hpp>

#include <cmath>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

xt::xarray<double> lasso_ref(const std::string& name) { return ht::testing::sklearn_ref<double>(name); }

xt::xarray<double> diabetes() { return ht::testing::example_data("diabetes.csv"); }

}  // namespace

TEST_CASE("Lasso on diabetes matches scikit-learn's coefficients and intercept", "[ml][lasso]") {
  const xt::xarray<double> table = diabetes();
  const xt::xarray<double> X = xt::view(table, xt::all(), xt::range(0, 10));
  const xt::xarray<double> y = xt::view(table, xt::all(), 10);
  bool ok = true;
  for (const char* lam : {"0.1", "1.0"}) {
    const auto coef = lasso_ref(std::string("lasso_") + lam + "_coef");
    const double intercept = lasso_ref(std::string("lasso_") + lam + "_intercept")();
    for (const char* solver : {"gram", "residual"})
      for (const auto& x : layouts(X)) {
        ht::regression::Lasso<double> lasso(
            {.lam = std::stod(lam), .max_iter = 100000, .tol = 1e-12, .solver = solver});
        lasso.fit(x, ht::array(y, x.split() == 0 ? ht::split_t{0} : ht::none));
        const auto w = lasso.coef().to_xarray();
        double err = std::fabs(lasso.intercept() - intercept);
        for (std::size_t j = 0; j < w.size(); ++j) err = std::max(err, std::fabs(w(j) - coef(j)));
        ok = ok && err < 1e-6 && lasso.solver() == solver;
        CAPTURE(lam, solver, w, lasso.intercept(), lasso.n_iter(), err);
        // predict is X w + b.
        const auto yhat = lasso.predict(x).to_xarray();
        const xt::xarray<double> expected = xt::linalg::dot(X, w) + lasso.intercept();
        ok = ok && xt::allclose(yhat, expected, 1e-12, 1e-9);
      }
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Lasso with more non-zero coefficients than a working set starts with matches scikit-learn", "[ml][lasso]") {
  // 35 of 60 coefficients end non-zero: the residual solver's working set
  // (16 features at first) grows at its gap checks. (tol 1e-8 and no split-1
  // layout, which is resplit to rows anyway: the residual solver's ~1300
  // scalar collectives per fit are slow on oversubscribed ranks.)
  const auto X = lasso_ref("lasso_wide_X");
  const auto y = lasso_ref("lasso_wide_y");
  const auto coef = lasso_ref("lasso_wide_coef");
  const double intercept = lasso_ref("lasso_wide_intercept")();
  bool ok = true;
  for (const char* solver : {"gram", "residual"})
    for (const auto& x : layouts(X)) {
      if (x.split() == 1) continue;
      ht::regression::Lasso<double> lasso({.lam = 0.02, .max_iter = 100000, .tol = 1e-8, .solver = solver});
      lasso.fit(x, ht::array(y, x.split() == 0 ? ht::split_t{0} : ht::none));
      const auto w = lasso.coef().to_xarray();
      double err = std::fabs(lasso.intercept() - intercept);
      for (std::size_t j = 0; j < w.size(); ++j) err = std::max(err, std::fabs(w(j) - coef(j)));
      CAPTURE(solver, x.split(), lasso.n_iter(), err);
      ok = ok && err < 1e-6;
    }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Lasso: lam at least alpha_max zeroes every coefficient exactly", "[ml][lasso]") {
  const xt::xarray<double> table = diabetes();
  const auto X = ht::array(xt::xarray<double>(xt::view(table, xt::all(), xt::range(0, 10))), 0);
  const auto y = ht::array(xt::xarray<double>(xt::view(table, xt::all(), 10)), 0);
  const double alpha_max = lasso_ref("lasso_alpha_max")();
  bool ok = true;
  for (const char* solver : {"gram", "residual"}) {
    ht::regression::Lasso<double> lasso({.lam = alpha_max * 1.0001, .solver = solver});
    lasso.fit(X, y);
    ok = ok && xt::all(xt::equal(lasso.coef().to_xarray(), 0.0)) && lasso.n_iter() == 1;
    ok = ok && std::fabs(lasso.intercept() - xt::mean(xt::view(table, xt::all(), 10))()) < 1e-9;
  }
  // Just below alpha_max one coefficient moves.
  ht::regression::Lasso<double> below({.lam = alpha_max * 0.99});
  ok = ok && xt::any(xt::not_equal(below.fit(X, y).coef().to_xarray(), 0.0));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Lasso without intercept and on float32 data", "[ml][lasso]") {
  const xt::xarray<double> table = diabetes();
  const xt::xarray<double> X = xt::view(table, xt::all(), xt::range(0, 10));
  const xt::xarray<double> y = xt::view(table, xt::all(), 10);
  // Without an intercept the two solvers agree with each other.
  ht::regression::Lasso<double> g({.lam = 0.5, .tol = 1e-12, .fit_intercept = false, .solver = "gram"});
  ht::regression::Lasso<double> r({.lam = 0.5, .tol = 1e-12, .fit_intercept = false, .solver = "residual"});
  g.fit(ht::array(X, 0), ht::array(y, 0));
  r.fit(ht::array(X, 0), ht::array(y, 0));
  bool ok = g.intercept() == 0.0 && xt::allclose(g.coef().to_xarray(), r.coef().to_xarray(), 1e-8, 1e-6);
  // float32 data: the float64 answer to float32 precision, both solvers.
  const auto coef = lasso_ref("lasso_0.1_coef");
  for (const char* solver : {"gram", "residual"}) {
    ht::regression::Lasso<float> f({.lam = 0.1, .tol = 1e-10, .solver = solver});
    f.fit(ht::array(xt::xarray<float>(X), 0), ht::array(xt::xarray<float>(y), 0));
    ok = ok && xt::allclose(xt::xarray<double>(f.coef().to_xarray()), coef, 1e-3, 1e-2);
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Lasso: bad input gives ValueError on every rank", "[ml][lasso][errors]") {
  using L = ht::regression::Lasso<double>;
  const auto X = ht::zeros<double>({20, 3}, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([] { L({.lam = -1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { L({.solver = "newton"}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { L().fit(X, ht::zeros<double>({19}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { L().fit(X, ht::zeros<double>({20, 1}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { L().predict(X); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { (void)L().coef(); }));
  xt::xarray<double> y = xt::zeros<double>({20});
  y(19) = std::nan("");
  REQUIRE(throws_everywhere<ht::ValueError>([&] { L().fit(X, ht::array(y, 0)); }));
  L fitted;
  fitted.fit(X, ht::zeros<double>({20}, 0));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { fitted.predict(ht::zeros<double>({4, 2}, 0)); }));
}
