#ifndef HEAT_CORE_EXACT_HPP
#define HEAT_CORE_EXACT_HPP

#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>

/// Sums of floating values whose bits do not depend on the order of the
/// additions, so a sum over a distributed array is the same at every rank
/// count. Each value v becomes the integer floor(v * 2^scale), kept as two
/// int64 limbs (its low 32 bits and the rest); limbs add exactly, locally
/// and in an MPI sum, for up to 2^31 values. scale comes from a bound on |v|
/// that every rank knows, so each value keeps ~62 bits below the bound
/// (values far below it lose relative precision; none is lost by order).
namespace ht::detail::exact {

/// Values a limb pair may sum: 2^31 (the low limbs must not overflow).
inline constexpr std::int64_t max_terms = std::int64_t{1} << 31;

/// The scale exponent for values with |v| <= bound: |v| * 2^scale < 2^62.
inline int scale_for(double bound) {
  if (!(bound > 0) || !std::isfinite(bound)) return 0;
  int e = 0;
  std::frexp(bound, &e);  // bound < 2^e
  return 62 - e;
}

/// Adds v (|v| <= the bound of scale = 2^scale_exponent) to the limbs acc[0], acc[1].
KOKKOS_INLINE_FUNCTION void add(std::int64_t* acc, double v, double scale) {
  const auto q = static_cast<std::int64_t>(kx::floor(v * scale));
  acc[0] += q & std::int64_t{0xffffffff};
  acc[1] += q >> 32;  // arithmetic: floor(q / 2^32)
}

/// The sum the limbs hold, rounded once to double.
inline double value(const std::int64_t* acc, int scale_exponent) {
  const __int128 total = static_cast<__int128>(acc[1]) * (__int128{1} << 32) + acc[0];
  return std::ldexp(static_cast<double>(total), -scale_exponent);
}

}  // namespace ht::detail::exact

#endif
