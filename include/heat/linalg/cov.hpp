#ifndef HEAT_LINALG_COV_HPP
#define HEAT_LINALG_COV_HPP

/// NumPy's and HeAT's cov: the covariance matrix of variables observed together.
///
/// Contract:
/// - m: 1-D (one variable) or 2-D, each row a variable and each column an
///   observation (rowvar; false: the transpose); y (optional) adds its
///   variables as rows after m's. ddof: 1 by default (bias: 0), or given.
/// - The observations are centred by their mean (one reduction, and one
///   Allreduce when the observations are split), then C = Xc Xc^T / (N -
///   ddof) by matmul (heat/linalg/matmul.hpp's plan for the split); one
///   variable gives a 0-d array, as NumPy's.
/// - Computed in float_result_t of the element type (integers in double).
/// - m more than 2-D, or y's observations not m's: ValueError on every rank.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/expr/math.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/linalg/matmul.hpp"

#include <cstdint>
#include <optional>
#include <type_traits>

namespace ht {

template <class T>
DNDarray<float_result_t<T>> cov(const DNDarray<T>& m, std::optional<std::type_identity_t<DNDarray<T>>> y = std::nullopt,
                                bool rowvar = true, bool bias = false,
                                std::optional<std::int64_t> ddof = std::nullopt) {
  using F = float_result_t<T>;
  detail::check(m.ndim() <= 2, "cov: m has more than 2 dimensions");
  auto as_rows = [&](const DNDarray<T>& v) {
    DNDarray<F> r = v.template astype<F>();
    if (r.ndim() == 1) return expand_dims(r, 0);
    return rowvar ? r : transpose(r);
  };
  DNDarray<F> X = as_rows(m);
  if (y) {
    detail::check(y->ndim() <= 2, "cov: y has more than 2 dimensions");
    const DNDarray<F> Y = as_rows(*y);
    detail::check(Y.shape()[1] == X.shape()[1], "cov: m and y must have the same number of observations");
    X = concatenate<F>({X, Y}, 0);
  }
  const std::int64_t dof = ddof ? *ddof : (bias ? 0 : 1);
  const auto n = static_cast<double>(X.shape()[1]);
  const DNDarray<F> Xc = eval(X - mean(X, 1, keepdims));
  DNDarray<F> c = eval(matmul(Xc, transpose(Xc)) / static_cast<F>(n - static_cast<double>(dof)));
  return c.shape() == shape_t{1, 1} ? reshape(c, {}) : c;
}

}  // namespace ht

#endif
