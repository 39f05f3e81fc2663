#ifndef HEAT_COMM_RING_HPP
#define HEAT_COMM_RING_HPP

// Every rank's block visited by every rank without gathering: the blocks
// travel around a ring of ranks (matmul with a split operand, cdist).
//
// Contract:
// - ring(comm, mine, sizes, f) calls f(block, owner) once for every rank's
//   block, own block first, then the blocks of me + 1, me + 2, ...;
//   sizes[r] is rank r's block length (the same vector on every rank).
// - f runs on the host (host-only kernels: BLAS, GCC vector extensions);
//   the travelling copies live in staging buffers (heat/core/host.hpp:
//   pinned memory on CUDA), the next block arrives while f works on this one.
// - Collective over comm: every rank calls it with the same sizes.

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/core/config.hpp"
#include "heat/core/host.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace ht::detail {

/// Visits every rank's block of a distributed operand in a ring: at step s
/// this rank holds the block of rank (me + s) % P and calls f(block, owner);
/// meanwhile the block moves on to rank me - 1 and the next one arrives from
/// me + 1 (P - 1 point-to-point exchanges, overlapped with f).
template <class T, class F>
void ring(const communicator& comm, const local_view_t<T>& mine, const std::vector<std::int64_t>& sizes, F&& f) {
  const int p = comm.size(), me = comm.rank();
  const std::int64_t largest = *std::max_element(sizes.begin(), sizes.end());
  const auto own = host_copy(mine);
  if (p == 1) {
    f(own.data(), me);
    return;
  }
  auto cur = staging_buffer<T>("heat::ring::a", static_cast<std::size_t>(largest));
  auto next = staging_buffer<T>("heat::ring::b", static_cast<std::size_t>(largest));
  std::copy(own.data(), own.data() + sizes[static_cast<std::size_t>(me)], cur.data());
  for (int s = 0; s < p; ++s) {
    const int owner = (me + s) % p;
    exchange<T> ex(comm);
    if (s + 1 < p) {
      ex.recv(next.data(), sizes[static_cast<std::size_t>((me + s + 1) % p)], (me + 1) % p);
      ex.send(cur.data(), sizes[static_cast<std::size_t>(owner)], (me + p - 1) % p);
    }
    f(static_cast<const T*>(cur.data()), owner);
    ex.wait();
    std::swap(cur, next);
  }
}

}  // namespace ht::detail

#endif
