#ifndef HEAT_ML_REGRESSION_LASSO_RESIDUAL_HPP
#define HEAT_ML_REGRESSION_LASSO_RESIDUAL_HPP

/// Lasso's residual solver with a working set: sweeps run over the features
/// that can be non-zero (those with |xc_j . r| > alpha at some gap check),
/// from centred copies of their columns, keeping the local residual r; the
/// full X^T r of each gap check (a row-major pass) adds the features that
/// violate optimality. Only the working set is copied, so sparse solutions
/// never copy X.
///
/// Contract: residual_solver(problem) computes the column norms (one
/// collective); solve(w0, penalty, stopping) runs the sweeps from w0 and
/// returns w (replicated), the sweeps and the last gap, the same on every
/// rank; called again (a path) it starts from its last w without a pass.
/// Collectives: one scalar per coordinate update, one of d + 2 values per
/// gap check. With sample weights every row of Xc and r carries the root of
/// its weight (lasso_problem::root).

#include "heat/comm/collectives.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/simd.hpp"
#include "heat/ml/regression/coordinate_descent.hpp"
#include "heat/ml/regression/lasso_problem.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ht::regression::detail {

template <class T>
class residual_solver {
 public:
  explicit residual_solver(const lasso_problem<T>& P)
      : P(P),
        d(P.d),
        r(static_cast<std::size_t>(P.rows)),
        s(ht::detail::host_buffer<double>("heat::lasso::norms", static_cast<std::size_t>(2 * P.d + 1))),
        column(static_cast<std::size_t>(P.d)),
        in_set(static_cast<std::size_t>(P.d), 0),
        column_cut(ht::detail::cut_rows(P.rows, 16384)),
        dots(column_cut, 1),
        w_now(static_cast<std::size_t>(P.d), 0.0) {
    for (std::int64_t i = 0; i < P.rows; ++i) r[i] = P.root(i) * (P.yv[i] - P.y_mean);
    norms();
    check_squares(
        P.who, [&](std::int64_t j) { return s(j); }, d, s(2 * d));
  }
  /// X^T y (centred, weighted).
  const double* q() const { return s.data() + d; }

  solution solve(std::vector<double> w0, const penalty& pen, const stopping& o) {
    const double y_norm2 = s(2 * d);
    if (w0 != w_now) restart(w0);
    grow(s.data() + d, pen.l1);
    solution out{std::move(w0), {}};
    out.run = coordinate_descent(
        out.w, active, o, y_norm2, [&](std::int64_t j, std::vector<double>& w) { update(j, w, pen); },
        [&](const std::vector<double>& w) {
          std::vector<double> xtr;
          const double gap = duality_gap_of(w, xtr, y_norm2, pen);
          if (!(gap < o.tol * y_norm2)) grow(xtr.data(), pen.l1);
          return gap;
        });
    w_now = out.w;
    return out;
  }

 private:
  /// Column norms of Xc, Xc^T yc and |yc|^2 into s: one collective.
  void norms() {
    const double* m = P.mu.data();
    const T* x = P.x;
    const double* rv = r.data();
    const std::int64_t dd = d;
    ht::detail::slice_sums part(P.pass_cut, 2 * d + 1);
    ht::detail::for_each_slice(P.pass_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
      double *nrm = part.of(k), *xty = part.of(k) + dd;
      double r2 = 0;
      simd::dispatch(pass_level, [&]() HEAT_SIMD_BODY {
        for (std::int64_t i = lo; i < hi; ++i) {
          const T* xi = x + i * dd;
          const double ri = rv[i], si = P.root(i);
#pragma omp simd
          for (std::int64_t j = 0; j < dd; ++j) {
            const double v = si * (static_cast<double>(xi[j]) - m[j]);
            nrm[j] += v * v;
            xty[j] += v * ri;
          }
          r2 += ri * ri;
        }
      });
      nrm[2 * dd] = r2;
    });
    part.join_into(s.data());
    P.sum(s);
  }

  /// Adds features with |xc_j . r| > alpha (xtr) not yet in the set, the
  /// largest first, at most as many as the set holds (at least 16): the set
  /// doubles while sweeps show which features matter, so few columns are
  /// copied when few coefficients end non-zero. One row-major pass copies
  /// the new columns.
  void grow(const double* xtr, double l1) {
    std::vector<std::int64_t> fresh;
    for (std::int64_t j = 0; j < d; ++j)
      if (!in_set[j] && s(j) > 0 && std::fabs(xtr[j]) > l1) fresh.push_back(j);
    const auto most = std::max<std::size_t>(16, active.size());
    if (fresh.size() > most) {
      std::partial_sort(fresh.begin(), fresh.begin() + static_cast<std::ptrdiff_t>(most), fresh.end(),
                        [&](std::int64_t a, std::int64_t b) {
                          return std::fabs(xtr[a]) > std::fabs(xtr[b]) ||
                                 (std::fabs(xtr[a]) == std::fabs(xtr[b]) && a < b);
                        });
      fresh.resize(most);
    }
    add(fresh);
  }

  /// Copies the centred (weighted) columns of `fresh` (not in the set) and
  /// adds them to the set: one row-major pass.
  void add(const std::vector<std::int64_t>& fresh) {
    if (fresh.empty()) return;
    for (const std::int64_t j : fresh) {
      in_set[j] = 1;
      column[j].resize(static_cast<std::size_t>(P.rows));
    }
    ht::detail::for_each_slice(P.pass_cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i)
        for (const std::int64_t j : fresh) column[j][i] = P.root(i) * (static_cast<double>(P.x[i * d + j]) - P.mu[j]);
    });
    active.insert(active.end(), fresh.begin(), fresh.end());
    std::sort(active.begin(), active.end());
  }

  /// One coordinate: its dot product with r (long slices: two flops a
  /// row; one scalar collective), its soft threshold, r updated.
  /// A warm start: r = root(w) (yc - Xc w0) by a row-major pass (local),
  /// and the non-zero coordinates of w0 join the set.
  void restart(const std::vector<double>& w0) {
    std::vector<std::int64_t> fresh;
    for (std::int64_t j = 0; j < d; ++j)
      if (w0[j] != 0 && !in_set[j]) fresh.push_back(j);
    add(fresh);
    ht::detail::for_each_slice(P.pass_cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i) {
        double v = P.yv[i] - P.y_mean;
        for (std::int64_t j = 0; j < d; ++j)
          if (w0[j] != 0) v -= (static_cast<double>(P.x[i * d + j]) - P.mu[j]) * w0[j];
        r[i] = P.root(i) * v;
      }
    });
    w_now = w0;
  }

  void update(std::int64_t j, std::vector<double>& w, const penalty& pen) {
    const double* col = column[j].data();
    double* rv = r.data();
    std::fill(dots.values.begin(), dots.values.end(), 0.0);
    ht::detail::for_each_slice(column_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
      double part = 0;
      simd::dispatch(pass_level, [&]() HEAT_SIMD_BODY {
#pragma omp simd reduction(+ : part)
        for (std::int64_t i = lo; i < hi; ++i) part += col[i] * rv[i];
      });
      *dots.of(k) = part;
    });
    double dot = 0;
    dots.join_into(&dot);
    if (P.X.split()) dot = allreduce(P.comm(), dot, reduce_op::sum);  // the one scalar collective
    const double old = w[j];
    w[j] = coordinate(dot + s(j) * old, s(j), old, pen);
    const double delta = w[j] - old;
    if (delta == 0) return;
    ht::detail::for_each_slice(column_cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
      simd::dispatch(pass_level, [&]() HEAT_SIMD_BODY {
#pragma omp simd
        for (std::int64_t i = lo; i < hi; ++i) rv[i] -= delta * col[i];
      });
    });
  }

  /// The duality gap; Xc^T r (= X^T r - mu sum(r)) into xtr, by a row-major
  /// pass with |r|^2: one collective.
  double duality_gap_of(const std::vector<double>& w, std::vector<double>& xtr, double y_norm2, const penalty& pen) {
    const auto t = ht::detail::host_buffer<double>("heat::lasso::gap", static_cast<std::size_t>(d + 2));
    const T* x = P.x;
    const double* rv = r.data();
    const std::int64_t dd = d;
    ht::detail::slice_sums part(P.pass_cut, d + 2);
    ht::detail::for_each_slice(P.pass_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
      double* a = part.of(k);
      double r_sum = 0, r2 = 0;
      simd::dispatch(pass_level, [&]() HEAT_SIMD_BODY {
        for (std::int64_t i = lo; i < hi; ++i) {
          const T* xi = x + i * dd;
          const double ri = rv[i], sri = P.root(i) * ri;
#pragma omp simd
          for (std::int64_t j = 0; j < dd; ++j) a[j] += static_cast<double>(xi[j]) * sri;
          r_sum += sri;
          r2 += ri * ri;
        }
      });
      a[dd] = r_sum;
      a[dd + 1] = r2;
    });
    part.join_into(t.data());
    P.sum(t);
    xtr.assign(static_cast<std::size_t>(d), 0.0);
    double q_dot_w = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      xtr[j] = t(j) - P.mu[j] * t(d);
      q_dot_w += s(d + j) * w[j];
    }
    return duality_gap(w, xtr, t(d + 1), y_norm2, q_dot_w, pen);
  }

  const lasso_problem<T>& P;
  std::int64_t d;
  std::vector<double> r;                       // the local residual
  Kokkos::View<double*, Kokkos::HostSpace> s;  // [|xc_j|^2 (d) | xc_j . yc (d) | |yc|^2]
  std::vector<std::int64_t> active;            // the working set, ascending
  std::vector<std::vector<double>> column;     // centred copies, working set only
  std::vector<char> in_set;                    // (a rank without rows holds empty columns)
  ht::detail::row_cut column_cut;
  ht::detail::slice_sums dots;
  std::vector<double> w_now;  // the coefficients r belongs to
};

}  // namespace ht::regression::detail

#endif
