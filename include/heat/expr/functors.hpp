#ifndef HEAT_EXPR_FUNCTORS_HPP
#define HEAT_EXPR_FUNCTORS_HPP

#include "heat/core/types.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <type_traits>

/// One stateless struct per elementwise operation. Each names the type its
/// operands are converted to before the operation (operand_t) and the type of
/// its result (result_t); operator() works on operand_t values and is
/// callable in kernels.
namespace ht::op {

template <class A, class B>
using true_divide_t = std::conditional_t<std::is_floating_point_v<promote_t<A, B>>, promote_t<A, B>, double>;

#define HEAT_BINARY_ARITHMETIC(NAME, EXPR)                \
  struct NAME {                                           \
    template <class A, class B>                           \
    using operand_t = promote_t<A, B>;                    \
    template <class A, class B>                           \
    using result_t = promote_t<A, B>;                     \
    template <class C>                                    \
    KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const { \
      return static_cast<C>(EXPR);                        \
    }                                                     \
  };

HEAT_BINARY_ARITHMETIC(plus, a + b)
HEAT_BINARY_ARITHMETIC(minus, a - b)
HEAT_BINARY_ARITHMETIC(multiplies, a* b)
/// NaN-propagating, as NumPy's minimum/maximum.
HEAT_BINARY_ARITHMETIC(minimum, a != a ? a : (b != b ? b : (b < a ? b : a)))
HEAT_BINARY_ARITHMETIC(maximum, a != a ? a : (b != b ? b : (a < b ? b : a)))
#undef HEAT_BINARY_ARITHMETIC

/// True division: integers divide as float64, as in NumPy.
struct divides {
  template <class A, class B>
  using operand_t = true_divide_t<A, B>;
  template <class A, class B>
  using result_t = true_divide_t<A, B>;
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    return a / b;
  }
};

/// NumPy's remainder: the sign of the divisor; an integer divisor of 0 gives 0.
struct modulus {
  template <class A, class B>
  using operand_t = promote_t<A, B>;
  template <class A, class B>
  using result_t = promote_t<A, B>;
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

/// NumPy's power: integers stay integers (through float64).
struct power {
  template <class A, class B>
  using operand_t = promote_t<A, B>;
  template <class A, class B>
  using result_t = promote_t<A, B>;
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    if constexpr (std::is_floating_point_v<C>)
      return kx::pow(a, b);
    else
      return static_cast<C>(kx::pow(static_cast<double>(a), static_cast<double>(b)));
  }
};

struct arctan2 {
  template <class A, class B>
  using operand_t = float_result_t<promote_t<A, B>>;
  template <class A, class B>
  using result_t = float_result_t<promote_t<A, B>>;
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    return kx::atan2(a, b);
  }
};

#define HEAT_COMPARISON(NAME, EXPR)                          \
  struct NAME {                                              \
    template <class A, class B>                              \
    using operand_t = promote_t<A, B>;                       \
    template <class A, class B>                              \
    using result_t = bool;                                   \
    template <class C>                                       \
    KOKKOS_INLINE_FUNCTION bool operator()(C a, C b) const { \
      return EXPR;                                           \
    }                                                        \
  };

HEAT_COMPARISON(equal_to, a == b)
HEAT_COMPARISON(not_equal_to, a != b)
HEAT_COMPARISON(less, a < b)
HEAT_COMPARISON(less_equal, a <= b)
HEAT_COMPARISON(greater, a > b)
HEAT_COMPARISON(greater_equal, a >= b)
#undef HEAT_COMPARISON

#define HEAT_LOGICAL(NAME, EXPR)                                                  \
  struct NAME {                                                                   \
    template <class A, class B>                                                   \
    using operand_t = bool;                                                       \
    template <class A, class B>                                                   \
    using result_t = bool;                                                        \
    KOKKOS_INLINE_FUNCTION bool operator()(bool a, bool b) const { return EXPR; } \
  };

HEAT_LOGICAL(logical_and, a&& b)
HEAT_LOGICAL(logical_or, a || b)
HEAT_LOGICAL(logical_xor, a != b)
#undef HEAT_LOGICAL

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

/// Unary operations that keep the element type.
#define HEAT_UNARY_SAME(NAME, EXPR)                  \
  struct NAME {                                      \
    template <class A>                               \
    using operand_t = A;                             \
    template <class A>                               \
    using result_t = A;                              \
    template <class C>                               \
    KOKKOS_INLINE_FUNCTION C operator()(C a) const { \
      return static_cast<C>(EXPR);                   \
    }                                                \
  };

HEAT_UNARY_SAME(negate, -a)
HEAT_UNARY_SAME(square, a* a)
#undef HEAT_UNARY_SAME

struct absolute {
  template <class A>
  using operand_t = A;
  template <class A>
  using result_t = A;
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
struct sign {
  template <class A>
  using operand_t = A;
  template <class A>
  using result_t = A;
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

/// Unary math: integers and bool are computed in float_result_t.
#define HEAT_UNARY_FLOAT(NAME, FN)                   \
  struct NAME {                                      \
    template <class A>                               \
    using operand_t = float_result_t<A>;             \
    template <class A>                               \
    using result_t = float_result_t<A>;              \
    template <class C>                               \
    KOKKOS_INLINE_FUNCTION C operator()(C a) const { \
      return kx::FN(a);                              \
    }                                                \
  };

HEAT_UNARY_FLOAT(sqrt, sqrt)
HEAT_UNARY_FLOAT(exp, exp)
HEAT_UNARY_FLOAT(expm1, expm1)
HEAT_UNARY_FLOAT(exp2, exp2)
HEAT_UNARY_FLOAT(log, log)
HEAT_UNARY_FLOAT(log1p, log1p)
HEAT_UNARY_FLOAT(log2, log2)
HEAT_UNARY_FLOAT(log10, log10)
HEAT_UNARY_FLOAT(sin, sin)
HEAT_UNARY_FLOAT(cos, cos)
HEAT_UNARY_FLOAT(tan, tan)
HEAT_UNARY_FLOAT(arcsin, asin)
HEAT_UNARY_FLOAT(arccos, acos)
HEAT_UNARY_FLOAT(arctan, atan)
HEAT_UNARY_FLOAT(sinh, sinh)
HEAT_UNARY_FLOAT(cosh, cosh)
HEAT_UNARY_FLOAT(tanh, tanh)
HEAT_UNARY_FLOAT(floor, floor)
HEAT_UNARY_FLOAT(ceil, ceil)
HEAT_UNARY_FLOAT(trunc, trunc)
/// Half to even, as NumPy's round.
HEAT_UNARY_FLOAT(round, nearbyint)
#undef HEAT_UNARY_FLOAT

/// Unary predicates on floats; integers are finite.
#define HEAT_UNARY_PREDICATE(NAME, FN, INT_VALUE)       \
  struct NAME {                                         \
    template <class A>                                  \
    using operand_t = A;                                \
    template <class A>                                  \
    using result_t = bool;                              \
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
