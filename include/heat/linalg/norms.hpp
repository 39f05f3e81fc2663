#ifndef HEAT_LINALG_NORMS_HPP
#define HEAT_LINALG_NORMS_HPP

/// HeAT's vector and matrix norms, vecdot, cross and projection: fused
/// expressions and reductions (one kernel and, over a split axis, one
/// Allreduce per reduction).
///
/// Contract:
/// - vector_norm(x, axis, keepdims, ord): ord 2 (default), 1, 0 (the count
///   of non-zeros, as float), inf, -inf, or any p (sum |x|^p)^(1/p); axis
///   none: all elements.
/// - matrix_norm(x, {row, col}, keepdims, ord): "fro" (default), 1, -1,
///   inf, -inf (largest / smallest column or row sum of |x|); "nuc", 2, -2
///   need singular values: NotImplementedError, as HeAT's.
/// - vecdot(a, b, axis): sum(a * b) along axis (NumPy 2's vecdot for real arrays).
/// - cross(a, b, axis): the cross product of 3-vectors along axis (2-vectors
///   are taken with a zero third component, HeAT's); the result's vectors lie
///   along the same axis; any split (along the vectors' axis: slices joined
///   by stack, an exchange).
/// - projection(a, b): the projection of vector a onto vector b, (a.b / b.b) b.
/// - Norm results are float_result_t of the element type.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/rearranging.hpp"
#include "heat/expr/math.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/linalg/matmul.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace ht::linalg {

/// The norm of order ord of the vectors along axis (of all elements with none).
template <class T>
DNDarray<float_result_t<T>> vector_norm(const DNDarray<T>& x, split_t axis = none, bool keepdims = false,
                                        double ord = 2) {
  using F = float_result_t<T>;
  const axes ax = axis ? axes(*axis) : axes(none);
  const auto a = abs(ht::detail::make_node<ht::op::to_floating>(x));
  auto reduce_sum = [&](const auto& e) { return keepdims ? sum(e, ax, ht::keepdims) : sum(e, ax); };
  if (std::isinf(ord) && ord > 0) return keepdims ? max(a, ax, ht::keepdims) : max(a, ax);
  if (std::isinf(ord)) return keepdims ? min(a, ax, ht::keepdims) : min(a, ax);
  if (ord == 0) return reduce_sum(x != 0).template astype<F>();
  if (ord == 1) return reduce_sum(a);
  if (ord == 2) return eval(sqrt(reduce_sum(square(a))));
  return eval(pow(reduce_sum(pow(a, ord)), 1.0 / ord));
}

/// The Frobenius norm (or "nuc": NotImplementedError) over the two axes.
template <class T>
DNDarray<float_result_t<T>> matrix_norm(const DNDarray<T>& x, std::vector<std::int64_t> axis = {-2, -1},
                                        bool keepdims = false, const std::string& ord = "fro");
/// The norms of order 1, -1, inf, -inf (2 and -2: NotImplementedError).
template <class T>
DNDarray<float_result_t<T>> matrix_norm(const DNDarray<T>& x, std::vector<std::int64_t> axis, bool keepdims,
                                        double ord);

/// sum(a * b) along axis.
template <class TA, class TB>
auto vecdot(const DNDarray<TA>& a, const DNDarray<TB>& b, std::int64_t axis = -1, bool keepdims = false) {
  return keepdims ? sum(a * b, axis, ht::keepdims) : sum(a * b, axis);
}

/// The cross product of the 2- or 3-vectors along axis of a and b.
template <class TA, class TB>
DNDarray<promote_t<TA, TB>> cross(const DNDarray<TA>& a, const DNDarray<TB>& b, std::int64_t axis = -1);

/// The projection of vector a onto vector b.
template <class TA, class TB>
DNDarray<float_result_t<promote_t<TA, TB>>> projection(const DNDarray<TA>& a, const DNDarray<TB>& b) {
  ht::detail::check(a.ndim() == 1 && b.ndim() == 1, "projection: a and b must be vectors, got shapes ",
                    to_string(a.shape()), " and ", to_string(b.shape()));
  using F = float_result_t<promote_t<TA, TB>>;
  const auto bf = ht::detail::make_node<ht::op::to_floating>(b);
  const F scale = static_cast<F>(sum(a * bf).item()) / static_cast<F>(sum(bf * bf).item());
  return eval(bf * scale);
}

// ---------------------------------------------------------------------------

namespace detail {

/// The two normalised, distinct axes of a matrix norm.
inline std::pair<std::int64_t, std::int64_t> matrix_axes(std::int64_t ndim, const std::vector<std::int64_t>& axis) {
  ht::detail::check(axis.size() == 2, "matrix_norm: axis must be a pair of axes");
  ht::detail::check(ndim >= 2, "matrix_norm: the array must be at least 2-D");
  const std::int64_t r = normalize_axis(axis[0], ndim), c = normalize_axis(axis[1], ndim);
  ht::detail::check(r != c, "matrix_norm: duplicate axes given");
  return {r, c};
}

/// x without its extent-1 axes r and c (the keepdims result of a reduction over both).
template <class T>
DNDarray<T> drop_axes(const DNDarray<T>& x, std::int64_t r, std::int64_t c) {
  return squeeze(squeeze(x, std::max(r, c)), std::min(r, c));
}

}  // namespace detail

template <class T>
DNDarray<float_result_t<T>> matrix_norm(const DNDarray<T>& x, std::vector<std::int64_t> axis, bool keepdims,
                                        const std::string& ord) {
  const auto [r, c] = detail::matrix_axes(x.ndim(), axis);
  ht::detail::check<NotImplementedError>(ord != "nuc", "matrix_norm: the nuclear norm can't be computed yet");
  ht::detail::check(ord == "fro", "matrix_norm: invalid norm order '", ord, "' for matrices");
  const auto n = eval(sqrt(sum(square(abs(ht::detail::make_node<ht::op::to_floating>(x))), {r, c}, ht::keepdims)));
  return keepdims ? n : detail::drop_axes(n, r, c);
}

template <class T>
DNDarray<float_result_t<T>> matrix_norm(const DNDarray<T>& x, std::vector<std::int64_t> axis, bool keepdims,
                                        double ord) {
  const auto [r, c] = detail::matrix_axes(x.ndim(), axis);
  ht::detail::check<NotImplementedError>(ord != 2 && ord != -2,
                                         "matrix_norm: the singular value norms (2, -2) can't be computed yet");
  ht::detail::check(ord == 1 || ord == -1 || std::isinf(ord), "matrix_norm: invalid norm order ", ord, " for matrices");
  // 1 / -1: sums down the columns (over rows), then the largest / smallest; inf / -inf: row sums.
  const bool columns = !std::isinf(ord);
  const auto sums = sum(abs(ht::detail::make_node<ht::op::to_floating>(x)), columns ? r : c, ht::keepdims);
  const auto n = ord > 0 ? max(sums, columns ? c : r, ht::keepdims) : min(sums, columns ? c : r, ht::keepdims);
  return keepdims ? n : detail::drop_axes(n, r, c);
}

template <class TA, class TB>
DNDarray<promote_t<TA, TB>> cross(const DNDarray<TA>& a, const DNDarray<TB>& b, std::int64_t axis) {
  using P = promote_t<TA, TB>;
  ht::detail::check(a.shape() == b.shape(), "cross: a and b must have the same shape, got ", to_string(a.shape()),
                    " and ", to_string(b.shape()));
  ht::detail::check(a.ndim() >= 1, "cross: the arrays must be at least 1-D");
  axis = normalize_axis(axis, a.ndim());
  const std::int64_t k = a.shape()[static_cast<std::size_t>(axis)];
  ht::detail::check(k == 2 || k == 3, "cross: incompatible dimensions for cross product (dimension must be 2 or 3)");
  // Components as arrays without the vector axis; a 2-vector's third is 0.
  auto part = [&](const auto& v, std::int64_t i) {
    using V = typename std::remove_cvref_t<decltype(v)>::value_type;
    const DNDarray<V> s = ht::detail::slab(v, axis, std::min(i, k - 1), std::min(i, k - 1) + 1);
    DNDarray<P> p = squeeze(s, axis).template astype<P>();
    if (i >= k) p = eval(p * P(0));
    return p;
  };
  const DNDarray<P> a0 = part(a, 0), a1 = part(a, 1), a2 = part(a, 2);
  const DNDarray<P> b0 = part(b, 0), b1 = part(b, 1), b2 = part(b, 2);
  return stack<P>({eval(a1 * b2 - a2 * b1), eval(a2 * b0 - a0 * b2), eval(a0 * b1 - a1 * b0)}, axis);
}

}  // namespace ht::linalg

#endif
