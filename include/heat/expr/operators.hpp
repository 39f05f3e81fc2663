#ifndef HEAT_EXPR_OPERATORS_HPP
#define HEAT_EXPR_OPERATORS_HPP

#include "heat/expr/expression.hpp"
#include "heat/expr/functors.hpp"
#include "heat/expr/functors_numeric.hpp"

#include <type_traits>

namespace ht {

/// A scalar operand of an operator or function: bool, integer or floating.
template <class S>
concept scalar = std::is_arithmetic_v<std::remove_cvref_t<S>>;
/// An operand: an array, a lazy expression or a scalar.
template <class X>
concept operand = expression<X> || scalar<X>;

namespace detail {

/// The element type an operand brings: its own, or for a scalar its weak
/// type against the other operand's element type.
template <class X, class Other>
auto as_node(const X& x) {
  if constexpr (expression<X>) {
    return x;
  } else {
    using O = typename Other::value_type;
    using S = std::conditional_t<std::is_same_v<X, bool>, bool, std::remove_cvref_t<X>>;
    return scalar_node<weak_scalar_t<O, S>>{static_cast<weak_scalar_t<O, S>>(x)};
  }
}

template <class F, class A>
auto make_node(const A& a) {
  return function_node<F, A>(a);
}

/// A binary node; a scalar takes its weak type from the other side.
template <class F, class L, class R>
auto make_node(const L& l, const R& r) {
  if constexpr (expression<L> && expression<R>)
    return function_node<F, L, R>(l, r);
  else if constexpr (expression<L>)
    return function_node<F, L, decltype(as_node<R, L>(r))>(l, as_node<R, L>(r));
  else
    return function_node<F, decltype(as_node<L, R>(l)), R>(as_node<L, R>(l), r);
}

}  // namespace detail

// Operators fire only when at least one side is an array or expression.
#define HEAT_BINARY_OPERATOR(SYMBOL, FUNCTOR)                                             \
  template <operand L, operand R>                                                         \
  requires(expression<L> || expression<R>) auto operator SYMBOL(const L& l, const R& r) { \
    return detail::make_node<op::FUNCTOR>(l, r);                                          \
  }

HEAT_BINARY_OPERATOR(+, plus)
HEAT_BINARY_OPERATOR(-, minus)
HEAT_BINARY_OPERATOR(*, multiplies)
HEAT_BINARY_OPERATOR(/, divides)
HEAT_BINARY_OPERATOR(%, modulus)
HEAT_BINARY_OPERATOR(==, equal_to)
HEAT_BINARY_OPERATOR(!=, not_equal_to)
HEAT_BINARY_OPERATOR(<, less)
HEAT_BINARY_OPERATOR(<=, less_equal)
HEAT_BINARY_OPERATOR(>, greater)
HEAT_BINARY_OPERATOR(>=, greater_equal)
HEAT_BINARY_OPERATOR(&&, logical_and)
HEAT_BINARY_OPERATOR(||, logical_or)
#undef HEAT_BINARY_OPERATOR

template <expression E>
auto operator-(const E& e) {
  static_assert(!std::is_same_v<typename E::value_type, bool>, "negation of a bool array: use ht::logical_not");
  return detail::make_node<op::negate>(e);
}

template <expression E>
auto operator!(const E& e) {
  return detail::make_node<op::logical_not>(e);
}

#define HEAT_BINARY_FUNCTION(NAME, FUNCTOR)                                    \
  template <operand L, operand R>                                              \
  requires(expression<L> || expression<R>) auto NAME(const L& l, const R& r) { \
    return detail::make_node<op::FUNCTOR>(l, r);                               \
  }

HEAT_BINARY_FUNCTION(logical_and, logical_and)
HEAT_BINARY_FUNCTION(logical_or, logical_or)
HEAT_BINARY_FUNCTION(logical_xor, logical_xor)
HEAT_BINARY_FUNCTION(minimum, minimum)
HEAT_BINARY_FUNCTION(maximum, maximum)
HEAT_BINARY_FUNCTION(pow, power)
HEAT_BINARY_FUNCTION(arctan2, arctan2)
HEAT_BINARY_FUNCTION(atan2, arctan2)
// NumPy's further binary functions (heat/expr/functors_numeric.hpp).
HEAT_BINARY_FUNCTION(floor_divide, floor_divide)
HEAT_BINARY_FUNCTION(floordiv, floor_divide)
HEAT_BINARY_FUNCTION(fmod, fmod)
HEAT_BINARY_FUNCTION(hypot, hypot)
HEAT_BINARY_FUNCTION(copysign, copysign)
HEAT_BINARY_FUNCTION(logaddexp, logaddexp)
HEAT_BINARY_FUNCTION(logaddexp2, logaddexp2)
#undef HEAT_BINARY_FUNCTION

#define HEAT_UNARY_FUNCTION(NAME, FUNCTOR)    \
  template <expression E>                     \
  auto NAME(const E& e) {                     \
    return detail::make_node<op::FUNCTOR>(e); \
  }

HEAT_UNARY_FUNCTION(logical_not, logical_not)
HEAT_UNARY_FUNCTION(abs, absolute)
HEAT_UNARY_FUNCTION(sqrt, sqrt)
HEAT_UNARY_FUNCTION(square, square)
HEAT_UNARY_FUNCTION(exp, exp)
HEAT_UNARY_FUNCTION(expm1, expm1)
HEAT_UNARY_FUNCTION(exp2, exp2)
HEAT_UNARY_FUNCTION(log, log)
HEAT_UNARY_FUNCTION(log1p, log1p)
HEAT_UNARY_FUNCTION(log2, log2)
HEAT_UNARY_FUNCTION(log10, log10)
HEAT_UNARY_FUNCTION(sin, sin)
HEAT_UNARY_FUNCTION(cos, cos)
HEAT_UNARY_FUNCTION(tan, tan)
HEAT_UNARY_FUNCTION(arcsin, arcsin)
HEAT_UNARY_FUNCTION(arccos, arccos)
HEAT_UNARY_FUNCTION(arctan, arctan)
HEAT_UNARY_FUNCTION(sinh, sinh)
HEAT_UNARY_FUNCTION(cosh, cosh)
HEAT_UNARY_FUNCTION(tanh, tanh)
HEAT_UNARY_FUNCTION(floor, floor)
HEAT_UNARY_FUNCTION(ceil, ceil)
HEAT_UNARY_FUNCTION(round, round)
HEAT_UNARY_FUNCTION(trunc, trunc)
HEAT_UNARY_FUNCTION(sign, sign)
HEAT_UNARY_FUNCTION(isnan, isnan)
HEAT_UNARY_FUNCTION(isinf, isinf)
HEAT_UNARY_FUNCTION(isfinite, isfinite)
// NumPy's further unary functions (heat/expr/functors_numeric.hpp).
HEAT_UNARY_FUNCTION(fabs, fabs)
HEAT_UNARY_FUNCTION(deg2rad, deg2rad)
HEAT_UNARY_FUNCTION(radians, deg2rad)
HEAT_UNARY_FUNCTION(rad2deg, rad2deg)
HEAT_UNARY_FUNCTION(degrees, rad2deg)
HEAT_UNARY_FUNCTION(arcsinh, arcsinh)
HEAT_UNARY_FUNCTION(asinh, arcsinh)
HEAT_UNARY_FUNCTION(arccosh, arccosh)
HEAT_UNARY_FUNCTION(acosh, arccosh)
HEAT_UNARY_FUNCTION(arctanh, arctanh)
HEAT_UNARY_FUNCTION(atanh, arctanh)
HEAT_UNARY_FUNCTION(asin, arcsin)
HEAT_UNARY_FUNCTION(acos, arccos)
HEAT_UNARY_FUNCTION(atan, arctan)
HEAT_UNARY_FUNCTION(signbit, signbit)
HEAT_UNARY_FUNCTION(isposinf, isposinf)
HEAT_UNARY_FUNCTION(isneginf, isneginf)
/// HeAT's sgn: the sign of a real element (HeAT's complex case has no heat type).
HEAT_UNARY_FUNCTION(sgn, sign)
#undef HEAT_UNARY_FUNCTION

/// Elements of a where cond holds, of b elsewhere (a and b promoted; scalars are weak).
template <expression Cond, operand A, operand B>
auto where(const Cond& cond, const A& a, const B& b) {
  if constexpr (expression<A> && expression<B>) {
    return function_node<op::where, Cond, A, B>(cond, a, b);
  } else if constexpr (expression<A>) {
    return function_node<op::where, Cond, A, decltype(detail::as_node<B, A>(b))>(cond, a, detail::as_node<B, A>(b));
  } else if constexpr (expression<B>) {
    return function_node<op::where, Cond, decltype(detail::as_node<A, B>(a)), B>(cond, detail::as_node<A, B>(a), b);
  } else {
    using T = promote_t<std::remove_cvref_t<A>, std::remove_cvref_t<B>>;
    return function_node<op::where, Cond, scalar_node<T>, scalar_node<T>>(cond, scalar_node<T>{static_cast<T>(a)},
                                                                          scalar_node<T>{static_cast<T>(b)});
  }
}

/// Elements limited to [lo, hi], NaN kept: minimum(maximum(x, lo), hi).
template <expression E, operand Lo, operand Hi>
auto clip(const E& x, const Lo& lo, const Hi& hi) {
  return minimum(maximum(x, lo), hi);
}

}  // namespace ht

#endif
