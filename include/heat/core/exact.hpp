#ifndef HEAT_CORE_EXACT_HPP
#define HEAT_CORE_EXACT_HPP

#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>

/// Sums of floating values whose bits do not depend on the order of the
/// additions, so a sum over a distributed array is the same at every rank
/// count. Each value v becomes the integer floor(v * 2^scale), kept as two
/// 32-bit limbs (hi = floor(y / 2^32), lo = the rest minus 2^31) added into
/// two int64 sums; integers add exactly, locally and in an MPI sum. scale
/// comes from a bound on |v| that every rank knows, so each value keeps ~62
/// bits below the bound (values far below it lose relative precision; none
/// is lost to the order). Both limbs convert with 32-bit instructions, so a
/// loop of adds vectorises.
namespace ht::detail::exact {

/// Values one pair of sums may hold (the low sums must not overflow).
inline constexpr std::int64_t max_terms = std::int64_t{1} << 32;

/// The scale exponent for values with |v| <= bound: |v| * 2^scale < 2^62.
inline int scale_for(double bound) {
  if (!(bound > 0) || !std::isfinite(bound)) return 0;
  int e = 0;
  std::frexp(bound, &e);  // bound < 2^e
  return 62 - e;
}

/// The limbs of v (|v| <= the bound of scale = 2^scale_exponent).
struct limbs {
  std::int32_t lo, hi;
};
KOKKOS_INLINE_FUNCTION limbs split(double v, double scale) {
  const double y = v * scale;
  const double h = kx::floor(y * 0x1p-32);
  // y - h 2^32 is exact, in [0, 2^32)
  return {static_cast<std::int32_t>(kx::floor(y - h * 0x1p32) - 0x1p31), static_cast<std::int32_t>(h)};
}

/// Adds v to the sums lo, hi.
KOKKOS_INLINE_FUNCTION void add(std::int64_t& lo, std::int64_t& hi, double v, double scale) {
  const limbs l = split(v, scale);
  lo += l.lo;
  hi += l.hi;
}

/// Takes back what add(lo, hi, v, scale) added.
KOKKOS_INLINE_FUNCTION void subtract(std::int64_t& lo, std::int64_t& hi, double v, double scale) {
  const limbs l = split(v, scale);
  lo -= l.lo;
  hi -= l.hi;
}

/// The sum of `terms` values held by lo, hi, rounded once to double.
inline double value(std::int64_t lo, std::int64_t hi, std::int64_t terms, int scale_exponent) {
  const __int128 total =
      static_cast<__int128>(hi) * (__int128{1} << 32) + lo + static_cast<__int128>(terms) * (1 << 30) * 2;
  return std::ldexp(static_cast<double>(total), -scale_exponent);
}

}  // namespace ht::detail::exact

#endif
