#ifndef HEAT_ML_REGRESSION_LASSO_HPP
#define HEAT_ML_REGRESSION_LASSO_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/simd.hpp"
#include "heat/expr/operators.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/linalg/matmul.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ht::regression {

/// Options of Lasso (scikit-learn's Lasso(alpha=lam) semantics).
struct lasso_options {
  double lam = 1.0;  ///< the L1 weight
  std::int64_t max_iter = 1000;
  double tol = 1e-4;  ///< as scikit-learn: largest coefficient change, then the duality gap
  bool fit_intercept = true;
  /// "gram": d x d Gram matrix (one collective), sweeps without messages;
  /// "residual": a kept local residual and a working set of features
  /// (copied by column), one scalar collective per coordinate of the set;
  /// "auto": gram when n > d and d <= 128 (the Gram matrix then costs less
  /// than a few sweeps), else residual.
  std::string solver = "auto";
};

/// Coordinate descent on (1/(2n)) ||y - X w - b||^2 + lam ||w||_1. X is
/// n x d (split 0 or replicated), y has n values laid out like X's rows.
/// Computed in double for float and double data.
template <class T>
class Lasso {
 public:
  explicit Lasso(lasso_options opts = {}) : m_opts(std::move(opts)) {
    ht::detail::check(m_opts.lam >= 0, "lam must be non-negative, got ", m_opts.lam);
    ht::detail::check(m_opts.max_iter > 0, "max_iter must be positive, got ", m_opts.max_iter);
    ht::detail::check(m_opts.tol >= 0, "tol must be non-negative, got ", m_opts.tol);
    ht::detail::check(m_opts.solver == "auto" || m_opts.solver == "gram" || m_opts.solver == "residual",
                      "solver must be \"auto\", \"gram\" or \"residual\", got \"", m_opts.solver, "\"");
  }

  Lasso& fit(const DNDarray<T>& X, const DNDarray<T>& y);
  /// X w + b (n, split like X).
  DNDarray<T> predict(const DNDarray<T>& X) const;

  /// d, replicated.
  const DNDarray<T>& coef() const { return fitted().coef; }
  double intercept() const { return fitted().intercept; }
  /// Sweeps over the coordinates.
  int n_iter() const { return fitted().n_iter; }
  /// The solver fit used ("gram" or "residual").
  const std::string& solver() const { return fitted().solver; }
  const lasso_options& get_options() const { return m_opts; }

 private:
  struct fit_result {
    DNDarray<T> coef;
    double intercept = 0;
    int n_iter = 0;
    std::string solver;
  };
  const fit_result& fitted() const {
    ht::detail::check(m_fitted.has_value(), "this estimator is not fitted yet: call fit first");
    return *m_fitted;
  }

  lasso_options m_opts;
  std::optional<fit_result> m_fitted;
};

// ---------------------------------------------------------------------------

namespace detail {

/// The widest instruction set of the fit's row and column passes
/// (simd::dispatch): AVX2. Measured (100 000 x 500 float64, np 1, a build
/// without -march): 204 ms at the baseline, 170 with AVX2, 181 with
/// AVX-512; a -march=x86-64-v3 build 159-173 ms.
inline constexpr simd::level pass_level = simd::level::avx2;

inline double soft_threshold(double v, double t) { return v > t ? v - t : v < -t ? v + t : 0.0; }

/// The sweep loop both solvers share, with scikit-learn's stopping rule: after
/// a sweep whose largest change is below tol times the largest coefficient,
/// the duality gap must be below tol * |y - mean|^2. A sweep updates the
/// coordinates listed in `coords`, in order: update(j, w) sets w[j];
/// gap(w) returns the duality gap (and may add coordinates to the list).
/// Returns the number of sweeps.
template <class Update, class Gap>
int coordinate_descent(std::vector<double>& w, const std::vector<std::int64_t>& coords, const lasso_options& o,
                       double y_norm2, Update&& update, Gap&& gap) {
  for (int sweep = 0; sweep < o.max_iter; ++sweep) {
    double w_max = 0, dw_max = 0;
    for (const std::int64_t j : coords) {
      const double old = w[j];
      update(j, w);
      dw_max = std::max(dw_max, std::fabs(w[j] - old));
      w_max = std::max(w_max, std::fabs(w[j]));
    }
    if (w_max == 0 || dw_max / w_max < o.tol || sweep == o.max_iter - 1)
      if (gap(w) < o.tol * y_norm2) return sweep + 1;
  }
  return static_cast<int>(o.max_iter);
}

/// scikit-learn's duality gap from X^T R (xta), |R|^2 and q.w = (X^T y).w.
inline double duality_gap(const std::vector<double>& w, const std::vector<double>& xta, double r_norm2, double y_norm2,
                          double q_dot_w, double alpha) {
  double dual = 0, l1 = 0;
  for (std::size_t j = 0; j < w.size(); ++j) {
    dual = std::max(dual, std::fabs(xta[j]));
    l1 += std::fabs(w[j]);
  }
  const double c = dual > alpha ? alpha / dual : 1.0;
  const double gap = dual > alpha ? 0.5 * (r_norm2 + r_norm2 * c * c) : r_norm2;
  return gap + alpha * l1 - c * y_norm2 + c * q_dot_w;
}

/// The centred columns' and y's squared norms (every rank holds the same)
/// must be finite: finite values whose squares overflow make every
/// coefficient NaN.
template <class F>
void check_squares(F&& column_norm2, std::int64_t d, double y_norm2) {
  for (std::int64_t j = 0; j < d; ++j)
    ht::detail::check(std::isfinite(column_norm2(j)), "Lasso.fit: the squares of column ", j,
                      " of X overflow float64 (finite values, infinite sum of squares): scale the data");
  ht::detail::check(std::isfinite(y_norm2),
                    "Lasso.fit: the squares of y overflow float64 (finite values, infinite sum of squares): scale the "
                    "data");
}

}  // namespace detail

template <class T>
Lasso<T>& Lasso<T>::fit(const DNDarray<T>& X_in, const DNDarray<T>& y_in) {
  static_assert(std::is_floating_point_v<T>, "Lasso works on float or double data");
  ht::detail::check(X_in.ndim() == 2, "Lasso.fit: X must be 2-D (samples x features), got shape ",
                    to_string(X_in.shape()));
  ht::detail::check(y_in.ndim() == 1, "Lasso.fit: y must be 1-D, got shape ", to_string(y_in.shape()));
  ht::detail::check(X_in.shape()[0] == y_in.shape()[0], "Lasso.fit: X has ", X_in.shape()[0], " samples, y has ",
                    y_in.shape()[0]);
  ht::detail::check(X_in.shape()[0] > 0, "Lasso.fit: no samples");
  ht::detail::check(X_in.comm() == y_in.comm(), "operands live on different communicators");
  const DNDarray<T> X = X_in.split() == 1 ? resplit(X_in, 0) : X_in;
  // y's rows where X's are: the same counts, else replicated and sliced.
  DNDarray<T> y = y_in;
  if (y.split() != X.split() || (X.split() && y.dist().counts() != X.dist().counts())) {
    const DNDarray<T> all = y_in.split() ? resplit(y_in, none) : y_in;
    y = X.split()
            ? DNDarray<T>(distribution(shape_t{X.shape()[0]}, 0, X.comm().size(), X.dist().counts()), X.comm(),
                          Kokkos::subview(all.local_view(), std::make_pair(X.offset(), X.offset() + X.lshape()[0])))
            : all;
  }
  const communicator& comm = X.comm();
  const std::int64_t n = X.shape()[0], d = X.shape()[1], rows = X.lshape()[0];
  const auto xh = ht::detail::host_block(X);
  const auto yh = ht::detail::host_block(y);
  const T *x = xh.data(), *yv = yh.data();
  auto sum = [&](const auto& view) {
    if (X.split()) allreduce(comm, view, reduce_op::sum);
  };
  // Column sums, the sum of y and an agreement point's flag (a NaN or inf
  // in this rank's rows): one collective.
  ht::detail::agreement_point finite(comm, "Lasso.fit: values", ht::detail::error_kind::value);
  const auto first = ht::detail::host_buffer<double>("heat::lasso::means", static_cast<std::size_t>(d + 2));
  const ht::detail::row_cut pass_cut = ht::detail::cut_rows(rows, std::max<std::int64_t>(256, 65536 / (d + 1)));
  {
    double* a = first.data();
    ht::detail::slice_sums part(pass_cut, d + 1);
    ht::detail::for_each_slice(pass_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
      double* sk = part.of(k);
      simd::dispatch(detail::pass_level, [&]() HEAT_SIMD_BODY {
        for (std::int64_t i = lo; i < hi; ++i) {
          const T* xi = x + i * d;
#pragma omp simd
          for (std::int64_t j = 0; j < d; ++j) sk[j] += xi[j];
          sk[d] += yv[i];
        }
      });
    });
    part.join_into(a);
    bool sums_finite = true;
    for (std::int64_t j = 0; j < d + 1; ++j) sums_finite = sums_finite && std::isfinite(a[j]);
    if (!sums_finite) {
      // A NaN or inf among the values, or finite values whose sum overflows
      // (told apart after the collective).
      const std::int64_t at = std::find_if(x, x + rows * d, [](T v) { return !std::isfinite(v); }) - x;
      const std::int64_t at_y = std::find_if(yv, yv + rows, [](T v) { return !std::isfinite(v); }) - yv;
      if (at < rows * d && at / d <= at_y)
        finite.fail(ht::detail::error_kind::value,
                    ht::detail::concat("Lasso.fit: X holds ", x[at], " at row ", X.offset() + at / d, ", column ",
                                       at % d, " (NaN and inf are refused)"));
      else if (at_y < rows)
        finite.fail(ht::detail::error_kind::value, ht::detail::concat("Lasso.fit: y holds ", yv[at_y], " at row ",
                                                                      X.offset() + at_y, " (NaN and inf are refused)"));
    }
    a[d + 1] = finite.flag();
  }
  if (X.split()) {
    sum(first);
    finite.conclude(first(d + 1));
  } else {
    finite.conclude();
  }
  // Finite values whose sums overflow double (every rank holds the same sums).
  for (std::int64_t j = 0; j <= d; ++j)
    ht::detail::check(std::isfinite(first(j)), "Lasso.fit: the values of ",
                      j < d ? "column " + std::to_string(j) + " of X" : std::string("y"),
                      " overflow float64 when summed (finite values, infinite sum): scale the data");
  std::vector<double> mu(static_cast<std::size_t>(d), 0.0);
  double y_mean = 0;
  if (m_opts.fit_intercept) {
    for (std::int64_t j = 0; j < d; ++j) mu[j] = first(j) / static_cast<double>(n);
    y_mean = first(d) / static_cast<double>(n);
  }
  const bool gram = m_opts.solver == "gram" || (m_opts.solver == "auto" && n > d && d <= 128);
  const double alpha = m_opts.lam * static_cast<double>(n);
  std::vector<double> w(static_cast<std::size_t>(d), 0.0);
  int sweeps = 0;
  if (gram) {
    // G = Xc^T Xc, q = Xc^T yc, |yc|^2 from centred row chunks (no centred
    // copy of X): one collective of d*d + d + 1 values. The rows are cut
    // into slices (heat/core/host_threads.hpp: on all of the rank's threads,
    // each slice with its own G and chunk, at most 32 MiB of them), joined in
    // order; BLAS runs on each calling thread alone meanwhile.
    // A chunk of centred rows stays within about 1 MiB (measured at d = 100:
    // 2048-row chunks as fast, 4096 (3.2 MiB) 20 % slower: out of L2 before
    // BLAS reads it).
    const std::int64_t width = d * d + d + 1;
    const std::int64_t chunk =
        std::clamp<std::int64_t>((std::int64_t{1} << 20) / (8 * std::max<std::int64_t>(d, 1)), 256, 4096);
    const auto g = ht::detail::host_buffer<double>("heat::lasso::gram", static_cast<std::size_t>(width));
    const ht::detail::row_cut cut = ht::detail::align_cut(
        ht::detail::cut_rows(rows, chunk, (std::int64_t{32} << 20) / (8 * (width + d * chunk))), chunk);
    ht::detail::check(d <= INT_MAX, "Lasso.fit: ", d, " features are too many for 32-bit BLAS");
    ht::detail::slice_sums part(cut, width);
    std::vector<double> xc(static_cast<std::size_t>(cut.count * d * chunk));
    {
      const linalg::detail::single_threaded_blas one_thread(cut.count > 1);
      ht::detail::for_each_slice(cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
        double* gk = part.of(k);
        double* xk = xc.data() + k * d * chunk;
        double* gq = gk + d * d;
        for (std::int64_t r0 = lo; r0 < hi; r0 += chunk) {
          const std::int64_t m = std::min(chunk, hi - r0);
          simd::dispatch(detail::pass_level, [&]() HEAT_SIMD_BODY {
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
    sum(g);
    const double* G = g.data();
    const double* q = g.data() + d * d;
    const double y_norm2 = g(d * d + d);
    detail::check_squares([&](std::int64_t j) { return G[j * d + j]; }, d, y_norm2);
    std::vector<double> h(static_cast<std::size_t>(d), 0.0);  // G w
    std::vector<std::int64_t> all(static_cast<std::size_t>(d));
    for (std::int64_t j = 0; j < d; ++j) all[j] = j;
    sweeps = detail::coordinate_descent(
        w, all, m_opts, y_norm2,
        [&](std::int64_t j, std::vector<double>& wv) {
          const double gjj = G[j * d + j];
          const double old = wv[j];
          wv[j] = gjj > 0 ? detail::soft_threshold(q[j] - h[j] + gjj * old, alpha) / gjj : 0.0;
          if (wv[j] != old)
            for (std::int64_t k = 0; k < d; ++k) h[k] += (wv[j] - old) * G[k * d + j];
        },
        [&](const std::vector<double>& wv) {
          double q_dot_w = 0, w_h = 0;
          std::vector<double> xta(static_cast<std::size_t>(d));
          for (std::int64_t j = 0; j < d; ++j) {
            xta[j] = q[j] - h[j];
            q_dot_w += q[j] * wv[j];
            w_h += wv[j] * h[j];
          }
          return detail::duality_gap(wv, xta, y_norm2 + w_h - 2 * q_dot_w, y_norm2, q_dot_w, alpha);
        });
  } else {
    // Working set: sweeps run over the features that can be non-zero (those
    // with |xc_j . r| > alpha at some gap check), from centred copies of
    // their columns; the full X^T r of each gap check (a row-major pass)
    // adds the features that violate optimality. Only the working set is
    // copied, so sparse solutions never copy X.
    std::vector<double> r(static_cast<std::size_t>(rows));
    for (std::int64_t i = 0; i < rows; ++i) r[i] = yv[i] - y_mean;
    // Column norms of Xc, Xc^T yc and |yc|^2: one collective.
    const auto s = ht::detail::host_buffer<double>("heat::lasso::norms", static_cast<std::size_t>(2 * d + 1));
    {
      const double* m = mu.data();
      ht::detail::slice_sums part(pass_cut, 2 * d + 1);
      ht::detail::for_each_slice(pass_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
        double *nrm = part.of(k), *xty = part.of(k) + d;
        double r2 = 0;
        simd::dispatch(detail::pass_level, [&]() HEAT_SIMD_BODY {
          for (std::int64_t i = lo; i < hi; ++i) {
            const T* xi = x + i * d;
            const double ri = r[i];
#pragma omp simd
            for (std::int64_t j = 0; j < d; ++j) {
              const double v = static_cast<double>(xi[j]) - m[j];
              nrm[j] += v * v;
              xty[j] += v * ri;
            }
            r2 += ri * ri;
          }
        });
        nrm[2 * d] = r2;
      });
      part.join_into(s.data());
    }
    sum(s);
    const double y_norm2 = s(2 * d);
    detail::check_squares([&](std::int64_t j) { return s(j); }, d, y_norm2);
    std::vector<std::int64_t> active;                                      // the working set, ascending
    std::vector<std::vector<double>> column(static_cast<std::size_t>(d));  // centred copies, working set only
    std::vector<char> in_set(static_cast<std::size_t>(d), 0);              // (a rank without rows holds empty columns)
    // Adds features with |xc_j . r| > alpha (xtr) not yet in the set, the
    // largest first, at most as many as the set holds (at least 16): the set
    // doubles while sweeps show which features matter, so few columns are
    // copied when few coefficients end non-zero. One row-major pass copies
    // the new columns.
    auto grow = [&](const double* xtr) {
      std::vector<std::int64_t> fresh;
      for (std::int64_t j = 0; j < d; ++j)
        if (!in_set[j] && s(j) > 0 && std::fabs(xtr[j]) > alpha) fresh.push_back(j);
      const auto most = std::max<std::size_t>(16, active.size());
      if (fresh.size() > most) {
        std::partial_sort(fresh.begin(), fresh.begin() + static_cast<std::ptrdiff_t>(most), fresh.end(),
                          [&](std::int64_t a, std::int64_t b) {
                            return std::fabs(xtr[a]) > std::fabs(xtr[b]) ||
                                   (std::fabs(xtr[a]) == std::fabs(xtr[b]) && a < b);
                          });
        fresh.resize(most);
      }
      if (fresh.empty()) return;
      for (const std::int64_t j : fresh) {
        in_set[j] = 1;
        column[j].resize(static_cast<std::size_t>(rows));
      }
      ht::detail::for_each_slice(pass_cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
        for (std::int64_t i = lo; i < hi; ++i)
          for (const std::int64_t j : fresh) column[j][i] = static_cast<double>(x[i * d + j]) - mu[j];
      });
      active.insert(active.end(), fresh.begin(), fresh.end());
      std::sort(active.begin(), active.end());
    };
    grow(s.data() + d);
    // One coordinate's dot product and update: long slices (two flops a row).
    const ht::detail::row_cut column_cut = ht::detail::cut_rows(rows, 16384);
    ht::detail::slice_sums dots(column_cut, 1);
    sweeps = detail::coordinate_descent(
        w, active, m_opts, y_norm2,
        [&](std::int64_t j, std::vector<double>& wv) {
          const double norm = s(j);
          const double* col = column[j].data();
          double* rv = r.data();
          std::fill(dots.values.begin(), dots.values.end(), 0.0);
          ht::detail::for_each_slice(column_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
            double part = 0;
            simd::dispatch(detail::pass_level, [&]() HEAT_SIMD_BODY {
#pragma omp simd reduction(+ : part)
              for (std::int64_t i = lo; i < hi; ++i) part += col[i] * rv[i];
            });
            *dots.of(k) = part;
          });
          double dot = 0;
          dots.join_into(&dot);
          if (X.split()) dot = allreduce(comm, dot, reduce_op::sum);  // the one scalar collective
          const double old = wv[j];
          wv[j] = detail::soft_threshold(dot + norm * old, alpha) / norm;
          const double delta = wv[j] - old;
          if (delta != 0) {
            ht::detail::for_each_slice(column_cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
              simd::dispatch(detail::pass_level, [&]() HEAT_SIMD_BODY {
#pragma omp simd
                for (std::int64_t i = lo; i < hi; ++i) rv[i] -= delta * col[i];
              });
            });
          }
        },
        [&](const std::vector<double>& wv) {
          // Xc^T r (= X^T r - mu sum(r)) and |r|^2 by a row-major pass: one collective.
          const auto t = ht::detail::host_buffer<double>("heat::lasso::gap", static_cast<std::size_t>(d + 2));
          {
            ht::detail::slice_sums part(pass_cut, d + 2);
            ht::detail::for_each_slice(pass_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
              double* a = part.of(k);
              double r_sum = 0, r2 = 0;
              simd::dispatch(detail::pass_level, [&]() HEAT_SIMD_BODY {
                for (std::int64_t i = lo; i < hi; ++i) {
                  const T* xi = x + i * d;
                  const double ri = r[i];
#pragma omp simd
                  for (std::int64_t j = 0; j < d; ++j) a[j] += static_cast<double>(xi[j]) * ri;
                  r_sum += ri;
                  r2 += ri * ri;
                }
              });
              a[d] = r_sum;
              a[d + 1] = r2;
            });
            part.join_into(t.data());
          }
          sum(t);
          std::vector<double> xtr(static_cast<std::size_t>(d));
          double q_dot_w = 0;
          for (std::int64_t j = 0; j < d; ++j) {
            xtr[j] = t(j) - mu[j] * t(d);
            q_dot_w += s(d + j) * wv[j];
          }
          const double gap = detail::duality_gap(wv, xtr, t(d + 1), y_norm2, q_dot_w, alpha);
          if (!(gap < m_opts.tol * y_norm2)) grow(xtr.data());
          return gap;
        });
  }
  double b = 0;
  if (m_opts.fit_intercept) {
    b = y_mean;
    for (std::int64_t j = 0; j < d; ++j) b -= mu[j] * w[j];
  }
  DNDarray<T> coef(distribution::balanced({d}, none, comm.size()), comm);
  auto ch = Kokkos::create_mirror_view(coef.local_view());
  for (std::int64_t j = 0; j < d; ++j) ch(j) = static_cast<T>(w[j]);
  Kokkos::deep_copy(coef.local_view(), ch);
  m_fitted = fit_result{coef, b, sweeps, gram ? "gram" : "residual"};
  return *this;
}

template <class T>
DNDarray<T> Lasso<T>::predict(const DNDarray<T>& X) const {
  const fit_result& f = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.coef.shape()[0], "Lasso.predict: X has shape ",
                    to_string(X.shape()), ", the model has ", f.coef.shape()[0], " features");
  DNDarray<T> out = matmul(X, f.coef);
  out = out + static_cast<T>(f.intercept);
  return out;
}

}  // namespace ht::regression

#endif
