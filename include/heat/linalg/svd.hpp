#ifndef HEAT_LINALG_SVD_HPP
#define HEAT_LINALG_SVD_HPP

/// The thin singular value decomposition A = U diag(S) Vt.
///
/// Contract:
/// - A is n x k, float or double, any split. m = min(n, k).
/// - Tall A (n >= k) split along its rows (split 1 is resplit first): TSQR
///   (heat/linalg/qr.hpp: one Allgatherv of the ranks' k x k factors), then
///   R = U_R S Vt by LAPACK (gesdd) on every rank alike, and U = Q U_R on
///   each rank's rows (no message). Extra memory: Q (A's size) and P k x k.
/// - Replicated A, or a wide A (n < k; gathered first, one Allgatherv of A):
///   LAPACK on every rank.
/// - Results: S (m, descending, replicated), Vt (m x k, replicated), U
///   (n x m): split 0 when A is split 0, or split 1 and tall; else replicated.
/// - Signs (scikit-learn's svd_flip with the decision by Vt, its PCA's since
///   1.5): the largest |value| of each row of Vt (the first such) is
///   positive, U's column flipped alike. No message: Vt is replicated.
/// - Across rank counts the factors agree to rounding (the TSQR tree
///   depends on the cut). Bad input (not 2-D, empty, NaN or inf: found in
///   the replicated factor, so every rank agrees without a message) throws
///   ValueError on every rank.

#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/host.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/linalg/qr.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xview.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <vector>

namespace ht::linalg {

template <class T>
struct svd_result {
  DNDarray<T> U;   ///< n x m, split like A's rows
  DNDarray<T> S;   ///< m, descending, replicated
  DNDarray<T> Vt;  ///< m x k, replicated
};

template <class T>
svd_result<T> svd(const DNDarray<T>& A);

// ---------------------------------------------------------------------------

namespace detail {

/// Signs by svd's rule on vt (r x k); the same columns of u (rows x r) flipped.
template <class T>
void flip_signs(xt::xarray<T>& vt, T* u, std::int64_t rows) {
  const std::size_t r = vt.shape()[0], k = vt.shape()[1];
  for (std::size_t i = 0; i < r; ++i) {
    std::size_t at = 0;
    for (std::size_t j = 1; j < k; ++j)
      if (std::fabs(vt(i, j)) > std::fabs(vt(i, at))) at = j;
    if (vt(i, at) >= T(0)) continue;
    xt::row(vt, i) *= T(-1);
    for (std::int64_t q = 0; q < rows; ++q) u[q * static_cast<std::int64_t>(r) + static_cast<std::int64_t>(i)] *= T(-1);
  }
}

/// The thin SVD of a replicated row-major matrix by LAPACK (gesdd), as
/// row-major U, S, Vt, agreed on every rank (a LAPACK failure on one rank
/// throws on all). Signs: each row of Vt's largest |value| positive.
template <class T>
std::tuple<xt::xarray<T>, xt::xarray<T>, xt::xarray<T>> small_svd(const communicator& comm, const xt::xarray<T>& a) {
  // NaN or inf anywhere in A reaches this replicated matrix (TSQR's R too).
  ht::detail::check(std::all_of(a.begin(), a.end(), [](T v) { return std::isfinite(v); }),
                    "svd: the matrix holds NaN or inf");
  auto result = ht::detail::agreed(comm, "svd: LAPACK", ht::detail::error_kind::value, [&] {
    const auto [u, s, vt] = xt::linalg::svd(a, false, true);
    return std::make_tuple(xt::xarray<T>(u), xt::xarray<T>(s), xt::xarray<T>(vt));
  });
  auto& [u, s, vt] = result;
  flip_signs(vt, u.data(), static_cast<std::int64_t>(u.shape()[0]));
  return result;
}

/// A replicated host matrix as a replicated DNDarray.
template <class T>
DNDarray<T> replicated(const xt::xarray<T>& a, const communicator& comm) {
  shape_t shape(a.shape().begin(), a.shape().end());
  DNDarray<T> out(distribution::balanced(shape, none, comm.size()), comm);
  ht::detail::copy_from_host(out.local_view(), a.data(), a.size());
  return out;
}

/// Rows [first, first + count) of a replicated row-major matrix as the
/// block of an array laid out by `dist`.
template <class T>
DNDarray<T> rows_of(const xt::xarray<T>& a, const distribution& dist, std::int64_t first, const communicator& comm) {
  DNDarray<T> out(dist, comm);
  const auto width = static_cast<std::int64_t>(a.shape()[1]);
  ht::detail::copy_from_host(out.local_view(), a.data() + first * width,
                             static_cast<std::size_t>(out.lshape()[0] * width));
  return out;
}

}  // namespace detail

namespace detail {

/// S and Vt of the thin SVD of A less shift (k values subtracted from every
/// row, replicated; null: none) without U and without a shifted copy of a
/// tall A: its R by qr.hpp's tsqr_r (chunked geqrf on each rank, one
/// Allgatherv), then LAPACK on the k x k R on every rank; a wide A whole on
/// every rank.
template <class T>
std::pair<DNDarray<T>, DNDarray<T>> shifted_s_vt(const DNDarray<T>& A, const T* shift) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "svd works on float or double");
  ht::detail::check(A.ndim() == 2, "svd needs a 2-D array, got ", to_string(A.shape()));
  const std::int64_t n = A.shape()[0], k = A.shape()[1];
  ht::detail::check(std::min(n, k) > 0, "svd needs a non-empty matrix, got ", to_string(A.shape()));
  const communicator& comm = A.comm();
  xt::xarray<T> small;
  if (n >= k) {
    small = tsqr_r(tsqr_input(A), shift);
  } else {
    small = (A.split() ? resplit(A, none) : A).to_xarray();
    if (shift)
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < k; ++j) small(i, j) -= shift[j];
  }
  const auto [u, s, vt] = small_svd(comm, small);
  return {replicated(s, comm), replicated(vt, comm)};
}

}  // namespace detail

/// S and Vt of A's thin SVD without U (as svd's, to rounding): a tall A
/// through qr_r's factor (no Q, no U: a fraction of svd's work and memory),
/// a wide one by LAPACK on the whole on every rank.
template <class T>
std::pair<DNDarray<T>, DNDarray<T>> singular_values_vt(const DNDarray<T>& A) {
  return detail::shifted_s_vt(A, static_cast<const T*>(nullptr));
}

template <class T>
svd_result<T> svd(const DNDarray<T>& A) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "svd works on float or double");
  ht::detail::check(A.ndim() == 2, "svd needs a 2-D array, got ", to_string(A.shape()));
  const std::int64_t n = A.shape()[0], k = A.shape()[1], m = std::min(n, k);
  ht::detail::check(m > 0, "svd needs a non-empty matrix, got ", to_string(A.shape()));
  const communicator& comm = A.comm();
  const int p = comm.size();
  const DNDarray<T> a = A.split() == 1 && n >= k ? resplit(A, 0) : A;
  if (n >= k && a.split()) {
    // TSQR, then the k x k factor's SVD on every rank alike.
    const qr_result<T> f = qr(a);
    const auto [ur, s, vt] = detail::small_svd(comm, f.R.to_xarray());
    const auto q = ht::detail::host_block(f.Q);
    const std::int64_t rows = a.lshape()[0];
    xt::xarray<T> u = xt::xarray<T>::from_shape({static_cast<std::size_t>(rows), static_cast<std::size_t>(k)});
    if (rows > 0) detail::gemm<T>(rows, k, k, T(1), q.data(), k, ur.data(), k, false, T(0), u.data(), k);
    DNDarray<T> U(a.dist(), comm);
    ht::detail::copy_from_host(U.local_view(), u.data(), u.size());
    return {U, detail::replicated(s, comm), detail::replicated(vt, comm)};
  }
  // Replicated or wide: the whole matrix on every rank.
  const DNDarray<T> whole = a.split() ? resplit(a, none) : a;
  const auto [u, s, vt] = detail::small_svd(comm, whole.to_xarray());
  if (!A.split() || A.split() == 1)
    return {detail::replicated(u, comm), detail::replicated(s, comm), detail::replicated(vt, comm)};
  const distribution rows(shape_t{n, m}, 0, p, A.dist().counts());
  return {detail::rows_of(u, rows, A.offset(), comm), detail::replicated(s, comm), detail::replicated(vt, comm)};
}

}  // namespace ht::linalg

#endif
