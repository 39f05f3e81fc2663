// heat/linalg/dense.hpp, norms.hpp, cg.hpp and cov.hpp against NumPy's
// answers (tests/reference/make_dense.py) at every layout of the operands.
#include "support/testing.hpp"

#include <heat/linalg.hpp>
#include "support/numpy_reference.hpp"

#include <cmath>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::numpy_ref;
using ht::testing::throws_everywhere;

namespace {

/// got within rel of want's largest magnitude, shapes equal (a 0-d result
/// against NumPy's saved (1,)).
template <class T>
bool near(const ht::DNDarray<T>& got, const xt::xarray<double>& want, double rel) {
  const xt::xarray<T> g = got.to_xarray();
  if (!(got.ndim() == 0 && want.size() == 1) &&
      !std::equal(g.shape().begin(), g.shape().end(), want.shape().begin(), want.shape().end()))
    return false;
  const double scale = xt::amax(xt::abs(want))();
  for (std::size_t i = 0; i < want.size(); ++i)
    if (!(std::abs(static_cast<double>(g.flat(i)) - want.flat(i)) <= rel * scale)) return false;
  return true;
}

}  // namespace

TEST_CASE("det, inv and solve match NumPy at every layout", "[linalg][dense]") {
  const auto A = numpy_ref<double>("dense_A"), S = numpy_ref<double>("dense_S"), B = numpy_ref<double>("dense_B"),
             b = numpy_ref<double>("dense_b");
  for (const auto& a : layouts(A)) {
    CAPTURE(ht::to_string(a.split()), a.lshape()[0]);
    REQUIRE(all_ranks(near(ht::linalg::det(a), numpy_ref<double>("dense_det_A"), 1e-13)));
    const auto ai = ht::linalg::inv(a);
    REQUIRE(ai.split() == a.split());
    REQUIRE(all_ranks(near(ai, numpy_ref<double>("dense_inv_A"), 1e-13)));
    for (const auto& rhs : layouts(B)) {
      const auto x = ht::linalg::solve(a, rhs);
      REQUIRE(x.split() == rhs.split());
      REQUIRE(all_ranks(near(x, numpy_ref<double>("dense_solve_B"), 1e-13)));
    }
    REQUIRE(all_ranks(near(ht::linalg::solve(a, ht::array(b, 0)), numpy_ref<double>("dense_solve_b"), 1e-13)));
  }
  for (const auto& s : layouts(S)) {
    REQUIRE(all_ranks(near(ht::linalg::det(s), numpy_ref<double>("dense_det_S"), 1e-13)));
    REQUIRE(all_ranks(near(ht::linalg::inv(s), numpy_ref<double>("dense_inv_S"), 1e-13)));
  }
  // Integers are solved in double; the identity's determinant is 1.
  REQUIRE(ht::linalg::det(ht::eye<int>(4, 0)).item() == 1.0);
  const auto sing = ht::array(numpy_ref<double>("dense_Sing"), 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::inv(sing); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::solve(sing, ht::ones<double>({4}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::det(ht::ones<double>({3, 4}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::solve(ht::array(A, 0), ht::ones<double>({5}, 0)); }));
}

TEST_CASE("vector and matrix norms match NumPy's norm at every layout", "[linalg][dense]") {
  const auto A = numpy_ref<double>("dense_A");
  for (const auto& a : layouts(A)) {
    CAPTURE(ht::to_string(a.split()), a.lshape()[0]);
    using ht::linalg::matrix_norm;
    using ht::linalg::vector_norm;
    REQUIRE(all_ranks(near(vector_norm(a, 0), numpy_ref<double>("dense_vn2_0"), 1e-14)));
    REQUIRE(all_ranks(near(vector_norm(a, 1, false, 1), numpy_ref<double>("dense_vn1_1"), 1e-14)));
    REQUIRE(all_ranks(near(vector_norm(a, 0, false, INFINITY), numpy_ref<double>("dense_vninf_0"), 0)));
    REQUIRE(all_ranks(near(vector_norm(a, 1, false, -INFINITY), numpy_ref<double>("dense_vnneginf_1"), 0)));
    REQUIRE(all_ranks(near(vector_norm(a, ht::none, false, 0), numpy_ref<double>("dense_vn0_none"), 0)));
    REQUIRE(all_ranks(near(vector_norm(a, 0, false, 3), numpy_ref<double>("dense_vn3_0"), 1e-14)));
    REQUIRE(vector_norm(a, 0, true).shape() == ht::shape_t{1, 6});
    REQUIRE(all_ranks(near(matrix_norm(a), numpy_ref<double>("dense_mnfro"), 1e-14)));
    REQUIRE(all_ranks(near(matrix_norm(a, {0, 1}, false, 1.0), numpy_ref<double>("dense_mn1"), 1e-14)));
    REQUIRE(all_ranks(near(matrix_norm(a, {0, 1}, false, -1.0), numpy_ref<double>("dense_mnm1"), 1e-14)));
    REQUIRE(all_ranks(near(matrix_norm(a, {0, 1}, false, INFINITY), numpy_ref<double>("dense_mninf"), 1e-14)));
    REQUIRE(all_ranks(near(matrix_norm(a, {0, 1}, false, -INFINITY), numpy_ref<double>("dense_mnminf"), 1e-14)));
    REQUIRE(matrix_norm(a, {-2, -1}, true).shape() == ht::shape_t{1, 1});
    REQUIRE(all_ranks(near(ht::linalg::vecdot(a, a, 0), xt::xarray<double>(xt::sum(A * A, {0})), 1e-14)));
  }
  for (const auto& s : layouts(numpy_ref<double>("dense_S")))
    REQUIRE(all_ranks(near(ht::linalg::matrix_norm(s, {1, 2}), numpy_ref<double>("dense_mnfro_S"), 1e-14)));
  const auto a = ht::array(A, 0);
  REQUIRE(throws_everywhere<ht::NotImplementedError>([&] { ht::linalg::matrix_norm(a, {0, 1}, false, "nuc"); }));
  REQUIRE(throws_everywhere<ht::NotImplementedError>([&] { ht::linalg::matrix_norm(a, {0, 1}, false, 2.0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::matrix_norm(a, {0, 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::matrix_norm(a, {0, 1}, false, 3.0); }));
}

TEST_CASE("cross, projection, cg and cov match NumPy at every layout", "[linalg][dense]") {
  const auto U = numpy_ref<double>("dense_U"), V = numpy_ref<double>("dense_V");
  const auto lu = layouts(U), lv = layouts(V);
  for (std::size_t i = 0; i < lu.size(); ++i) {
    CAPTURE(ht::to_string(lu[i].split()));
    REQUIRE(
        all_ranks(near(ht::linalg::cross(lu[i], lv[(i + 2) % lv.size()]), numpy_ref<double>("dense_cross_UV"), 1e-15)));
    REQUIRE(all_ranks(near(ht::linalg::cross(ht::transpose(lu[i]), ht::transpose(lv[i]), 0),
                           xt::xarray<double>(xt::transpose(numpy_ref<double>("dense_cross_UV"))), 1e-15)));
  }
  const xt::xarray<double> V2 = xt::view(V, xt::all(), xt::range(0, 2));
  for (const auto& u2 : layouts(numpy_ref<double>("dense_U2")))
    REQUIRE(all_ranks(near(ht::linalg::cross(u2, ht::array(V2, 0)), numpy_ref<double>("dense_cross_U2V2"), 1e-15)));
  // HeAT's cross docstring: eye(3) x [[0, 1, 0], [0, 0, 1], [1, 0, 0]].
  const auto c = ht::linalg::cross(ht::eye<float>(3, 0), ht::array(xt::xarray<float>{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}));
  REQUIRE(all_ranks(near(c, xt::xarray<double>{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}, 0)));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    ht::linalg::cross(ht::ones<double>({2, 4}, 0), ht::ones<double>({2, 4}));
  }));

  const auto b = numpy_ref<double>("dense_b");
  for (const auto& x : layouts(b)) {
    const xt::xarray<double> w = xt::arange<double>(1.0, 7.0);
    const double scale = xt::sum(b * w)() / xt::sum(w * w)();
    REQUIRE(all_ranks(near(ht::linalg::projection(x, ht::array(w, 0)), xt::xarray<double>(w * scale), 1e-15)));
  }
  for (const auto& p : layouts(numpy_ref<double>("dense_P")))
    for (const auto& x : layouts(b))
      REQUIRE(all_ranks(
          near(ht::linalg::cg(p, x, ht::zeros<double>({6}, x.split())), numpy_ref<double>("dense_cg_P"), 1e-9)));

  const auto A = numpy_ref<double>("dense_A"), B = numpy_ref<double>("dense_B");
  for (const auto& a : layouts(A)) {
    CAPTURE(ht::to_string(a.split()));
    REQUIRE(all_ranks(near(ht::cov(a), numpy_ref<double>("dense_cov_A"), 1e-14)));
    REQUIRE(all_ranks(near(ht::cov(a, std::nullopt, false), numpy_ref<double>("dense_cov_A_cols"), 1e-14)));
    REQUIRE(all_ranks(near(ht::cov(a, std::nullopt, true, true), numpy_ref<double>("dense_cov_A_bias"), 1e-14)));
    REQUIRE(all_ranks(near(ht::cov(a, ht::transpose(ht::array(B, 1))), numpy_ref<double>("dense_cov_AB"), 1e-14)));
  }
  for (const auto& x : layouts(b)) REQUIRE(all_ranks(near(ht::cov(x), numpy_ref<double>("dense_cov_b"), 1e-14)));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::cov(ht::array(A, 0), ht::ones<double>({2, 5}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>(
      [&] { ht::linalg::cg(ht::array(A, 0), ht::ones<double>({5}, 0), ht::ones<double>({5})); }));
}

TEST_CASE("hsvd dispatches to hsvd_rank and hsvd_rtol", "[linalg][dense]") {
  const auto a = ht::array(numpy_ref<double>("dense_A"), 0);
  const auto by_rank = ht::linalg::hsvd_rank(a, 3);
  const auto general = ht::linalg::hsvd(a, {.maxrank = 3});
  REQUIRE(ht::equal(by_rank.S, general.S));
  const auto by_tol = ht::linalg::hsvd_rtol(a, 1e-3);
  REQUIRE(ht::equal(by_tol.S, ht::linalg::hsvd(a, {}, 1e-3).S));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::hsvd(a, {}); }));
}
