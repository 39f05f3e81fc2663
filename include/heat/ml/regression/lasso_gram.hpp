#ifndef HEAT_ML_REGRESSION_LASSO_GRAM_HPP
#define HEAT_ML_REGRESSION_LASSO_GRAM_HPP

/// Lasso's Gram solver: G = Xc^T Xc, q = Xc^T yc and |yc|^2 in one
/// collective of d*d + d + 1 values, then sweeps without messages.
///
/// Contract: gram_solver(problem) builds the system (the one collective);
/// solve(w0, penalty, stopping) runs the sweeps from w0 and returns w
/// (replicated), the sweeps and the last gap, the same on every rank; it
/// may be called again (a path of penalties, each from the last w).

#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/simd.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/ml/regression/coordinate_descent.hpp"
#include "heat/ml/regression/lasso_problem.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

namespace ht::regression::detail {

/// G, q and |yc|^2 (d*d + d + 1 values, summed over the ranks) from centred
/// row chunks (no centred copy of X). The rows are cut into slices
/// (heat/core/host_threads.hpp: on all of the rank's threads, each slice
/// with its own G and chunk, at most 32 MiB of them), joined in order; BLAS
/// runs on each calling thread alone meanwhile. A chunk of centred rows
/// stays within about 1 MiB (measured at d = 100: 2048-row chunks as fast,
/// 4096 (3.2 MiB) 20 % slower: out of L2 before BLAS reads it).
template <class T>
Kokkos::View<double*, Kokkos::HostSpace> gram_system(const lasso_problem<T>& P) {
  const std::int64_t d = P.d, width = d * d + d + 1;
  const std::int64_t chunk =
      std::clamp<std::int64_t>((std::int64_t{1} << 20) / (8 * std::max<std::int64_t>(d, 1)), 256, 4096);
  const auto g = ht::detail::host_buffer<double>("heat::lasso::gram", static_cast<std::size_t>(width));
  const ht::detail::row_cut cut = ht::detail::align_cut(
      ht::detail::cut_rows(P.rows, chunk, (std::int64_t{32} << 20) / (8 * (width + d * chunk))), chunk);
  ht::detail::check(d <= INT_MAX, "Lasso.fit: ", d, " features are too many for 32-bit BLAS");
  ht::detail::slice_sums part(cut, width);
  std::vector<double> xc(static_cast<std::size_t>(cut.count * d * chunk));
  const T *x = P.x, *yv = P.yv;
  const double* mu = P.mu.data();
  const double y_mean = P.y_mean;
  {
    const linalg::detail::single_threaded_blas one_thread(cut.count > 1);
    ht::detail::for_each_slice(cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
      double* gk = part.of(k);
      double* xk = xc.data() + k * d * chunk;
      double* gq = gk + d * d;
      for (std::int64_t r0 = lo; r0 < hi; r0 += chunk) {
        const std::int64_t m = std::min(chunk, hi - r0);
        simd::dispatch(pass_level, [&]() HEAT_SIMD_BODY {
          for (std::int64_t i = 0; i < m; ++i) {
            const double s = P.root(r0 + i);
            const double yc = s * (yv[r0 + i] - y_mean);
#pragma omp simd
            for (std::int64_t j = 0; j < d; ++j) {
              const double v = s * (x[(r0 + i) * d + j] - mu[j]);
              xk[i * d + j] = v;
              gq[j] += v * yc;
            }
            gq[d] += yc * yc;
          }
        });
        linalg::detail::gram_update<double>(m, d, xk, d, gk, d);
      }
    });
  }
  part.join_into(g.data());
  P.sum(g);
  return g;
}

template <class T>
class gram_solver {
 public:
  explicit gram_solver(const lasso_problem<T>& P) : d(P.d), g(gram_system(P)) {
    check_squares(
        P.who, [&](std::int64_t j) { return g(j * d + j); }, d, y_norm2());
  }
  /// X^T y (centred, weighted), the system's q.
  const double* q() const { return g.data() + d * d; }
  double y_norm2() const { return g(d * d + d); }

  solution solve(std::vector<double> w0, const penalty& pen, const stopping& o) const {
    const double* G = g.data();
    const double* qv = q();
    solution s{std::move(w0), {}};
    std::vector<double> h(static_cast<std::size_t>(d), 0.0);  // G w
    for (std::int64_t j = 0; j < d; ++j)
      if (s.w[j] != 0)
        for (std::int64_t k = 0; k < d; ++k) h[k] += s.w[j] * G[k * d + j];
    std::vector<std::int64_t> all(static_cast<std::size_t>(d));
    for (std::int64_t j = 0; j < d; ++j) all[j] = j;
    s.run = coordinate_descent(
        s.w, all, o, y_norm2(),
        [&](std::int64_t j, std::vector<double>& w) {
          const double gjj = G[j * d + j];
          const double old = w[j];
          w[j] = coordinate(qv[j] - h[j] + gjj * old, gjj, old, pen);
          if (w[j] != old)
            for (std::int64_t k = 0; k < d; ++k) h[k] += (w[j] - old) * G[k * d + j];
        },
        [&](const std::vector<double>& w) {
          double q_dot_w = 0, w_h = 0;
          std::vector<double> xtr(static_cast<std::size_t>(d));
          for (std::int64_t j = 0; j < d; ++j) {
            xtr[j] = qv[j] - h[j];
            q_dot_w += qv[j] * w[j];
            w_h += w[j] * h[j];
          }
          return duality_gap(w, xtr, y_norm2() + w_h - 2 * q_dot_w, y_norm2(), q_dot_w, pen);
        });
    return s;
  }

 private:
  std::int64_t d;
  Kokkos::View<double*, Kokkos::HostSpace> g;  // [G (d*d) | q (d) | |yc|^2]
};

}  // namespace ht::regression::detail

#endif
