#ifndef HEAT_ML_REGRESSION_COORDINATE_DESCENT_HPP
#define HEAT_ML_REGRESSION_COORDINATE_DESCENT_HPP

/// What both Lasso solvers share: the options, scikit-learn's stopping rule
/// (coordinate_descent), the duality gap and the soft threshold.
///
/// Contract: the objective is (1/(2n)) ||y - X w - b||^2 + lam ||w||_1,
/// computed as ||yc - Xc w||^2 / 2 + alpha ||w||_1 with alpha = lam n and
/// Xc, yc centred (when fitting an intercept). Every rank runs the same
/// sweeps on the same replicated numbers: w is replicated.

#include "heat/core/errors.hpp"
#include "heat/core/simd.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
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
/// Returns the number of sweeps and whether the gap test passed.
struct descent {
  int sweeps = 0;
  bool converged = false;
};
template <class Update, class Gap>
descent coordinate_descent(std::vector<double>& w, const std::vector<std::int64_t>& coords, const lasso_options& o,
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
      if (gap(w) < o.tol * y_norm2) return {sweep + 1, true};
  }
  return {static_cast<int>(o.max_iter), false};
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

/// What a solver returns: the coefficients (replicated) and its descent.
struct solution {
  std::vector<double> w;
  descent run;
};

}  // namespace detail

}  // namespace ht::regression

#endif
