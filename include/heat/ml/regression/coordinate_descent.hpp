#ifndef HEAT_ML_REGRESSION_COORDINATE_DESCENT_HPP
#define HEAT_ML_REGRESSION_COORDINATE_DESCENT_HPP

/// What both Lasso solvers share: the options, scikit-learn's stopping rule
/// (coordinate_descent), the duality gap and the soft threshold.
///
/// Contract: the objective is (1/(2n)) ||y - X w - b||^2 + alpha (l1_ratio
/// ||w||_1 + (1 - l1_ratio) ||w||^2 / 2) (the Lasso: l1_ratio 1, alpha lam),
/// computed n times over as ||yc - Xc w||^2 / 2 + penalty, with Xc, yc
/// centred (when fitting an intercept) and, with sample weights, rows
/// scaled by the square roots of the weights rescaled to sum to n
/// (scikit-learn's ElasticNet.fit). Every rank runs the same
/// sweeps on the same replicated numbers: w is replicated.

#include "heat/core/errors.hpp"
#include "heat/core/simd.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
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
  bool positive = false;    ///< coefficients kept >= 0 (scikit-learn's coordinate update)
  bool warm_start = false;  ///< a fit starts from the last fit's coefficients (same width)
};

/// Options of ElasticNet (scikit-learn's names and defaults): the penalty
/// alpha (l1_ratio ||w||_1 + (1 - l1_ratio) ||w||^2 / 2).
struct elastic_net_options {
  double alpha = 1.0;
  double l1_ratio = 0.5;  ///< in [0, 1]; 1 is the Lasso
  std::int64_t max_iter = 1000;
  double tol = 1e-4;
  bool fit_intercept = true;
  std::string solver = "auto";  ///< as lasso_options::solver
  bool positive = false;
  bool warm_start = false;
};

namespace detail {

/// The widest instruction set of the fit's row and column passes
/// (simd::dispatch): AVX2. Measured (100 000 x 500 float64, np 1, a build
/// without -march): 204 ms at the baseline, 170 with AVX2, 181 with
/// AVX-512; a -march=x86-64-v3 build 159-173 ms.
inline constexpr simd::level pass_level = simd::level::avx2;

inline double soft_threshold(double v, double t) { return v > t ? v - t : v < -t ? v + t : 0.0; }

/// The penalty in the solvers' units (the objective times the sample count
/// n): l1 = alpha l1_ratio n, l2 = alpha (1 - l1_ratio) n; positive keeps
/// every coefficient >= 0.
struct penalty {
  double l1 = 0, l2 = 0;
  bool positive = false;
};

/// When the sweeps stop (scikit-learn's max_iter and tol).
struct stopping {
  std::int64_t max_iter = 1000;
  double tol = 1e-4;
};

/// A coordinate's new value from tmp = x_j . (r + x_j w_j) and |x_j|^2
/// (scikit-learn's update; a column of zeros keeps its value).
inline double coordinate(double tmp, double norm2, double old, const penalty& p) {
  if (norm2 == 0) return old;
  if (p.positive && tmp < 0) return 0.0;
  return soft_threshold(tmp, p.l1) / (norm2 + p.l2);
}

/// The sweep loop both solvers share, with scikit-learn's stopping rule: after
/// a sweep whose largest change is below tol times the largest coefficient,
/// the duality gap must be below tol * |y - mean|^2. A sweep updates the
/// coordinates listed in `coords`, in order: update(j, w) sets w[j];
/// gap(w) returns the duality gap (and may add coordinates to the list).
/// Returns the number of sweeps, whether the gap test passed and the last
/// gap computed (the loop computes one at its last sweep at the latest).
struct descent {
  int sweeps = 0;
  bool converged = false;
  double gap = 0;
};
template <class Update, class Gap>
descent coordinate_descent(std::vector<double>& w, const std::vector<std::int64_t>& coords, const stopping& o,
                           double y_norm2, Update&& update, Gap&& gap) {
  descent out;
  for (std::int64_t sweep = 0; sweep < o.max_iter; ++sweep) {
    double w_max = 0, dw_max = 0;
    for (const std::int64_t j : coords) {
      const double old = w[j];
      update(j, w);
      dw_max = std::max(dw_max, std::fabs(w[j] - old));
      w_max = std::max(w_max, std::fabs(w[j]));
    }
    out.sweeps = static_cast<int>(sweep + 1);
    if (w_max == 0 || dw_max / w_max < o.tol || sweep == o.max_iter - 1) {
      out.gap = gap(w);
      if (out.gap < o.tol * y_norm2) {
        out.converged = true;
        return out;
      }
    }
  }
  return out;
}

/// scikit-learn's duality gap of the elastic net from X^T R (xtr), |R|^2
/// and q.w = (X^T y).w: the dual point is R scaled into the constraint
/// |X^T R - l2 w|_inf <= l1 (the largest entry, not magnitude, when
/// positive).
inline double duality_gap(const std::vector<double>& w, const std::vector<double>& xtr, double r_norm2, double y_norm2,
                          double q_dot_w, const penalty& p) {
  double dual = p.positive ? -std::numeric_limits<double>::infinity() : 0.0, l1 = 0, w2 = 0;
  for (std::size_t j = 0; j < w.size(); ++j) {
    const double a = xtr[j] - p.l2 * w[j];
    dual = std::max(dual, p.positive ? a : std::fabs(a));
    l1 += std::fabs(w[j]);
    w2 += w[j] * w[j];
  }
  const double c = dual > p.l1 ? p.l1 / dual : 1.0;
  const double gap = dual > p.l1 ? 0.5 * (r_norm2 + r_norm2 * c * c) : r_norm2;
  return gap + p.l1 * l1 - c * (y_norm2 - q_dot_w) + 0.5 * p.l2 * (1 + c * c) * w2;
}

/// The centred columns' and y's squared norms (every rank holds the same)
/// must be finite: finite values whose squares overflow make every
/// coefficient NaN.
template <class F>
void check_squares(const char* who, F&& column_norm2, std::int64_t d, double y_norm2) {
  for (std::int64_t j = 0; j < d; ++j)
    ht::detail::check(std::isfinite(column_norm2(j)), who, ": the squares of column ", j,
                      " of X overflow float64 (finite values, infinite sum of squares): scale the data");
  ht::detail::check(std::isfinite(y_norm2), who,
                    ": the squares of y overflow float64 (finite values, infinite sum of squares): scale the data");
}

/// What a solver returns: the coefficients (replicated) and its descent.
struct solution {
  std::vector<double> w;
  descent run;
};

}  // namespace detail

}  // namespace ht::regression

#endif
