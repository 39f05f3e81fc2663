#ifndef HEAT_LINALG_QR_HPP
#define HEAT_LINALG_QR_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/host.hpp"
#include "heat/linalg/blas.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xview.hpp>

#include <cstdint>
#include <type_traits>
#include <vector>

namespace ht::linalg {

template <class T>
struct qr_result {
  DNDarray<T> Q;  ///< n x k, split like A's rows
  DNDarray<T> R;  ///< k x k upper triangular, replicated
};

/// Reduced QR of a tall-skinny A (n x k, n >= k) by TSQR: each rank
/// factors its rows with LAPACK, the k x k factors of all ranks are gathered
/// (one Allgatherv) and factored again on every rank, and each rank applies
/// its slice of that Q to its own. R has a non-negative diagonal (the unique
/// factorisation of a full-rank A). A split 1 is resplit to rows first.
template <class T>
qr_result<T> qr(const DNDarray<T>& A);

/// R alone (k x k, replicated, the same as qr(A).R): each rank's Householder
/// factor without forming Q (LAPACK geqrf), the ranks' factors gathered (one
/// Allgatherv) and factored again on every rank. Half of qr's work, no
/// n x k Q: what singular values and right vectors need (PCA).
template <class T>
DNDarray<T> qr_r(const DNDarray<T>& A);

// ---------------------------------------------------------------------------

namespace detail {

/// Reduced QR of a row-major m x k block.
template <class T>
std::pair<xt::xarray<T>, xt::xarray<T>> local_qr(const xt::xarray<T>& a) {
  if (a.shape()[0] == 0) return {xt::xarray<T>::from_shape({0, 0}), xt::xarray<T>::from_shape({0, a.shape()[1]})};
  auto [q, r] = xt::linalg::qr(a, xt::linalg::qrmode::reduced);
  return {xt::xarray<T>(q), xt::xarray<T>(r)};
}

/// R alone of an m x k block (an xtensor expression; geqrf only, on
/// xtensor-blas' one column-major copy): min(m, k) x k.
template <class T, class E>
xt::xarray<T> local_r(const E& a) {
  if (a.shape()[0] == 0) return xt::xarray<T>::from_shape({0, a.shape()[1]});
  return xt::xarray<T>(std::get<1>(xt::linalg::qr(a, xt::linalg::qrmode::r)));
}

/// R with a non-negative diagonal (rows negated).
template <class T>
void positive_diagonal(xt::xarray<T>& r) {
  const std::size_t k = std::min(r.shape()[0], r.shape()[1]);
  for (std::size_t j = 0; j < k; ++j)
    if (r(j, j) < T(0))
      for (std::size_t c = j; c < r.shape()[1]; ++c) r(j, c) = -r(j, c);
}

/// A checked for TSQR (2-D, tall, not empty), split 1 resplit to rows.
template <class T>
DNDarray<T> tsqr_input(const DNDarray<T>& A) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "qr works on float or double");
  ht::detail::check(A.ndim() == 2, "qr needs a 2-D array, got ", to_string(A.shape()));
  const std::int64_t n = A.shape()[0], k = A.shape()[1];
  ht::detail::check(n >= k && k > 0, "qr needs a tall-skinny matrix (rows >= columns > 0), got ", to_string(A.shape()));
  return A.split() == 1 ? resplit(A, 0) : A;
}

/// Every rank's factor R (min(rows, k) x k, row-major) stacked in rank
/// order on every rank (one Allgatherv); the ranks' heights into heights.
template <class T>
xt::xarray<T> gather_factors(const DNDarray<T>& a, const xt::xarray<T>& r, std::vector<std::int64_t>& heights) {
  const int p = a.comm().size();
  const std::int64_t k = a.shape()[1];
  std::vector<std::int64_t> counts(static_cast<std::size_t>(p));
  heights.assign(static_cast<std::size_t>(p), 0);
  std::int64_t total = 0;
  for (int s = 0; s < p; ++s) {
    heights[static_cast<std::size_t>(s)] = std::min<std::int64_t>(a.dist().counts()[static_cast<std::size_t>(s)], k);
    counts[static_cast<std::size_t>(s)] = heights[static_cast<std::size_t>(s)] * k;
    total += heights[static_cast<std::size_t>(s)];
  }
  Kokkos::View<const T*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> mine(r.data(), r.size());
  xt::xarray<T> stacked = xt::xarray<T>::from_shape({static_cast<std::size_t>(total), static_cast<std::size_t>(k)});
  Kokkos::View<T*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> all(stacked.data(), stacked.size());
  allgatherv(a.comm(), mine, all, counts);
  return stacked;
}

}  // namespace detail

template <class T>
DNDarray<T> qr_r(const DNDarray<T>& A) {
  const DNDarray<T> a = detail::tsqr_input(A);
  const communicator& comm = a.comm();
  const std::int64_t k = a.shape()[1];
  const auto host = ht::detail::host_block(a);
  const std::int64_t rows = a.lshape()[0];
  const auto block = xt::adapt(host.data(), static_cast<std::size_t>(rows * k), xt::no_ownership(),
                               std::vector<std::size_t>{static_cast<std::size_t>(rows), static_cast<std::size_t>(k)});
  xt::xarray<T> r = ht::detail::agreed(comm, "qr: local factor", ht::detail::error_kind::error,
                                       [&] { return detail::local_r<T>(block); });
  std::vector<std::int64_t> heights;
  if (a.split()) r = detail::local_r<T>(detail::gather_factors(a, r, heights));
  detail::positive_diagonal(r);
  DNDarray<T> R(distribution::balanced({k, k}, none, comm.size()), comm);
  ht::detail::copy_from_host(R.local_view(), r.data(), r.size());
  return R;
}

template <class T>
qr_result<T> qr(const DNDarray<T>& A) {
  const DNDarray<T> a = detail::tsqr_input(A);
  const communicator& comm = a.comm();
  const int p = comm.size();
  const std::int64_t k = a.shape()[1];
  auto host = ht::detail::host_copy(a.local_view());
  const std::int64_t rows = a.lshape()[0];
  const xt::xarray<T> block =
      xt::adapt(host.data(), static_cast<std::size_t>(rows * k), xt::no_ownership(),
                std::vector<std::size_t>{static_cast<std::size_t>(rows), static_cast<std::size_t>(k)});
  // LAPACK on this rank's rows (xtensor-blas throws when it reports an
  // error): agreed before the gather.
  auto [q1, r1] = ht::detail::agreed(comm, "qr: local factor", ht::detail::error_kind::error,
                                     [&] { return detail::local_qr(block); });
  xt::xarray<T> q, r;
  if (!a.split()) {
    q = q1;
    r = r1;
  } else {
    // Every rank's R (min(rows, k) x k) to every rank, factored there alike.
    std::vector<std::int64_t> heights;
    const xt::xarray<T> stacked = detail::gather_factors(a, r1, heights);
    auto [q2, r2] = detail::local_qr(stacked);
    std::int64_t first = 0;
    for (int s = 0; s < comm.rank(); ++s) first += heights[static_cast<std::size_t>(s)];
    const xt::xarray<T> mine_q2 =
        xt::view(q2, xt::range(first, first + heights[static_cast<std::size_t>(comm.rank())]));
    q = xt::xarray<T>::from_shape({static_cast<std::size_t>(rows), static_cast<std::size_t>(k)});
    detail::gemm<T>(rows, k, static_cast<std::int64_t>(mine_q2.shape()[0]), T(1), q1.data(),
                    static_cast<std::int64_t>(q1.shape().size() == 2 ? q1.shape()[1] : 0), mine_q2.data(), k, false,
                    T(0), q.data(), k);
    r = r2;
  }
  // Signs: a non-negative diagonal of R, the matching columns of Q.
  for (std::int64_t j = 0; j < k; ++j) {
    if (r(j, j) >= T(0)) continue;
    for (std::int64_t c = j; c < k; ++c) r(j, c) = -r(j, c);
    for (std::int64_t i = 0; i < rows; ++i) q(i, j) = -q(i, j);
  }
  DNDarray<T> Q(a.dist(), comm), R(distribution::balanced({k, k}, none, p), comm);
  ht::detail::copy_from_host(Q.local_view(), q.data(), q.size());
  ht::detail::copy_from_host(R.local_view(), r.data(), r.size());
  return {Q, R};
}

}  // namespace ht::linalg

#endif
