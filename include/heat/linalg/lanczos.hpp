#ifndef HEAT_LINALG_LANCZOS_HPP
#define HEAT_LINALG_LANCZOS_HPP

/// The Lanczos process (HeAT's ht.lanczos): an orthonormal basis V of the
/// Krylov space of a symmetric A from v0, and T = V^T A V, tridiagonal;
/// the eigenpairs (w, y) of T give Ritz pairs (w, V y) of A, whose extreme
/// ones converge first.
///
/// Contract:
/// - A is n x n, float or double, symmetric (not checked: only A's rows
///   are read), split 0 (split 1 is resplit) or replicated. m in [1, n]
///   steps; v0 (n, any split; default: every entry 1/sqrt(n), as HeAT's
///   Spectral starts) is normalised first and must not be 0.
/// - Each step: w = A v_k on each rank's rows (BLAS gemv), then full
///   orthogonalisation against every v so far (classical Gram-Schmidt,
///   twice: V stays orthonormal to rounding, which HeAT's T also assumes;
///   it holds the three-term recurrence), alpha_k the first pass's
///   coefficient of v_k, beta = |w|.
/// - Breakdown (beta <= n * eps * |T| so far: v0 lies in an invariant
///   subspace) ends the process early: V and T then have fewer columns
///   (m_done <= m), which is the exact answer for that subspace.
/// - An early stop (lanczos_stop, off unless asked): every 10 steps, the
///   `smallest` lowest Ritz values' residuals |A V y - w V y| = beta_k
///   |y_last| (exact in exact arithmetic) are checked; when each is
///   <= tol * max |Ritz value|, the process ends there. T is replicated, so
///   every rank decides alike without a message.
/// - Results: V (n x m_done, split 0 when A is split, else replicated), T
///   (m_done x m_done, replicated, exactly symmetric tridiagonal).
/// - Messages per step: one Allgatherv of v_k (n values: every rank holds
///   the whole vector for its rows' products), two Allreduce of at most
///   m + 1 values (the two Gram-Schmidt passes: alpha from the first, beta
///   riding on the second). A replicated A: none.
/// - Bad input (not square, m outside [1, n], v0 of the wrong length or 0,
///   NaN or inf reaching T) throws ValueError on every rank: T is
///   replicated, so its check needs no message.

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/host.hpp"
#include "heat/linalg/blas.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

namespace ht::linalg {

/// When to end before m steps (see the contract).
struct lanczos_stop {
  std::int64_t smallest = 0;  ///< how many of the lowest Ritz pairs must converge; 0: run all m steps
  double tol = 0;             ///< their residuals relative to the largest |Ritz value|
};

template <class E>
struct lanczos_result {
  DNDarray<E> V;  ///< n x m_done: orthonormal columns, split like A's rows
  DNDarray<E> T;  ///< m_done x m_done, tridiagonal, replicated
};

namespace detail {

/// The state of the process on one rank: its rows of V (row-major, m
/// columns), the current vector whole, the recurrence's coefficients.
template <class T>
struct lanczos_state {
  const communicator& comm;
  bool split;
  std::int64_t n, rows, first, m;
  std::vector<T> V, v, alpha, beta;
  std::vector<std::int64_t> counts;
  /// Sums a buffer over the ranks (a replicated A: nothing to sum).
  void sum(std::vector<T>& x) const {
    if (!split) return;
    Kokkos::View<T*, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> view(x.data(), x.size());
    allreduce(comm, view, reduce_op::sum);
  }
  /// Column k of V (this rank's rows) = w; the whole vector to every rank.
  void set_column(std::int64_t k, const std::vector<T>& w) {
    for (std::int64_t i = 0; i < rows; ++i) V[static_cast<std::size_t>(i * m + k)] = w[static_cast<std::size_t>(i)];
    if (!split) {
      v = w;
      return;
    }
    const auto send = ht::detail::host_buffer<T>("heat::lanczos::mine", static_cast<std::size_t>(rows));
    const auto all = ht::detail::host_buffer<T>("heat::lanczos::whole", static_cast<std::size_t>(n));
    std::copy(w.begin(), w.end(), send.data());
    allgatherv(comm, send, all, counts);
    v.assign(all.data(), all.data() + n);
  }
  /// c = V[:, :k]^T w summed over the ranks, then w -= V[:, :k] c.
  void orthogonalise(std::int64_t k, std::vector<T>& w, std::vector<T>& c, T* extra = nullptr) const {
    c.assign(static_cast<std::size_t>(k) + (extra ? 1 : 0), T(0));
    gemv<T>(rows, k, T(1), V.data(), m, true, w.data(), T(0), c.data());
    if (extra)
      for (std::int64_t i = 0; i < rows; ++i) c[static_cast<std::size_t>(k)] += w[i] * w[i];
    sum(c);
    gemv<T>(rows, k, T(-1), V.data(), m, false, c.data(), T(1), w.data());
    if (extra) *extra = c[static_cast<std::size_t>(k)];
  }
};

/// One step: w = A v_k - beta_{k-1} v_{k-1}, alpha_k, w reorthogonalised;
/// returns |w| before normalising (beta_k).
template <class T>
T lanczos_step(lanczos_state<T>& s, const T* a, std::int64_t k) {
  std::vector<T> w(static_cast<std::size_t>(s.rows)), c;
  gemv<T>(s.rows, s.n, T(1), a, s.n, false, s.v.data(), T(0), w.data());
  // Against every v so far (the recurrence's two terms included), twice:
  // the first pass's coefficient of v_k is alpha_k = v_k^T A v_k; the
  // second pass also sums |w|^2 (w's change in it is rounding).
  s.orthogonalise(k + 1, w, c);
  s.alpha[static_cast<std::size_t>(k)] = c[static_cast<std::size_t>(k)];
  T norm2 = 0;
  s.orthogonalise(k + 1, w, c, &norm2);
  for (std::int64_t j = 0; j <= k; ++j) norm2 -= c[static_cast<std::size_t>(j)] * c[static_cast<std::size_t>(j)];
  const T beta = std::sqrt(std::max(norm2, T(0)));
  if (k + 1 < s.m && beta > T(0)) {
    for (auto& x : w) x /= beta;
    s.set_column(k + 1, w);
  }
  return beta;
}

/// Whether the `stop.smallest` lowest Ritz pairs of the first k + 1 steps
/// have converged (beta: the last step's, not yet in T).
template <class T>
bool converged(const lanczos_state<T>& s, std::int64_t k, T beta, const lanczos_stop& stop) {
  const auto size = static_cast<std::size_t>(k + 1);
  xt::xarray<T> t = xt::zeros<T>({size, size});
  for (std::size_t i = 0; i < size; ++i) {
    t(i, i) = s.alpha[i];
    if (i + 1 < size) t(i, i + 1) = t(i + 1, i) = s.beta[i];
  }
  const auto [values, vectors] = xt::linalg::eigh(t);
  const T top = std::max(std::fabs(values(0)), std::fabs(values(size - 1)));
  for (std::size_t i = 0; i < std::min<std::size_t>(size, static_cast<std::size_t>(stop.smallest)); ++i)
    if (std::fabs(beta * vectors(size - 1, i)) > static_cast<T>(stop.tol) * top) return false;
  return static_cast<std::int64_t>(size) >= stop.smallest;
}

/// V's first `done` columns (split like A's rows) and T from the coefficients.
template <class T>
lanczos_result<T> lanczos_finish(const lanczos_state<T>& s, const DNDarray<T>& A, std::int64_t done) {
  const distribution vd(shape_t{s.n, done}, A.split() ? split_t{0} : none, s.comm.size(),
                        A.split() ? s.counts : std::vector<std::int64_t>{});
  ht::detail::host_result<T> V(vd, s.comm);
  for (std::int64_t i = 0; i < s.rows; ++i)
    for (std::int64_t j = 0; j < done; ++j) V.data()[i * done + j] = s.V[static_cast<std::size_t>(i * s.m + j)];
  ht::detail::host_result<T> Tm(distribution::balanced(shape_t{done, done}, none, s.comm.size()), s.comm);
  std::fill(Tm.data(), Tm.data() + done * done, T(0));
  for (std::int64_t k = 0; k < done; ++k) {
    Tm.data()[k * done + k] = s.alpha[static_cast<std::size_t>(k)];
    if (k + 1 < done) Tm.data()[k * done + k + 1] = Tm.data()[(k + 1) * done + k] = s.beta[static_cast<std::size_t>(k)];
  }
  return {V.finish(), Tm.finish()};
}

}  // namespace detail

/// m Lanczos steps on A from v0, or from 1/sqrt(n) everywhere (see the contract above).
template <class T>
lanczos_result<T> lanczos(const DNDarray<T>& A_in, std::int64_t m, const std::optional<DNDarray<T>>& v0,
                          const lanczos_stop& stop = {}) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "lanczos works on float or double");
  ht::detail::check(A_in.ndim() == 2 && A_in.shape()[0] == A_in.shape()[1], "lanczos needs a square matrix, got ",
                    to_string(A_in.shape()));
  const std::int64_t n = A_in.shape()[0];
  ht::detail::check(m >= 1 && m <= n, "lanczos: m must be in [1, ", n, "], got ", m);
  ht::detail::check(!v0 || (v0->ndim() == 1 && v0->shape()[0] == n), "lanczos: v0 must have shape (", n, ",)");
  const DNDarray<T> A = A_in.split() == 1 ? resplit(A_in, 0) : A_in;
  const auto a = ht::detail::host_block(A);
  const bool split = A.split().has_value();
  detail::lanczos_state<T> s{A.comm(), split, n, A.lshape()[0], A.offset(), m, {}, {}, {}, {}, {}};
  s.counts = split ? A.dist().counts() : std::vector<std::int64_t>{n};
  s.V.assign(static_cast<std::size_t>(s.rows * m), T(0));
  s.alpha.assign(static_cast<std::size_t>(m), T(0));
  s.beta.assign(static_cast<std::size_t>(m), T(0));
  // v0, normalised: replicated, so every rank normalises alike.
  std::vector<T> start(static_cast<std::size_t>(n), T(1) / std::sqrt(static_cast<T>(n)));
  if (v0) {
    const auto whole = resplit(*v0, none);
    const auto h = ht::detail::host_block(whole);
    start.assign(h.data(), h.data() + n);
  }
  T norm = 0;
  for (const T x : start) norm += x * x;
  ht::detail::check(norm > T(0) && std::isfinite(norm), "lanczos: v0 must be finite and not 0");
  for (auto& x : start) x /= std::sqrt(norm);
  s.v = start;
  for (std::int64_t i = 0; i < s.rows; ++i)
    s.V[static_cast<std::size_t>(i * m)] = start[static_cast<std::size_t>(s.first + i)];
  std::int64_t done = m;
  T scale = 0;
  for (std::int64_t k = 0; k < m; ++k) {
    const T beta = detail::lanczos_step(s, a.data(), k);
    scale = std::max({scale, std::fabs(s.alpha[static_cast<std::size_t>(k)]), beta});
    ht::detail::check(std::isfinite(beta) && std::isfinite(s.alpha[static_cast<std::size_t>(k)]),
                      "lanczos: A holds NaN or inf");
    if (k + 1 < m && beta <= static_cast<T>(n) * std::numeric_limits<T>::epsilon() * scale) {
      done = k + 1;  // an invariant subspace: T is exact
      break;
    }
    s.beta[static_cast<std::size_t>(k)] = beta;
    if (stop.smallest > 0 && k + 1 < m && (k + 1) % 10 == 0 && detail::converged(s, k, beta, stop)) {
      done = k + 1;
      break;
    }
  }
  return detail::lanczos_finish(s, A, done);
}

template <class T>
lanczos_result<T> lanczos(const DNDarray<T>& A, std::int64_t m) {
  return lanczos(A, m, std::optional<DNDarray<T>>{});
}

template <class T>
lanczos_result<T> lanczos(const DNDarray<T>& A, std::int64_t m, const DNDarray<T>& v0) {
  return lanczos(A, m, std::optional<DNDarray<T>>{v0});
}

}  // namespace ht::linalg

#endif
