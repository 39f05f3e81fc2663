#ifndef HEAT_LINALG_BASICS_HPP
#define HEAT_LINALG_BASICS_HPP

#include "heat/comm/collectives.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/rearranging.hpp"
#include "heat/core/types.hpp"
#include "heat/expr/assign.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/linalg/matmul.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>

namespace ht::linalg {

using ht::dot;
using ht::matmul;
using ht::transpose;

/// Frobenius norm of the whole array (a 0-d array), or the 2-norm along
/// axis: one fused kernel and at most one Allreduce.
template <class T>
DNDarray<float_result_t<T>> norm(const DNDarray<T>& x, const axes& ax = none) {
  using F = float_result_t<T>;
  if constexpr (std::is_same_v<T, F>)
    return eval(sqrt(sum(square(x), ax)));
  else
    return eval(sqrt(sum(square(x.template astype<F>()), ax)));
}

/// Sum of the elementwise products of two arrays of the same size (flattened).
template <class TA, class TB>
DNDarray<promote_t<TA, TB>> vdot(const DNDarray<TA>& a, const DNDarray<TB>& b) {
  ht::detail::check(a.size() == b.size(), "vdot: arrays of different sizes ", to_string(a.shape()), " and ",
                    to_string(b.shape()));
  if (a.shape() == b.shape()) return sum(a * b).template astype<promote_t<TA, TB>>();
  return sum(flatten(a) * flatten(b)).template astype<promote_t<TA, TB>>();
}

/// Outer product of two vectors (flattened first): n x m, split along the
/// axis of the first split operand; the other operand is replicated.
template <class TA, class TB>
DNDarray<promote_t<TA, TB>> outer(const DNDarray<TA>& a, const DNDarray<TB>& b) {
  const DNDarray<TA> u = a.ndim() == 1 ? a : flatten(a);
  const DNDarray<TB> v = b.ndim() == 1 ? b : flatten(b);
  return eval(expand_dims(u, 1) * expand_dims(v, 0));
}

/// Sum along the offset-th diagonal of a 2-D array (0-d result, integers
/// summed in int64 as sum does): one kernel and one Allreduce when split.
template <class T>
DNDarray<ht::detail::reducer::sum_t<T>> trace(const DNDarray<T>& x, std::int64_t offset = 0) {
  using S = ht::detail::reducer::sum_t<T>;
  using U = ht::detail::reducer::wrap_t<T>;  // integers wrap around as NumPy's
  ht::detail::check(x.ndim() == 2, "trace needs a 2-D array, got ", to_string(x.shape()));
  const std::int64_t cols = x.lshape()[1];
  const std::int64_t row0 = x.split() == 0 ? x.offset() : 0, col0 = x.split() == 1 ? x.offset() : 0;
  auto v = x.local_view();
  U local = U(0);
  Kokkos::parallel_reduce(
      "heat::linalg::trace", Kokkos::RangePolicy<execution_space>(0, x.lshape()[0]),
      KOKKOS_LAMBDA(const std::int64_t i, U& acc) {
        const std::int64_t j = i + row0 + offset - col0;  // local column on this row's diagonal
        if (j >= 0 && j < cols) acc += static_cast<U>(v(i * cols + j));
      },
      local);
  if (x.split()) local = allreduce(x.comm(), local, reduce_op::sum);
  return full<S>({}, static_cast<S>(local), none, x.comm());
}

/// The sums along the offset-th diagonals of the planes of axis1 and axis2
/// (NumPy's trace of an N-d array): diagonal's local cut, then one reduction
/// (an Allreduce when the diagonal's axis is split).
template <class T>
auto trace(const DNDarray<T>& x, std::int64_t offset, std::int64_t axis1, std::int64_t axis2) {
  return sum(diagonal(x, offset, axis1, axis2), -1);
}

}  // namespace ht::linalg

#endif
