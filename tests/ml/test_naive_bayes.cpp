// GaussianNB against scikit-learn 1.2's results on its bundled data sets
// (tests/reference/make_naive_bayes.py) at every layout of X and y and every
// rank count, and the cases of scikit-learn's sklearn/tests/test_naive_bayes.py
// with their expected values.
#include "ml/references.hpp"
#include "support/mpi_calls.hpp"

#include <heat/ml/naive_bayes/gaussian_nb.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::near;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;
using I = std::int64_t;

namespace {

xt::xarray<double> nb_ref(const std::string& name, const char* what) {
  return sklearn_ref<double>("nb_" + name + "_" + what);
}

/// The layouts of X each with a layout of y: replicated with replicated,
/// split 0 with split 0, split 1 with split 0, everything on the last rank
/// with the balanced y (laid out again by the fit).
template <class T>
std::vector<std::pair<ht::DNDarray<T>, ht::DNDarray<I>>> pairs(const xt::xarray<double>& X, const xt::xarray<I>& y) {
  const auto xs = layouts(xt::xarray<T>(xt::cast<T>(X)));
  return {{xs[0], ht::array(y)}, {xs[1], ht::array(y, 0)}, {xs[2], ht::array(y, 0)}, {xs[3], ht::array(y, 0)}};
}

/// A fitted model and its predictions on `X` against the references of `name`.
template <class T>
bool model_matches(const ht::naive_bayes::GaussianNB<T>& nb, const ht::DNDarray<T>& X, const std::string& name,
                   double rel, double proba_atol) {
  const auto P = nb.predict_proba(X);
  const auto L = nb.predict_log_proba(X);
  const auto labels = nb.predict(X);
  const bool split_ok = P.split() == (X.split() ? ht::split_t{0} : ht::split_t{}) && labels.split() == P.split();
  return near(nb.theta().to_xarray(), nb_ref(name, "theta"), rel) &&
         near(nb.var().to_xarray(), nb_ref(name, "var"), rel) &&
         near(nb.class_count().to_xarray(), nb_ref(name, "class_count"), rel) &&
         near(nb.class_prior().to_xarray(), nb_ref(name, "class_prior"), rel) &&
         std::fabs(nb.epsilon() - nb_ref(name, "epsilon")()) <= rel * nb_ref(name, "epsilon")() &&
         xt::amax(xt::abs(xt::cast<double>(P.to_xarray()) - nb_ref(name, "proba")))() <= proba_atol &&
         near(L.to_xarray(), nb_ref(name, "log_proba"), rel) &&
         labels.to_xarray() == xt::cast<I>(nb_ref(name, "predict")) && split_ok && nb.theta().split() == ht::none;
}

template <class T>
bool fit_matches(const std::string& data, const std::string& name, ht::naive_bayes::gaussian_nb_options o,
                 double proba_atol) {
  const double rel = std::is_same_v<T, float> ? 1e-5 : 1e-10;
  const auto X = nb_ref(data, "X");
  const xt::xarray<I> y = sklearn_ref<I>("nb_" + data + "_y");
  bool ok = true;
  int layout = 0;
  for (const auto& [x, yy] : pairs<T>(X, y)) {
    ht::naive_bayes::GaussianNB<T> nb(o);
    const bool here = model_matches(nb.fit(x, yy), x, name, rel, proba_atol);
    if (!here) UNSCOPED_INFO(name << ": layout " << layout);
    ok = ok && here;
    ++layout;
  }
  return ok;
}

}  // namespace

TEMPLATE_TEST_CASE("GaussianNB matches scikit-learn on its bundled data at every layout", "[ml][naive_bayes]", double,
                   float) {
  using T = TestType;
  const bool f = std::is_same_v<T, float>;
  REQUIRE(all_ranks(fit_matches<T>("iris", "iris", {}, f ? 1e-5 : 1e-10)));
  REQUIRE(all_ranks(fit_matches<T>("iris", "iris_priors", {.priors = {0.2, 0.3, 0.5}}, f ? 1e-5 : 1e-10)));
  REQUIRE(all_ranks(fit_matches<T>("cancer", "cancer", {.var_smoothing = 1e-5}, f ? 1e-5 : 1e-10)));
  if constexpr (std::is_same_v<T, double>) REQUIRE(all_ranks(fit_matches<T>("digits", "digits", {}, 1e-10)));
}

TEMPLATE_TEST_CASE("GaussianNB.partial_fit matches scikit-learn's batch updates at every layout", "[ml][naive_bayes]",
                   double, float) {
  // Three batches of iris' rows, the first two without class 2 or 0, the
  // last with class 2 alone: each batch's epsilon, as scikit-learn's.
  using T = TestType;
  const double rel = std::is_same_v<T, float> ? 1e-5 : 1e-10;
  const auto X = nb_ref("iris", "X");
  const xt::xarray<I> y = sklearn_ref<I>("nb_iris_y");
  bool ok = true;
  for (std::size_t layout = 0; layout < 4; ++layout) {
    ht::naive_bayes::GaussianNB<T> nb;
    for (const auto& [lo, hi] : {std::pair{0, 60}, std::pair{60, 120}, std::pair{120, 150}}) {
      const xt::xarray<double> xb = xt::view(X, xt::range(lo, hi), xt::all());
      const xt::xarray<I> yb = xt::view(y, xt::range(lo, hi));
      const auto [x, yy] = pairs<T>(xb, yb)[layout];
      if (lo == 0)
        nb.partial_fit(x, yy, std::vector<I>{0, 1, 2});
      else
        nb.partial_fit(x, yy);
    }
    const bool here = model_matches(nb, pairs<T>(X, y)[layout].first, "partial", rel, rel);
    if (!here) UNSCOPED_INFO("layout " << layout);
    ok = ok && here;
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("GaussianNB: scikit-learn's test_naive_bayes.py cases", "[ml][naive_bayes]") {
  using NB = ht::naive_bayes::GaussianNB<double>;
  const xt::xarray<double> X = {{-2, -1}, {-1, -1}, {-1, -2}, {1, 1}, {1, 2}, {2, 1}};
  const xt::xarray<I> y = {1, 1, 1, 2, 2, 2};
  for (const auto& [x, yy] : pairs<double>(X, y)) {
    // test_gnb: the training labels back; log of predict_proba = predict_log_proba.
    NB nb;
    nb.fit(x, yy);
    CHECK(all_ranks(nb.predict(x).to_xarray() == y));
    CHECK(all_ranks(xt::allclose(xt::log(nb.predict_proba(x).to_xarray()), nb.predict_log_proba(x).to_xarray(), 1e-8)));
    // test_gnb_prior: the priors are the class shares.
    CHECK(all_ranks(xt::allclose(nb.class_prior().to_xarray(), xt::xarray<double>{0.5, 0.5})));
    // test_gnb_priors: the given priors are used.
    NB pr({.priors = {0.3, 0.7}});
    pr.fit(x, yy);
    const auto p = pr.predict_proba(ht::array(xt::xarray<double>{{-0.1, -0.1}}, 0)).to_xarray();
    CHECK(all_ranks(xt::allclose(p, xt::xarray<double>{{0.825303662161683, 0.174696337838317}}, 0, 1e-8)));
    // test_gnb_prior_large_bias.
    NB bias({.priors = {0.01, 0.99}});
    CHECK(all_ranks(bias.fit(x, yy).predict(ht::array(xt::xarray<double>{{-0.1, -0.1}}, 0)).to_xarray() ==
                    xt::xarray<I>{2}));
    // test_gnb_partial_fit: one partial_fit, and two of alternate rows, equal
    // the fit to its 6 decimals (each batch's epsilon differs).
    NB one, two;
    one.partial_fit(x, yy, std::vector<I>{1, 2});
    const xt::xarray<double> even = xt::view(X, xt::range(0, 6, 2), xt::all()),
                             odd = xt::view(X, xt::range(1, 6, 2), xt::all());
    two.partial_fit(ht::array(even, 0), ht::array(xt::xarray<I>(xt::view(y, xt::range(0, 6, 2))), 0),
                    std::vector<I>{1, 2});
    two.partial_fit(ht::array(odd, 0), ht::array(xt::xarray<I>(xt::view(y, xt::range(1, 6, 2))), 0));
    for (const NB* m : {&one, &two}) {
      CHECK(all_ranks(xt::allclose(m->theta().to_xarray(), nb.theta().to_xarray(), 0, 1.5e-6)));
      CHECK(all_ranks(xt::allclose(m->var().to_xarray(), nb.var().to_xarray(), 0, 1.5e-6)));
      CHECK(all_ranks(xt::allclose(m->class_prior().to_xarray(), nb.class_prior().to_xarray())));
    }
  }
  // test_gnb_priors_sum_isclose: ten classes of one sample each, priors summing to 1 within isclose.
  const xt::xarray<double> X10 = {{-1, -1}, {-2, -1}, {-3, -2}, {-4, -5}, {-5, -4},
                                  {1, 1},   {2, 1},   {3, 2},   {4, 4},   {5, 5}};
  const xt::xarray<I> y10 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  NB ten({.priors = {0.08, 0.14, 0.03, 0.16, 0.11, 0.16, 0.07, 0.14, 0.11, 0.0}});
  ten.fit(ht::array(X10, 0), ht::array(y10, 0));
  CHECK(all_ranks(ten.classes().to_xarray() == y10));
  // test_gnb_naive_bayes_scale_invariance: iris scaled by 1e-10, 1, 1e10 predicts alike.
  const auto iris = nb_ref("iris", "X");
  const auto iy = ht::array(sklearn_ref<I>("nb_iris_y"), 0);
  std::optional<xt::xarray<I>> first;
  bool same = true;
  for (const double f : {1e-10, 1.0, 1e10}) {
    const auto x = ht::array(xt::xarray<double>(f * iris), 0);
    const xt::xarray<I> got = NB().fit(x, iy).predict(x).to_xarray();
    if (!first) first = got;
    same = same && got == *first;
  }
  CHECK(all_ranks(same));
}

namespace {

/// n rows of d features, labels (7 i) % classes: every rank of a split holds every class.
std::pair<xt::xarray<double>, xt::xarray<I>> many_features(std::int64_t n, std::int64_t d, std::int64_t classes) {
  xt::xarray<double> X = xt::empty<double>({static_cast<std::size_t>(n), static_cast<std::size_t>(d)});
  xt::xarray<I> y = xt::empty<I>({static_cast<std::size_t>(n)});
  for (std::int64_t i = 0; i < n; ++i) {
    y(i) = (7 * i) % classes;
    for (std::int64_t j = 0; j < d; ++j)
      X(i, j) = std::sin(0.37 * double(i) + 1.3 * double(j)) + 0.1 * double(y(i) * j % 11);
  }
  return {X, y};
}

bool same_model(const ht::naive_bayes::GaussianNB<double>& a, const ht::naive_bayes::GaussianNB<double>& b) {
  return a.theta().to_xarray() == b.theta().to_xarray() && a.var().to_xarray() == b.var().to_xarray() &&
         a.class_count().to_xarray() == b.class_count().to_xarray() && a.epsilon() == b.epsilon();
}

}  // namespace

TEST_CASE("GaussianNB: one collective per fit; a second only for the classes beyond a rank's slot",
          "[ml][naive_bayes]") {
  // Counted by PMPI (support/mpi_calls.hpp), MPI's count limit lifted so that
  // a collective is one MPI call. digits: 64 features, 10 classes (fit's
  // slots hold 16). Then 400 features (slots of 3 classes) with 10 classes on
  // every rank: fit takes two collectives, a partial_fit told the 10 classes
  // one, with the same bits.
  using NB = ht::naive_bayes::GaussianNB<double>;
  using ht::testing::mpi_calls_of;
  const std::int64_t limit = ht::mpi_count_limit();
  ht::set_mpi_count_limit(std::numeric_limits<int>::max());
  const auto X = ht::array(nb_ref("digits", "X"), 0);
  const auto y = ht::array(sklearn_ref<I>("nb_digits_y"), 0);
  NB nb;
  const auto fit = mpi_calls_of([&] { nb.fit(X, y); });
  const auto first = mpi_calls_of([&] { nb.partial_fit(X, y); });
  NB told;
  const auto told_first = mpi_calls_of([&] { told.partial_fit(X, y, std::vector<I>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}); });
  const auto Xr = ht::array(nb_ref("digits", "X"));
  const auto yr = ht::array(sklearn_ref<I>("nb_digits_y"));
  const auto replicated = mpi_calls_of([&] { NB().fit(Xr, yr); });
  CAPTURE(fit.collectives, fit.sends, first.collectives, told_first.collectives, replicated.collectives);
  CHECK(all_ranks(fit.collectives == 1 && fit.sends == 0));
  // A replicated X: no summaries travel; its one collective is the NaN agreement's.
  CHECK(all_ranks(first.collectives == 1 && told_first.collectives == 1 && replicated.collectives == 1));
  const auto wide_data = many_features(60, 400, 10);  // no structured binding: clang's lambdas cannot capture one
  const xt::xarray<double>& Xw = wide_data.first;
  const xt::xarray<I>& yw = wide_data.second;
  REQUIRE(ht::naive_bayes::detail::default_capacity(400) == 3);
  NB wide, wide_told;
  const auto xw = ht::array(Xw, 0);
  const auto ywd = ht::array(yw, 0);
  const auto wide_fit = mpi_calls_of([&] { wide.fit(xw, ywd); });
  const auto wide_first = mpi_calls_of([&] {
    wide_told.partial_fit(xw, ywd, std::vector<I>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
  });
  CAPTURE(wide_fit.collectives, wide_first.collectives);
  CHECK(all_ranks(wide_fit.collectives == 2 && wide_first.collectives == 1));
  CHECK(all_ranks(same_model(wide, wide_told)));
  ht::set_mpi_count_limit(limit);
  // The same bits at every capacity, every layout (the last one: all rows on the last rank).
  const auto xs = layouts(Xw);
  bool same = true;
  for (std::size_t l = 0; l < xs.size(); ++l) {
    const auto x = xs[l].split() == ht::split_t{1} ? ht::resplit(xs[l], 0) : xs[l];
    const auto yl = ht::ml::detail::rows_like(x, ht::array(yw, 0));
    const auto xb = ht::detail::host_block(x);
    const auto yb = ht::detail::host_block(yl);
    const auto at = [&](std::int64_t capacity) {
      return ht::naive_bayes::detail::gather_class_moments(x.comm(), x.split().has_value(), xb.data(), yb.data(),
                                                           x.lshape()[0], 400, x.offset(), "test", capacity);
    };
    const auto one = at(10);
    for (const std::int64_t c : {1, 3, 9, 16}) {
      const auto m = at(c);
      same = same && m.labels == one.labels && m.count == one.count && m.mean == one.mean && m.var == one.var &&
             m.all_var == one.all_var;
    }
    if (!same) UNSCOPED_INFO("layout " << l);
  }
  CHECK(all_ranks(same));
  // A NaN on the last rank when slots overflow: ValueError everywhere before the second collective.
  xt::xarray<double> bad = Xw;
  bad(59, 399) = std::numeric_limits<double>::quiet_NaN();
  CHECK(throws_everywhere<ht::ValueError>([&] { NB().fit(ht::array(bad, 0), ht::array(yw, 0)); }));
}

TEST_CASE("GaussianNB: bad input throws ValueError on every rank", "[ml][naive_bayes][errors]") {
  using NB = ht::naive_bayes::GaussianNB<double>;
  const auto X = nb_ref("iris", "X");
  const xt::xarray<I> y = sklearn_ref<I>("nb_iris_y");
  const auto x = ht::array(X, 0);
  const auto yy = ht::array(y, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([] { NB({.var_smoothing = -1}); }));
  // test_gnb_wrong_nb_priors, test_gnb_prior_greater_one, test_gnb_neg_priors.
  REQUIRE(throws_everywhere<ht::ValueError>([&] { NB({.priors = {0.25, 0.25, 0.25, 0.25}}).fit(x, yy); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { NB({.priors = {2.0, 1.0, 1.0}}).fit(x, yy); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { NB({.priors = {-0.5, 0.5, 1.0}}).fit(x, yy); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { NB().fit(ht::zeros<double>({150}), yy); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { NB().fit(x, ht::zeros<I>({149}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { (void)NB().theta(); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { NB().fit(x, yy).predict(ht::zeros<double>({3, 5}, 0)); }));
  // partial_fit: classes on the first call; a label outside them later; other features; other classes.
  REQUIRE(throws_everywhere<ht::ValueError>([&] { NB().partial_fit(x, yy); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { NB().partial_fit(x, yy, std::vector<I>{0, 1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    NB nb;
    nb.partial_fit(x, yy, std::vector<I>{0, 1, 2});
    xt::xarray<I> unseen = y;
    unseen(149) = 5;  // on the last rank only
    nb.partial_fit(x, ht::array(unseen, 0));
  }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    NB nb;
    nb.partial_fit(x, yy, std::vector<I>{0, 1, 2});
    nb.partial_fit(ht::zeros<double>({4, 3}, 0), ht::zeros<I>({4}, 0));
  }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    NB nb;
    nb.partial_fit(x, yy, std::vector<I>{0, 1, 2});
    nb.partial_fit(x, yy, std::vector<I>{0, 1, 2, 3});
  }));
  // NaN or inf on the last rank only, in fit and in predict.
  for (const double v : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    xt::xarray<double> bad = X;
    bad(149, 1) = v;
    CHECK(throws_everywhere<ht::ValueError>([&] { NB().fit(ht::array(bad, 0), yy); }));
    CHECK(throws_everywhere<ht::ValueError>([&] { NB().fit(x, yy).predict_proba(ht::array(bad, 0)); }));
  }
}
