#ifndef HEAT_EXPR_REDUCE_STRATEGY_HPP
#define HEAT_EXPR_REDUCE_STRATEGY_HPP

// How a reduction's elements are cut into work, per backend.
//
// Contract:
// - A plan depends only on the geometry, the evaluator's layout, the
//   reducer's needs and the execution space: the same on every rank for the
//   same local sizes, so results are reproducible run to run.
// - Host execution spaces (Serial, OpenMP, Threads): `interleaved` (few
//   outputs side by side in memory: one work item walks a range of rows and
//   feeds every output, at most 64 outputs) or `range` (one work item per
//   output and chunk, at most 256 work items for few outputs: each thread
//   streams a long contiguous range).
// - Device execution spaces (CUDA): `team`, one team per output and chunk,
//   the team's threads folding strided elements (coalesced reads) into a
//   tree in team scratch memory; no per-thread arrays, no cap on the number
//   of teams.
// - Tests can force `team` on the host (set_reduce_strategy) to check the
//   device strategy against the host ones.

#include "heat/core/config.hpp"
#include "heat/expr/reduce/geometry.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <type_traits>

namespace ht::detail {

enum class reduce_strategy { automatic, team };

/// For tests: which strategy reductions use from now on (automatic: the backend's own).
inline reduce_strategy& reduce_strategy_setting() {
  static reduce_strategy s = reduce_strategy::automatic;
  return s;
}
inline void set_reduce_strategy(reduce_strategy s) { reduce_strategy_setting() = s; }

/// Whether kernels of execution space Space run on the host's threads.
template <class Space>
inline constexpr bool runs_on_host = std::is_same_v<typename Space::memory_space, Kokkos::HostSpace>;

struct reduce_plan {
  enum kind_t { interleaved, range, team } kind = range;
  std::int64_t chunks = 1;     // pieces of each output's folded range
  std::int64_t chunk_len = 1;  // elements per piece (the last may be shorter)
  int team_size = 1;           // threads per team (team plans)
};

/// Elements one team thread folds at least, before the range is cut further.
inline constexpr std::int64_t team_elements_per_thread = 16;

/// The plan for geometry g on execution space Space; flat: the evaluator
/// reads local memory in order; uses_index: the reducer needs global indices.
template <class Space>
reduce_plan plan_reduction(const reduce_geometry& g, bool flat, bool uses_index, int team_size) {
  reduce_plan p;
  const std::int64_t n_out = std::max<std::int64_t>(g.n_out, 1);
  if (!runs_on_host<Space> || reduce_strategy_setting() == reduce_strategy::team) {
    p.kind = reduce_plan::team;
    p.team_size = team_size;
    const std::int64_t per_team = team_size * team_elements_per_thread;
    // Enough teams to fill a device when outputs are few (about 2^16 in all).
    const std::int64_t want = std::max<std::int64_t>(1, (std::int64_t{1} << 16) / n_out);
    p.chunks = std::clamp<std::int64_t>((g.n_red + per_team - 1) / per_team, 1, want);
  } else {
    const bool interleaved = flat && !uses_index && g.interleavable() && g.n_out <= 64;
    p.kind = interleaved ? reduce_plan::interleaved : reduce_plan::range;
    const std::int64_t by_length = g.n_red / 4096;
    p.chunks = interleaved      ? std::clamp<std::int64_t>(by_length, 1, 256)
               : g.n_out >= 256 ? 1
                                : std::clamp<std::int64_t>(by_length, 1, std::max<std::int64_t>(256 / n_out, 1));
  }
  p.chunk_len = std::max<std::int64_t>((g.n_red + p.chunks - 1) / p.chunks, 1);
  return p;
}

}  // namespace ht::detail

#endif
