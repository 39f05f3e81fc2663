#ifndef HEAT_CORE_CONFIG_HPP
#define HEAT_CORE_CONFIG_HPP

#include <Kokkos_Core.hpp>

#include <cstdint>

#define HEAT_VERSION_MAJOR 0
#define HEAT_VERSION_MINOR 1
#define HEAT_VERSION_PATCH 0

namespace ht {

/// The most dimensions an array may have (the kernels keep coordinates in fixed-size arrays).
inline constexpr int max_ndim = 8;

/// Where the local blocks live and where kernels run: whatever Kokkos was built with.
using execution_space = Kokkos::DefaultExecutionSpace;
using memory_space = execution_space::memory_space;

/// The storage of one rank's block: flat, row-major.
template <class T>
using local_view_t = Kokkos::View<T*, Kokkos::LayoutRight, memory_space>;

/// True when the host can read the local blocks directly (no staging through mirrors).
inline constexpr bool host_accessible = Kokkos::SpaceAccessibility<Kokkos::HostSpace, memory_space>::accessible;

}  // namespace ht

#endif
