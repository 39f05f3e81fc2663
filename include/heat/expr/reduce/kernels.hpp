#ifndef HEAT_EXPR_REDUCE_KERNELS_HPP
#define HEAT_EXPR_REDUCE_KERNELS_HPP

// The kernels of a reduction, one named functor per strategy
// (heat/expr/reduce/strategy.hpp), and the launch that picks one.
//
// Contract:
// - Every kernel writes partial(o * chunks + k): the accumulator of output
//   o over chunk k of its folded range [k * chunk_len, (k + 1) * chunk_len)
//   (clipped to n_red; an empty chunk holds the identity).
// - Within a chunk the order of folding is fixed by the plan alone, so a
//   run gives the same bits every time on the same backend and team size.
// - fold_interleaved and fold_range are host kernels (per-item arrays of 64
//   accumulators, long sequential streams); they are instantiated only for
//   host execution spaces. fold_team runs anywhere.

#include "heat/core/config.hpp"
#include "heat/expr/reduce/geometry.hpp"
#include "heat/expr/reduce/strategy.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>

namespace ht::detail {

template <class Red>
using partials_t = Kokkos::View<typename Red::acc*, memory_space>;

/// Host: few outputs side by side in memory (geometry.interleavable()); work
/// item k walks chunk k of the rows once, feeding every output.
template <class Red, class Ev>
struct fold_interleaved {
  using A = typename Red::acc;
  Ev ev;
  partials_t<Red> partial;
  std::int64_t n_out, n_red, chunks, chunk_len;

  void operator()(const std::int64_t k) const {
    const std::int64_t first = k * chunk_len;
    const std::int64_t last = std::min(first + chunk_len, n_red);
    // Two halves of the rows read side by side (two streams); n_out <= 64:
    // the accumulators stay in registers or L1.
    A lo[64], hi[64];
    for (std::int64_t o = 0; o < n_out; ++o) lo[o] = hi[o] = Red::identity();
    const std::int64_t half = (last - first) / 2;
    for (std::int64_t r = first; r < first + half; ++r)
      for (std::int64_t o = 0; o < n_out; ++o) {
        Red::add(lo[o], ev.flat(r * n_out + o), 0);
        Red::add(hi[o], ev.flat((r + half) * n_out + o), 0);
      }
    for (std::int64_t r = first + 2 * half; r < last; ++r)
      for (std::int64_t o = 0; o < n_out; ++o) Red::add(hi[o], ev.flat(r * n_out + o), 0);
    for (std::int64_t o = 0; o < n_out; ++o) {
      Red::join(lo[o], hi[o]);
      partial(o * chunks + k) = hi[o];
    }
  }
};

/// Host: work item w folds chunk w % chunks of output w / chunks in one
/// sequential stream.
template <class Red, class Ev>
struct fold_range {
  using A = typename Red::acc;
  Ev ev;
  reduce_geometry g;
  partials_t<Red> partial;
  std::int64_t chunks, chunk_len;
  bool flat;

  void operator()(const std::int64_t w) const {
    const std::int64_t o = w / chunks, k = w % chunks;
    const std::int64_t first = k * chunk_len;
    const std::int64_t last = std::min(first + chunk_len, g.n_red);
    if (first >= last) {  // nothing to fold here (an empty block)
      partial(w) = Red::identity();
      return;
    }
    if (g.nkept == 0 && flat && !Red::uses_index) {
      partial(w) = whole(first, last);
      return;
    }
    std::int64_t c[max_ndim] = {};
    g.kept_coords(o, c);
    g.reduced_coords(first, c);
    std::int64_t li = g.local_index(c), gi = g.global_index(c);
    A a = Red::identity();
    for (std::int64_t r = first; r < last; ++r) {
      Red::add(a, flat ? ev.flat(li) : ev.at(c), gi);
      for (int j = g.nred - 1; j >= 0; --j) {  // next reduced coordinate, positions updated in step
        const int d = g.red[j];
        if (++c[d] < g.extent[d]) {
          li += g.local_stride[d];
          gi += g.global_stride[d];
          break;
        }
        c[d] = 0;
        li -= (g.extent[d] - 1) * g.local_stride[d];
        gi -= (g.extent[d] - 1) * g.global_stride[d];
      }
    }
    partial(w) = a;
  }

  /// Everything reduced in local memory order (no index needed): the reducer's own loop, or
  /// four quarters of the range read side by side (four streams, four
  /// independent accumulators) joined in a fixed order.
  A whole(std::int64_t first, std::int64_t last) const {
    if constexpr (requires { Red::fold(ev, first, last); }) {
      return Red::fold(ev, first, last);
    } else {
      A a = Red::identity(), b = Red::identity(), c = Red::identity(), d = Red::identity();
      std::int64_t li = first;
      for (; li + 4 <= last; li += 4) {
        Red::add(a, ev.flat(li), 0);
        Red::add(b, ev.flat(li + 1), 0);
        Red::add(c, ev.flat(li + 2), 0);
        Red::add(d, ev.flat(li + 3), 0);
      }
      for (; li < last; ++li) Red::add(a, ev.flat(li), 0);
      Red::join(a, b);
      Red::join(c, d);
      Red::join(b, d);
      return d;
    }
  }
};

/// Any backend: team w folds chunk w % chunks of output w / chunks; thread t
/// of the team takes elements first + t, first + t + team_size, ... (adjacent
/// threads read adjacent elements), then the team's accumulators meet in a
/// pairwise tree in scratch memory.
template <class Red, class Ev>
struct fold_team {
  using A = typename Red::acc;
  using member_t = typename Kokkos::TeamPolicy<execution_space>::member_type;
  using scratch_t = Kokkos::View<A*, typename execution_space::scratch_memory_space, Kokkos::MemoryUnmanaged>;
  Ev ev;
  reduce_geometry g;
  partials_t<Red> partial;
  std::int64_t chunks, chunk_len;
  bool flat;
  std::int64_t league_offset = 0;  // leagues are launched in pieces of at most INT_MAX teams

  KOKKOS_INLINE_FUNCTION void operator()(const member_t& m) const {
    const std::int64_t w = league_offset + m.league_rank();
    const std::int64_t o = w / chunks, k = w % chunks;
    const std::int64_t first = k * chunk_len;
    const std::int64_t last = first + chunk_len < g.n_red ? first + chunk_len : g.n_red;
    const int ts = m.team_size(), t = m.team_rank();
    std::int64_t c[max_ndim] = {};
    g.kept_coords(o, c);
    A a = Red::identity();
    for (std::int64_t r = first + t; r < last; r += ts) {
      g.reduced_coords(r, c);
      const std::int64_t gi = Red::uses_index ? g.global_index(c) : 0;
      Red::add(a, flat ? ev.flat(g.local_index(c)) : ev.at(c), gi);
    }
    scratch_t s(m.team_scratch(0), ts);
    s(t) = a;
    m.team_barrier();
    for (int stride = 1; stride < ts; stride *= 2) {
      if (t % (2 * stride) == 0 && t + stride < ts) {
        A later = s(t + stride);
        Red::join(s(t), later);
        s(t) = later;
      }
      m.team_barrier();
    }
    if (t == 0) partial(w) = s(0);
  }
};

/// Largest team the reductions use on devices.
inline constexpr int max_reduce_team = 256;

/// Runs the plan's kernel (plan.chunks and team_size are settled here for
/// team plans) and returns the partials, n_out * chunks of them.
template <class Red, class Ev>
partials_t<Red> run_reduce_kernel(const Ev& ev, const reduce_geometry& g, bool flat, reduce_plan& plan) {
  using team = fold_team<Red, Ev>;
  // Team size first (it depends on the functor's registers), then the plan;
  // asked only where the plan will be a team plan (host plans ignore it).
  team f{ev, g, partials_t<Red>(), 1, 1, flat};
  int ts = 1;
  if (!runs_on_host<execution_space> || reduce_strategy_setting() == reduce_strategy::team) {
    Kokkos::TeamPolicy<execution_space> probe(1, 1);
    probe.set_scratch_size(0, Kokkos::PerTeam(team::scratch_t::shmem_size(max_reduce_team)));
    ts = std::max(1, std::min(max_reduce_team, probe.team_size_max(f, Kokkos::ParallelForTag())));
  }
  plan = plan_reduction<execution_space>(g, flat, Red::uses_index, ts);
  const auto total = static_cast<std::size_t>(std::max<std::int64_t>(g.n_out, 0) * plan.chunks);
  const partials_t<Red> partial(Kokkos::view_alloc(Kokkos::WithoutInitializing, "heat::reduce::partial"), total);
  if (total == 0) return partial;
  if constexpr (runs_on_host<execution_space>) {
    if (plan.kind == reduce_plan::interleaved) {
      Kokkos::parallel_for("heat::expr::reduce_rows", Kokkos::RangePolicy<execution_space>(0, plan.chunks),
                           fold_interleaved<Red, Ev>{ev, partial, g.n_out, g.n_red, plan.chunks, plan.chunk_len});
      return partial;
    }
    if (plan.kind == reduce_plan::range) {
      Kokkos::parallel_for("heat::expr::reduce",
                           Kokkos::RangePolicy<execution_space>(0, static_cast<std::int64_t>(total)),
                           fold_range<Red, Ev>{ev, g, partial, plan.chunks, plan.chunk_len, flat});
      return partial;
    }
  }
  f.partial = partial;
  f.chunks = plan.chunks;
  f.chunk_len = plan.chunk_len;
  const auto n = static_cast<std::int64_t>(total);
  for (f.league_offset = 0; f.league_offset < n; f.league_offset += INT_MAX) {
    Kokkos::TeamPolicy<execution_space> policy(static_cast<int>(std::min<std::int64_t>(n - f.league_offset, INT_MAX)),
                                               plan.team_size);
    policy.set_scratch_size(0, Kokkos::PerTeam(team::scratch_t::shmem_size(plan.team_size)));
    Kokkos::parallel_for("heat::expr::reduce_team", policy, f);
  }
  return partial;
}

}  // namespace ht::detail

#endif
