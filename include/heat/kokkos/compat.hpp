#ifndef HEAT_KOKKOS_COMPAT_HPP
#define HEAT_KOKKOS_COMPAT_HPP

#include <Kokkos_Core.hpp>

#include <cmath>

/// Device-callable math under one name: Kokkos 3.4 keeps it in
/// Kokkos::Experimental, Kokkos 3.7 and later in Kokkos.
namespace ht::kx {
#if KOKKOS_VERSION >= 30700
namespace math = ::Kokkos;
#else
namespace math = ::Kokkos::Experimental;
#endif
using math::acos;
using math::acosh;
using math::asin;
using math::asinh;
using math::atan;
using math::atan2;
using math::atanh;
using math::ceil;
using math::cos;
using math::cosh;
using math::exp;
using math::exp2;
using math::expm1;
using math::fabs;
using math::floor;
using math::fmod;
using math::hypot;
using math::isfinite;
using math::isinf;
using math::isnan;
using math::log;
using math::log10;
using math::log1p;
using math::log2;
using math::nearbyint;
using math::pow;
using math::sin;
using math::sinh;
using math::sqrt;
using math::tan;
using math::tanh;
using math::trunc;
#if KOKKOS_VERSION >= 40000
using math::copysign;
using math::signbit;
#else
// Kokkos 3.4 has neither; its builds here are host-only (Serial).
template <class T>
KOKKOS_INLINE_FUNCTION T copysign(T a, T b) {
  return std::copysign(a, b);
}
template <class T>
KOKKOS_INLINE_FUNCTION bool signbit(T a) {
  return std::signbit(a);
}
#endif
}  // namespace ht::kx

#endif
