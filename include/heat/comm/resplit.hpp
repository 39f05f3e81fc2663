#ifndef HEAT_COMM_RESPLIT_HPP
#define HEAT_COMM_RESPLIT_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"
#include "heat/core/host.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>
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
};

/// Offsets (nranks + 1) along the split axis on the host and in device memory.
struct offset_table {
  std::vector<std::int64_t> host;
  Kokkos::View<std::int64_t*, memory_space> device;

  offset_table(const std::vector<std::int64_t>& counts, int nranks)
      : host(static_cast<std::size_t>(nranks) + 1, 0), device("heat::resplit::offsets", host.size()) {
    for (std::size_t r = 0; r < counts.size(); ++r) host[r + 1] = host[r] + counts[r];
    ht::detail::copy_from_host(device, host.data(), host.size());
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

/// Rank r's block as the corners [lo, hi) of a box of global coordinates.
inline std::pair<shape_t, shape_t> block_corners(const distribution& d, int r) {
  shape_t lo(d.gshape().size(), 0), hi = d.gshape();
  if (d.split()) {
    const auto s = static_cast<std::size_t>(*d.split());
    lo[s] = d.offset(r);
    hi[s] = lo[s] + d.counts()[static_cast<std::size_t>(r)];
  }
  return {lo, hi};
}

/// Every rank holds the same elements under both distributions (always so
/// on one rank): moving between them is a relabelling.
inline bool same_blocks(const distribution& from, const distribution& to) {
  for (int r = 0; r < from.nranks(); ++r)
    if (block_corners(from, r) != block_corners(to, r) && (from.lsize(r) != 0 || to.lsize(r) != 0)) return false;
  return true;
}

/// Elements one kernel iteration copies at most: long enough for a plain
/// copy loop, short enough to give every backend parallel work.
inline constexpr std::int64_t piece_length = 1024;

/// How copy_segments moves segment k = block ∩ (the other layout's box of
/// rank k): pack writes it row-major into a buffer at displs[k], unpack reads
/// it from there, direct copies it into the new layout's block of rank k
/// (this rank's own segment, which needs no message).
enum class copy_mode { pack, unpack, direct };

/// Copies the segments with non-zero counts between this rank's block (box
/// `block`) and `other`. Runs of elements are contiguous on both sides: the
/// axes after the last split axis are whole in every box.
template <copy_mode Mode, class T>
void copy_segments(const layout_pair& host, const layout_pair& g, const box& block,
                   const std::vector<std::int64_t>& counts, const local_view_t<T>& data, const local_view_t<T>& other) {
  constexpr bool to_new = Mode != copy_mode::unpack;  // segments cut by the new layout's boxes
  const int p = g.nranks;
  const int c = g.from_split > g.to_split ? g.from_split : g.to_split;
  std::int64_t inner = 1;
  for (int d = c + 1; d < g.ndim; ++d) inner *= g.gshape[d];
  std::vector<std::int64_t> pieces(static_cast<std::size_t>(p), 0);
  for (int k = 0; k < p; ++k) {
    if (counts[static_cast<std::size_t>(k)] == 0) continue;
    const box seg = host.meet(block, to_new ? host.to_box(k) : host.from_box(k));
    const std::int64_t run = (seg.hi[c] - seg.lo[c]) * inner;
    if (run > 0)
      pieces[static_cast<std::size_t>(k)] = host.volume(seg) / run * ((run + piece_length - 1) / piece_length);
  }
  const offset_table piece_off(pieces, p), displs(counts, p);
  const std::int64_t* pp = piece_off.device.data();
  const std::int64_t* sd = displs.device.data();
  Kokkos::parallel_for(
      Mode == copy_mode::pack ? "heat::resplit::pack"
                              : (Mode == copy_mode::unpack ? "heat::resplit::unpack" : "heat::resplit::local"),
      Kokkos::RangePolicy<execution_space>(0, piece_off.host.back()), KOKKOS_LAMBDA(const std::int64_t i) {
        const int k = last_le(pp, p, i);
        const box theirs = to_new ? g.to_box(k) : g.from_box(k);
        const box seg = g.meet(block, theirs);
        const std::int64_t run = (seg.hi[c] - seg.lo[c]) * inner;
        const std::int64_t per_run = (run + piece_length - 1) / piece_length;
        const std::int64_t j = i - pp[k], r = j / per_run, start = (j % per_run) * piece_length;
        // The coordinate where run r starts: r unravelled over the axes before c.
        std::int64_t coord[max_ndim];
        std::int64_t rest = r;
        for (int d = c - 1; d >= 0; --d) {
          const std::int64_t e = seg.hi[d] - seg.lo[d];
          coord[d] = seg.lo[d] + rest % e;
          rest /= e;
        }
        coord[c] = seg.lo[c];
        for (int d = c + 1; d < g.ndim; ++d) coord[d] = 0;
        const std::int64_t at_block = g.offset_in(block, coord) + start;
        const std::int64_t at_other =
            (Mode == copy_mode::direct ? g.offset_in(theirs, coord) : sd[k] + r * run) + start;
        const std::int64_t n = run - start < piece_length ? run - start : piece_length;
        const T* from = Mode == copy_mode::unpack ? other.data() + at_other : data.data() + at_block;
        T* to = Mode == copy_mode::unpack ? data.data() + at_block : other.data() + at_other;
        for (std::int64_t t = 0; t < n; ++t) to[t] = from[t];
      });
  Kokkos::fence();
}

template <class T>
local_view_t<T> redistribute(const communicator& comm, const local_view_t<T>& src, const distribution& from,
                             const distribution& to) {
  const int me = comm.rank();
  const int p = comm.size();
  const auto mine = static_cast<std::size_t>(to.lsize(me));
  local_view_t<T> out;
  if (same_blocks(from, to) || !from.split()) {
    // No message: this rank's block is a copy (or a cut) of what it holds.
    out = ht::detail::uninitialized<T>("heat::DNDarray", mine);
    if (same_blocks(from, to)) {
      Kokkos::deep_copy(out, src);
      return out;
    }
  }
  // Host tables for the host-side sizes; device tables for the kernels.
  const offset_table from_off(from.counts(), p), to_off(to.counts(), p);
  layout_pair host = make_layout_pair(from, to);
  host.from_displs = from_off.host.data();
  host.to_displs = to_off.host.data();
  layout_pair dev = host;
  dev.from_displs = from_off.device.data();
  dev.to_displs = to_off.device.data();

  // This rank's own segment is copied in place: no buffer, no message.
  std::vector<std::int64_t> own(static_cast<std::size_t>(p), 0);
  own[static_cast<std::size_t>(me)] = 1;
  if (!from.split()) {
    // Replicated source: cutting out this rank's block is all there is.
    copy_segments<copy_mode::direct>(host, dev, host.from_box(me), own, src, out);
    return out;
  }
  std::vector<std::int64_t> recvcounts(static_cast<std::size_t>(p));
  for (int r = 0; r < p; ++r)
    recvcounts[static_cast<std::size_t>(r)] = host.volume(host.meet(host.from_box(r), host.to_box(me)));
  // Communication: a rank's new block (and buffers) can be far larger than
  // what it holds (a resplit to none, to another axis, an unbalanced
  // target): allocated at one agreement point.
  local_view_t<T> send, recv;
  auto buffers = [&](std::size_t send_n, std::size_t recv_n) {
    ht::detail::agreed(comm, "resplit: buffers", error_kind::memory, [&] {
      out = ht::detail::uninitialized<T>("heat::DNDarray", mine);
      send = ht::detail::uninitialized<T>("heat::resplit::send", send_n);
      recv = ht::detail::uninitialized<T>("heat::resplit::recv", recv_n);
    });
  };
  if (!to.split()) {
    // Every rank's whole block goes to every rank. Split along the first
    // axis with more than one element, the blocks are consecutive pieces of
    // the whole in rank order: gathered straight into place.
    std::int64_t before = 1;
    for (std::int64_t d = 0; d < *from.split(); ++d) before *= from.gshape()[static_cast<std::size_t>(d)];
    buffers(0, before == 1 ? 0 : mine);
    if (before == 1) {
      allgatherv(comm, src, out, recvcounts);
      return out;
    }
    // Otherwise unpack everything, this rank's block included, from the
    // gathered buffer.
    allgatherv(comm, src, recv, recvcounts);
    copy_segments<copy_mode::unpack>(host, dev, host.to_box(me), recvcounts, out, recv);
    return out;
  }
  std::vector<std::int64_t> sendcounts(static_cast<std::size_t>(p));
  for (int q = 0; q < p; ++q)
    sendcounts[static_cast<std::size_t>(q)] = host.volume(host.meet(host.from_box(me), host.to_box(q)));
  sendcounts[static_cast<std::size_t>(me)] = 0;
  recvcounts[static_cast<std::size_t>(me)] = 0;
  auto total = [](const std::vector<std::int64_t>& v) {
    std::int64_t n = 0;
    for (auto x : v) n += x;
    return static_cast<std::size_t>(n);
  };
  buffers(total(sendcounts), total(recvcounts));
  copy_segments<copy_mode::direct>(host, dev, host.from_box(me), own, src, out);
  copy_segments<copy_mode::pack>(host, dev, host.from_box(me), sendcounts, src, send);
  // No rank's buffers exceed its blocks: a bound every rank knows, so the
  // collective needs no extra message to choose its path.
  std::int64_t largest = 0;
  for (int r = 0; r < p; ++r) largest = std::max({largest, from.lsize(r), to.lsize(r)});
  alltoallv(comm, send, sendcounts, recv, recvcounts, largest);
  copy_segments<copy_mode::unpack>(host, dev, host.to_box(me), recvcounts, out, recv);
  return out;
}

}  // namespace ht::detail

#endif
