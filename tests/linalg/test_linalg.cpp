#include "support/testing.hpp"

#include <heat/linalg/basics.hpp>
#include <heat/linalg/matmul.hpp>
#include <heat/linalg/qr.hpp>
#include <heat/spatial/distance.hpp>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include <cmath>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

/// The textbook triple loop (in double for the floating types): the oracle.
template <class T>
xt::xarray<T> product(const xt::xarray<T>& a, const xt::xarray<T>& b) {
  const std::size_t n = a.shape()[0], k = a.shape()[1], m = b.shape()[1];
  xt::xarray<T> c = xt::zeros<T>({n, m});
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) {
      if constexpr (std::is_same_v<T, bool>) {
        bool s = false;
        for (std::size_t p = 0; p < k; ++p) s = s || (a(i, p) && b(p, j));
        c(i, j) = s;
      } else {
        double s = 0;
        for (std::size_t p = 0; p < k; ++p) s += static_cast<double>(a(i, p)) * static_cast<double>(b(p, j));
        c(i, j) = static_cast<T>(s);
      }
    }
  return c;
}

template <class T>
bool close(const ht::DNDarray<T>& x, const xt::xarray<T>& expected) {
  if constexpr (std::is_floating_point_v<T>) {
    const auto whole = x.to_xarray();
    return whole.shape() == expected.shape() &&
           xt::all(xt::isclose(whole, expected, T(std::is_same_v<T, float> ? 1e-5 : 1e-12), T(1e-5)));
  } else {
    return block_matches(x, expected);
  }
}

template <class T>
std::string where(const ht::DNDarray<T>& x) {
  return ht::to_string(x.shape()) + " split " + ht::to_string(x.split());
}

}  // namespace

TEMPLATE_TEST_CASE("matmul of every split combination matches the triple loop", "[linalg][matmul]", double, float,
                   std::int32_t, bool) {
  using T = TestType;
  const xt::xarray<T> a = global_pattern<T>({7, 5});
  const xt::xarray<T> b = xt::xarray<T>(global_pattern<T>({5, 6}));
  const xt::xarray<T> c = product(a, b);
  for (const auto& x : layouts(a))
    for (const auto& y : layouts(b)) {
      const auto r = ht::matmul(x, y);
      CAPTURE(where(x), where(y));
      REQUIRE(all_ranks(close(r, c) && r.shape() == ht::shape_t{7, 6}));
    }
}

TEST_CASE("matmul and dot with vectors, as NumPy", "[linalg][matmul]") {
  const auto a = global_pattern<double>({4, 6});
  const auto v = global_pattern<double>({6});
  const auto w = global_pattern<double>({4});
  const xt::xarray<double> av = xt::sum(a * v, {1});
  const xt::xarray<double> wa = xt::sum(xt::view(w, xt::all(), xt::newaxis()) * a, {0});
  const double vv = xt::sum(v * v)();
  for (const auto& x : layouts(a))
    for (const auto& y : layouts(v)) {
      CAPTURE(where(x), where(y));
      const auto r = ht::matmul(x, y);
      const auto d = ht::dot(y, y);
      REQUIRE(all_ranks(close(r, av) && r.shape() == ht::shape_t{4} && d.ndim() == 0 &&
                        std::abs(d.item() - vv) < 1e-9 * vv));
    }
  for (const auto& y : layouts(w))
    for (const auto& x : layouts(a)) {
      CAPTURE(where(x), where(y));
      REQUIRE(all_ranks(close(ht::matmul(y, x), wa)));
    }
  // Mixed element types promote like the elementwise operators.
  const auto ai = global_pattern<std::int32_t>({4, 6});
  const auto mixed = ht::matmul(ht::array(ai, 0), ht::array(v));
  static_assert(std::is_same_v<decltype(mixed), const ht::DNDarray<double>>);
  REQUIRE(all_ranks(close(mixed, xt::xarray<double>(xt::sum(xt::cast<double>(ai) * v, {1})))));
}

TEST_CASE("BLAS single-threaded while a scope lives, its thread count restored after", "[linalg][threads]") {
  // OpenBLAS is linked here (heat::heat): the weak symbols are resolved.
  REQUIRE(::openblas_get_num_threads != nullptr);
  const int before = ::openblas_get_num_threads();
  ::openblas_set_num_threads(2);
  bool ok = true;
  {
    const ht::linalg::detail::single_threaded_blas one(true);
    ok = ok && ::openblas_get_num_threads() == 1;
    // A product computed meanwhile is the same product.
    const xt::xarray<double> a = global_pattern<double>({7, 5});
    const auto c = ht::matmul(ht::array(a, 0), ht::transpose(ht::array(a)));
    ok = ok && xt::allclose(c.to_xarray(), xt::linalg::dot(a, xt::transpose(a)));
  }
  ok = ok && ::openblas_get_num_threads() == 2;
  {
    const ht::linalg::detail::single_threaded_blas off(false);
    ok = ok && ::openblas_get_num_threads() == 2;
  }
  ::openblas_set_num_threads(before);
  REQUIRE(all_ranks(ok));
}

TEST_CASE("matmul errors throw on every rank", "[linalg][errors]") {
  const auto x = ht::array(global_pattern<double>({4, 6}), 0);
  const auto y = ht::array(global_pattern<double>({5, 3}), 1);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::matmul(x, y); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::matmul(x, ht::array(global_pattern<double>({4}), 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::matmul(x, ht::full<double>({}, 1.0)); }));
  // Stacks whose batch axes do not broadcast (stacked products: tests/core/test_options.cpp).
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    ht::matmul(ht::array(global_pattern<double>({2, 4, 6}), 0), ht::array(global_pattern<double>({3, 6, 2})));
  }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::spatial::cdist(x, y); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::trace(ht::array(global_pattern<double>({4}))); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::vdot(x, ht::array(global_pattern<double>({5}), 0)); }));
}

TEST_CASE("transpose, norm, vdot, outer and trace", "[linalg]") {
  const auto a = global_pattern<double>({5, 4});
  const auto ai = global_pattern<std::int16_t>({5, 4});
  const auto u = global_pattern<double>({5});
  const auto v = global_pattern<float>({3});
  const double fro = std::sqrt(xt::sum(a * a)());
  const xt::xarray<double> rows = xt::sqrt(xt::sum(a * a, {1}));
  const xt::xarray<double> uv =
      xt::view(u, xt::all(), xt::newaxis()) * xt::view(xt::cast<double>(v), xt::newaxis(), xt::all());
  for (const auto& x : layouts(a)) {
    CAPTURE(where(x));
    bool ok = std::abs(ht::linalg::norm(x).item() - fro) < 1e-12 * fro && close(ht::linalg::norm(x, 1), rows) &&
              block_matches(ht::linalg::transpose(x), xt::xarray<double>(xt::transpose(a)));
    for (std::int64_t k : {-2, 0, 1, 4})
      ok = ok && ht::linalg::trace(x, k).item() == xt::sum(xt::diagonal(a, static_cast<int>(k)))();
    ok = ok && std::abs(ht::linalg::vdot(x, x).item() - fro * fro) < 1e-9 * fro * fro &&
         std::abs(ht::linalg::vdot(x, ht::reshape(x, {4, 5})).item() - fro * fro) < 1e-9 * fro * fro;
    REQUIRE(all_ranks(ok));
  }
  for (const auto& x : layouts(ai)) {
    const auto t = ht::linalg::trace(x);
    static_assert(std::is_same_v<decltype(t), const ht::DNDarray<std::int64_t>>);
    REQUIRE(all_ranks(t.item() == xt::sum(xt::cast<std::int64_t>(xt::diagonal(ai)))()));
  }
  for (const auto& x : layouts(u))
    for (const auto& y : layouts(v)) {
      CAPTURE(where(x));
      REQUIRE(all_ranks(close(ht::linalg::outer(x, y), uv)));
    }
}

TEMPLATE_TEST_CASE("cdist under every metric and manhattan match pairwise loops", "[spatial]", double, float) {
  using T = TestType;
  const xt::xarray<T> a = xt::sin(xt::xarray<T>(global_pattern<T>({7, 3})));
  const xt::xarray<T> b = xt::cos(xt::xarray<T>(global_pattern<T>({5, 3})));
  xt::xarray<T> e = xt::zeros<T>({7, 5}), l1 = e, linf = e;
  for (std::size_t i = 0; i < 7; ++i)
    for (std::size_t j = 0; j < 5; ++j) {
      double s = 0, t = 0, m = 0;
      for (std::size_t k = 0; k < 3; ++k) {
        s += std::pow(static_cast<double>(a(i, k)) - b(j, k), 2);
        t += std::abs(static_cast<double>(a(i, k)) - b(j, k));
        m = std::max(m, std::abs(static_cast<double>(a(i, k)) - b(j, k)));
      }
      e(i, j) = static_cast<T>(std::sqrt(s));
      l1(i, j) = static_cast<T>(t);
      linf(i, j) = static_cast<T>(m);
    }
  const xt::xarray<T> sq = e * e;
  for (const auto& x : layouts(a))
    for (const auto& y : layouts(b)) {
      CAPTURE(where(x), where(y));
      const auto d = ht::spatial::cdist(x, y);
      // Self-distances clamp at zero instead of going negative.
      const auto self = ht::spatial::cdist(x, x, true);
      bool zero_diag = true;
      const auto sw = self.to_xarray();
      for (std::size_t i = 0; i < 7; ++i) zero_diag = zero_diag && sw(i, i) >= T(0) && sw(i, i) < T(1e-5);
      REQUIRE(all_ranks(close(d, e) && close(ht::spatial::cdist(x, y, true), sq) &&
                        close(ht::spatial::manhattan(x, y), l1) && zero_diag &&
                        close(ht::spatial::cdist(x, y, ht::spatial::euclidean{}), e) &&
                        close(ht::spatial::cdist(x, y, ht::spatial::sqeuclidean{}), sq) &&
                        close(ht::spatial::cdist(x, y, ht::spatial::cityblock{}), l1) &&
                        close(ht::spatial::cdist(x, y, ht::spatial::chebyshev{}), linf) &&
                        ht::spatial::cdist(x, y, ht::spatial::chebyshev{}).split() == d.split() &&
                        d.split() == (x.split()   ? ht::split_t{0}
                                      : y.split() ? ht::split_t{1}
                                                  : ht::split_t{})));
    }
}

TEMPLATE_TEST_CASE("TSQR: Q R = A, Q orthonormal, R as LAPACK's (signs fixed)", "[linalg][qr]", double, float) {
  using T = TestType;
  const T tol = std::is_same_v<T, float> ? T(1e-4) : T(1e-11);
  for (const ht::shape_t& shape : {ht::shape_t{9, 4}, ht::shape_t{40, 6}}) {
    const xt::xarray<T> a = xt::sin(xt::xarray<T>(global_pattern<T>(shape)) * T(1.3));
    auto [q0, r0] = xt::linalg::qr(a, xt::linalg::qrmode::reduced);
    xt::xarray<T> r_ref = r0;
    for (std::size_t j = 0; j < r_ref.shape()[0]; ++j)
      if (r_ref(j, j) < 0) xt::view(r_ref, j) = -xt::view(r_ref, j);
    const auto k = static_cast<std::size_t>(shape[1]);
    for (const auto& x : layouts(a)) {
      if (x.split() == 1 && shape[0] < 10) continue;  // covered by the larger shape
      const auto [Q, R] = ht::linalg::qr(x);
      const auto q = Q.to_xarray();
      const auto r = R.to_xarray();
      const xt::xarray<T> qr = xt::linalg::dot(q, r);
      const xt::xarray<T> qtq = xt::linalg::dot(xt::transpose(q), q);
      const bool ok = xt::allclose(qr, a, tol, tol) && xt::allclose(qtq, xt::eye<T>(k), tol, tol) &&
                      xt::allclose(r, r_ref, tol, tol) && !R.split() &&
                      (x.split() == 1 ? Q.split() == 0 : Q.dist() == x.dist()) &&
                      xt::all(xt::equal(xt::tril(r, -1), T(0)));
      CAPTURE(ht::to_string(shape), ht::to_string(x.split()));
      REQUIRE(all_ranks(ok));
    }
  }
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::linalg::qr(ht::array(global_pattern<double>({3, 5}), 0)); }));
}
