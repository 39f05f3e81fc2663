// ElasticNet, Lasso's options (positive, warm_start, sample_weight, dual_gap,
// integer y) and the paths against scikit-learn 1.2
// (tests/reference/make_enet.py) and ports of its test_coordinate_descent.py.
#include "ml/references.hpp"

#include <heat/ml/regression/enet_path.hpp>
#include <heat/ml/regression/lasso.hpp>

#include <cmath>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::near;
using ht::testing::throws_everywhere;

namespace {

xt::xarray<double> enet_ref(const std::string& name) { return ht::testing::sklearn_ref<double>("enet_" + name); }

/// y (or weights) in a layout that goes with x's: rows like x's when x is
/// split 0, replicated otherwise; `other` picks the opposite (rows_like's
/// redistribution).
ht::DNDarray<double> along(const xt::xarray<double>& v, const ht::DNDarray<double>& x, bool other = false) {
  const bool rows = x.split() == 0;
  return ht::array(v, rows != other ? ht::split_t{0} : ht::none);
}

template <class M>
bool matches(const M& model, const std::string& name, double rel) {
  const auto coef = enet_ref(name + "_coef");
  const double intercept = enet_ref(name + "_intercept")();
  const double scale = std::max(1.0, static_cast<double>(xt::amax(xt::abs(coef))()));
  return near(model.coef().to_xarray(), coef, rel, 1.0) && std::fabs(model.intercept() - intercept) <= rel * scale;
}

}  // namespace

TEST_CASE("ElasticNet and positive Lasso on diabetes match scikit-learn", "[ml][enet]") {
  const auto X = enet_ref("diabetes_X"), y = enet_ref("diabetes_y");
  bool ok = true;
  for (const char* solver : {"gram", "residual"})
    for (const auto& x : layouts(X)) {
      using ht::regression::ElasticNet;
      using ht::regression::Lasso;
      ElasticNet<double> enet({.alpha = 0.005, .l1_ratio = 0.3, .max_iter = 100000, .tol = 1e-12, .solver = solver});
      Lasso<double> lasso_pos({.lam = 0.1, .max_iter = 100000, .tol = 1e-12, .solver = solver, .positive = true});
      ElasticNet<double> enet_pos(
          {.alpha = 0.002, .l1_ratio = 0.6, .max_iter = 100000, .tol = 1e-12, .solver = solver, .positive = true});
      const bool e = matches(enet.fit(x, along(y, x)), "enet", 1e-10);
      const bool lp = matches(lasso_pos.fit(x, along(y, x, true)), "lasso_pos", 1e-10);
      const bool ep = matches(enet_pos.fit(x, along(y, x)), "enet_pos", 1e-10);
      const bool conv = enet.converged() && lasso_pos.converged() && enet_pos.converged();
      CAPTURE(solver, x.split(), e, lp, ep, conv, enet.coef().to_xarray(), enet_pos.coef().to_xarray());
      ok = ok && e && lp && ep && conv && enet.solver() == solver;
      // scikit-learn's score: R^2 of the predictions.
      const auto yhat = enet.predict(x).to_xarray();
      const double r2 = 1 - xt::sum(xt::square(y - yhat))() / xt::sum(xt::square(y - xt::mean(y)()))();
      ok = ok && std::fabs(enet.score(x, along(y, x, true)) - r2) < 1e-12;
    }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Sample weights: scikit-learn's weighted objective, not repeated rows", "[ml][enet]") {
  const auto X = enet_ref("diabetes_X"), y = enet_ref("diabetes_y"), w = enet_ref("weights");
  bool ok = true;
  for (const char* solver : {"gram", "residual"})
    for (const auto& x : layouts(X)) {
      ht::regression::ElasticNet<double> enet(
          {.alpha = 0.003, .l1_ratio = 0.7, .max_iter = 100000, .tol = 1e-12, .solver = solver});
      ht::regression::Lasso<double> noint(
          {.lam = 0.2, .max_iter = 100000, .tol = 1e-12, .fit_intercept = false, .solver = solver});
      const bool a = matches(enet.fit(x, along(y, x), along(w, x, true)), "enet_w", 1e-10);
      const bool b = matches(noint.fit(x, along(y, x, true), along(w, x)), "lasso_w_noint", 1e-10);
      CAPTURE(solver, x.split(), a, b, enet.coef().to_xarray());
      ok = ok && a && b;
    }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Sample weights: ones, scaled ones and a zero weight as scikit-learn's consistency test", "[ml][enet]") {
  // test_enet_sample_weight_consistency: weights of ones (or twos) are no
  // weights; a zero weight removes its sample. (Its data: rand(10, 5).)
  const auto X = xt::view(enet_ref("wide_X"), xt::range(0, 10), xt::range(0, 5));
  const auto y = xt::view(enet_ref("wide_y"), xt::range(0, 10));
  const xt::xarray<double> Xa = X, ya = y;
  bool ok = true;
  for (const char* solver : {"gram", "residual"})
    for (const bool intercept : {true, false}) {
      const ht::regression::elastic_net_options o{
          .alpha = 0.1, .l1_ratio = 0.5, .tol = 1e-10, .fit_intercept = intercept, .solver = solver};
      using E = ht::regression::ElasticNet<double>;
      E plain(o), ones(o), twos(o), zero(o), removed(o);
      plain.fit(ht::array(Xa, 0), ht::array(ya, 0));
      ones.fit(ht::array(Xa, 0), ht::array(ya, 0), ht::ones<double>({10}, 0));
      twos.fit(ht::array(Xa, ht::none), ht::array(ya, 0), ht::full<double>({10}, 2.0, ht::none));
      xt::xarray<double> w = xt::ones<double>({10});
      w(9) = 0;
      zero.fit(ht::testing::on_last_rank(Xa, 0), ht::array(ya, ht::none), ht::array(w, 0));
      removed.fit(ht::array(xt::xarray<double>(xt::view(Xa, xt::range(0, 9))), 0),
                  ht::array(xt::xarray<double>(xt::view(ya, xt::range(0, 9))), 0));
      const auto c = plain.coef().to_xarray();
      const bool same = near(ones.coef().to_xarray(), c, 1e-9, 1.0) && near(twos.coef().to_xarray(), c, 1e-9, 1.0) &&
                        std::fabs(ones.intercept() - plain.intercept()) < 1e-9 &&
                        std::fabs(twos.intercept() - plain.intercept()) < 1e-9;
      const bool drop = near(zero.coef().to_xarray(), removed.coef().to_xarray(), 1e-9, 1.0) &&
                        std::fabs(zero.intercept() - removed.intercept()) < 1e-9;
      CAPTURE(solver, intercept, same, drop);
      ok = ok && same && drop;
    }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("scikit-learn's test_lasso_toy and test_enet_toy", "[ml][enet]") {
  // A straight line y = x: coefficients, predictions on 2, 3, 4 and a dual
  // gap of zero, as asserted there (to its decimals).
  const auto column = [](xt::xarray<double> v) {
    v.reshape({3, 1});
    return v;
  };
  const xt::xarray<double> X = column({-1.0, 0.0, 1.0}), T = column({2.0, 3.0, 4.0});
  const xt::xarray<double> y = {-1.0, 0.0, 1.0};
  struct toy {
    double alpha, l1_ratio, coef;
    xt::xarray<double> pred;
    double decimals;
  };
  const std::vector<toy> cases = {{1e-8, 1.0, 1.0, {2, 3, 4}, 6},
                                  {0.1, 1.0, 0.85, {1.7, 2.55, 3.4}, 6},
                                  {0.5, 1.0, 0.25, {0.5, 0.75, 1.0}, 6},
                                  {1.0, 1.0, 0.0, {0, 0, 0}, 6},
                                  {0.5, 0.3, 0.50819, {1.0163, 1.5245, 2.0327}, 3},
                                  {0.5, 0.5, 0.45454, {0.9090, 1.3636, 1.8181}, 3}};
  bool ok = true;
  for (const auto& c : cases)
    for (const char* solver : {"gram", "residual"})
      for (const auto& x : layouts(X)) {
        ht::regression::ElasticNet<double> m({.alpha = c.alpha, .l1_ratio = c.l1_ratio, .solver = solver});
        m.fit(x, along(y, x));
        const double tol = 1.5 * std::pow(10.0, -c.decimals);
        const auto pred = m.predict(ht::array(T, x.split() == 1 ? ht::none : x.split())).to_xarray();
        const bool good = std::fabs(m.coef().to_xarray()(0) - c.coef) < tol && xt::allclose(pred, c.pred, 0, tol) &&
                          std::fabs(m.dual_gap()) < 1.5e-7;
        CAPTURE(c.alpha, c.l1_ratio, solver, x.split(), m.coef().to_xarray(), pred, m.dual_gap());
        ok = ok && good;
      }
  // Lasso with lam = alpha is ElasticNet with l1_ratio 1.
  ht::regression::Lasso<double> lasso({.lam = 0.1});
  ok = ok && std::fabs(lasso.fit(ht::array(X, 0), ht::array(y, 0)).coef().to_xarray()(0) - 0.85) < 1.5e-6;
  // test_lasso_positive_constraint / test_enet_positive_constraint: a
  // falling line, positive coefficients.
  const xt::xarray<double> down = {1.0, 0.0, -1.0};
  for (const char* solver : {"gram", "residual"}) {
    ht::regression::Lasso<double> lp({.lam = 0.1, .solver = solver, .positive = true});
    ht::regression::ElasticNet<double> ep({.alpha = 0.1, .solver = solver, .positive = true});
    ok = ok && lp.fit(ht::array(X, 0), ht::array(down, 0)).coef().to_xarray()(0) >= 0;
    ok = ok && ep.fit(ht::array(X, 0), ht::array(down, 0)).coef().to_xarray()(0) >= 0;
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("dual_gap, the convergence flag and warm_start after a fixed number of sweeps", "[ml][enet]") {
  // tol 0: five full cyclic sweeps (the Gram solver's order is scikit-learn's).
  const auto X = enet_ref("wide_X"), y = enet_ref("wide_y");
  bool ok = true;
  for (const auto& x : layouts(X)) {
    using E = ht::regression::ElasticNet<double>;
    E five({.alpha = 0.1, .max_iter = 5, .tol = 0, .solver = "gram"});
    five.fit(x, along(y, x));
    const bool a = near(five.coef().to_xarray(), enet_ref("sweeps5_coef"), 1e-10, 1.0) && !five.converged() &&
                   five.n_iter() == 5 && std::fabs(five.dual_gap() / enet_ref("sweeps5_dual_gap")() - 1) < 1e-8;
    // test_warm_start: two warm fits of 5 sweeps are one of 10.
    E warm({.alpha = 0.1, .max_iter = 5, .tol = 0, .solver = "gram", .warm_start = true});
    warm.fit(x, along(y, x));
    warm.fit(x, along(y, x, true));
    const bool b = near(warm.coef().to_xarray(), enet_ref("sweeps10_coef"), 1e-10, 1.0);
    // The residual solver: a warm start from a converged answer stays there
    // and takes at most as many sweeps.
    E cold({.alpha = 0.1, .tol = 1e-8, .solver = "residual"}),
        again({.alpha = 0.1, .tol = 1e-8, .solver = "residual", .warm_start = true});
    cold.fit(x, along(y, x));
    again.fit(x, along(y, x));
    const int first = again.n_iter();
    again.fit(x, along(y, x));
    const bool c = near(again.coef().to_xarray(), cold.coef().to_xarray(), 1e-6, 1.0) && again.n_iter() <= first &&
                   again.converged();
    CAPTURE(x.split(), a, b, c, five.dual_gap(), first, again.n_iter());
    ok = ok && a && b && c;
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("dual_gap is the primal minus the dual objective (scikit-learn's test_lasso_dual_gap)", "[ml][enet]") {
  // build_dataset(n_samples=10, n_features=30)'s shape from wide's first
  // rows and columns; alpha 0.01 max|X^T y| / n, no intercept.
  const xt::xarray<double> X = xt::view(enet_ref("wide_X"), xt::range(0, 10), xt::range(0, 30));
  const xt::xarray<double> y = xt::view(enet_ref("wide_y"), xt::range(0, 10));
  const double n = 10;
  const double alpha = 0.01 * xt::amax(xt::abs(xt::linalg::dot(xt::transpose(X), y)))() / n;
  bool ok = true;
  for (const char* solver : {"gram", "residual"})
    for (const auto& x : layouts(X)) {
      ht::regression::Lasso<double> m({.lam = alpha, .fit_intercept = false, .solver = solver});
      m.fit(x, along(y, x));
      const xt::xarray<double> w = m.coef().to_xarray();
      xt::xarray<double> R = y - xt::linalg::dot(X, w);
      const double primal = 0.5 * xt::mean(xt::square(R))() + alpha * xt::sum(xt::abs(w))();
      R /= xt::amax(xt::abs(xt::linalg::dot(xt::transpose(X), R)) / (n * alpha))();
      const double dual = 0.5 * (xt::mean(xt::square(y))() - xt::mean(xt::square(y - R))());
      CAPTURE(solver, x.split(), m.dual_gap(), primal - dual);
      ok = ok && std::fabs(m.dual_gap() - (primal - dual)) <= 1e-7 * std::max(1.0, std::fabs(primal));
    }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("lasso_path and enet_path match scikit-learn's", "[ml][enet]") {
  const auto X = enet_ref("diabetes_X"), y = enet_ref("diabetes_y");
  bool ok = true;
  for (const char* solver : {"gram", "residual"})
    for (const auto& x : layouts(X)) {
      const auto lp = ht::regression::lasso_path(
          x, along(y, x), {.eps = 1e-2, .n_alphas = 12, .max_iter = 1000000, .tol = 1e-12, .solver = solver});
      const auto want = enet_ref("lpath_alphas");
      bool a = lp.alphas.size() == want.size() && lp.dual_gaps.size() == want.size();
      for (std::size_t i = 0; a && i < want.size(); ++i) a = std::fabs(lp.alphas[i] / want(i) - 1) < 1e-13;
      a = a && lp.coefs.shape() == ht::shape_t{10, 12} && lp.coefs.split() == ht::none &&
          near(lp.coefs.to_xarray(), enet_ref("lpath_coefs"), 1e-9);
      for (const double g : lp.dual_gaps) a = a && g < 1e-6;
      // Given alphas are sorted descending.
      const auto ep = ht::regression::enet_path(
          x, along(y, x, true), {.alphas = {0.5, 0.01, 0.1}, .max_iter = 1000000, .tol = 1e-12, .solver = solver});
      const bool e =
          ep.alphas == std::vector<double>{0.5, 0.1, 0.01} && near(ep.coefs.to_xarray(), enet_ref("epath_coefs"), 1e-9);
      CAPTURE(solver, x.split(), a, e, lp.coefs.to_xarray());
      ok = ok && a && e;
    }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Integer y is converted; float32 data", "[ml][enet]") {
  const auto X = enet_ref("diabetes_X"), y = enet_ref("diabetes_y");
  const xt::xarray<std::int64_t> yi = xt::cast<std::int64_t>(y);
  ht::regression::ElasticNet<double> a({.alpha = 0.005, .l1_ratio = 0.3, .tol = 1e-10}),
      b({.alpha = 0.005, .l1_ratio = 0.3, .tol = 1e-10});
  a.fit(ht::array(X, 0), ht::array(yi, 0));
  b.fit(ht::array(X, 0), ht::array(xt::xarray<double>(xt::cast<double>(yi)), 0));
  bool ok = a.coef().to_xarray() == b.coef().to_xarray() && a.intercept() == b.intercept();
  ht::regression::ElasticNet<float> f({.alpha = 0.005, .l1_ratio = 0.3, .tol = 1e-10});
  f.fit(ht::array(xt::xarray<float>(X), 0), ht::array(xt::xarray<float>(y), 0), ht::ones<float>({442}, 0));
  ok = ok && near(f.coef().to_xarray(), enet_ref("enet_coef"), 1e-4);
  REQUIRE(all_ranks(ok));
}

TEST_CASE("ElasticNet, weights and paths: bad input gives ValueError on every rank", "[ml][enet][errors]") {
  using E = ht::regression::ElasticNet<double>;
  const auto X = ht::zeros<double>({20, 3}, 0);
  const auto y = ht::zeros<double>({20}, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([] { E({.l1_ratio = 1.5}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { E({.l1_ratio = -0.1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { E({.alpha = -1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { E().fit(X, y, ht::ones<double>({19}, 0)); }));
  // One bad weight on the last rank only: every rank throws the same error.
  for (const double bad : {-1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    xt::xarray<double> w = xt::ones<double>({20});
    w(19) = bad;
    REQUIRE(throws_everywhere<ht::ValueError>([&] { E().fit(X, y, ht::array(w, 0)); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { E().fit(X, y, ht::testing::on_last_rank(w, 0)); }));
  }
  REQUIRE(throws_everywhere<ht::ValueError>([&] { E().fit(X, y, ht::zeros<double>({20}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { E().predict(X); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::regression::enet_path(X, y, {.l1_ratio = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::regression::enet_path(X, y, {.eps = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::regression::enet_path(X, y, {.alphas = {0.1, -1}}); }));
  xt::xarray<double> yn = xt::zeros<double>({20});
  yn(19) = std::nan("");
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::regression::lasso_path(X, ht::array(yn, 0)); }));
  // l1_ratio 0 with given alphas is a ridge path.
  const auto ridge = ht::regression::enet_path(X, y, {.l1_ratio = 0, .alphas = {1.0}});
  REQUIRE(all_ranks(ridge.coefs.shape() == ht::shape_t{3, 1}));
}
