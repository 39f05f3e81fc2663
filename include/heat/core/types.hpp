#ifndef HEAT_CORE_TYPES_HPP
#define HEAT_CORE_TYPES_HPP

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ht {

/// The element types a DNDarray may hold.
template <class T>
concept element_type = std::is_same_v<T, bool> || std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::int8_t> ||
    std::is_same_v<T, std::int16_t> || std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t> ||
    std::is_same_v<T, float> || std::is_same_v<T, double>;

/// HeAT's name of an element type ("float64", "int32", ...).
template <element_type T>
constexpr std::string_view type_name() {
  if constexpr (std::is_same_v<T, bool>)
    return "bool";
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return "uint8";
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return "int8";
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return "int16";
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return "int32";
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return "int64";
  else if constexpr (std::is_same_v<T, float>)
    return "float32";
  else
    return "float64";
}

namespace detail {

/// Whether static_cast<T>(v) keeps v's value (integer T: in range, and for a
/// floating v not NaN; the fraction is dropped). Bool and floating T take any v.
template <class T, class S>
constexpr bool fits(S v) {
  if constexpr (std::is_same_v<T, bool> || std::is_floating_point_v<T> || std::is_same_v<S, bool>) {
    return true;
  } else if constexpr (std::is_floating_point_v<S>) {
    const S upper = std::ldexp(S(1), std::numeric_limits<T>::digits);
    return std::is_signed_v<T> ? v >= -upper && v < upper : v > S(-1) && v < upper;
  } else {
    return std::in_range<T>(v);
  }
}

/// Kind of an element type: 0 bool, 1 integer, 2 floating point.
template <class T>
inline constexpr int kind = std::is_same_v<T, bool> ? 0 : (std::is_floating_point_v<T> ? 2 : 1);

template <class A, class B>
struct promote {
  static constexpr bool a_wins = [] {
    if constexpr (kind<A> != kind<B>)
      return kind<A> > kind<B>;
    else
      return sizeof(A) >= sizeof(B);
  }();
  using wider = std::conditional_t<a_wins, A, B>;
  // Same kind and size, different signedness (uint8 with int8): the next signed width.
  using type =
      std::conditional_t<kind<A> == 1 && kind<B> == 1 && sizeof(A) == sizeof(B) &&
                             std::is_signed_v<A> != std::is_signed_v<B>,
                         std::int16_t,
                         // An integer of 8 bytes with float32 needs float64 to keep its range and precision.
                         std::conditional_t<(kind<A> == 2 && sizeof(A) == 4 && kind<B> == 1 && sizeof(B) == 8) ||
                                                (kind<B> == 2 && sizeof(B) == 4 && kind<A> == 1 && sizeof(A) == 8),
                                            double, wider>>;
};

}  // namespace detail

/// HeAT's promotion of two element types: bool + X -> X; integer with float
/// -> the float (int64 with float32 -> float64); same kind -> the wider;
/// uint8 with int8 -> int16.
template <element_type A, element_type B>
using promote_t = typename detail::promote<A, B>::type;

/// The element type of array (or expression) of type A combined with a
/// scalar of type S: the scalar is weak. A scalar of the same or a lower
/// kind takes the array's type (float array * 2.0 stays float); a higher
/// kind promotes (int32 array * 0.5 is double).
template <element_type A, class S>
using weak_scalar_t = std::conditional_t<(detail::kind<S> <= detail::kind<A>), A, promote_t<A, S>>;

/// The floating type a math function of T returns (NumPy's choice, without
/// float16): floats keep their type, small integers and bool give float32,
/// int32 and int64 give float64.
template <element_type T>
using float_result_t =
    std::conditional_t<std::is_floating_point_v<T>, T, std::conditional_t<(sizeof(T) <= 2), float, double>>;

}  // namespace ht

#endif
