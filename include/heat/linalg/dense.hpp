#ifndef HEAT_LINALG_DENSE_HPP
#define HEAT_LINALG_DENSE_HPP

/// Determinant, inverse and linear solve of small square matrices (and
/// stacks of them: the last two axes), by LAPACK on every rank.
///
/// Contract:
/// - The matrices are replicated first (one Allgatherv when split: each
///   rank holds all n^2 values, so these are for matrices that fit one
///   rank, as NumPy's); LAPACK (getrf / getri / gesv through xtensor-blas)
///   runs on every rank alike; a failure (a singular matrix) is agreed and
///   is the same ValueError on every rank.
/// - det: a replicated array of the stack's shape (0-d for one matrix);
///   inv: x's shape and split (each rank keeps its block of the replicated
///   inverse: no further message); solve(a, b): b's shape and split, b a
///   vector (n) or matrix (n x k) for a single a.
/// - float and double; integers are converted to double (NumPy's).
/// - Not square, or NaN/inf in the matrix: ValueError on every rank.

#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/linalg/svd.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xview.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace ht::linalg {

/// The element type of det, inv and solve of T.
template <class T>
using dense_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

namespace detail {

/// x replicated on the host as a stack of n x n matrices, checked square and finite.
template <class T>
xt::xarray<dense_t<T>> square_stack(const DNDarray<T>& x, const char* who) {
  ht::detail::check(x.ndim() >= 2, who, ": ", x.ndim(), "-dimensional array given, array must be at least 2-D");
  const std::int64_t n = x.shape()[static_cast<std::size_t>(x.ndim() - 1)];
  ht::detail::check(x.shape()[static_cast<std::size_t>(x.ndim() - 2)] == n, who,
                    ": last 2 dimensions of the array must be square, got ", to_string(x.shape()));
  xt::xarray<dense_t<T>> a = xt::cast<dense_t<T>>(x.to_xarray());
  ht::detail::check(std::all_of(a.begin(), a.end(), [](auto v) { return std::isfinite(v); }), who,
                    ": the matrix holds NaN or inf");
  return a;
}

/// The replicated host array a laid out as `like` (each rank keeps its block).
template <class R, class T>
DNDarray<R> laid_out_as(const xt::xarray<R>& a, const DNDarray<T>& like) {
  const DNDarray<R> whole = replicated(a, like.comm());
  return like.split() ? resplit(whole, like.split()) : whole;
}

/// f() as agreed work, LAPACK's failures (xtensor-blas' runtime_error:
/// a singular matrix) as ValueError on every rank.
template <class F>
auto lapack_agreed(const communicator& comm, const char* what, F&& f) {
  return ht::detail::agreed(comm, what, ht::detail::error_kind::value, [&] {
    try {
      return f();
    } catch (const Error&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw ValueError(e.what());
    }
  });
}

/// f(matrix i of the stack) for each of the stack's matrices, as agreed work.
template <class R, class F>
void each_matrix(const communicator& comm, const char* what, xt::xarray<R>& a, F&& f) {
  const std::size_t n = a.shape()[a.dimension() - 1];
  const std::size_t count = n == 0 ? 0 : a.size() / (n * n);
  lapack_agreed(comm, what, [&] {
    for (std::size_t i = 0; i < count; ++i) {
      auto m = xt::adapt(a.data() + i * n * n, n * n, xt::no_ownership(), std::vector<std::size_t>{n, n});
      f(i, m);
    }
    return 0;
  });
}

}  // namespace detail

/// The determinant of each matrix (the last two axes).
template <class T>
DNDarray<dense_t<T>> det(const DNDarray<T>& x) {
  using R = dense_t<T>;
  xt::xarray<R> a = detail::square_stack(x, "det");
  std::vector<std::size_t> stack(a.shape().begin(), a.shape().end() - 2);
  xt::xarray<R> d = xt::empty<R>(stack);
  detail::each_matrix(x.comm(), "det: LAPACK", a, [&](std::size_t i, auto& m) {
    d.flat(i) = m.size() == 0 ? R(1) : static_cast<R>(xt::linalg::det(xt::xarray<R>(m)));
  });
  return detail::replicated(d, x.comm());
}

/// The inverse of each matrix; a singular one is a ValueError on every rank.
template <class T>
DNDarray<dense_t<T>> inv(const DNDarray<T>& x) {
  using R = dense_t<T>;
  xt::xarray<R> a = detail::square_stack(x, "inv");
  detail::each_matrix(x.comm(), "inv: LAPACK", a, [&](std::size_t, auto& m) {
    const xt::xarray<R> mi = xt::linalg::inv(xt::xarray<R>(m));
    ht::detail::check(std::all_of(mi.begin(), mi.end(), [](R v) { return std::isfinite(v); }), "inv: singular matrix");
    m = mi;
  });
  return detail::laid_out_as(a, x);
}

/// The eigenvalues (ascending) and eigenvectors (the columns) of a
/// symmetric matrix, from its lower triangle (NumPy's eigh, UPLO 'L'), both
/// replicated; LAPACK's syevd on every rank alike.
template <class T>
std::pair<DNDarray<dense_t<T>>, DNDarray<dense_t<T>>> eigh(const DNDarray<T>& x) {
  using R = dense_t<T>;
  ht::detail::check(x.ndim() == 2, "eigh: one square matrix, got shape ", to_string(x.shape()));
  xt::xarray<R> a = detail::square_stack(x, "eigh");
  const auto [w, v] = detail::lapack_agreed(x.comm(), "eigh: LAPACK", [&] {
    auto [values, vectors] = xt::linalg::eigh(a, 'L');
    return std::pair<xt::xarray<R>, xt::xarray<R>>(values, vectors);
  });
  return {detail::replicated(w, x.comm()), detail::replicated(v, x.comm())};
}

/// x with a x = b, for a square matrix a and b a vector or a matrix of columns.
template <class TA, class TB>
DNDarray<dense_t<promote_t<TA, TB>>> solve(const DNDarray<TA>& a, const DNDarray<TB>& b) {
  using R = dense_t<promote_t<TA, TB>>;
  ht::detail::check(a.ndim() == 2, "solve: a must be one square matrix, got shape ", to_string(a.shape()));
  xt::xarray<R> m = detail::square_stack(a, "solve");
  ht::detail::check((b.ndim() == 1 || b.ndim() == 2) && b.shape()[0] == a.shape()[0], "solve: b must have ",
                    a.shape()[0], " rows, got shape ", to_string(b.shape()));
  const xt::xarray<R> rhs = xt::cast<R>(b.to_xarray());
  const xt::xarray<R> out = detail::lapack_agreed(a.comm(), "solve: LAPACK", [&] {
    xt::xarray<R> sol = xt::linalg::solve(m, rhs);
    ht::detail::check(std::all_of(sol.begin(), sol.end(), [](R v) { return std::isfinite(v); }),
                      "solve: singular matrix");
    return sol;
  });
  return detail::laid_out_as(out, b);
}

}  // namespace ht::linalg

#endif
