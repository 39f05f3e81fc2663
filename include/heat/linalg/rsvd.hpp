#ifndef HEAT_LINALG_RSVD_HPP
#define HEAT_LINALG_RSVD_HPP

/// Randomized truncated SVD (Halko, Martinsson and Tropp 2011; scikit-learn's
/// randomized_svd, HeAT's ht.linalg.rsvd): A ~ U diag(S) Vt of a given rank
/// from a sketch of A's range.
///
/// Contract:
/// - A is n x k, float or double, split 0 (split 1 is resplit) or
///   replicated; rank in [1, min(n, k)]. l = min(rank + n_oversamples,
///   min(n, k)) Gaussian test vectors Omega (k x l, the same on every rank:
///   drawn from random_state, or from ht::random's replicated stream, which
///   it advances).
/// - Y = A Omega (each rank its rows); n_iter power iterations (scikit-learn's
///   'auto' when unset: 7 when rank < 0.1 min(n, k), else 4), each
///   re-orthonormalised by TSQR (heat/linalg/qr.hpp) and a replicated QR of
///   A^T Q; Q = qr(Y).Q; B = Q^T A (l x k, summed over the ranks); B's SVD
///   by LAPACK on every rank alike; U = Q U_B on each rank's rows.
/// - Results as linalg::svd's, truncated to rank: U (n x rank, split like A's
///   rows), S (rank, descending, replicated), Vt (rank x k, replicated);
///   signs by Vt (scikit-learn's svd_flip on Vt). Exact (to rounding) when
///   A's rank is at most l; otherwise the error bounds of Halko et al.
/// - Messages: per power iteration one TSQR (an Allgatherv of l x l
///   factors) and one Allreduce of k x l; then one TSQR and one Allreduce of
///   l x k. A replicated A: none.
/// - Bad input (not 2-D, rank outside [1, min(n, k)], n_oversamples or
///   n_iter negative, NaN or inf: found in the replicated B) throws
///   ValueError on every rank.

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/random.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/linalg/qr.hpp"
#include "heat/linalg/svd.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xadapt.hpp>

#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace ht::linalg {

/// Options of rsvd (scikit-learn's randomized_svd names).
struct rsvd_options {
  std::int64_t n_oversamples = 10;
  std::optional<std::int64_t> n_iter = std::nullopt;  ///< power iterations; unset: scikit-learn's 'auto'
  std::optional<std::uint64_t> random_state = std::nullopt;
};

namespace detail {

/// k x l standard normal values (row-major) from seed: the same on every rank.
template <class T>
xt::xarray<T> gaussian(std::int64_t k, std::int64_t l, std::uint64_t seed) {
  xt::xarray<T> out = xt::empty<T>({static_cast<std::size_t>(k), static_cast<std::size_t>(l)});
  for (std::int64_t g = 0; g < k * l; ++g) {
    const auto w = ht::random::detail::words(seed, 0, g);
    const double u1 = 1.0 - ht::random::detail::unit(w.v[0], w.v[1]), u2 = ht::random::detail::unit(w.v[2], w.v[3]);
    out.flat(static_cast<std::size_t>(g)) =
        static_cast<T>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
  }
  return out;
}

/// This rank's rows of A (rows x k) times a replicated k x c matrix: a DNDarray laid out as A's rows.
template <class T>
DNDarray<T> times(const DNDarray<T>& A, const T* a, const xt::xarray<T>& m) {
  const std::int64_t rows = A.lshape()[0], k = A.shape()[1], c = static_cast<std::int64_t>(m.shape()[1]);
  const distribution dist(shape_t{A.shape()[0], c}, A.split(), A.comm().size(),
                          A.split() ? A.dist().counts() : std::vector<std::int64_t>{});
  ht::detail::host_result<T> out(dist, A.comm());
  gemm<T>(rows, c, k, T(1), a, k, m.data(), c, false, T(0), out.data(), c);
  return out.finish();
}

/// Q^T A (c x k) summed over the ranks: Q (rows x c) and A (rows x k) this rank's rows.
template <class T>
xt::xarray<T> transposed_times(const DNDarray<T>& Q, const T* a, std::int64_t k) {
  const std::int64_t rows = Q.lshape()[0], c = Q.shape()[1];
  const auto q = ht::detail::host_block(Q);
  xt::xarray<T> out = xt::zeros<T>({static_cast<std::size_t>(c), static_cast<std::size_t>(k)});
  if (rows > 0) {
    ht::detail::check(rows <= INT_MAX && c <= INT_MAX && k <= INT_MAX, "rsvd: too large for 32-bit BLAS");
    cxxblas::gemm(cxxblas::RowMajor, cxxblas::Trans, cxxblas::NoTrans, static_cast<int>(c), static_cast<int>(k),
                  static_cast<int>(rows), T(1), q.data(), static_cast<int>(c), a, static_cast<int>(k), T(0), out.data(),
                  static_cast<int>(k));
  }
  if (Q.split()) {
    Kokkos::View<T*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> v(out.data(), out.size());
    allreduce(Q.comm(), v, reduce_op::sum);
  }
  return out;
}

}  // namespace detail

/// The rank-`rank` randomized SVD of A (see the contract above).
template <class T>
svd_result<T> rsvd(const DNDarray<T>& A_in, std::int64_t rank, const rsvd_options& o = {}) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "rsvd works on float or double");
  ht::detail::check(A_in.ndim() == 2, "rsvd needs a 2-D array, got shape ", to_string(A_in.shape()));
  const std::int64_t n = A_in.shape()[0], k = A_in.shape()[1], small = std::min(n, k);
  ht::detail::check(rank >= 1 && rank <= small, "rsvd: rank must be in [1, ", small, "], got ", rank);
  ht::detail::check(o.n_oversamples >= 0 && o.n_iter.value_or(0) >= 0,
                    "rsvd: n_oversamples and n_iter must be non-negative");
  const DNDarray<T> A = A_in.split() == 1 ? resplit(A_in, 0) : A_in;
  const auto a = ht::detail::host_block(A);
  const std::int64_t l = std::min(rank + o.n_oversamples, small);
  const std::int64_t iters = o.n_iter.value_or(static_cast<double>(rank) < 0.1 * static_cast<double>(small) ? 7 : 4);
  auto& stream = ht::random::detail::state();
  const std::uint64_t seed = o.random_state.value_or(stream.seed ^ (0x9E3779B97F4A7C15ull * (stream.counter + 1)));
  if (!o.random_state) stream.counter += static_cast<std::uint64_t>(k * l);
  DNDarray<T> Y = detail::times(A, a.data(), detail::gaussian<T>(k, l, seed));
  for (std::int64_t i = 0; i < iters; ++i) {
    // Q of the sketch, then of A^T Q (replicated), then the next sketch.
    const DNDarray<T> Q = qr(Y).Q;
    const xt::xarray<T> z = xt::transpose(detail::transposed_times(Q, a.data(), k));  // k x l
    const xt::xarray<T> zq = std::get<0>(xt::linalg::qr(z, xt::linalg::qrmode::reduced));
    Y = detail::times(A, a.data(), zq);
  }
  const DNDarray<T> Q = qr(Y).Q;
  const xt::xarray<T> B = detail::transposed_times(Q, a.data(), k);  // l x k
  const auto [ub, s, vt] = detail::small_svd(A.comm(), B);
  const xt::xarray<T> head = xt::view(ub, xt::all(), xt::range(0, rank));
  const auto q = ht::detail::host_block(Q);
  const xt::xarray<T> S = xt::view(s, xt::range(0, rank)), Vt = xt::view(vt, xt::range(0, rank), xt::all());
  return {detail::times(Q, q.data(), head), detail::replicated(S, A.comm()), detail::replicated(Vt, A.comm())};
}

}  // namespace ht::linalg

#endif
