#ifndef HEAT_CORE_CONFIG_HPP
#define HEAT_CORE_CONFIG_HPP

#include "heat/core/memory.hpp"

#include <Kokkos_Core.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

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

namespace detail {

/// For tests: whether the families that have a host and a device kernel
/// (docs/backends.md: nearest, K-Means' assignment, boolean selection) run
/// their device kernels on the host too (set alike on every rank).
inline bool& device_kernels_forced() {
  static bool forced = false;
  return forced;
}
inline void set_device_kernels(bool on) { device_kernels_forced() = on; }

/// Whether those families run their device kernels (Kokkos kernels on
/// ht::execution_space): always where the blocks are not in host memory.
inline bool device_kernels() { return !host_accessible || device_kernels_forced(); }

/// Storage for n elements, not initialised: every new block and large
/// buffer comes from here. In host memory, 4 MiB and more are advised to use
/// transparent huge pages (Linux, as NumPy does for its arrays), so the first
/// touch faults 2 MiB at a time instead of 4 KiB; with THP in its usual
/// `madvise` mode, a new 128 MiB array otherwise spends most of its first
/// write in page faults. Only blocks above the heap's break get it, those
/// malloc mapped for themselves: advice on heap memory (where glibc puts
/// blocks up to 32 MiB once it has raised its mmap threshold) outlives the
/// block, and later small allocations there fault 2 MiB at a time
/// (measured: K-Means' 3.8 MiB of labels took 4.7 MiB). Advice only: where
/// it is refused nothing changes. A failed allocation follows
/// heat/core/memory.hpp (MemoryError in agreed work, else the end of the job).
template <class T>
local_view_t<T> uninitialized(const std::string& label, std::size_t n) {
  local_view_t<T> v = allocate(
      label, n * sizeof(T), [&] { return local_view_t<T>(Kokkos::view_alloc(Kokkos::WithoutInitializing, label), n); });
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if constexpr (std::is_same<memory_space, Kokkos::HostSpace>::value) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= (std::size_t{4} << 20) && v.data() >= static_cast<void*>(sbrk(0))) {
      const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
      const auto first = reinterpret_cast<std::uintptr_t>(v.data());
      const auto lo = (first + page - 1) & ~(page - 1), hi = (first + bytes) & ~(page - 1);
      madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
    }
  }
#endif
  return v;
}

/// A zero-initialised host buffer of n elements, allocated under heat/core/memory.hpp's policy.
template <class T>
Kokkos::View<T*, Kokkos::HostSpace> host_buffer(const std::string& label, std::size_t n) {
  return allocate(label, n * sizeof(T), [&] { return Kokkos::View<T*, Kokkos::HostSpace>(label, n); });
}

}  // namespace detail

}  // namespace ht

#endif
