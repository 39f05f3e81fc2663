#ifndef HEAT_LINALG_CG_HPP
#define HEAT_LINALG_CG_HPP

/// HeAT's conjugate gradient solver for a symmetric positive definite A.
///
/// Contract:
/// - HeAT's iteration: r = b - A x0, p = r; at most n steps of alpha =
///   r.r / p.Ap, x += alpha p, r -= alpha Ap, stopping once ||r|| < tol
///   (HeAT's fixed 1e-10, absolute), p = r + (r.r new / old) p.
/// - Each step: one matmul of A with p (heat/linalg/matmul.hpp's plan for
///   A's and p's splits) and two dot products (one Allreduce each when the
///   vectors are split); the result has x0's layout.
/// - A not 2-D, b or x0 not 1-D, or lengths that do not match: ValueError
///   on every rank (HeAT: RuntimeError).

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/linalg/matmul.hpp"

#include <cmath>
#include <cstdint>

namespace ht::linalg {

template <class T>
DNDarray<T> cg(const DNDarray<T>& A, const DNDarray<T>& b, const DNDarray<T>& x0, double tol = 1e-10) {
  static_assert(std::is_floating_point_v<T>, "cg works on float or double");
  ht::detail::check(A.ndim() == 2, "cg: A needs to be a 2D matrix");
  ht::detail::check(b.ndim() == 1 && x0.ndim() == 1, "cg: b and x0 need to be 1D vectors");
  ht::detail::check(A.shape()[0] == A.shape()[1] && A.shape()[1] == b.shape()[0] && b.shape() == x0.shape(),
                    "cg: A must be square with as many rows as b and x0, got ", to_string(A.shape()), ", ",
                    to_string(b.shape()), " and ", to_string(x0.shape()));
  DNDarray<T> x = copy(x0);
  DNDarray<T> r = eval(b - matmul(A, x));
  DNDarray<T> p = copy(r);
  double rs_old = sum(r * r).item();
  for (std::int64_t i = 0; i < b.shape()[0]; ++i) {
    const DNDarray<T> Ap = matmul(A, p);
    const auto alpha = static_cast<T>(rs_old / static_cast<double>(sum(p * Ap).item()));
    x = eval(x + alpha * p);
    r = eval(r - alpha * Ap);
    const double rs_new = sum(r * r).item();
    if (std::sqrt(rs_new) < tol) break;
    p = eval(r + static_cast<T>(rs_new / rs_old) * p);
    rs_old = rs_new;
  }
  return x;
}

}  // namespace ht::linalg

#endif
