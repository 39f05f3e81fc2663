// ht::metrics against scikit-learn 1.2 (tests/reference/make_metrics.py) at
// every layout of both inputs and every rank count, and scikit-learn's
// docstring examples with their printed values.
#include "ml/references.hpp"

#include <heat/ml/metrics.hpp>

#include <cmath>
#include <limits>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;
using I = std::int64_t;
namespace m = ht::metrics;

TEST_CASE("metrics match scikit-learn at every layout of y_true and y_pred", "[ml][metrics]") {
  const xt::xarray<I> t = sklearn_ref<I>("metrics_true"), p = sklearn_ref<I>("metrics_pred");
  const xt::xarray<I> a = sklearn_ref<I>("metrics_ari_a"), b = sklearn_ref<I>("metrics_ari_b");
  const xt::xarray<double> r = sklearn_ref<double>("metrics_r2_true"), rp = sklearn_ref<double>("metrics_r2_pred");
  bool ok = true;
  for (const auto& yt : layouts(t))
    for (const auto& yp : layouts(p)) {
      const auto c = m::confusion_matrix(yt, yp);
      ok = ok && m::accuracy_score(yt, yp) == sklearn_ref<double>("metrics_accuracy")() &&
           c.to_xarray() == sklearn_ref<I>("metrics_confusion") && c.split() == ht::none &&
           std::fabs(m::adjusted_rand_score(yt, yp) - sklearn_ref<double>("metrics_ari")()) <= 1e-14;
    }
  for (const auto& x : layouts(a))
    for (const auto& y : layouts(b))
      ok = ok && std::fabs(m::adjusted_rand_score(x, y) - sklearn_ref<double>("metrics_ari_value")()) <= 1e-14;
  for (const auto& x : layouts(r))
    for (const auto& y : layouts(rp))
      ok = ok && std::fabs(m::r2_score(x, y) - sklearn_ref<double>("metrics_r2")()) <= 1e-12;
  REQUIRE(all_ranks(ok));
}

TEST_CASE("metrics: scikit-learn's docstring examples", "[ml][metrics]") {
  const auto v = [](const xt::xarray<I>& x) { return ht::array(x, 0); };
  CHECK(all_ranks(m::accuracy_score(v({0, 1, 2, 3}), v({0, 2, 1, 3})) == 0.5));
  CHECK(all_ranks(m::confusion_matrix(v({2, 0, 2, 2, 0, 1}), v({0, 0, 2, 2, 0, 2})).to_xarray() ==
                  xt::xarray<I>{{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}));
  const auto f = [](const xt::xarray<double>& x) { return ht::array(x, 0); };
  CHECK(all_ranks(std::fabs(m::r2_score(f({3, -0.5, 2, 7}), f({2.5, 0.0, 2, 8})) - 0.9486081370449679) < 1e-15));
  CHECK(all_ranks(m::r2_score(f({1, 1, 1}), f({1, 1, 1})) == 1.0));  // force_finite: perfect on a constant
  CHECK(all_ranks(m::r2_score(f({1, 1, 1}), f({1, 1, 2})) == 0.0));
  CHECK(all_ranks(m::adjusted_rand_score(v({0, 0, 1, 1}), v({0, 0, 1, 1})) == 1.0));
  CHECK(all_ranks(m::adjusted_rand_score(v({0, 0, 1, 1}), v({1, 1, 0, 0})) == 1.0));
  CHECK(all_ranks(std::fabs(m::adjusted_rand_score(v({0, 0, 1, 2}), v({0, 0, 1, 1})) - 0.5714285714285714) < 1e-15));
  CHECK(all_ranks(std::fabs(m::adjusted_rand_score(v({0, 0, 1, 1}), v({0, 0, 1, 2})) - 0.5714285714285714) < 1e-15));
  CHECK(all_ranks(m::adjusted_rand_score(v({0, 0, 0, 0}), v({0, 1, 2, 3})) == 0.0));
  CHECK(all_ranks(m::adjusted_rand_score(v({0, 0, 1, 1}), v({0, 1, 0, 1})) == -0.5));
  CHECK(all_ranks(m::adjusted_rand_score(v({0, 1, 2, 3}), v({5, 6, 7, 8})) == 1.0));  // all singletons
}

TEST_CASE("metrics: bad input throws ValueError on every rank", "[ml][metrics][errors]") {
  const auto a = ht::array(xt::xarray<I>{0, 1, 2, 3}, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { m::accuracy_score(a, ht::zeros<I>({5}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { m::confusion_matrix(a, ht::zeros<I>({2, 2}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { m::adjusted_rand_score(a, ht::zeros<I>({3})); }));
  xt::xarray<double> y = {1, 2, 3, 4, 5, 6};
  const auto good = ht::array(y, 0);
  y(5) = std::numeric_limits<double>::quiet_NaN();  // on the last rank only
  REQUIRE(throws_everywhere<ht::ValueError>([&] { m::r2_score(good, ht::array(y, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>(
      [&] { m::r2_score(ht::array(xt::xarray<double>{1.0}, 0), ht::array(xt::xarray<double>{1.0}, 0)); }));
}
