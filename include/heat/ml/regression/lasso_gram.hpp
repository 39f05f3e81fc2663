#ifndef HEAT_ML_REGRESSION_LASSO_GRAM_HPP
#define HEAT_ML_REGRESSION_LASSO_GRAM_HPP

/// Lasso's Gram solver: G = Xc^T Xc, q = Xc^T yc and |yc|^2 in one
/// collective of d*d + d + 1 values, then sweeps without messages.
///
/// Contract: solve_gram(problem, options, alpha) returns w (replicated) and
/// the sweeps, the same on every rank.

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
            const double yc = yv[r0 + i] - y_mean;
#pragma omp simd
            for (std::int64_t j = 0; j < d; ++j) {
              const double v = x[(r0 + i) * d + j] - mu[j];
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
solution solve_gram(const lasso_problem<T>& P, const lasso_options& o, double alpha) {
  const std::int64_t d = P.d;
  const auto g = gram_system(P);
  const double* G = g.data();
  const double* q = g.data() + d * d;
  const double y_norm2 = g(d * d + d);
  check_squares([&](std::int64_t j) { return G[j * d + j]; }, d, y_norm2);
  solution s{std::vector<double>(static_cast<std::size_t>(d), 0.0), {}};
  std::vector<double> h(static_cast<std::size_t>(d), 0.0);  // G w
  std::vector<std::int64_t> all(static_cast<std::size_t>(d));
  for (std::int64_t j = 0; j < d; ++j) all[j] = j;
  s.run = coordinate_descent(
      s.w, all, o, y_norm2,
      [&](std::int64_t j, std::vector<double>& w) {
        const double gjj = G[j * d + j];
        const double old = w[j];
        w[j] = gjj > 0 ? soft_threshold(q[j] - h[j] + gjj * old, alpha) / gjj : 0.0;
        if (w[j] != old)
          for (std::int64_t k = 0; k < d; ++k) h[k] += (w[j] - old) * G[k * d + j];
      },
      [&](const std::vector<double>& w) {
        double q_dot_w = 0, w_h = 0;
        std::vector<double> xta(static_cast<std::size_t>(d));
        for (std::int64_t j = 0; j < d; ++j) {
          xta[j] = q[j] - h[j];
          q_dot_w += q[j] * w[j];
          w_h += w[j] * h[j];
        }
        return duality_gap(w, xta, y_norm2 + w_h - 2 * q_dot_w, y_norm2, q_dot_w, alpha);
      });
  return s;
}

}  // namespace ht::regression::detail

#endif
