#ifndef HEAT_EXPR_FUNCTORS_NUMERIC_HPP
#define HEAT_EXPR_FUNCTORS_NUMERIC_HPP

#include "heat/expr/functors.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <climits>
#include <cstdint>
#include <type_traits>

/// The elementwise functors beyond arithmetic (heat/expr/functors.hpp's
/// type rules): floating division and remainders, bit operations, integer
/// gcd/lcm, the log-sum-exp pair, angle conversions, the inverse hyperbolic
/// functions and the sign tests. Each follows NumPy's loop for its type
/// (cited per functor); none throws (a kernel cannot), so an integer
/// division by zero gives 0 as NumPy's does after its warning.
namespace ht::op {

/// NumPy's floor_divide: floats by npy_divmod (the quotient rounded to the
/// nearest integer of (a - fmod(a, b)) / b, corrected towards -inf; a / b
/// when b is 0; a zero quotient carries the sign of a / b); integers floor
/// towards -inf, 0 for b = 0, MIN // -1 wraps to MIN; bools: a and b.
struct floor_divide : promoting {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    if constexpr (std::is_floating_point_v<C>) {
      if (b == 0) return a / b;
      C mod = kx::fmod(a, b);
      C div = (a - mod) / b;
      if (mod != 0 && ((b < 0) != (mod < 0))) div -= C(1);
      if (div == 0) return kx::copysign(C(0), a / b);
      C floordiv = kx::floor(div);
      if (div - floordiv > C(0.5)) floordiv += C(1);
      return floordiv;
    } else if constexpr (std::is_same_v<C, bool>) {
      return a && b;
    } else if constexpr (std::is_unsigned_v<C>) {
      return b == 0 ? C(0) : static_cast<C>(a / b);
    } else {
      if (b == 0) return C(0);
      if (b == C(-1)) return static_cast<C>(C(0) - static_cast<std::make_unsigned_t<C>>(a));
      C q = static_cast<C>(a / b);
      if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
      return q;
    }
  }
};

/// NumPy's fmod: the C remainder (sign of the dividend); integer b = 0 gives 0.
struct fmod : promoting {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    if constexpr (std::is_floating_point_v<C>) {
      return kx::fmod(a, b);
    } else if constexpr (std::is_same_v<C, bool>) {
      (void)a;
      (void)b;
      return false;
    } else {
      if (b == 0 || (std::is_signed_v<C> && b == C(-1))) return C(0);
      return static_cast<C>(a % b);
    }
  }
};

struct hypot : floating_math {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    return kx::hypot(a, b);
  }
};

struct copysign : floating_math {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    return kx::copysign(a, b);
  }
};

/// NumPy's npy_logaddexp: log(exp(a) + exp(b)) without overflow; equal
/// arguments (infinities included) give a + log 2.
struct logaddexp : floating_math {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    if (a == b) return a + C(0.693147180559945309417232121458176568);
    const C d = a - b;
    if (d > 0) return a + kx::log1p(kx::exp(-d));
    if (d <= 0) return b + kx::log1p(kx::exp(d));
    return d;  // NaN
  }
};

/// NumPy's npy_logaddexp2: log2(2^a + 2^b); equal arguments give a + 1.
struct logaddexp2 : floating_math {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    constexpr C log2e = C(1.442695040888963407359924681001892137);
    if (a == b) return a + C(1);
    const C d = a - b;
    if (d > 0) return a + kx::log1p(kx::exp2(-d)) * log2e;
    if (d <= 0) return b + kx::log1p(kx::exp2(d)) * log2e;
    return d;  // NaN
  }
};

/// Bit operations of integers and bools (bools as logical operations).
#define HEAT_BITWISE_OP(NAME, SYMBOL)                     \
  struct NAME : promoting {                               \
    template <class C>                                    \
    KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const { \
      if constexpr (std::is_same_v<C, bool>)              \
        return static_cast<bool>(a SYMBOL b);             \
      else                                                \
        return static_cast<C>(a SYMBOL b);                \
    }                                                     \
  };

HEAT_BITWISE_OP(bitwise_and, &)
HEAT_BITWISE_OP(bitwise_or, |)
HEAT_BITWISE_OP(bitwise_xor, ^)
#undef HEAT_BITWISE_OP

/// NumPy's npy_lshift: a count outside [0, bits) gives 0.
struct left_shift : promoting {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    using U = std::make_unsigned_t<C>;
    if (static_cast<std::uint64_t>(b) >= sizeof(C) * CHAR_BIT) return C(0);
    return static_cast<C>(static_cast<U>(static_cast<U>(a) << b));
  }
};

/// NumPy's npy_rshift: a count outside [0, bits) gives -1 for a negative a, else 0.
struct right_shift : promoting {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    if (static_cast<std::uint64_t>(b) >= sizeof(C) * CHAR_BIT) return a < 0 ? C(-1) : C(0);
    return static_cast<C>(a >> b);
  }
};

/// Euclid's algorithm on magnitudes, in the unsigned type (|MIN| has no
/// signed value); NumPy's gcd is never negative (gcd(MIN, 0) wraps to MIN).
struct gcd : promoting {
  template <class C>
  KOKKOS_INLINE_FUNCTION static std::make_unsigned_t<C> magnitude(C a) {
    using U = std::make_unsigned_t<C>;
    if constexpr (std::is_signed_v<C>)
      return a < 0 ? static_cast<U>(U(0) - static_cast<U>(a)) : static_cast<U>(a);
    else
      return a;
  }
  template <class C>
  KOKKOS_INLINE_FUNCTION static std::make_unsigned_t<C> unsigned_gcd(C a, C b) {
    std::make_unsigned_t<C> x = magnitude(a), y = magnitude(b);
    while (y != 0) {
      const auto r = static_cast<std::make_unsigned_t<C>>(x % y);
      x = y;
      y = r;
    }
    return x;
  }
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    return static_cast<C>(unsigned_gcd(a, b));
  }
};

/// |a| / gcd(a, b) * |b| in the unsigned type, wrapping as NumPy's; 0 when either is 0.
struct lcm : promoting {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a, C b) const {
    const auto g = gcd::unsigned_gcd(a, b);
    if (g == 0) return C(0);
    using U = std::make_unsigned_t<C>;
    return static_cast<C>(static_cast<U>(static_cast<U>(gcd::magnitude(a) / g) * gcd::magnitude(b)));
  }
};

/// ~a for integers, not a for bools.
struct invert : type_keeping {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    if constexpr (std::is_same_v<C, bool>)
      return !a;
    else
      return static_cast<C>(~a);
  }
};

/// The operand itself (nan_to_num of an integer array).
struct identity : type_keeping {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    return a;
  }
};

/// The operand converted to its floating type (the first step of isclose,
/// nan_to_num and modf on integers).
struct to_floating : floating_unary {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    return a;
  }
};

/// The operand converted to R (ht::astype's lazy conversion; NumPy's dtype=
/// of the reductions): operands convert to R first, the result is R.
template <class R>
struct convert_to {
  template <class A>
  using operand_t = R;
  template <class A>
  using result_t = R;
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    return a;
  }
};

/// 1 for every element whatever its value (NaN included): the element
/// counts of a masked mean.
struct one_each {
  template <class A>
  using operand_t = A;
  template <class A>
  using result_t = std::int64_t;
  template <class C>
  KOKKOS_INLINE_FUNCTION std::int64_t operator()(C) const {
    return 1;
  }
};

/// NumPy's deg2rad / rad2deg: one multiplication by a constant of the type.
struct deg2rad : floating_unary {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    return a * (C(3.141592653589793238462643383279502884) / C(180));
  }
};
struct rad2deg : floating_unary {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    return a * (C(180) / C(3.141592653589793238462643383279502884));
  }
};

struct fabs : floating_unary {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    return kx::fabs(a);
  }
};

#define HEAT_INVERSE_HYPERBOLIC(NAME, FN)            \
  struct NAME : floating_unary {                     \
    template <class C>                               \
    KOKKOS_INLINE_FUNCTION C operator()(C a) const { \
      return kx::FN(a);                              \
    }                                                \
  };
HEAT_INVERSE_HYPERBOLIC(arcsinh, asinh)
HEAT_INVERSE_HYPERBOLIC(arccosh, acosh)
HEAT_INVERSE_HYPERBOLIC(arctanh, atanh)
#undef HEAT_INVERSE_HYPERBOLIC

/// modf's fractional part: a - trunc(a) with a's sign (-0.0 for negative
/// whole numbers, as C's modf), +-0 for +-inf, NaN for NaN.
struct fractional_part : floating_unary {
  template <class C>
  KOKKOS_INLINE_FUNCTION C operator()(C a) const {
    if (kx::isinf(a)) return kx::copysign(C(0), a);
    return kx::copysign(a - kx::trunc(a), a);
  }
};

/// The sign bit (set for -0.0 and negative NaN); integers: a < 0.
struct signbit : predicate {
  template <class C>
  KOKKOS_INLINE_FUNCTION bool operator()(C a) const {
    if constexpr (std::is_floating_point_v<C>)
      return kx::signbit(a);
    else if constexpr (std::is_signed_v<C>)
      return a < 0;
    else
      return false;
  }
};

/// +inf / -inf tests; integers are never infinite.
struct isposinf : predicate {
  template <class C>
  KOKKOS_INLINE_FUNCTION bool operator()(C a) const {
    if constexpr (std::is_floating_point_v<C>)
      return kx::isinf(a) && a > 0;
    else
      return false;
  }
};
struct isneginf : predicate {
  template <class C>
  KOKKOS_INLINE_FUNCTION bool operator()(C a) const {
    if constexpr (std::is_floating_point_v<C>)
      return kx::isinf(a) && a < 0;
    else
      return false;
  }
};

}  // namespace ht::op

#endif
