#ifndef HEAT_COMM_RESPLIT_HPP
#define HEAT_COMM_RESPLIT_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <vector>

namespace ht::detail {

/// Moves a local block from one distribution of a global array to another
/// (other split axis, none, or other counts along the same axis) and
/// returns the new local block. Pack kernel, fence, one collective, unpack:
/// Alltoallv between two splits, Allgatherv to replicate, no message to cut
/// a replicated array.
template <class T>
local_view_t<T> redistribute(const communicator& comm, const local_view_t<T>& src, const distribution& from,
                             const distribution& to);

// ---------------------------------------------------------------------------

/// A half-open box of global coordinates.
struct box {
  std::int64_t lo[max_ndim];
  std::int64_t hi[max_ndim];
};

/// Largest i in [0, n) with prefix[i] <= v: the owner of v when prefix holds
/// block offsets (empty blocks share the next block's offset and lose).
KOKKOS_INLINE_FUNCTION int last_le(const std::int64_t* prefix, int n, std::int64_t v) {
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (prefix[mid] <= v)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

/// The geometry of a move between two distributions. Raw pointers to the
/// offset tables, so one copy serves the host and one (pointing at device
/// tables) goes into kernels.
struct layout_pair {
  int ndim = 0;
  int nranks = 1;
  std::int64_t gshape[max_ndim] = {};
  int from_split = -1;  // -1: replicated
  int to_split = -1;
  const std::int64_t* from_displs = nullptr;  // nranks + 1 offsets along from_split
  const std::int64_t* to_displs = nullptr;

  KOKKOS_INLINE_FUNCTION box held(int split, const std::int64_t* displs, int r) const {
    box b{};
    for (int d = 0; d < ndim; ++d) b.hi[d] = gshape[d];
    if (split >= 0) {
      b.lo[split] = displs[r];
      b.hi[split] = displs[r + 1];
    }
    return b;
  }
  KOKKOS_INLINE_FUNCTION box from_box(int r) const { return held(from_split, from_displs, r); }
  KOKKOS_INLINE_FUNCTION box to_box(int r) const { return held(to_split, to_displs, r); }
  KOKKOS_INLINE_FUNCTION box meet(const box& a, const box& b) const {
    box m{};
    for (int d = 0; d < ndim; ++d) {
      m.lo[d] = a.lo[d] > b.lo[d] ? a.lo[d] : b.lo[d];
      m.hi[d] = a.hi[d] < b.hi[d] ? a.hi[d] : b.hi[d];
      if (m.hi[d] < m.lo[d]) m.hi[d] = m.lo[d];
    }
    return m;
  }
  KOKKOS_INLINE_FUNCTION std::int64_t volume(const box& b) const {
    std::int64_t v = 1;
    for (int d = 0; d < ndim; ++d) v *= b.hi[d] - b.lo[d];
    return v;
  }
  /// Row-major position of a global coordinate inside a box.
  KOKKOS_INLINE_FUNCTION std::int64_t offset_in(const box& b, const std::int64_t* coord) const {
    std::int64_t off = 0;
    for (int d = 0; d < ndim; ++d) off = off * (b.hi[d] - b.lo[d]) + (coord[d] - b.lo[d]);
    return off;
  }
  /// The global coordinate at a row-major position inside a box.
  KOKKOS_INLINE_FUNCTION void coord_of(const box& b, std::int64_t flat, std::int64_t* coord) const {
    for (int d = ndim - 1; d >= 0; --d) {
      const std::int64_t e = b.hi[d] - b.lo[d];
      coord[d] = b.lo[d] + flat % e;
      flat /= e;
    }
  }
};

/// Offsets (nranks + 1) along the split axis on the host and in device memory.
struct offset_table {
  std::vector<std::int64_t> host;
  Kokkos::View<std::int64_t*, memory_space> device;

  offset_table(const std::vector<std::int64_t>& counts, int nranks)
      : host(static_cast<std::size_t>(nranks) + 1, 0), device("heat::resplit::offsets", host.size()) {
    for (std::size_t r = 0; r < counts.size(); ++r) host[r + 1] = host[r] + counts[r];
    Kokkos::deep_copy(device, Kokkos::View<const std::int64_t*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(
                                  host.data(), host.size()));
  }
};

inline layout_pair make_layout_pair(const distribution& from, const distribution& to) {
  layout_pair g;
  g.ndim = static_cast<int>(from.ndim());
  g.nranks = from.nranks();
  for (int d = 0; d < g.ndim; ++d) g.gshape[d] = from.gshape()[static_cast<std::size_t>(d)];
  g.from_split = from.split() ? static_cast<int>(*from.split()) : -1;
  g.to_split = to.split() ? static_cast<int>(*to.split()) : -1;
  return g;
}

/// buffer[i] for i in segment q (offsets seg) = src at the coordinates of
/// position i - seg[q] of the box from_box(me) ∩ to_box(q).
template <class T>
void pack(const layout_pair& g, int me, const local_view_t<T>& src, const offset_table& seg,
          const local_view_t<T>& buffer) {
  const std::int64_t* sd = seg.device.data();
  Kokkos::parallel_for(
      "heat::resplit::pack", Kokkos::RangePolicy<execution_space>(0, static_cast<std::int64_t>(buffer.extent(0))),
      KOKKOS_LAMBDA(const std::int64_t i) {
        const int q = last_le(sd, g.nranks, i);
        const box mine = g.from_box(me);
        std::int64_t coord[max_ndim];
        g.coord_of(g.meet(mine, g.to_box(q)), i - sd[q], coord);
        buffer(i) = src(g.offset_in(mine, coord));
      });
}

/// dst at every coordinate of to_box(me) = buffer at the coordinate's
/// position inside from_box(r) ∩ to_box(me), r the coordinate's old owner.
template <class T>
void unpack(const layout_pair& g, int me, const local_view_t<T>& buffer, const offset_table& seg,
            const local_view_t<T>& dst) {
  const std::int64_t* sd = seg.device.data();
  Kokkos::parallel_for(
      "heat::resplit::unpack", Kokkos::RangePolicy<execution_space>(0, static_cast<std::int64_t>(dst.extent(0))),
      KOKKOS_LAMBDA(const std::int64_t l) {
        const box mine = g.to_box(me);
        std::int64_t coord[max_ndim];
        g.coord_of(mine, l, coord);
        const int r = last_le(g.from_displs, g.nranks, coord[g.from_split]);
        dst(l) = buffer(sd[r] + g.offset_in(g.meet(g.from_box(r), mine), coord));
      });
}

template <class T>
local_view_t<T> redistribute(const communicator& comm, const local_view_t<T>& src, const distribution& from,
                             const distribution& to) {
  const int me = comm.rank();
  const int p = comm.size();
  local_view_t<T> out(Kokkos::view_alloc(Kokkos::WithoutInitializing, "heat::DNDarray"),
                      static_cast<std::size_t>(to.lsize(me)));
  if (from == to) {
    Kokkos::deep_copy(out, src);
    return out;
  }
  const offset_table from_off(from.counts(), p), to_off(to.counts(), p);
  layout_pair host = make_layout_pair(from, to);
  host.from_displs = from_off.host.data();
  host.to_displs = to_off.host.data();
  layout_pair dev = host;
  dev.from_displs = from_off.device.data();
  dev.to_displs = to_off.device.data();

  if (!from.split()) {
    // Replicated source: cut out this rank's block, no message.
    std::vector<std::int64_t> counts(static_cast<std::size_t>(p), 0);
    counts[static_cast<std::size_t>(me)] = to.lsize(me);
    const offset_table segments(counts, p);
    pack<T>(dev, me, src, segments, out);
    Kokkos::fence();
    return out;
  }
  std::vector<std::int64_t> recvcounts(static_cast<std::size_t>(p));
  for (int r = 0; r < p; ++r)
    recvcounts[static_cast<std::size_t>(r)] = host.volume(host.meet(host.from_box(r), host.to_box(me)));
  local_view_t<T> recv(Kokkos::view_alloc(Kokkos::WithoutInitializing, "heat::resplit::recv"),
                       static_cast<std::size_t>(to.lsize(me)));
  if (!to.split()) {
    // Every rank's whole block goes to every rank: it is already packed.
    allgatherv(comm, src, recv, recvcounts);
  } else {
    std::vector<std::int64_t> sendcounts(static_cast<std::size_t>(p));
    for (int q = 0; q < p; ++q)
      sendcounts[static_cast<std::size_t>(q)] = host.volume(host.meet(host.from_box(me), host.to_box(q)));
    local_view_t<T> send(Kokkos::view_alloc(Kokkos::WithoutInitializing, "heat::resplit::send"),
                         static_cast<std::size_t>(from.lsize(me)));
    const offset_table segments(sendcounts, p);
    pack<T>(dev, me, src, segments, send);
    alltoallv(comm, send, sendcounts, recv, recvcounts);
  }
  const offset_table segments(recvcounts, p);
  unpack<T>(dev, me, recv, segments, out);
  Kokkos::fence();
  return out;
}

}  // namespace ht::detail

#endif
