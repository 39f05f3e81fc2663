#ifndef HEAT_ML_CLUSTER_ASSIGN_TEAM_HPP
#define HEAT_ML_CLUSTER_ASSIGN_TEAM_HPP

/// The assignment pass of Lloyd's iteration as a Kokkos team kernel on
/// ht::execution_space: the CUDA build's version of lloyd.hpp's tiles (run
/// on the host by tests, heat/spatial/nearest_scalar.hpp's setting).
///
/// Contract:
/// - assign_teams<M, T> computes, into the same int64 layout, what
///   assign_step's tiles compute, bit for bit: the labels (the scalar
///   nearest kernel: the vector kernels' distances and ties), the changes
///   to the members' exact sums and counts, the exact summed distance, and
///   with bounds the same skips and new bounds (the same arithmetic on the
///   same doubles). The sums are integers, so the order of the atomic
///   additions does not change a bit.
/// - Each team zeroes an accumulator and a copy of the centres in its
///   scratch memory, folds its rows into the accumulator with atomic
///   additions (a thread's summed distance once, at its end), then adds the
///   accumulator's non-zero entries into the global one.
/// - team_rows holds what the kernel reads and writes across passes in the
///   backend's memory: the labels, the bounds and the weights. The host's
///   labels are the truth between passes: the first pass copies them in,
///   rows the host moves (empty-cluster relocation: members::move) are
///   copied in again before the next pass with their bounds reset, and every
///   pass copies the labels out.

#include "heat/core/config.hpp"
#include "heat/core/exact.hpp"
#include "heat/core/host.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/spatial/metric.hpp"
#include "heat/spatial/nearest_scalar.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace ht::cluster::detail {

/// The rows' state the team kernel keeps in the backend's memory.
struct team_rows {
  local_view_t<label_t> labels;
  local_view_t<double> upper, lower, w;
  std::vector<std::int64_t> moved;  // rows the host moved since the last pass
  bool ready = false;               // labels (and weights) copied in
};

/// One pass's inputs and outputs, as pointers into the backend's memory.
template <class T>
struct team_pass {
  const T* x = nullptr;        // rows x d, row-major
  const T* centres = nullptr;  // k x d, row-major
  std::int64_t rows = 0, k = 0, d = 0;
  label_t* labels = nullptr;
  const double* w = nullptr;  // null: unweighted
  bool weighted = false;      // the buffer holds weight sums
  bool with_sums = false;
  double scale_x = 0, scale_dist = 0, scale_w = 0;
  double* upper = nullptr;  // null: a full pass without bounds
  double* lower = nullptr;
  const double* shift = nullptr;  // k each; null: no moves yet (every row computed)
  const double* other = nullptr;
  const double* half_gap = nullptr;
  double margin = 0;
  std::int64_t* acc = nullptr;  // held + 2 (lloyd.hpp's assign_step layout)
  std::int64_t held = 0;
};

/// Adds (Sign = 1) or takes back (-1) row i, times wt, in cluster c of the accumulator s.
template <int Sign, class T, class S>
KOKKOS_INLINE_FUNCTION void team_row_sums(const team_pass<T>& p, const S& s, std::int64_t c, std::int64_t i,
                                          double wt) {
  Kokkos::atomic_add(&s(2 * p.k * p.d + c), std::int64_t{Sign});
  if (p.w) {
    const ht::detail::exact::limbs l = ht::detail::exact::split(wt, p.scale_w);
    Kokkos::atomic_add(&s(2 * p.k * p.d + p.k + c), std::int64_t{Sign} * l.lo);
    Kokkos::atomic_add(&s(2 * p.k * p.d + 2 * p.k + c), std::int64_t{Sign} * l.hi);
  }
  if (!p.with_sums) return;
  for (std::int64_t j = 0; j < p.d; ++j) {
    const double v = p.w ? static_cast<double>(p.x[i * p.d + j]) * wt : static_cast<double>(p.x[i * p.d + j]);
    const ht::detail::exact::limbs l = ht::detail::exact::split(v, p.scale_x);
    Kokkos::atomic_add(&s(c * p.d + j), std::int64_t{Sign} * l.lo);
    Kokkos::atomic_add(&s(p.k * p.d + c * p.d + j), std::int64_t{Sign} * l.hi);
  }
}

/// The team kernel: rows_per_team rows per team, a row per thread at a time.
template <spatial::metric M, class T>
struct assign_teams {
  using space = ht::execution_space;
  using member_t = typename Kokkos::TeamPolicy<space>::member_type;
  using sums_t = Kokkos::View<std::int64_t*, typename space::scratch_memory_space, Kokkos::MemoryUnmanaged>;
  using centres_t = Kokkos::View<T*, typename space::scratch_memory_space, Kokkos::MemoryUnmanaged>;
  team_pass<T> p;
  std::int64_t rows_per_team = 1;
  int level = 0;  // scratch level (1 where the accumulator and centres exceed level 0)

  static std::size_t scratch_bytes(const team_pass<T>& q) {
    return sums_t::shmem_size(static_cast<std::size_t>(q.held + 2)) +
           centres_t::shmem_size(static_cast<std::size_t>(q.k * q.d));
  }

  /// Row i: its bounds moved, skipped or computed; its move and distance.
  KOKKOS_INLINE_FUNCTION void row(const sums_t& s, const T* c, std::int64_t i, std::int64_t& lo,
                                  std::int64_t& hi) const {
    const std::int64_t was = p.labels[i];
    if (p.upper && was >= 0 && p.shift) {
      const double u = p.upper[i] + p.shift[was], l = p.lower[i] - p.other[was];
      p.upper[i] = u;
      p.lower[i] = l;
      if (u * (1 + p.margin) < (l > p.half_gap[was] ? l : p.half_gap[was]) * (1 - p.margin)) return;
    }
    spatial::detail::nearest_pick<T> pick;
    if (p.upper) {
      pick = spatial::detail::nearest_of<M, true>(p.x + i * p.d, c, p.k, p.d);
      p.upper[i] = M::units(static_cast<double>(pick.best)) * (1 + p.margin);
      p.lower[i] = M::units(static_cast<double>(pick.second)) * (1 - p.margin);
    } else {
      pick = spatial::detail::nearest_of<M, false>(p.x + i * p.d, c, p.k, p.d);
    }
    const double wt = p.w ? p.w[i] : 1.0;
    if (pick.label != was) {
      p.labels[i] = static_cast<label_t>(pick.label);
      team_row_sums<1>(p, s, pick.label, i, wt);
      if (was >= 0) team_row_sums<-1>(p, s, was, i, wt);
    }
    const double dist = M::finish(static_cast<double>(pick.best));
    ht::detail::exact::add(lo, hi, p.w ? dist * wt : dist, p.scale_dist);
  }

  KOKKOS_INLINE_FUNCTION void operator()(const member_t& m) const {
    const std::int64_t n = p.held + 2, kd = p.k * p.d;
    const sums_t s(m.team_scratch(level), static_cast<std::size_t>(n));
    const centres_t c(m.team_scratch(level), static_cast<std::size_t>(kd));
    Kokkos::parallel_for(Kokkos::TeamThreadRange(m, n), [&](const std::int64_t e) { s(e) = 0; });
    Kokkos::parallel_for(Kokkos::TeamThreadRange(m, kd), [&](const std::int64_t e) { c(e) = p.centres[e]; });
    m.team_barrier();
    const std::int64_t first = m.league_rank() * rows_per_team,
                       last = first + rows_per_team < p.rows ? first + rows_per_team : p.rows;
    std::int64_t lo = 0, hi = 0;
    for (std::int64_t i = first + m.team_rank(); i < last; i += m.team_size()) row(s, c.data(), i, lo, hi);
    if (lo != 0) Kokkos::atomic_add(&s(p.held), lo);
    if (hi != 0) Kokkos::atomic_add(&s(p.held + 1), hi);
    m.team_barrier();
    Kokkos::parallel_for(Kokkos::TeamThreadRange(m, n), [&](const std::int64_t e) {
      if (s(e) != 0) Kokkos::atomic_add(&p.acc[e], s(e));
    });
  }

  /// Runs the pass over all rows (acc zeroed by the caller).
  void run() {
    constexpr std::size_t level0 = 40 * 1024;  // leaves room below CUDA's 48 KiB per block
    const std::size_t bytes = scratch_bytes(p);
    level = bytes <= level0 ? 0 : 1;
    Kokkos::TeamPolicy<space> probe(1, Kokkos::AUTO);
    probe.set_scratch_size(level, Kokkos::PerTeam(bytes));
    const int ts = std::max(1, probe.team_size_recommended(*this, Kokkos::ParallelForTag()));
    // Enough rows per team that zeroing and flushing the accumulator is a
    // small part of its work; 16 rows per thread on a device.
    rows_per_team = std::max<std::int64_t>(std::int64_t{ts} * 16, 1024);
    const std::int64_t league = (p.rows + rows_per_team - 1) / rows_per_team;
    if (league == 0) return;
    Kokkos::TeamPolicy<space> policy(static_cast<int>(league), ts);
    policy.set_scratch_size(level, Kokkos::PerTeam(bytes));
    Kokkos::parallel_for("heat::cluster::assign_teams", policy, *this);
    Kokkos::fence();
  }
};

}  // namespace ht::cluster::detail

#endif
