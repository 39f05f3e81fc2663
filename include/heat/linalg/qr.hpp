#ifndef HEAT_LINALG_QR_HPP
#define HEAT_LINALG_QR_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/linalg/blas.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xview.hpp>

#include <algorithm>
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

/// R alone (k x k, replicated, qr(A).R to rounding): each rank's
/// Householder factor without forming Q, its rows in cache-sized chunks
/// (LAPACK geqrf on [R so far; next chunk], on all of the rank's threads:
/// detail::chunked_r), the ranks' factors gathered (one Allgatherv) and
/// factored again on every rank. A fraction of qr's work, no n x k Q: what
/// singular values and right vectors need (PCA).
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

/// Rows of a block factored per geqrf call by chunked_r: about 4 MiB of T
/// (cache-sized: geqrf's Householder panels are memory-bound on taller
/// blocks), at most 8192 and at least 4 k rows (the R carried on top of each
/// chunk then adds at most a quarter to the work).
template <class T>
std::int64_t r_chunk_rows(std::int64_t k) {
  const std::int64_t fit =
      (std::int64_t{4} << 20) / (static_cast<std::int64_t>(sizeof(T)) * std::max<std::int64_t>(k, 1));
  return std::max<std::int64_t>(4 * k, std::min<std::int64_t>(8192, fit));
}

/// R (min(rows, k) x k, row-major, geqrf's signs, zeros below the diagonal)
/// of the row-major rows x k block a less shift (k values subtracted from
/// every row; null: none), one chunk of r_chunk_rows after another: each
/// chunk shifted and transposed into a column-major buffer under the R so
/// far, and [R; chunk] factored by geqrf. LAPACK's failure (info != 0)
/// throws ht::Error.
template <class T>
xt::xarray<T> chunk_r(std::int64_t rows, std::int64_t k, const T* a, const T* shift) {
  const std::int64_t c = std::min(r_chunk_rows<T>(k), std::max<std::int64_t>(rows, 1)), ld = c + k;
  std::vector<T> buf(static_cast<std::size_t>(ld * k), T(0)), tau(static_cast<std::size_t>(k)), work(1);
  const auto ildb = static_cast<int>(ld), ik = static_cast<int>(k);
  int info = cxxlapack::geqrf<int>(ildb, ik, buf.data(), ildb, tau.data(), work.data(), -1);
  work.resize(static_cast<std::size_t>(std::max<T>(work[0], T(1))));
  std::int64_t top = 0;  // rows of R on top of the buffer
  for (std::int64_t r0 = 0; r0 < rows && info == 0; r0 += c) {
    const std::int64_t h = std::min(c, rows - r0);
    for (std::int64_t j = 0; j < k; ++j) {  // below R's diagonal: geqrf's reflectors, now zeros
      T* col = buf.data() + j * ld;
      std::fill(col + std::min(j + 1, top), col + top, T(0));
    }
    for (std::int64_t i = 0; i < h; ++i) {
      const T* row = a + (r0 + i) * k;
      for (std::int64_t j = 0; j < k; ++j)
        buf[static_cast<std::size_t>(j * ld + top + i)] = row[j] - (shift ? shift[j] : T(0));
    }
    info = cxxlapack::geqrf<int>(static_cast<int>(top + h), ik, buf.data(), ildb, tau.data(), work.data(),
                                 static_cast<int>(work.size()));
    top = std::min(top + h, k);
  }
  ht::detail::check<Error>(info == 0, "qr: LAPACK's geqrf failed (info ", info, ")");
  xt::xarray<T> r = xt::zeros<T>({static_cast<std::size_t>(top), static_cast<std::size_t>(k)});
  for (std::int64_t i = 0; i < top; ++i)
    for (std::int64_t j = i; j < k; ++j) r(i, j) = buf[static_cast<std::size_t>(j * ld + i)];
  return r;
}

/// chunk_r's R on all of the rank's threads (heat/core/host_threads.hpp):
/// slices of at least four chunks factored apart, their R stacked in slice
/// order and factored once more. The cut depends on rows and k alone: the
/// same bits on one thread or sixteen.
template <class T>
xt::xarray<T> chunked_r(std::int64_t rows, std::int64_t k, const T* a, const T* shift) {
  const std::int64_t c = r_chunk_rows<T>(k);
  const ht::detail::row_cut cut = ht::detail::align_cut(ht::detail::cut_rows(rows, 4 * c), c);
  if (cut.count == 1) return chunk_r(rows, k, a, shift);
  std::vector<xt::xarray<T>> parts(static_cast<std::size_t>(cut.count));
  std::vector<char> failed(static_cast<std::size_t>(cut.count), 0);
  {
    const single_threaded_blas one_thread(true);
    ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
      try {
        parts[static_cast<std::size_t>(s)] = chunk_r(hi - lo, k, a + lo * k, shift);
      } catch (...) {  // nothing may leave the parallel region
        failed[static_cast<std::size_t>(s)] = 1;
      }
    });
  }
  ht::detail::check<Error>(std::count(failed.begin(), failed.end(), 1) == 0, "qr: a slice's factor failed");
  std::int64_t height = 0;
  for (const auto& p : parts) height += static_cast<std::int64_t>(p.shape()[0]);
  std::vector<T> stacked;
  stacked.reserve(static_cast<std::size_t>(height * k));
  for (const auto& p : parts) stacked.insert(stacked.end(), p.begin(), p.end());
  return chunk_r(height, k, stacked.data(), static_cast<const T*>(nullptr));
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

namespace detail {

/// qr_r's factor of a (checked by tsqr_input) less shift (k values
/// subtracted from every row, the same on every rank; null: none), as a
/// replicated host matrix with a non-negative diagonal: R of the centred A
/// without a centred copy (PCA).
template <class T>
xt::xarray<T> tsqr_r(const DNDarray<T>& a, const T* shift) {
  const communicator& comm = a.comm();
  const std::int64_t k = a.shape()[1];
  const auto host = ht::detail::host_block(a);
  xt::xarray<T> r = ht::detail::agreed(comm, "qr: local factor", ht::detail::error_kind::error,
                                       [&] { return chunked_r<T>(a.lshape()[0], k, host.data(), shift); });
  std::vector<std::int64_t> heights;
  if (a.split()) r = local_r<T>(gather_factors(a, r, heights));
  positive_diagonal(r);
  return r;
}

}  // namespace detail

template <class T>
DNDarray<T> qr_r(const DNDarray<T>& A) {
  const DNDarray<T> a = detail::tsqr_input(A);
  const std::int64_t k = a.shape()[1];
  const xt::xarray<T> r = detail::tsqr_r(a, static_cast<const T*>(nullptr));
  DNDarray<T> R(distribution::balanced({k, k}, none, a.comm().size()), a.comm());
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
