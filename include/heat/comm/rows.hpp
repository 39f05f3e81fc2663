#ifndef HEAT_COMM_ROWS_HPP
#define HEAT_COMM_ROWS_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/config.hpp"
#include "heat/core/host.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace ht::detail {

/// Consecutive local rows [first, first + count) that land on global rows
/// dest, dest + 1, ... of the result (dest, dest - 1, ... when reversed).
struct row_run {
  std::int64_t first;
  std::int64_t count;
  std::int64_t dest;
  bool reversed = false;
};

/// Moves rows of row_len elements from every rank's src to the ranks that
/// own their destination rows (out_displs: nranks + 1 row offsets of the
/// result) with one Alltoallv. runs(r) must give rank r's runs on every rank
/// (they come from shared metadata), so no counts are exchanged. Rows that no
/// run reaches keep out's content.
template <class T, class Runs>
void move_rows(const communicator& comm, const local_view_t<T>& src, std::int64_t row_len, Runs&& runs,
               const std::vector<std::int64_t>& out_displs, const local_view_t<T>& out);

// ---------------------------------------------------------------------------

/// One contiguous piece of a move: `rows` rows from local row `local` to
/// buffer row `buffer` (the local rows run backwards when reversed).
struct row_piece {
  std::int64_t buffer;
  std::int64_t local;
  std::int64_t rows;
  int reversed;
};

/// The part of run that lands in [lo, hi): the run's rows i in [i0, i1).
inline bool clip_run(const row_run& run, std::int64_t lo, std::int64_t hi, std::int64_t& i0, std::int64_t& i1) {
  if (!run.reversed) {
    i0 = std::max<std::int64_t>(0, lo - run.dest);
    i1 = std::min<std::int64_t>(run.count, hi - run.dest);
  } else {  // row i lands on dest - i
    i0 = std::max<std::int64_t>(0, run.dest - hi + 1);
    i1 = std::min<std::int64_t>(run.count, run.dest - lo + 1);
  }
  return i1 > i0;
}

/// Copies pieces between a local block and a message buffer in one kernel
/// (to_buffer: pack, else unpack); a piece's rows are found by binary search.
template <class T>
void copy_pieces(const std::vector<row_piece>& pieces, std::int64_t row_len, const local_view_t<T>& local,
                 const local_view_t<T>& buffer, bool to_buffer) {
  if (pieces.empty() || row_len == 0) return;
  const auto n = static_cast<int>(pieces.size());
  Kokkos::View<row_piece*, memory_space> dev("heat::rows::pieces", pieces.size());
  ht::detail::copy_from_host(dev, pieces.data(), pieces.size());
  Kokkos::View<std::int64_t*, memory_space> starts("heat::rows::starts", pieces.size());
  auto hs = Kokkos::create_mirror_view(starts);
  for (int i = 0; i < n; ++i) hs(i) = pieces[static_cast<std::size_t>(i)].buffer;
  Kokkos::deep_copy(starts, hs);
  const std::int64_t total = pieces.back().buffer + pieces.back().rows;
  Kokkos::parallel_for(
      "heat::comm::move_rows", Kokkos::RangePolicy<execution_space>(0, total), KOKKOS_LAMBDA(const std::int64_t b) {
        const row_piece p = dev(last_le(starts.data(), n, b));
        const std::int64_t i = b - p.buffer;
        const std::int64_t l = p.reversed ? p.local + p.rows - 1 - i : p.local + i;
        for (std::int64_t e = 0; e < row_len; ++e) {
          if (to_buffer)
            buffer(b * row_len + e) = local(l * row_len + e);
          else
            local(l * row_len + e) = buffer(b * row_len + e);
        }
      });
}

template <class T, class Runs>
void move_rows(const communicator& comm, const local_view_t<T>& src, std::int64_t row_len, Runs&& runs,
               const std::vector<std::int64_t>& out_displs, const local_view_t<T>& out) {
  const int p = comm.size(), me = comm.rank();
  const auto mine = runs(me);
  // Pack: for each destination rank in order, the part of each run it owns.
  std::vector<row_piece> pack;
  std::vector<std::int64_t> sendcounts(static_cast<std::size_t>(p), 0), recvcounts(sendcounts);
  std::int64_t at = 0;
  for (int q = 0; q < p; ++q) {
    for (const row_run& run : mine) {
      std::int64_t i0, i1;
      if (!clip_run(run, out_displs[static_cast<std::size_t>(q)], out_displs[static_cast<std::size_t>(q) + 1], i0, i1))
        continue;
      // Source rows first + [i0, i1) in ascending order.
      pack.push_back({at, run.first + i0, i1 - i0, 0});
      at += i1 - i0;
      sendcounts[static_cast<std::size_t>(q)] += (i1 - i0) * row_len;
    }
  }
  // Unpack: what every rank sends here, in the order it packs it.
  std::vector<row_piece> unpack;
  std::int64_t largest = 0, back = 0;
  const std::int64_t lo = out_displs[static_cast<std::size_t>(me)], hi = out_displs[static_cast<std::size_t>(me) + 1];
  for (int k = 0; k < p; ++k) {
    std::int64_t sent = 0;
    for (const row_run& run : runs(k)) {
      sent += run.count;
      std::int64_t i0, i1;
      if (!clip_run(run, lo, hi, i0, i1)) continue;
      const std::int64_t first_dest = run.reversed ? run.dest - (i1 - 1) : run.dest + i0;
      unpack.push_back({back, first_dest - lo, i1 - i0, run.reversed ? 1 : 0});
      back += i1 - i0;
      recvcounts[static_cast<std::size_t>(k)] += (i1 - i0) * row_len;
    }
    const std::int64_t owned = out_displs[static_cast<std::size_t>(k) + 1] - out_displs[static_cast<std::size_t>(k)];
    largest = std::max(largest, std::max(sent, owned) * row_len);
  }
  local_view_t<T> sendbuf = ht::detail::uninitialized<T>("heat::rows::send", static_cast<std::size_t>(at * row_len));
  local_view_t<T> recvbuf = ht::detail::uninitialized<T>("heat::rows::recv", static_cast<std::size_t>(back * row_len));
  copy_pieces(pack, row_len, src, sendbuf, true);
  Kokkos::fence();
  alltoallv(comm, sendbuf, sendcounts, recvbuf, recvcounts, largest);
  copy_pieces(unpack, row_len, out, recvbuf, false);
}

}  // namespace ht::detail

#endif
