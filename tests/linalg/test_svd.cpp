#include "support/testing.hpp"

#include <heat/linalg/svd.hpp>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xrandom.hpp>

#include <cmath>
#include <limits>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

/// The oracle: LAPACK's SVD of the whole matrix in double, with the sign
/// rule of the contract (each row of Vt's largest |value| positive).
std::pair<xt::xarray<double>, xt::xarray<double>> oracle(const xt::xarray<double>& a) {
  auto [u, s, vt] = xt::linalg::svd(a, false, true);
  xt::xarray<double> v = vt;
  for (std::size_t i = 0; i < v.shape(0); ++i) {
    std::size_t at = 0;
    for (std::size_t j = 1; j < v.shape(1); ++j)
      if (std::fabs(v(i, j)) > std::fabs(v(i, at))) at = j;
    if (v(i, at) < 0) xt::row(v, i) *= -1.0;
  }
  return {xt::xarray<double>(s), v};
}

template <class T>
bool near(const xt::xarray<T>& a, const xt::xarray<double>& b, double tol) {
  if (a.shape() != b.shape()) return false;
  const double scale = std::max(1.0, static_cast<double>(xt::amax(xt::abs(b))()));
  return xt::amax(xt::abs(xt::cast<double>(a) - b))() <= tol * scale;
}

}  // namespace

TEMPLATE_TEST_CASE("svd: U S Vt = A, orthonormal factors, LAPACK's values, every shape and layout", "[linalg][svd]",
                   double, float) {
  using T = TestType;
  const double tol = std::is_same_v<T, float> ? 2e-4 : 1e-10;
  // Tall (TSQR; at np 3-4 ranks hold fewer rows than columns), square, wide.
  for (const ht::shape_t& shape : {ht::shape_t{40, 6}, ht::shape_t{9, 4}, ht::shape_t{5, 5}, ht::shape_t{4, 7}}) {
    // Full rank, distinct singular values: normal values (the same on every
    // rank: one seed), columns scaled apart.
    xt::random::seed(11);
    xt::xarray<T> a = xt::random::randn<T>({static_cast<std::size_t>(shape[0]), static_cast<std::size_t>(shape[1])});
    for (std::size_t j = 0; j < a.shape(1); ++j) xt::col(a, j) *= T(1 + j);
    const auto [s_ref, vt_ref] = oracle(xt::cast<double>(a));
    const auto m = static_cast<std::size_t>(std::min(shape[0], shape[1]));
    bool ok = true;
    for (const auto& x : layouts(a)) {
      const auto [U, S, Vt] = ht::linalg::svd(x);
      const auto u = U.to_xarray();
      const auto s = S.to_xarray(), vt = Vt.to_xarray();
      const xt::xarray<double> ud = xt::cast<double>(u), vd = xt::cast<double>(vt);
      const xt::xarray<double> back = xt::linalg::dot(ud * xt::view(xt::cast<double>(s), xt::newaxis(), xt::all()), vd);
      const bool here =
          near(s, s_ref, tol) && near(vt, vt_ref, 10 * tol) &&
          near(xt::xarray<T>(back), xt::cast<double>(a), 10 * tol) &&
          near(xt::xarray<double>(xt::linalg::dot(xt::transpose(ud), ud)), xt::eye<double>(m), 10 * tol) &&
          S.split() == ht::none && Vt.split() == ht::none &&
          U.split() == (x.split() == 0 || (x.split() == 1 && shape[0] >= shape[1]) ? ht::split_t{0} : ht::split_t{});
      if (!here)
        UNSCOPED_INFO("shape " << ht::to_string(shape) << " split " << (x.split() ? *x.split() : -1) << " s "
                               << near(s, s_ref, tol) << " vt " << near(vt, vt_ref, 10 * tol) << " back "
                               << near(xt::xarray<T>(back), xt::cast<double>(a), 10 * tol) << " U split "
                               << (U.split() ? *U.split() : -1) << " u shape " << ht::to_string(U.shape()));
      ok = ok && here;
    }
    REQUIRE(all_ranks(ok));
  }
}

TEMPLATE_TEST_CASE("svd: S and Vt of tall blocks in many chunks, shifted or not, as LAPACK gives them",
                   "[linalg][svd][big]", double, float) {
  using T = TestType;
  const double tol = std::is_same_v<T, float> ? 2e-4 : 1e-10;
  // Tall enough for several of qr.hpp's chunks at np 1-2: 7 columns (8192
  // rows a chunk), and 100 at np 1 in double (5242 rows a chunk, sized by
  // its 4 MiB; float's chunk holds 8192); with HEAT_TEST_FINE_SLICES several
  // thread slices too, their factors stacked and factored again. Columns
  // resplit to rows are the other svd tests'. [big]: not in valgrind's run.
  for (const ht::shape_t& shape : {ht::shape_t{20000, 7}, ht::shape_t{6000, 100}}) {
    xt::random::seed(5);
    xt::xarray<T> a = xt::random::randn<T>({static_cast<std::size_t>(shape[0]), static_cast<std::size_t>(shape[1])});
    for (std::size_t j = 0; j < a.shape(1); ++j) xt::col(a, j) = xt::col(a, j) * T(1 + j) + T(100);
    const xt::xarray<T> shift = xt::mean(a, {0}) + T(0.5);
    const auto [s_ref, vt_ref] = oracle(xt::cast<double>(a));
    const auto [c_ref, ct_ref] = oracle(xt::cast<double>(a) - xt::cast<double>(shift));
    bool ok = true;
    for (const auto& x : layouts(a)) {
      if (x.split() == 1) continue;
      const auto [S, Vt] = ht::linalg::singular_values_vt(x);
      const auto [C, Ct] = ht::linalg::detail::shifted_s_vt(x, shift.data());
      const bool here = near(S.to_xarray(), s_ref, tol) && near(Vt.to_xarray(), vt_ref, 10 * tol) &&
                        near(C.to_xarray(), c_ref, tol) && near(Ct.to_xarray(), ct_ref, 10 * tol);
      if (!here) UNSCOPED_INFO("shape " << ht::to_string(shape) << " split " << (x.split() ? *x.split() : -1));
      ok = ok && here;
    }
    REQUIRE(all_ranks(ok));
  }
  // NaN in a late chunk of the last rank's rows: ValueError on every rank.
  xt::xarray<T> b = xt::ones<T>({20000, 3});
  for (std::size_t i = 0; i < b.shape(0); ++i) b(i, i % 3) += T(i % 7);
  b(19990, 2) = std::numeric_limits<T>::quiet_NaN();
  for (const auto& x : layouts(b))
    if (x.split() != 1) REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::singular_values_vt(x); }));
}

TEST_CASE("svd: bad input throws ValueError on every rank", "[linalg][svd][errors]") {
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::linalg::svd(ht::zeros<double>({5})); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::linalg::svd(ht::zeros<double>({0, 3}, 0)); }));
  xt::xarray<double> a = xt::ones<double>({12, 3});
  a(11, 1) = std::numeric_limits<double>::quiet_NaN();  // on the last rank only
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::svd(ht::array(a, 0)); }));
  a(11, 1) = std::numeric_limits<double>::infinity();
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::svd(ht::array(a, 1)); }));
}
