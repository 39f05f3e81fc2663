#ifndef HEAT_KOKKOS_COMPAT_HPP
#define HEAT_KOKKOS_COMPAT_HPP

#include <Kokkos_Core.hpp>

/// Device-callable math under one name: Kokkos 3.4 keeps it in
/// Kokkos::Experimental, Kokkos 3.7 and later in Kokkos.
namespace ht::kx {
#if KOKKOS_VERSION >= 30700
using Kokkos::pow;
#else
using Kokkos::Experimental::pow;
#endif
}  // namespace ht::kx

#endif
