#ifndef HEAT_ML_REGRESSION_LASSO_HPP
#define HEAT_ML_REGRESSION_LASSO_HPP

/// Lasso by coordinate descent (scikit-learn's Lasso(alpha=lam)): the
/// problem (lasso_problem.hpp: data, means, agreement), two solvers
/// (lasso_gram.hpp, lasso_residual.hpp) over the shared sweep loop and
/// duality gap (coordinate_descent.hpp).

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/expr/operators.hpp"
#include "heat/linalg/matmul.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/ml/regression/coordinate_descent.hpp"
#include "heat/ml/regression/lasso_gram.hpp"
#include "heat/ml/regression/lasso_problem.hpp"
#include "heat/ml/regression/lasso_residual.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ht::regression {

namespace detail {

/// What a Lasso fit leaves.
template <class T>
struct lasso_fit {
  DNDarray<T> coef;
  double intercept = 0;
  int n_iter = 0;
  bool converged = false;
  std::string solver;
};

}  // namespace detail

/// Coordinate descent on (1/(2n)) ||y - X w - b||^2 + lam ||w||_1. X is
/// n x d (split 0 or replicated), y has n values laid out like X's rows.
/// Computed in double for float and double data.
template <class T>
class Lasso : public ml::estimator<lasso_options, detail::lasso_fit<T>> {
  static_assert(std::is_floating_point_v<T>, "Lasso works on float or double data");
  using base = ml::estimator<lasso_options, detail::lasso_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit Lasso(lasso_options opts = {}) : base(std::move(opts)) {
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
  /// Whether the duality gap met tol before max_iter ran out (scikit-learn
  /// warns with ConvergenceWarning when not).
  bool converged() const { return fitted().converged; }
  /// The solver fit used ("gram" or "residual").
  const std::string& solver() const { return fitted().solver; }
};

// ---------------------------------------------------------------------------

template <class T>
Lasso<T>& Lasso<T>::fit(const DNDarray<T>& X, const DNDarray<T>& y) {
  this->forget_fit();
  const detail::lasso_problem<T> P(X, y, m_opts.fit_intercept);
  const bool gram = m_opts.solver == "gram" || (m_opts.solver == "auto" && P.n > P.d && P.d <= 128);
  const double alpha = m_opts.lam * static_cast<double>(P.n);
  const detail::solution s = gram ? detail::solve_gram(P, m_opts, alpha) : detail::solve_residual(P, m_opts, alpha);
  double b = 0;
  if (m_opts.fit_intercept) {
    b = P.y_mean;
    for (std::int64_t j = 0; j < P.d; ++j) b -= P.mu[j] * s.w[j];
  }
  const auto c = ht::detail::host_buffer<T>("heat::lasso::coef", static_cast<std::size_t>(P.d));
  for (std::int64_t j = 0; j < P.d; ++j) c(j) = static_cast<T>(s.w[j]);
  DNDarray<T> coef(distribution::balanced(shape_t{P.d}, none, P.comm().size()), P.comm());
  Kokkos::deep_copy(coef.local_view(), c);
  this->set_fitted({coef, b, s.run.sweeps, s.run.converged, gram ? "gram" : "residual"});
  return *this;
}

template <class T>
DNDarray<T> Lasso<T>::predict(const DNDarray<T>& X) const {
  const auto& f = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.coef.shape()[0], "Lasso.predict: X has shape ",
                    to_string(X.shape()), ", the model has ", f.coef.shape()[0], " features");
  DNDarray<T> out = matmul(X, f.coef);
  out = out + static_cast<T>(f.intercept);
  return out;
}

}  // namespace ht::regression

#endif
