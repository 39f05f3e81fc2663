#ifndef HEAT_ML_REGRESSION_LASSO_HPP
#define HEAT_ML_REGRESSION_LASSO_HPP

/// Lasso and ElasticNet by coordinate descent (scikit-learn's Lasso and
/// ElasticNet): the problem (lasso_problem.hpp: data, weighted means,
/// agreement), two solvers (lasso_gram.hpp, lasso_residual.hpp) over the
/// shared sweep loop and duality gap (coordinate_descent.hpp); the paths
/// over a grid of penalties are enet_path.hpp's.
///
/// Contract: fit(X, y[, sample_weight]) minimises (1/(2 sum(sw))) sum_i
/// sw_i (y_i - x_i w - b)^2 + alpha (l1_ratio ||w||_1 + (1 - l1_ratio)
/// ||w||^2 / 2) (the Lasso: alpha = lam, l1_ratio = 1), with w >= 0 when
/// positive; X is n x d (split 0, split 1 or replicated), y and the weights
/// have n values in any layout; integer y is converted. Every rank ends
/// with the same coefficients (replicated, in T), intercept, sweeps,
/// convergence flag and dual gap (scikit-learn's dual_gap_: the gap of the
/// objective above). warm_start: a fit starts from the last fit's
/// coefficients when their width matches.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/expr/operators.hpp"
#include "heat/linalg/matmul.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/ml/metrics.hpp"
#include "heat/ml/regression/coordinate_descent.hpp"
#include "heat/ml/regression/lasso_gram.hpp"
#include "heat/ml/regression/lasso_problem.hpp"
#include "heat/ml/regression/lasso_residual.hpp"

#include <Kokkos_Core.hpp>

#include <concepts>
#include <cstdint>
#include <string>
#include <vector>

namespace ht::regression {

namespace detail {

/// What a fit leaves.
template <class T>
struct lasso_fit {
  DNDarray<T> coef;
  double intercept = 0;
  int n_iter = 0;
  bool converged = false;
  double dual_gap = 0;
  std::string solver;
};

/// What each options struct tells the fit: its names, its penalty for n
/// samples, and its checks (ValueError on every rank: options are replicated).
inline const char* model_name(const lasso_options&) { return "Lasso"; }
inline const char* model_name(const elastic_net_options&) { return "ElasticNet"; }
inline problem_names names_of(const lasso_options&) { return {"Lasso.fit", "Lasso.fit: values"}; }
inline problem_names names_of(const elastic_net_options&) { return {"ElasticNet.fit", "ElasticNet.fit: values"}; }
inline penalty penalty_of(const lasso_options& o, double n) { return {o.lam * n, 0.0, o.positive}; }
inline penalty penalty_of(const elastic_net_options& o, double n) {
  return {o.alpha * o.l1_ratio * n, o.alpha * (1.0 - o.l1_ratio) * n, o.positive};
}
inline void check_solver(const std::string& solver) {
  ht::detail::check(solver == "auto" || solver == "gram" || solver == "residual",
                    "solver must be \"auto\", \"gram\" or \"residual\", got \"", solver, "\"");
}
inline void check_stopping(std::int64_t max_iter, double tol) {
  ht::detail::check(max_iter > 0, "max_iter must be positive, got ", max_iter);
  ht::detail::check(tol >= 0, "tol must be non-negative, got ", tol);
}
inline void check_options(const lasso_options& o) {
  ht::detail::check(o.lam >= 0, "lam must be non-negative, got ", o.lam);
  check_stopping(o.max_iter, o.tol);
  check_solver(o.solver);
}
inline void check_options(const elastic_net_options& o) {
  ht::detail::check(o.alpha >= 0, "alpha must be non-negative, got ", o.alpha);
  ht::detail::check(o.l1_ratio >= 0 && o.l1_ratio <= 1, "l1_ratio must be in [0, 1], got ", o.l1_ratio);
  check_stopping(o.max_iter, o.tol);
  check_solver(o.solver);
}

/// Whether the Gram solver runs: asked for, or "auto" with n > d and d <= 128.
inline bool use_gram(const std::string& solver, std::int64_t n, std::int64_t d) {
  return solver == "gram" || (solver == "auto" && n > d && d <= 128);
}

}  // namespace detail

/// A linear model fitted by coordinate descent, its options O
/// (lasso_options or elastic_net_options) naming the penalty.
template <class T, class O>
class coordinate_model : public ml::estimator<O, detail::lasso_fit<T>> {
  static_assert(std::is_floating_point_v<T>, "Lasso and ElasticNet work on float or double data");
  using base = ml::estimator<O, detail::lasso_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit coordinate_model(O opts = {}) : base(std::move(opts)) { detail::check_options(m_opts); }

  coordinate_model& fit(const DNDarray<T>& X, const DNDarray<T>& y) { return fit_with(X, y, nullptr); }
  /// Weighted samples (finite, non-negative, a positive sum; scikit-learn's
  /// weighted objective, not repeated rows).
  coordinate_model& fit(const DNDarray<T>& X, const DNDarray<T>& y, const DNDarray<T>& sample_weight) {
    return fit_with(X, y, &sample_weight);
  }
  template <std::integral U>
  coordinate_model& fit(const DNDarray<T>& X, const DNDarray<U>& y) {
    return fit(X, y.template astype<T>());
  }
  template <std::integral U>
  coordinate_model& fit(const DNDarray<T>& X, const DNDarray<U>& y, const DNDarray<T>& sample_weight) {
    return fit(X, y.template astype<T>(), sample_weight);
  }
  /// X w + b (n, split like X's rows).
  DNDarray<T> predict(const DNDarray<T>& X) const;
  /// The coefficient of determination R^2 of predict(X) against y (scikit-learn's score).
  double score(const DNDarray<T>& X, const DNDarray<T>& y) const { return metrics::r2_score(y, predict(X)); }

  /// d, replicated.
  const DNDarray<T>& coef() const { return fitted().coef; }
  double intercept() const { return fitted().intercept; }
  /// Sweeps over the coordinates.
  int n_iter() const { return fitted().n_iter; }
  /// Whether the duality gap met tol before max_iter ran out (scikit-learn
  /// warns with ConvergenceWarning when not).
  bool converged() const { return fitted().converged; }
  /// The duality gap at the end of the sweeps (scikit-learn's dual_gap_).
  double dual_gap() const { return fitted().dual_gap; }
  /// The solver fit used ("gram" or "residual").
  const std::string& solver() const { return fitted().solver; }

 private:
  coordinate_model& fit_with(const DNDarray<T>& X, const DNDarray<T>& y, const DNDarray<T>* sw);
  /// The start of a fit: the last fit's coefficients (warm_start, same width), else zeros.
  std::vector<double> start(std::int64_t d) const;
};

/// scikit-learn's Lasso(alpha=lam): (1/(2n)) ||y - X w - b||^2 + lam ||w||_1.
template <class T>
using Lasso = coordinate_model<T, lasso_options>;
/// scikit-learn's ElasticNet.
template <class T>
using ElasticNet = coordinate_model<T, elastic_net_options>;

// ---------------------------------------------------------------------------

template <class T, class O>
std::vector<double> coordinate_model<T, O>::start(std::int64_t d) const {
  std::vector<double> w(static_cast<std::size_t>(d), 0.0);
  if (!m_opts.warm_start || !this->is_fitted() || fitted().coef.shape()[0] != d) return w;
  const auto c = fitted().coef.to_xarray();
  for (std::int64_t j = 0; j < d; ++j) w[j] = static_cast<double>(c(j));
  return w;
}

template <class T, class O>
coordinate_model<T, O>& coordinate_model<T, O>::fit_with(const DNDarray<T>& X, const DNDarray<T>& y,
                                                         const DNDarray<T>* sw) {
  std::vector<double> w0 = X.ndim() == 2 ? start(X.shape()[1]) : std::vector<double>{};
  this->forget_fit();
  const detail::lasso_problem<T> P(detail::names_of(m_opts), X, y, m_opts.fit_intercept, sw);
  const bool gram = detail::use_gram(m_opts.solver, P.n, P.d);
  const detail::penalty pen = detail::penalty_of(m_opts, static_cast<double>(P.n));
  const detail::stopping stop{m_opts.max_iter, m_opts.tol};
  const detail::solution s = gram ? detail::gram_solver<T>(P).solve(std::move(w0), pen, stop)
                                  : detail::residual_solver<T>(P).solve(std::move(w0), pen, stop);
  double b = 0;
  if (m_opts.fit_intercept) {
    b = P.y_mean;
    for (std::int64_t j = 0; j < P.d; ++j) b -= P.mu[j] * s.w[j];
  }
  const auto c = ht::detail::host_buffer<T>("heat::lasso::coef", static_cast<std::size_t>(P.d));
  for (std::int64_t j = 0; j < P.d; ++j) c(j) = static_cast<T>(s.w[j]);
  DNDarray<T> coef(distribution::balanced(shape_t{P.d}, none, P.comm().size()), P.comm());
  Kokkos::deep_copy(coef.local_view(), c);
  this->set_fitted(
      {coef, b, s.run.sweeps, s.run.converged, s.run.gap / static_cast<double>(P.n), gram ? "gram" : "residual"});
  return *this;
}

template <class T, class O>
DNDarray<T> coordinate_model<T, O>::predict(const DNDarray<T>& X) const {
  const auto& f = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.coef.shape()[0], detail::model_name(m_opts),
                    ".predict: X has shape ", to_string(X.shape()), ", the model has ", f.coef.shape()[0], " features");
  DNDarray<T> out = matmul(X, f.coef);
  out = out + static_cast<T>(f.intercept);
  return out;
}

}  // namespace ht::regression

#endif
