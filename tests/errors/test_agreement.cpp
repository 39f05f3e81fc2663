// Decisions that depend on values every rank must agree on: NaN and inf in
// the reductions (one rank holds them, every rank gets the same bits), in
// the estimators (every rank refuses), and the all-reduced doubles that
// Lasso's coordinate updates branch on (the same bits on every rank).
#include "support/testing.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

using ht::testing::all_ranks;
using ht::testing::throws_everywhere;

namespace {

/// The same bits on every rank (NaN included: compared as integers).
bool same_bits_everywhere(double v) {
  std::int64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const auto world = ht::comm_world();
  return ht::allreduce(world, bits, ht::reduce_op::min) == ht::allreduce(world, bits, ht::reduce_op::max);
}

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("NaN and inf held by one rank: min, max, argmin, argmax, sum agree everywhere", "[agreement]") {
  // 9 values: at 2+ ranks the NaN (index 7) and the infinities (2, 5) lie on
  // other ranks than the first values. NumPy: min/max/sum are nan, argmin
  // and argmax the first NaN (7).
  const xt::xarray<double> values{1.0, 4.0, infinity, -2.0, 3.0, -infinity, 0.5, not_a_number, 2.0};
  bool ok = true;
  for (const auto& x : ht::testing::layouts(values)) {
    const double mn = ht::min(x).item(), mx = ht::max(x).item(), s = ht::sum(x).item();
    const auto amin = ht::argmin(x).item(), amax = ht::argmax(x).item();
    ok = ok && std::isnan(mn) && std::isnan(mx) && std::isnan(s) && amin == 7 && amax == 7;
    ok = ok && same_bits_everywhere(mn) && same_bits_everywhere(mx) && same_bits_everywhere(s) &&
         same_bits_everywhere(static_cast<double>(amin)) && same_bits_everywhere(static_cast<double>(amax));
  }
  // Without the NaN: the infinities decide, on every rank.
  const xt::xarray<double> no_nan{1.0, 4.0, infinity, -2.0, 3.0, -infinity, 0.5, 7.0, 2.0};
  for (const auto& x : ht::testing::layouts(no_nan)) {
    const double mn = ht::min(x).item(), mx = ht::max(x).item();
    ok = ok && mn == -infinity && mx == infinity && ht::argmin(x).item() == 5 && ht::argmax(x).item() == 2 &&
         std::isnan(ht::sum(x).item()) && same_bits_everywhere(mn) && same_bits_everywhere(mx);
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("estimators refuse NaN or inf held by one rank, on every rank", "[agreement][errors]") {
  // The bad value sits in the last row: at 2+ ranks only the last rank holds it.
  for (const double bad : {not_a_number, infinity, -infinity}) {
    xt::xarray<double> X{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}};
    xt::xarray<double> y{0, 1, 2, 3, 4, 5};
    xt::xarray<double> Xbad = X, ybad = y;
    Xbad(5, 1) = bad;
    ybad(5) = bad;
    const auto Xd = ht::array(X, 0), Xb = ht::array(Xbad, 0), yd = ht::array(y, 0), yb = ht::array(ybad, 0);
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::cluster::KMeans<double>({.n_clusters = 2}).fit(Xb); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::cluster::KMedians<double>({.n_clusters = 2}).fit(Xb); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::regression::Lasso<double>().fit(Xb, yd); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::regression::Lasso<double>().fit(Xd, yb); }));
  }
}

TEST_CASE("all-reduced doubles have the same bits on every rank", "[agreement][comm]") {
  // Sums whose value depends on the order of the additions (magnitudes 1e16
  // apart): whatever order MPICH uses, every rank must get the same bits,
  // or Lasso's per-coordinate updates would branch differently.
  const auto world = ht::comm_world();
  const int r = world.rank();
  Kokkos::View<double*, Kokkos::HostSpace> v("agreement", 64);
  for (int i = 0; i < 64; ++i) v(i) = (i + r) % 3 == 0 ? 1e16 * (r + 1) : 1.0 + 0.1 * (i + r) - (r % 2 ? 1e16 : 0);
  ht::allreduce(world, v, ht::reduce_op::sum);
  bool ok = true;
  for (int i = 0; i < 64; ++i) ok = ok && same_bits_everywhere(v(i));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("Lasso's coordinate decisions agree: the residual solver's coefficients are the same bits everywhere",
          "[agreement][lasso]") {
  // 40 x 12, each column correlated with its neighbour (condition number
  // ~3, so the fit converges in ~15 sweeps: every collective is slow on
  // oversubscribed ranks); the residual solver makes one scalar collective
  // per coordinate and branches on it (soft threshold, working set, gap
  // check). Every rank must hold the same coefficients.
  xt::xarray<double> Z = xt::zeros<double>({40, 12}), X = xt::zeros<double>({40, 12}), y = xt::zeros<double>({40});
  for (std::size_t i = 0; i < 40; ++i)
    for (std::size_t j = 0; j < 12; ++j)
      Z(i, j) = std::sin(0.37 * static_cast<double>(i * 12 + j) * (1 + 0.1 * static_cast<double>(j)));
  for (std::size_t i = 0; i < 40; ++i) {
    for (std::size_t j = 0; j < 12; ++j) X(i, j) = Z(i, j) + 0.5 * Z(i, (j + 11) % 12);
    y(i) = 3 * X(i, 1) - 2 * X(i, 7) + 0.1 * std::sin(static_cast<double>(i));
  }
  ht::regression::Lasso<double> lasso({.lam = 0.01, .tol = 1e-10, .solver = "residual"});
  lasso.fit(ht::array(X, 0), ht::array(y, 0));
  const auto coef = lasso.coef().to_xarray();
  bool ok = lasso.n_iter() < 100 && same_bits_everywhere(lasso.intercept()) &&
            same_bits_everywhere(static_cast<double>(lasso.n_iter()));
  for (const double c : coef) ok = ok && same_bits_everywhere(c);
  REQUIRE(all_ranks(ok));
}
