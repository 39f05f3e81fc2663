// train_test_split: scikit-learn's sizes and errors (ports of its
// test_split.py: test_train_test_split, test_train_test_split_default_test_size,
// test_train_test_split_errors) and the rows' consistency at every layout.
#include "ml/references.hpp"

#include <heat/ml/model_selection.hpp>

#include <algorithm>
#include <set>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::throws_everywhere;
namespace ms = ht::model_selection;

TEST_CASE("train_test_split: scikit-learn's sizes; X and y cut by the same rows", "[ml][model_selection]") {
  // test_train_test_split: X = arange(100).reshape(10, 10), y = arange(10):
  // the first column of each part is ten times its y.
  const xt::xarray<double> X = xt::reshape_view(xt::arange<double>(100), {10, 10});
  const xt::xarray<std::int64_t> y = xt::arange<std::int64_t>(10);
  bool ok = true;
  // (train_size, test_size) -> (n_train, n_test), as scikit-learn.
  struct sizes {
    std::optional<ms::split_size> train, test;
    std::int64_t n_train, n_test;
  };
  const std::vector<sizes> cases = {{std::nullopt, std::nullopt, 7, 3},
                                    {0.8, std::nullopt, 8, 2},
                                    {0.5, std::nullopt, 5, 5},
                                    {std::nullopt, 0.25, 7, 3},
                                    {std::nullopt, std::int64_t{4}, 6, 4},
                                    {std::int64_t{3}, 0.33, 3, 4},
                                    {0.35, 0.35, 3, 4}};
  // The replicated split is the reference of every layout (the same permutation at every rank count).
  for (const auto& c : cases) {
    const ms::split_options o{.test_size = c.test, .train_size = c.train, .random_state = 3};
    const auto [rx, ry] = ms::train_test_split(ht::array(X), ht::array(y), o);
    const auto want_train = rx.train.to_xarray(), want_test = rx.test.to_xarray();
    for (const auto& x : layouts(X))
      for (const auto& yy : {ht::array(y), ht::array(y, 0), ht::testing::on_last_rank(y, 0)}) {
        const auto [px, py] = ms::train_test_split(x, yy, o);
        const auto xtr = px.train.to_xarray(), xte = px.test.to_xarray();
        const auto ytr = py.train.to_xarray(), yte = py.test.to_xarray();
        bool good = xtr.shape()[0] == static_cast<std::size_t>(c.n_train) &&
                    xte.shape()[0] == static_cast<std::size_t>(c.n_test) && ytr.size() == xtr.shape()[0] &&
                    yte.size() == xte.shape()[0] && xtr == want_train && xte == want_test;
        good = good && xt::view(xtr, xt::all(), 0) == xt::cast<double>(ytr) * 10.0 &&
               xt::view(xte, xt::all(), 0) == xt::cast<double>(yte) * 10.0;
        // Distinct rows, none in both parts.
        std::set<std::int64_t> seen(ytr.begin(), ytr.end());
        seen.insert(yte.begin(), yte.end());
        good = good && seen.size() == static_cast<std::size_t>(c.n_train + c.n_test);
        const ht::split_t rows = x.split() == 0 ? ht::split_t{0} : x.split();
        good = good && px.train.split() == rows && py.train.split() == (yy.split() ? ht::split_t{0} : ht::none);
        CAPTURE(c.n_train, c.n_test, x.split(), yy.split(), ytr, yte);
        ok = ok && good;
      }
  }
  // Shuffled: not the first rows; a random_state leaves ht::random's stream alone.
  ht::random::seed(5);
  const auto before = ht::random::rand<double>({4}).to_xarray();
  ht::random::seed(5);
  const auto [sx, sy] = ms::train_test_split(ht::array(X, 0), ht::array(y, 0), {.random_state = 0});
  const auto after = ht::random::rand<double>({4}).to_xarray();
  const auto shuffled = sy.train.to_xarray();
  ok = ok && before == after && shuffled != xt::xarray<std::int64_t>(xt::arange<std::int64_t>(7));
  // Not shuffled: the first n_train rows, then the next n_test.
  const auto [nx, ny] = ms::train_test_split(ht::array(X, 0), ht::array(y, 0), {.test_size = 0.2, .shuffle = false});
  ok = ok && ny.train.to_xarray() == xt::xarray<std::int64_t>(xt::arange<std::int64_t>(8)) &&
       ny.test.to_xarray() == xt::xarray<std::int64_t>{8, 9} &&
       nx.test.to_xarray() == xt::xarray<double>(xt::view(X, xt::range(8, 10)));
  // One array alone.
  const auto one = ms::train_test_split(ht::array(X, 1), {.test_size = std::int64_t{2}, .random_state = 3});
  ok = ok && one.test.shape() == ht::shape_t{2, 10} && one.train.shape() == ht::shape_t{8, 10} &&
       one.train.split() == ht::split_t{1};
  REQUIRE(all_ranks(ok));
}

TEST_CASE("train_test_split: scikit-learn's errors, the same on every rank", "[ml][model_selection][errors]") {
  // test_train_test_split_errors and _validate_shuffle_split's checks.
  const auto X = ht::zeros<double>({10, 2}, 0);
  const auto y = ht::zeros<std::int64_t>({10}, 0);
  for (const ms::split_options& o :
       {ms::split_options{.test_size = 1.0}, ms::split_options{.test_size = 0.0}, ms::split_options{.test_size = -0.2},
        ms::split_options{.test_size = std::int64_t{11}}, ms::split_options{.test_size = std::int64_t{0}},
        ms::split_options{.train_size = 1.1}, ms::split_options{.test_size = 0.6, .train_size = 0.6},
        ms::split_options{.test_size = std::int64_t{8}, .train_size = std::int64_t{3}},
        ms::split_options{.test_size = 0.95}})
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ms::train_test_split(X, y, o); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ms::train_test_split(X, ht::zeros<std::int64_t>({9}, 0)); }));
}
