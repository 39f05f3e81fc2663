#ifndef HEAT_EXPR_FUNCTORS_HPP
#define HEAT_EXPR_FUNCTORS_HPP

#include "heat/core/types.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <type_traits>

/// One stateless struct per elementwise operation. Each names the type its
/// operands are converted to before the operation (operand_t) and the type of
/// its result (result_t), through one of the type rules below; operator()
/// works on operand_t values and is callable in kernels.
namespace ht::op {

/// Both operands and the result in the promoted type.
struct promoting {
  template <class A, class B>
  using operand_t = promote_t<A, B>;
  template <class A, class B>
  using result_t = promote_t<A, B>;
};
/// Operands promoted, a bool result.
struct comparing {
  template <class A, class B>
  using operand_t = promote_t<A, B>;
  template <class A, class B>
  using result_t = bool;
};
/// Operands and result as bool.
struct logical_binary {
  template <class A, class B>
  using operand_t = bool;
  template <class A, class B>
  using result_t = bool;
};
/// The promoted float (integers as float64): NumPy's true division.
struct floating_binary {
  template <class A, class B>
  using operand_t = std::conditional_t<std::is_floating_point_v<promote_t<A, B>>, promote_t<A, B>, double>;
  template <class A, class B>
  using result_t = operand_t<A, B>;
};
/// Binary math: the promoted type as float_result_t (int16 pairs in float32).
struct floating_math {
  template <class A, class B>
  using operand_t = float_result_t<promote_t<A, B>>;
  template <class A, class B>
  using result_t = float_result_t<promote_t<A, B>>;
};
/// Unary: the operand's own type.
struct type_keeping {
  template <class A>
  using operand_t = A;
  template <class A>
  using result_t = A;
};
/// Unary math: integers and bool computed in float_result_t.
struct floating_unary {
  template <class A>
  using operand_t = float_result_t<A>;
  template <class A>
  using result_t = float_result_t<A>;
};
/// Unary test on the operand's own type.
struct predicate {
  template <class A>
  using operand_t = A;
  template <class A>
  using result_t = bool;
};

#define HEAT_BINARY_OP(NAME, RULE, RESULT, EXPR)               \
  struct NAME : RULE {                                         \
    template <class C>                                         \
    KOKKOS_INLINE_FUNCTION RESULT operator()(C a, C b) const { \
      return static_cast<RESULT>(EXPR);                        \
    }                                                          \
  };

HEAT_BINARY_OP(plus, promoting, C, a + b)
HEAT_BINARY_OP(minus, promoting, C, a - b)
HEAT_BINARY_OP(multiplies, promoting, C, a* b)
/// NaN-propagating, as NumPy's minimum/maximum.
HEAT_BINARY_OP(minimum, promoting, C, a != a ? a : (b != b ? b : (b < a ? b : a)))
HEAT_BINARY_OP(maximum, promoting, C, a != a ? a : (b != b ? b : (a < b ? b : a)))
HEAT_BINARY_OP(divides, floating_binary, C, a / b)
HEAT_BINARY_OP(equal_to, comparing, bool, a == b)
HEAT_BINARY_OP(not_equal_to, comparing, bool, a != b)
HEAT_BINARY_OP(less, comparing, bool, a < b)
HEAT_BINARY_OP(less_equal, comparing, bool, a <= b)
HEAT_BINARY_OP(greater, comparing, bool, a > b)
HEAT_BINARY_OP(greater_equal, comparing, bool, a >= b)
HEAT_BINARY_OP(logical_and, logical_binary, bool, a&& b)
HEAT_BINARY_OP(logical_or, logical_binary, bool, a || b)
HEAT_BINARY_OP(logical_xor, logical_binary, bool, a != b)
HEAT_BINARY_OP(arctan2, floating_math, C, kx::atan2(a, b))
#undef HEAT_BINARY_OP

/// NumPy's remainder: the sign of the divisor; an integer divisor of 0 gives 0.
struct modulus : promoting {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    if constexpr (std::is_floating_point_v<C>) {
      C r = kx::fmod(a, b);
      if (r != 0 && ((r < 0) != (b < 0))) r += b;
      return r;
    } else if constexpr (std::is_same_v<C, bool>) {
      (void)a;
      (void)b;
      return false;  // x % true is 0, x % false is 0 as for integers
    } else {
      if (b == 0) return C(0);
      C r = static_cast<C>(a % b);
      if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<C>(r + b);
      return r;
    }
  }
};

/// NumPy's power. Integers stay integers and wrap around as NumPy's do
/// (squaring in 64-bit unsigned arithmetic, then the low bits); a negative
/// integer exponent, which NumPy refuses, gives the truncated value (0,
/// or +-1 for a base of +-1) since a kernel cannot throw.
struct power : promoting {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    if constexpr (std::is_floating_point_v<C>) {
      return kx::pow(a, b);
    } else if constexpr (std::is_same_v<C, bool>) {
      return a || !b;
    } else {
      if constexpr (std::is_signed_v<C>)
        if (b < 0) return a == 1 ? C(1) : a == -1 ? C((b & 1) ? -1 : 1) : C(0);
      std::uint64_t base = static_cast<std::uint64_t>(a), out = 1;
      for (auto e = b; e > 0; e /= 2) {
        if (e & 1) out *= base;
        base *= base;
      }
      return static_cast<C>(out);
    }
  }
};

/// where(cond, a, b): cond as bool, a and b promoted.
struct where {
  template <class Cond, class A, class B>
  using operand_t = promote_t<A, B>;
  template <class Cond, class A, class B>
  using result_t = promote_t<A, B>;
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(bool c, C a, C b) const {
    return c ? a : b;
  }
};

struct negate : type_keeping {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    return static_cast<C>(-a);
  }
};

struct square : type_keeping {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    return static_cast<C>(a * a);
  }
};

struct absolute : type_keeping {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    if constexpr (std::is_unsigned_v<C> || std::is_same_v<C, bool>)
      return a;
    else if constexpr (std::is_floating_point_v<C>)
      return kx::fabs(a);
    else
      return static_cast<C>(a < 0 ? -a : a);
  }
};

/// -1, 0 or 1 in the element type; NaN stays NaN.
struct sign : type_keeping {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    if constexpr (std::is_unsigned_v<C> || std::is_same_v<C, bool>)
      return static_cast<C>(a != 0);
    else if constexpr (std::is_floating_point_v<C>)
      return a != a ? a : static_cast<C>((C(0) < a) - (a < C(0)));
    else
      return static_cast<C>((0 < a) - (a < 0));
  }
};

#define HEAT_UNARY_MATH(NAME, FN)                    \
  struct NAME : floating_unary {                     \
    template <class C>                               \
    KOKKOS_INLINE_FUNCTION C operator()(C a) const { \
      return kx::FN(a);                              \
    }                                                \
  };

HEAT_UNARY_MATH(sqrt, sqrt)
HEAT_UNARY_MATH(exp, exp)
HEAT_UNARY_MATH(expm1, expm1)
HEAT_UNARY_MATH(exp2, exp2)
HEAT_UNARY_MATH(log, log)
HEAT_UNARY_MATH(log1p, log1p)
HEAT_UNARY_MATH(log2, log2)
HEAT_UNARY_MATH(log10, log10)
HEAT_UNARY_MATH(sin, sin)
HEAT_UNARY_MATH(cos, cos)
HEAT_UNARY_MATH(tan, tan)
HEAT_UNARY_MATH(arcsin, asin)
HEAT_UNARY_MATH(arccos, acos)
HEAT_UNARY_MATH(arctan, atan)
HEAT_UNARY_MATH(sinh, sinh)
HEAT_UNARY_MATH(cosh, cosh)
HEAT_UNARY_MATH(tanh, tanh)
HEAT_UNARY_MATH(floor, floor)
HEAT_UNARY_MATH(ceil, ceil)
HEAT_UNARY_MATH(trunc, trunc)
/// Half to even, as NumPy's round.
HEAT_UNARY_MATH(round, nearbyint)
#undef HEAT_UNARY_MATH

/// Float tests; integers are finite numbers.
#define HEAT_UNARY_PREDICATE(NAME, FN, INT_VALUE)       \
  struct NAME : predicate {                             \
    template <class C>                                  \
    KOKKOS_INLINE_FUNCTION bool operator()(C a) const { \
      if constexpr (std::is_floating_point_v<C>)        \
        return kx::FN(a);                               \
      else                                              \
        return INT_VALUE;                               \
    }                                                   \
  };

HEAT_UNARY_PREDICATE(isnan, isnan, false)
HEAT_UNARY_PREDICATE(isinf, isinf, false)
HEAT_UNARY_PREDICATE(isfinite, isfinite, true)
#undef HEAT_UNARY_PREDICATE

struct logical_not {
  template <class A>
  using operand_t = bool;
  template <class A>
  using result_t = bool;
  KOKKOS_INLINE_FUNCTION bool operator()(bool a) const { return !a; }
};

}  // namespace ht::op

#endif
