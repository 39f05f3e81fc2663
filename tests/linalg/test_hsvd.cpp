// HeAT's hierarchical SVD (heat/linalg/hsvd.hpp). The cases are ported from
// HeAT's heat/core/linalg/tests/test_svdtools.py (test_hsvd_rank_part1 and
// part2: orthonormal exact factor, the rank asked for, the true error below
// the estimate, below rtol for hsvd_rtol; the singular values of a matrix of
// known rank; the zero matrix; the parameter checks), run at every layout
// (replicated, split 0, split 1, everything on the last rank along either
// axis) instead of HeAT's one split per matrix. The oracle is xtensor-blas'
// SVD of the whole matrix, or the singular values the matrix was built with.
#include "support/testing.hpp"

#include <heat/linalg/hsvd.hpp>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xrandom.hpp>

#include <cmath>
#include <limits>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

/// Every layout of a, plus all of its columns on the last rank.
template <class T>
std::vector<ht::DNDarray<T>> every_layout(const xt::xarray<T>& a) {
  auto out = layouts(a);
  out.push_back(ht::testing::on_last_rank(a, 1));
  return out;
}

std::string layout_name(const ht::DNDarray<double>& x) { return x.split() ? std::to_string(*x.split()) : "none"; }
std::string layout_name(const ht::DNDarray<float>& x) { return x.split() ? std::to_string(*x.split()) : "none"; }

/// What HeAT's test checks of one result, in double.
struct factors {
  xt::xarray<double> u, s, vt;
  double orth = 0;      ///< ||F^T F - I||_F / sqrt(r) of the exact factor (U for split 1, else V)
  double true_err = 0;  ///< ||A - U diag(S) Vt||_F / ||A||_F
};

template <class T>
factors measure(const ht::linalg::hsvd_result<T>& f, const xt::xarray<double>& a, bool by_columns) {
  factors m{xt::cast<double>(f.U.to_xarray()), xt::cast<double>(f.S.to_xarray()), xt::cast<double>(f.Vt.to_xarray())};
  const auto r = static_cast<double>(m.s.size());
  const xt::xarray<double> g =
      by_columns ? xt::linalg::dot(xt::transpose(m.u), m.u) : xt::linalg::dot(m.vt, xt::transpose(m.vt));
  m.orth = std::sqrt(xt::sum(xt::square(g - xt::eye<double>(m.s.size())))()) / std::sqrt(r);
  const xt::xarray<double> back = xt::linalg::dot(m.u * xt::view(m.s, xt::newaxis(), xt::all()), m.vt);
  const double norm = std::sqrt(xt::sum(xt::square(a))());
  m.true_err = norm > 0 ? std::sqrt(xt::sum(xt::square(back - a))()) / norm : 0.0;
  return m;
}

/// Normal values (the same on every rank: one seed).
template <class T>
xt::xarray<T> normal(std::size_t n, std::size_t k, int seed) {
  xt::random::seed(seed);
  return xt::cast<T>(xt::random::randn<double>({n, k}));
}

/// test_hsvd_rank_part1 for one matrix in every layout.
template <class T>
bool random_matrix_case(const xt::xarray<T>& a) {
  const double tol = std::is_same_v<T, float> ? 1e-3 : 1e-8, slack = std::is_same_v<T, float> ? 1e-5 : 1e-12;
  const xt::xarray<double> ad = xt::cast<double>(a);
  bool ok = true;
  for (const auto& x : every_layout(a)) {
    const bool by_columns = x.split() == 1;
    for (const std::int64_t r : {5, 10, 15}) {
      const auto f = ht::linalg::hsvd_rank(x, r);
      const factors m = measure(f, ad, by_columns);
      const bool here = static_cast<std::int64_t>(m.s.size()) == r && m.orth <= tol &&
                        m.true_err <= f.rel_error_estimate + slack && f.U.shape() == ht::shape_t{x.shape()[0], r} &&
                        f.U.split() == (x.split() == 0 ? ht::split_t{0} : ht::split_t{}) && !f.precision_lost;
      if (!here)
        UNSCOPED_INFO("hsvd_rank " << r << " split " << layout_name(x) << ": rank " << m.s.size() << " orth " << m.orth
                                   << " true error " << m.true_err << " estimate " << f.rel_error_estimate);
      ok = ok && here;
    }
    for (const double rtol : {1e-1, 1e-2, 1e-3}) {
      const auto f = ht::linalg::hsvd_rtol(x, rtol);
      const factors m = measure(f, ad, by_columns);
      const bool here = m.orth <= tol && m.true_err <= f.rel_error_estimate + slack && m.true_err <= rtol + slack;
      if (!here)
        UNSCOPED_INFO("hsvd_rtol " << rtol << " split " << layout_name(x) << ": rank " << m.s.size() << " orth "
                                   << m.orth << " true error " << m.true_err << " estimate " << f.rel_error_estimate);
      ok = ok && here;
    }
  }
  return ok;
}

/// U0 diag(s0) V0^T with orthonormal U0 (n x rank), V0 (k x rank): HeAT's random_known_rank.
xt::xarray<double> known_rank(std::size_t n, std::size_t k, const xt::xarray<double>& s0) {
  const std::size_t rank = s0.size();
  const xt::xarray<double> u0 = std::get<0>(xt::linalg::qr(normal<double>(n, rank, 5), xt::linalg::qrmode::reduced));
  const xt::xarray<double> v0 = std::get<0>(xt::linalg::qr(normal<double>(k, rank, 6), xt::linalg::qrmode::reduced));
  return xt::linalg::dot(u0 * xt::view(s0, xt::newaxis(), xt::all()), xt::transpose(v0));
}

/// LAPACK's Vt of a, each row's largest |value| positive (hsvd's sign rule).
xt::xarray<double> oracle_vt(const xt::xarray<double>& a) {
  xt::xarray<double> vt = std::get<2>(xt::linalg::svd(a, false, true));
  for (std::size_t i = 0; i < vt.shape(0); ++i) {
    std::size_t at = 0;
    for (std::size_t j = 1; j < vt.shape(1); ++j)
      if (std::fabs(vt(i, j)) > std::fabs(vt(i, at))) at = j;
    if (vt(i, at) < 0) xt::row(vt, i) *= -1.0;
  }
  return vt;
}

}  // namespace

TEMPLATE_TEST_CASE("hsvd: HeAT's random-matrix checks at every layout (rank, orthonormality, error estimate, rtol)",
                   "[linalg][hsvd]", double, float) {
  using T = TestType;
  REQUIRE(all_ranks(random_matrix_case(normal<T>(50, 60, 1))));
  REQUIRE(all_ranks(random_matrix_case(normal<T>(60, 50, 2))));
}

TEMPLATE_TEST_CASE("hsvd: exact for a matrix of known rank (HeAT's part 2), every layout and tree", "[linalg][hsvd]",
                   double, float) {
  using T = TestType;
  const double tol = std::is_same_v<T, float> ? 1e-3 : 1e-10;
  const xt::xarray<double> s0{10.5, 9.5, 8.5, 7.5, 6.5, 5.5, 4.5, 3.5, 2.5, 1.5};
  for (const auto& shape : {std::pair<std::size_t, std::size_t>{50, 60}, {60, 50}}) {
    const xt::xarray<double> a = known_rank(shape.first, shape.second, s0);
    const xt::xarray<double> vt0 = xt::view(oracle_vt(a), xt::range(0, 10), xt::all());
    bool ok = true;
    for (const auto& x : every_layout(xt::xarray<T>(xt::cast<T>(a)))) {
      ht::linalg::hsvd_options binary;
      binary.no_of_merges = 2;
      for (const auto& f : {ht::linalg::hsvd_rank(x, 10), ht::linalg::hsvd_rank(x, 12),
                            ht::linalg::hsvd_rtol(x, 1e-2 * tol), ht::linalg::hsvd_rtol(x, 1e-2 * tol, binary)}) {
        const factors m = measure(f, a, x.split() == 1);
        const xt::xarray<double> s = xt::view(m.s, xt::range(0, 10));
        const xt::xarray<double> vt = xt::view(m.vt, xt::range(0, 10), xt::all());
        const double s_err = std::sqrt(xt::sum(xt::square(s - s0))()) / std::sqrt(xt::sum(xt::square(s0))());
        const bool here = m.s.size() >= 10 && s_err <= tol && xt::amax(xt::abs(vt - vt0))() <= 10 * tol &&
                          m.true_err <= 10 * tol && f.rel_error_estimate <= 10 * tol;
        if (!here)
          UNSCOPED_INFO("shape " << shape.first << "x" << shape.second << " split " << layout_name(x) << ": rank "
                                 << m.s.size() << " s error " << s_err << " true error " << m.true_err);
        ok = ok && here;
      }
      // hsvd_rtol keeps the true rank: the values beyond it are noise (in double: float's rounding
      // leaves values above its noise level).
      if constexpr (std::is_same_v<T, double>) ok = ok && ht::linalg::hsvd_rtol(x, 1e-2 * tol).S.shape()[0] == 10;
    }
    REQUIRE(all_ranks(ok));
  }
}

TEST_CASE("hsvd: the zero matrix gives rank 1 and zero factors; a capped rank reports lost precision",
          "[linalg][hsvd]") {
  bool ok = true;
  for (const auto& x : every_layout(xt::xarray<double>(xt::zeros<double>({20, 12})))) {
    for (const auto& f : {ht::linalg::hsvd_rank(x, 5), ht::linalg::hsvd_rtol(x, 0.1)})
      ok = ok && f.S.shape()[0] == 1 && xt::amax(xt::abs(f.U.to_xarray()))() == 0.0 && f.S.to_xarray()(0) == 0.0 &&
           xt::amax(xt::abs(f.Vt.to_xarray()))() == 0.0 && f.rel_error_estimate == 0.0;
  }
  const xt::xarray<double> a = normal<double>(40, 30, 3);
  ht::linalg::hsvd_options capped;
  capped.maxrank = 2;
  for (const auto& x : every_layout(a)) {
    const auto f = ht::linalg::hsvd_rtol(x, 1e-3, capped);
    const factors m = measure(f, a, x.split() == 1);
    ok = ok && f.precision_lost && f.S.shape()[0] == 2 && f.rel_error_estimate > 1e-3 &&
         m.true_err <= f.rel_error_estimate + 1e-12;
  }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("hsvd: bad input throws ValueError on every rank", "[linalg][hsvd][errors]") {
  const auto A = ht::array(normal<double>(30, 20, 4), 1);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rank(A, 5, {.maxmergedim = 4}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rank(A, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rank(A, 3, {.safetyshift = -1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rtol(A, 0.1, {.maxmergedim = 4}); }));
  REQUIRE(
      throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rtol(A, 0.1, {.maxrank = 11, .maxmergedim = 10}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rtol(A, 0.1, {.no_of_merges = 1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rtol(A, 0.0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::linalg::hsvd_rank(ht::zeros<double>({15}, 0), 5); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::linalg::hsvd_rtol(ht::zeros<double>({4, 4, 4}, 1), 0.1); }));
  xt::xarray<double> a = xt::ones<double>({12, 9});
  a(11, 8) = std::numeric_limits<double>::quiet_NaN();  // on the last rank only when split
  for (const auto& x : every_layout(a)) {
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rank(x, 2); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd_rtol(x, 0.1); }));
  }
}
