#ifndef HEAT_ML_REGRESSION_ENET_PATH_HPP
#define HEAT_ML_REGRESSION_ENET_PATH_HPP

/// The coefficients along a grid of penalties (scikit-learn's enet_path and
/// lasso_path): each alpha's fit starts from the last one's coefficients.
///
/// Contract: enet_path(X, y, options) fits without an intercept (as
/// scikit-learn's path functions: centre X and y first for one) for every
/// alpha, largest first: the given alphas sorted descending, or n_alphas
/// values log-spaced from alpha_max = max_j |x_j . y| / (n l1_ratio) down
/// to eps alpha_max (NumPy's logspace, as scikit-learn's _alpha_grid).
/// Returns on every rank the same alphas, the d x n_alphas coefficients
/// (replicated), the dual gaps (divided by n, as scikit-learn's) and the
/// sweeps. Collectives: the solver's set-up once (the Gram system or the
/// column norms), then the residual solver's per-coordinate ones.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/ml/regression/coordinate_descent.hpp"
#include "heat/ml/regression/lasso.hpp"
#include "heat/ml/regression/lasso_gram.hpp"
#include "heat/ml/regression/lasso_problem.hpp"
#include "heat/ml/regression/lasso_residual.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace ht::regression {

/// Options of enet_path / lasso_path (scikit-learn's names and defaults).
struct path_options {
  double l1_ratio = 0.5;  ///< lasso_path sets 1
  double eps = 1e-3;      ///< alpha_min / alpha_max of the generated grid
  std::int64_t n_alphas = 100;
  std::vector<double> alphas = {};  ///< given: these (sorted descending), no grid
  std::int64_t max_iter = 1000;
  double tol = 1e-4;
  bool positive = false;
  std::string solver = "auto";  ///< as lasso_options::solver
};

/// What a path returns.
template <class T>
struct path_result {
  std::vector<double> alphas;  ///< descending
  DNDarray<T> coefs;           ///< d x n_alphas, replicated
  std::vector<double> dual_gaps;
  std::vector<int> n_iters;
};

namespace detail {

/// scikit-learn's grid: n values of NumPy's logspace(log10(eps a), log10(a)),
/// reversed; all equal to float64's resolution (1e-15) when a is not above it.
inline std::vector<double> alpha_grid(double alpha_max, double eps, std::int64_t n) {
  if (alpha_max <= 1e-15) return std::vector<double>(static_cast<std::size_t>(n), 1e-15);
  const double start = std::log10(alpha_max * eps), stop = std::log10(alpha_max);
  const double step = n > 1 ? (stop - start) / static_cast<double>(n - 1) : 0.0;
  std::vector<double> out(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    const double e = i == n - 1 && n > 1 ? stop : static_cast<double>(i) * step + start;
    out[static_cast<std::size_t>(n - 1 - i)] = std::pow(10.0, e);
  }
  return out;
}

inline void check_path(const path_options& o) {
  ht::detail::check(o.l1_ratio >= 0 && o.l1_ratio <= 1, "enet_path: l1_ratio must be in [0, 1], got ", o.l1_ratio);
  check_stopping(o.max_iter, o.tol);
  check_solver(o.solver);
  if (!o.alphas.empty()) {
    for (const double a : o.alphas)
      ht::detail::check(a >= 0 && std::isfinite(a), "enet_path: alphas must be finite and non-negative, got ", a);
    return;
  }
  ht::detail::check(o.l1_ratio > 0,
                    "enet_path: automatic alpha grid generation is not supported for l1_ratio=0: give the alphas");
  ht::detail::check(o.eps > 0 && std::isfinite(o.eps), "enet_path: eps must be positive, got ", o.eps);
  ht::detail::check(o.n_alphas > 0, "enet_path: n_alphas must be positive, got ", o.n_alphas);
}

}  // namespace detail

template <class T>
path_result<T> enet_path(const DNDarray<T>& X, const DNDarray<T>& y, const path_options& o = {}) {
  detail::check_path(o);
  const detail::lasso_problem<T> P({"enet_path", "enet_path: values"}, X, y, false);
  const double n = static_cast<double>(P.n);
  const bool gram = detail::use_gram(o.solver, P.n, P.d);
  std::optional<detail::gram_solver<T>> G;
  std::optional<detail::residual_solver<T>> R;
  if (gram)
    G.emplace(P);
  else
    R.emplace(P);
  path_result<T> out;
  out.alphas = o.alphas;
  std::sort(out.alphas.begin(), out.alphas.end(), std::greater<>());
  if (out.alphas.empty()) {
    const double* q = gram ? G->q() : R->q();
    double top = 0;
    for (std::int64_t j = 0; j < P.d; ++j) top = std::max(top, std::fabs(q[j]));
    out.alphas = detail::alpha_grid(top / (n * o.l1_ratio), o.eps, o.n_alphas);
  }
  const auto m = static_cast<std::int64_t>(out.alphas.size());
  const auto c = ht::detail::host_buffer<T>("heat::enet_path::coefs", static_cast<std::size_t>(P.d * m));
  std::vector<double> w(static_cast<std::size_t>(P.d), 0.0);
  for (std::int64_t a = 0; a < m; ++a) {
    const double alpha = out.alphas[static_cast<std::size_t>(a)];
    const detail::penalty pen{alpha * o.l1_ratio * n, alpha * (1.0 - o.l1_ratio) * n, o.positive};
    detail::solution s =
        gram ? G->solve(std::move(w), pen, {o.max_iter, o.tol}) : R->solve(std::move(w), pen, {o.max_iter, o.tol});
    w = std::move(s.w);
    for (std::int64_t j = 0; j < P.d; ++j) c(j * m + a) = static_cast<T>(w[j]);
    out.dual_gaps.push_back(s.run.gap / n);
    out.n_iters.push_back(s.run.sweeps);
  }
  out.coefs = DNDarray<T>(distribution::balanced(shape_t{P.d, m}, none, P.comm().size()), P.comm());
  Kokkos::deep_copy(out.coefs.local_view(), c);
  return out;
}

/// enet_path with l1_ratio 1 (scikit-learn's lasso_path).
template <class T>
path_result<T> lasso_path(const DNDarray<T>& X, const DNDarray<T>& y, path_options o = {}) {
  o.l1_ratio = 1.0;
  return enet_path(X, y, o);
}

}  // namespace ht::regression

#endif
