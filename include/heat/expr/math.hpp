#ifndef HEAT_EXPR_MATH_HPP
#define HEAT_EXPR_MATH_HPP

/// Elementwise functions beyond the operators: the integer-only ones and
/// the composites (divmod, modf, isclose, nan_to_num) here, the plain ones
/// of heat/expr/functors_numeric.hpp in heat/expr/operators.hpp's lists;
/// NumPy's and HeAT's names, all lazy (fused into the expression that uses them; no message:
/// operands split differently are aligned by the evaluation as for +).
///
/// Contract:
/// - Types as NumPy: floor_divide, fmod, the bit operations, gcd/lcm keep
///   the promoted type; hypot, copysign, logaddexp(2), deg2rad, fabs, the
///   inverse hyperbolics and modf compute in the floating type (integers as
///   float64, int8/int16 as float32 as NumPy's loops); the tests are bool.
/// - The bit operations take integers or bools, the shifts and gcd/lcm
///   integers only: anything else does not compile (NumPy: TypeError).
/// - Integer division by zero (floor_divide, fmod, divmod) gives 0 as
///   NumPy's does after its RuntimeWarning; a kernel cannot throw.
/// - isclose is NumPy's: |a - b| <= atol + rtol * |b| in the floating type,
///   infinities close only to themselves, NaN close to NaN only with
///   equal_nan. nan_to_num's defaults are 0 and the type's largest and
///   lowest finite values.

#include "heat/expr/assign.hpp"
#include "heat/expr/expression.hpp"
#include "heat/expr/functors_numeric.hpp"
#include "heat/expr/operators.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

namespace ht {

namespace detail {
template <class X, bool = expression<X>>
struct operand_element {
  using type = typename X::value_type;
};
template <class X>
struct operand_element<X, false> {
  using type = std::remove_cvref_t<X>;
};
template <class X>
using operand_element_t = typename operand_element<X>::type;
template <class L, class R>
constexpr bool integer_operands =
    std::is_integral_v<operand_element_t<L>> && !std::is_same_v<operand_element_t<L>, bool> &&
    std::is_integral_v<operand_element_t<R>> && !std::is_same_v<operand_element_t<R>, bool>;
template <class L, class R>
constexpr bool bit_operands = std::is_integral_v<operand_element_t<L>>&& std::is_integral_v<operand_element_t<R>>;
}  // namespace detail

// Integer-only binary functions: the operand types are checked.
#define HEAT_INTEGER_FUNCTION(NAME, FUNCTOR, TEST, WHAT)                       \
  template <operand L, operand R>                                              \
  requires(expression<L> || expression<R>) auto NAME(const L& l, const R& r) { \
    static_assert(detail::TEST<L, R>, #NAME " takes " WHAT);                   \
    return detail::make_node<op::FUNCTOR>(l, r);                               \
  }

HEAT_INTEGER_FUNCTION(bitwise_and, bitwise_and, bit_operands, "integer or bool operands")
HEAT_INTEGER_FUNCTION(bitwise_or, bitwise_or, bit_operands, "integer or bool operands")
HEAT_INTEGER_FUNCTION(bitwise_xor, bitwise_xor, bit_operands, "integer or bool operands")
HEAT_INTEGER_FUNCTION(left_shift, left_shift, integer_operands, "integer operands")
HEAT_INTEGER_FUNCTION(right_shift, right_shift, integer_operands, "integer operands")
HEAT_INTEGER_FUNCTION(gcd, gcd, integer_operands, "integer operands")
HEAT_INTEGER_FUNCTION(lcm, lcm, integer_operands, "integer operands")
#undef HEAT_INTEGER_FUNCTION

/// ~x for integers, logical not for bools (NumPy's invert and bitwise_not).
template <expression E>
auto invert(const E& e) {
  static_assert(std::is_integral_v<typename E::value_type>, "invert takes integer or bool arrays");
  return detail::make_node<op::invert>(e);
}
template <expression E>
auto bitwise_not(const E& e) {
  return invert(e);
}

/// The quotient floor_divide(a, b) and the remainder a % b (NumPy's divmod).
template <operand L, operand R>
requires(expression<L> || expression<R>) auto divmod(const L& l, const R& r) {
  return std::pair{floor_divide(l, r), l % r};
}

/// The fractional and the whole part, both with x's sign (NumPy's modf, in
/// the floating type).
template <expression E>
auto modf(const E& x) {
  return std::pair{detail::make_node<op::fractional_part>(x), trunc(detail::make_node<op::to_floating>(x))};
}

/// Whether a and b are close elementwise (the contract's rule), as bool.
template <operand A, operand B>
requires(expression<A> || expression<B>) auto isclose(const A& a, const B& b, double rtol = 1e-5, double atol = 1e-8,
                                                      bool equal_nan = false) {
  const auto x = [&] {
    if constexpr (expression<A>)
      return detail::make_node<op::to_floating>(a);
    else
      return detail::make_node<op::to_floating>(detail::as_node<A, B>(a));
  }();
  const auto y = [&] {
    if constexpr (expression<B>)
      return detail::make_node<op::to_floating>(b);
    else
      return detail::make_node<op::to_floating>(detail::as_node<B, A>(b));
  }();
  const auto close = where(isfinite(x) && isfinite(y), abs(x - y) <= atol + rtol * abs(y), x == y);
  return close || (isnan(x) && isnan(y) && equal_nan);
}

/// x rounded to `decimals` places (negative: to tens, hundreds, ...), half
/// to even: NumPy's round(x * 10^d) / 10^d (x / 10^-d for negative d) in the
/// floating type; integer arrays are converted back (exact below 2^53).
template <expression E>
auto round(const E& x, std::int64_t decimals) {
  using T = typename E::value_type;
  using F = float_result_t<T>;
  const auto f = detail::make_node<op::to_floating>(x);
  const double scale = std::pow(10.0, static_cast<double>(decimals >= 0 ? decimals : -decimals));
  const DNDarray<F> r = decimals >= 0 ? eval(round(f * scale) / scale) : eval(round(f / scale) * scale);
  if constexpr (std::is_floating_point_v<T>)
    return r;
  else
    return r.template astype<T>();
}

/// NaN, +inf and -inf replaced by finite values (NumPy's nan_to_num);
/// integer and bool arrays unchanged.
template <expression E>
auto nan_to_num(const E& x, double nan = 0.0, std::optional<double> posinf = std::nullopt,
                std::optional<double> neginf = std::nullopt) {
  using T = typename E::value_type;
  if constexpr (!std::is_floating_point_v<T>) {
    (void)nan;
    return detail::make_node<op::identity>(x);
  } else {
    const double hi = posinf ? *posinf : static_cast<double>(std::numeric_limits<T>::max());
    const double lo = neginf ? *neginf : static_cast<double>(std::numeric_limits<T>::lowest());
    return where(isnan(x), nan, where(isposinf(x), hi, where(isneginf(x), lo, x)));
  }
}

}  // namespace ht

#endif
