#ifndef HEAT_CORE_HOST_HPP
#define HEAT_CORE_HOST_HPP

// The host/device boundary: the one place where data crosses between the
// memory space of the blocks (heat/core/config.hpp: memory_space, HostSpace
// on Serial and OpenMP, CudaSpace on CUDA) and the host.
//
// Contract:
// - host_copy(v): v readable on the host after every kernel before it has
//   finished (fences first); v itself on host memory spaces, no copy.
// - host_image<V>: a writable host picture of a device view; to_device()
//   copies it back (nothing to copy on host memory spaces).
// - copy_from_host(v, data, n): n host elements into the first n of v.
// - host_block(x) / host_result<T>: the same for a DNDarray's block and for
//   a new array filled on the host (host-only kernels: BLAS, LAPACK,
//   std::sort, GCC vector extensions).
// - MPI buffers (for_mpi): MPI gets the view's own pointer when the host
//   can read its memory space, or when the MPI library takes device
//   pointers (mpi_takes_device_pointers: MPIX_Query_cuda_support, or
//   HEAT_MPI_DEVICE_POINTERS=0/1 set alike on every rank); else the data is
//   staged through a host buffer in staging_space (CUDA pinned memory where
//   the backend has it, so the copies run at full PCIe/NVLink speed).
// - Nothing here communicates; every function is rank-local.

#include "heat/comm/communicator.hpp"
#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"

#include <mpi.h>
#if defined(OPEN_MPI) && __has_include(<mpi-ext.h>)
#include <mpi-ext.h>
#endif
#include <Kokkos_Core.hpp>

#include <cstddef>
#include <cstdlib>
#include <string>
#include <type_traits>

namespace ht {

template <class T>
class DNDarray;

namespace detail {

/// Host memory for MPI staging: page-locked where the backend has it.
#if defined(KOKKOS_ENABLE_CUDA)
using staging_space = Kokkos::CudaHostPinnedSpace;
#else
using staging_space = Kokkos::HostSpace;
#endif

/// A staging buffer of n elements, not initialised (heat/core/memory.hpp's policy).
template <class T>
Kokkos::View<T*, staging_space> staging_buffer(const std::string& label, std::size_t n) {
  return allocate(label, n * sizeof(T), [&] {
    return Kokkos::View<T*, staging_space>(Kokkos::view_alloc(Kokkos::WithoutInitializing, label), n);
  });
}

/// Whether the MPI library reads and writes device memory itself (CUDA-aware).
inline bool mpi_takes_device_pointers() {
  static const bool takes = [] {
    if (const char* env = std::getenv("HEAT_MPI_DEVICE_POINTERS")) return env[0] == '1';
#if defined(MPIX_GPU_SUPPORT_CUDA)  // MPICH 4
    return MPIX_Query_cuda_support() != 0;
#elif defined(MPIX_CUDA_AWARE_SUPPORT) && MPIX_CUDA_AWARE_SUPPORT  // Open MPI's mpi-ext.h
    return MPIX_Query_cuda_support() != 0;
#else
    return false;
#endif
  }();
  return takes;
}

/// Whether MPI may be handed pointers into memory space Space.
template <class Space>
bool mpi_reads_in_place() {
  if constexpr (Kokkos::SpaceAccessibility<Kokkos::HostSpace, Space>::accessible)
    return true;
  else
    return mpi_takes_device_pointers();
}

/// v readable on the host: v itself on host memory spaces, else a copy.
template <class View>
auto host_copy(const View& v) {
  Kokkos::fence();
  return Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), v);
}

/// A host picture of view v to write into; to_device() puts it in v.
template <class View>
struct host_image {
  View target;
  typename View::HostMirror host;
  explicit host_image(const View& v, bool read = false) : target(v), host(Kokkos::create_mirror_view(v)) {
    if (read) {
      Kokkos::fence();
      Kokkos::deep_copy(host, v);
    }
  }
  auto* data() const { return host.data(); }
  void to_device() const { Kokkos::deep_copy(target, host); }
};

/// The first n elements of v set from host memory.
template <class View>
void copy_from_host(const View& v, const typename View::value_type* data, std::size_t n) {
  using T = typename View::value_type;
  Kokkos::deep_copy(Kokkos::subview(v, std::make_pair(std::size_t{0}, n)),
                    Kokkos::View<const T*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(data, n));
}

/// Runs f on a host copy of v (v itself when the host can read it); copies
/// back when f writes. Fences first: the host must see finished data.
template <class View, class F>
void on_host(const View& v, bool writes, F&& f) {
  static_assert(View::rank == 1, "rank-1 Views only");
  const host_image<View> h(v, true);
  f(h.data());
  if (writes) h.to_device();
}

/// Runs f(pointer) where f hands the pointer to MPI: v's own memory when MPI
/// can read it (mpi_reads_in_place), else a staging buffer, filled from v
/// first and copied back into v when f writes.
template <class View, class F>
void for_mpi(const View& v, bool writes, F&& f) {
  static_assert(View::rank == 1, "collectives take rank-1 Views");
  using T = typename View::value_type;
  Kokkos::fence();
  if (mpi_reads_in_place<typename View::memory_space>()) {
    f(v.data());
    return;
  }
  const auto stage = staging_buffer<std::remove_const_t<T>>("heat::mpi::staging", v.extent(0));
  Kokkos::deep_copy(stage, v);
  f(stage.data());
  if constexpr (!std::is_const_v<T>)
    if (writes) Kokkos::deep_copy(v, stage);
}

/// This rank's block of x on the host (the block itself on host memory spaces).
template <class Array>
auto host_block(const Array& x) {
  return host_copy(x.local_view());
}

/// A new array's block writable on the host: the block itself on host
/// memory spaces, else a mirror that finish() copies back.
template <class T>
struct host_result {
  DNDarray<T> array;
  typename local_view_t<T>::HostMirror block;
  host_result(const distribution& dist, const communicator& comm)
      : array(dist, comm), block(Kokkos::create_mirror_view(array.local_view())) {}
  T* data() const { return block.data(); }
  DNDarray<T> finish() const {
    Kokkos::deep_copy(array.local_view(), block);
    return array;
  }
};

}  // namespace detail
}  // namespace ht

#endif
