#ifndef HEAT_ML_CLUSTER_LLOYD_HPP
#define HEAT_ML_CLUSTER_LLOYD_HPP

/// The assignment step of Lloyd's iteration: every row to its nearest
/// centre under the metric, the members' exact sums and counts and the
/// summed distance in one collective; full passes (naive) or passes that
/// skip rows by Hamerly's bounds, with the same labels.
///
/// Contract: assign(D, centres, k, M[, B]) leaves in M.labels each local
/// row's nearest centre (ties to the lower index), in M.local this rank's
/// exact member sums and counts, and returns the global sums, counts and
/// the summed finished distance (the inertia, when no row was skipped;
/// with D's sample weights the sums, a weight sum per cluster and the
/// distance are weighted),
/// the same on every rank and at every rank count. The host runs tiles of
/// rows through the vector kernels (assign_step); where the backend's
/// memory is not the host's (CUDA), or tests ask for it, the pass is the
/// team kernel of assign_team.hpp, with the same results bit for bit.

#include "heat/comm/collectives.hpp"
#include "heat/core/exact.hpp"
#include "heat/core/host.hpp"
#include "heat/core/simd.hpp"
#include "heat/ml/cluster/assign_team.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/spatial/metric.hpp"
#include "heat/spatial/nearest.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace ht::cluster::detail {

/// Each rank's share of the members' exact sums and counts, kept from one
/// assignment pass to the next: [low sums k*d | high sums k*d | counts k],
/// then, with sample weights, [low weight sums k | high weight sums k] (the
/// sums then add each row times its weight).
/// A pass changes it only for the rows whose label changed (a row leaves
/// its old cluster and joins the new one; integers subtract exactly), so
/// late Lloyd iterations, where few rows move, cost little beyond the
/// distances. The labels start at -1 (no cluster).
struct members {
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> local;
  label_t* labels;  // this rank's rows
  bool with_sums;
  bool weighted;
  team_rows team;  // the rows' state in the backend's memory (team passes only)
  members(std::int64_t k, std::int64_t d, std::int64_t rows, label_t* labels_, bool with_sums_, bool weighted_ = false)
      : local("heat::cluster::members", static_cast<std::size_t>(2 * k * d + k + (weighted_ ? 2 * k : 0))),
        labels(labels_),
        with_sums(with_sums_),
        weighted(weighted_) {
    std::fill(labels, labels + rows, label_t{-1});
  }
  /// Moves local row i (its d values at `row`, its weight wt) from its
  /// cluster to cluster `to` of k, exactly (as a pass would; scale_x,
  /// scale_w: the pass's scales of the weighted values and of the weights).
  template <class T>
  void move(std::int64_t i, label_t to, const T* row, std::int64_t k, std::int64_t d, double scale_x, double wt = 1,
            double scale_w = 0) {
    const label_t was = labels[i];
    std::int64_t* sums = local.data();
    std::int64_t* counts = sums + 2 * k * d;
    if (was >= 0) counts[was] -= 1;
    counts[to] += 1;
    labels[i] = to;
    if (team.ready) team.moved.push_back(i);
    if (weighted) {
      std::int64_t* ws = counts + k;
      if (was >= 0) ht::detail::exact::subtract(ws[was], ws[k + was], wt, scale_w);
      ht::detail::exact::add(ws[to], ws[k + to], wt, scale_w);
    }
    if (!with_sums) return;
    for (std::int64_t j = 0; j < d; ++j) {
      const double v = static_cast<double>(row[j]) * wt;
      if (was >= 0) ht::detail::exact::subtract(sums[was * d + j], sums[k * d + was * d + j], v, scale_x);
      ht::detail::exact::add(sums[to * d + j], sums[k * d + to * d + j], v, scale_x);
    }
  }
};

/// Hamerly's bounds on each local row's distances (in the metric's units:
/// the square root of sqeuclidean's), kept from one assignment pass to the
/// next: upper >= the distance to its centre, lower <= the distance to any
/// other centre. A pass moves them by how far the centres moved and skips
/// the rows whose centre is then still certainly the nearest; the labels
/// are exactly those a full pass gives (the bounds carry a margin for the
/// kernel's rounding).
template <class T>
struct row_bounds {
  std::vector<double> upper, lower;
  std::vector<T> centres;  // those of the last pass; empty before the first
  explicit row_bounds(std::int64_t rows)
      : upper(static_cast<std::size_t>(rows)), lower(static_cast<std::size_t>(rows)) {}
};

/// Whether bounds pay for themselves: their bookkeeping costs about as much
/// per row as 16 vector FMAs of distances (measured: d = 3, k = 8 runs 10%
/// slower with them; d = 8, k = 16 in float32 25% faster, d = 50, k = 16
/// 25-30%). Depends on k, d and T only: every rank decides alike.
template <class T>
bool bounds_pay(std::int64_t k, std::int64_t d) {
  // Counted in AVX2's vectors whatever the level: the choice (and so the
  // work) is the same at every level.
  constexpr std::int64_t L = 32 / static_cast<std::int64_t>(sizeof(T));
  return (k + L - 1) / L * d >= 16;
}

/// What a pass with bounds reads, per centre: how far it moved, how far
/// the farthest other centre moved, half the distance to its nearest other
/// centre; and the relative margin for rounding.
struct bound_moves {
  const double* shift = nullptr;
  const double* other = nullptr;
  const double* half_gap = nullptr;
  double margin = 0;
};

template <spatial::metric Metric, class T>
struct assign_step;

/// The weighted distances of a tile's computed rows into lo, hi (out of
/// line: inlined, its loop beside the unweighted one cost the unweighted
/// pass 70 % at d = 3).
template <spatial::metric Metric, class T>
__attribute__((noinline)) void weighted_distances(const double* w, std::int64_t first, const std::int64_t* which,
                                                  const T* dist, std::int64_t todo, double scale, std::int64_t& lo,
                                                  std::int64_t& hi) {
  for (std::int64_t q = 0; q < todo; ++q)
    ht::detail::exact::add(lo, hi, Metric::finish(static_cast<double>(dist[q])) * w[first + which[q]], scale);
}

/// One tile of an assignment pass with vectors of B bytes (assign_step's
/// work; the level's entry functions below compile it for their
/// instruction set).
template <spatial::metric Metric, int B, class T>
HEAT_SIMD_INLINE void assign_tile(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc);

template <spatial::metric Metric, class T>
void assign_tile_baseline(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc) {
  assign_tile<Metric, 16>(s, t, acc);
}
template <spatial::metric Metric, class T>
HEAT_TARGET_AVX2 void assign_tile_avx2(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc) {
  assign_tile<Metric, 32>(s, t, acc);
}
template <spatial::metric Metric, class T>
HEAT_TARGET_AVX512 void assign_tile_avx512(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc) {
  assign_tile<Metric, 64>(s, t, acc);
}

/// One assignment pass: new labels, the changes to the members' sums and
/// counts, and the summed distance, in one int64 buffer:
/// [low sums k*d | high sums k*d | counts k | (weighted: low, high weight
/// sums k each) | distance low, high]. With weights w the sums and the
/// distance add each row's values times its weight.
/// With bounds, rows whose centre certainly stays are skipped (their
/// distance is then not summed). The tiles run through the active level's
/// entry function (heat/core/simd.hpp). Host only.
template <spatial::metric Metric, class T>
struct assign_step {
  using value_type = std::int64_t[];
  using size_type = std::int64_t;
  unsigned value_count;
  const T* x;
  spatial::detail::centres_view<T> cv;
  std::int64_t rows;
  double scale_x, scale_dist;
  label_t* labels;
  bool with_sums;
  const double* w = nullptr;  // this rank's rows' weights (null: unweighted, or no rows)
  bool weighted = false;      // the buffer holds weight sums (every rank alike)
  double scale_w = 0;
  double* upper = nullptr;  // row bounds (null: a full pass without them)
  double* lower = nullptr;
  bound_moves moves;
  void (*tile)(const assign_step&, std::int64_t, std::int64_t*) = nullptr;  // the level's entry function

  /// Adds a row (times its weight wt) to cluster c's sums (Join) or takes it back.
  template <bool Join>
  HEAT_SIMD_INLINE void row_sums(value_type acc, std::int64_t c, const T* row, double wt) const {
    std::int64_t *lo = acc + c * cv.d, *hi = acc + cv.k * cv.d + c * cv.d;
    if (w) {
      std::int64_t* ws = acc + 2 * cv.k * cv.d + cv.k;
      if constexpr (Join)
        ht::detail::exact::add(ws[c], ws[cv.k + c], wt, scale_w);
      else
        ht::detail::exact::subtract(ws[c], ws[cv.k + c], wt, scale_w);
      if (!with_sums) return;
#pragma omp simd
      for (std::int64_t j = 0; j < cv.d; ++j) {
        if constexpr (Join)
          ht::detail::exact::add(lo[j], hi[j], static_cast<double>(row[j]) * wt, scale_x);
        else
          ht::detail::exact::subtract(lo[j], hi[j], static_cast<double>(row[j]) * wt, scale_x);
      }
      return;
    }
    if (!with_sums) return;
#pragma omp simd
    for (std::int64_t j = 0; j < cv.d; ++j) {
      if constexpr (Join)
        ht::detail::exact::add(lo[j], hi[j], row[j], scale_x);
      else
        ht::detail::exact::subtract(lo[j], hi[j], row[j], scale_x);
    }
  }

  /// One tile of rows: their nearest centres, then the moves and distances.
  void operator()(const std::int64_t t, value_type acc) const { tile(*this, t, acc); }
  KOKKOS_INLINE_FUNCTION void init(value_type acc) const {
    for (unsigned i = 0; i < value_count; ++i) acc[i] = 0;
  }
  KOKKOS_INLINE_FUNCTION void join(value_type dst, const value_type src) const {
    for (unsigned i = 0; i < value_count; ++i) dst[i] += src[i];
  }
  // Kokkos 3.4 also calls join on volatile buffers.
  KOKKOS_INLINE_FUNCTION void join(volatile std::int64_t* dst, const volatile std::int64_t* src) const {
    for (unsigned i = 0; i < value_count; ++i) dst[i] = dst[i] + src[i];
  }
};

/// One tile of rows: their nearest centres, then the moves and distances.
template <spatial::metric Metric, int B, class T>
HEAT_SIMD_INLINE void assign_tile(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc) {
  constexpr std::int64_t P = spatial::detail::tile_rows;
  const std::int64_t d = s.cv.d, k = s.cv.k, first = t * P, count = s.rows - first < P ? s.rows - first : P;
  // The rows to compute (with bounds: those whose centre may change).
  const T* xs[P];
  std::int64_t which[P], todo = 0;
  if (s.upper) {
    const double grow = 1 + s.moves.margin, shrink = 1 - s.moves.margin;
    for (std::int64_t p = 0; p < count; ++p) {
      const std::int64_t i = first + p, a = s.labels[i];
      bool skip = false;
      if (a >= 0 && s.moves.shift) {
        const double u = s.upper[i] + s.moves.shift[a], l = s.lower[i] - s.moves.other[a];
        s.upper[i] = u;
        s.lower[i] = l;
        skip = u * grow < (l > s.moves.half_gap[a] ? l : s.moves.half_gap[a]) * shrink;
      }
      xs[todo] = s.x + i * d;
      which[todo] = p;
      todo += !skip;
    }
  } else {
    for (std::int64_t p = 0; p < count; ++p) {
      xs[p] = s.x + (first + p) * d;
      which[p] = p;
    }
    todo = count;
  }
  std::int64_t now[P];
  T dist[P], second[P];
  if (s.upper) {
    // The next tile is read while this one computes: the rows left arrive
    // out of the order the hardware prefetcher follows.
    const std::int64_t next = first + count, ahead = s.rows - next < P ? s.rows - next : P;
    spatial::detail::nearest_tile<Metric, B, true>(xs, todo, s.cv, now, dist, second,
                                                   reinterpret_cast<const char*>(s.x + next * d),
                                                   ahead * d * std::int64_t(sizeof(T)));
  } else {
    spatial::detail::nearest_tile<Metric, B>(xs, todo, s.cv, now, dist);
  }
  std::int64_t* counts = acc + 2 * k * d;
  if (s.upper) {
    for (std::int64_t q = 0; q < todo; ++q) {
      const std::int64_t i = first + which[q];
      s.upper[i] = Metric::units(static_cast<double>(dist[q])) * (1 + s.moves.margin);
      s.lower[i] = Metric::units(static_cast<double>(second[q])) * (1 - s.moves.margin);
    }
  }
  // The rows whose centre changed, listed without a branch per row (a
  // changed row is rare and unpredictable: a mispredicted branch each).
  std::int64_t moved[P], changed = 0;
  for (std::int64_t q = 0; q < todo; ++q) {
    moved[changed] = q;
    changed += s.labels[first + which[q]] != now[q];
  }
  for (std::int64_t m = 0; m < changed; ++m) {
    const std::int64_t q = moved[m], i = first + which[q], was = s.labels[i], label = now[q];
    s.labels[i] = static_cast<label_t>(label);
    const T* row = xs[q];
    const double wt = s.w ? s.w[i] : 1.0;
    counts[label] += 1;
    s.template row_sums<true>(acc, label, row, wt);
    if (was < 0) continue;
    counts[was] -= 1;
    s.template row_sums<false>(acc, was, row, wt);
  }
  std::int64_t lo = 0, hi = 0;
  if (!s.w) {
#pragma omp simd reduction(+ : lo, hi)
    for (std::int64_t q = 0; q < todo; ++q)
      ht::detail::exact::add(lo, hi, Metric::finish(static_cast<double>(dist[q])), s.scale_dist);
  } else {
    weighted_distances<Metric>(s.w, first, which, dist, todo, s.scale_dist, lo, hi);
  }
  const std::int64_t at = 2 * k * d + k + (s.weighted ? 2 * k : 0);
  acc[at] += lo;
  acc[at + 1] += hi;
}

/// What an assignment pass found, the same on every rank.
struct assignment {
  std::vector<double> sums;          // k x d, the members' (weighted) sums (when asked for)
  std::vector<std::int64_t> counts;  // k
  std::vector<double> weights;       // k, the members' weight sums (weighted fits only)
  double total_distance = 0;         // the inertia of the centres passed (when exact)
  bool exact_distance = true;        // false: rows were skipped by their bounds
};

/// The moves of the centres since the last pass with bounds, in the
/// metric's units (bound_moves reads them): each centre's shift, the largest
/// shift of any other centre, half the distance to its nearest other
/// centre, each with the rounding margin on the safe side.
struct centre_moves {
  std::vector<double> shift, other, half_gap;
  double margin = 0;

  template <spatial::metric Metric, class T>
  static centre_moves of(const std::vector<T>& before, const std::vector<T>& now, std::int64_t k, std::int64_t d) {
    centre_moves m;
    // Relative rounding of the kernel's distance (d terms of one sign) and
    // of the moves, with room to spare.
    m.margin = static_cast<double>(d + 4) * static_cast<double>(std::numeric_limits<T>::epsilon());
    if (before.empty()) return m;  // the first pass: every row computed
    const auto uk = static_cast<std::size_t>(k);
    m.shift.resize(uk);
    m.other.resize(uk);
    m.half_gap.assign(uk, std::numeric_limits<double>::infinity());
    double top = 0, next = 0;  // the two largest moves
    std::int64_t top_at = -1;
    for (std::int64_t c = 0; c < k; ++c) {
      m.shift[c] = Metric::units(spatial::raw_distance<Metric, double>(before.data() + c * d, now.data() + c * d, d)) *
                   (1 + m.margin);
      if (m.shift[c] > top) {
        next = top;
        top = m.shift[c];
        top_at = c;
      } else if (m.shift[c] > next) {
        next = m.shift[c];
      }
      for (std::int64_t o = 0; o < c; ++o) {
        const double gap =
            0.5 * Metric::units(spatial::raw_distance<Metric, double>(now.data() + c * d, now.data() + o * d, d)) *
            (1 - m.margin);
        m.half_gap[c] = std::min(m.half_gap[c], gap);
        m.half_gap[o] = std::min(m.half_gap[o], gap);
      }
    }
    for (std::int64_t c = 0; c < k; ++c) m.other[c] = c == top_at ? next : top;
    return m;
  }
  bound_moves view() const {
    if (shift.empty()) return {nullptr, nullptr, nullptr, margin};
    return {shift.data(), other.data(), half_gap.data(), margin};
  }
};

/// The pass on the host's threads: tiles of rows through the level's vector
/// kernel (assign_step), the changes summed into acc.
template <spatial::metric Metric, class T>
void assign_on_tiles(const data<T>& D, const std::vector<T>& centres, std::int64_t k, members& M, row_bounds<T>* B,
                     const centre_moves& moves, const double (&scales)[3],
                     const Kokkos::View<std::int64_t*, Kokkos::HostSpace>& acc) {
  const simd::level level = spatial::detail::kernel_level<T>(k, D.d);
  const spatial::detail::centre_table<T> table(centres.data(), k, D.d, spatial::detail::lanes_of<T>(level));
  const assign_step<Metric, T> step{static_cast<unsigned>(acc.extent(0)),
                                    D.x,
                                    table.view(),
                                    D.rows,
                                    scales[0],
                                    scales[1],
                                    M.labels,
                                    M.with_sums,
                                    D.weighted ? D.w : nullptr,
                                    D.weighted,
                                    scales[2],
                                    B ? B->upper.data() : nullptr,
                                    B ? B->lower.data() : nullptr,
                                    moves.view(),
                                    level == simd::level::avx512 ? &assign_tile_avx512<Metric, T>
                                    : level == simd::level::avx2 ? &assign_tile_avx2<Metric, T>
                                                                 : &assign_tile_baseline<Metric, T>};
  const std::int64_t tiles = (D.rows + spatial::detail::tile_rows - 1) / spatial::detail::tile_rows;
  Kokkos::parallel_reduce("heat::cluster::assign", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, tiles),
                          step, acc);
}

/// n values of host memory copied to a new array in the backend's memory.
template <class T>
local_view_t<T> backend_copy(const char* label, const T* data, std::size_t n) {
  const local_view_t<T> v = ht::detail::uninitialized<T>(label, n);
  ht::detail::copy_from_host(v, data, n);
  return v;
}

/// The rows the host moved since the last team pass (members::move) given
/// their labels again, their bounds reset as the host's (recomputed by the
/// pass).
inline void resync_moved(team_rows& R, const label_t* host_labels) {
  const auto n = R.moved.size();
  std::vector<label_t> now(n);
  for (std::size_t m = 0; m < n; ++m) now[m] = host_labels[R.moved[m]];
  const local_view_t<std::int64_t> at = backend_copy("heat::cluster::moved", R.moved.data(), n);
  const local_view_t<label_t> to = backend_copy("heat::cluster::moved_labels", now.data(), n);
  const local_view_t<label_t> labels = R.labels;
  const local_view_t<double> upper = R.upper, lower = R.lower;
  const bool bounded = upper.extent(0) > 0;
  Kokkos::parallel_for(
      "heat::cluster::resync_moved", Kokkos::RangePolicy<ht::execution_space>(0, static_cast<std::int64_t>(n)),
      KOKKOS_LAMBDA(const std::int64_t m) {
        labels(at(m)) = to(m);
        if (bounded) {
          upper(at(m)) = Kokkos::Experimental::infinity<double>::value;
          lower(at(m)) = 0;
        }
      });
  Kokkos::fence();
  R.moved.clear();
}

/// The pass as assign_team.hpp's team kernel on ht::execution_space: the
/// rows' state kept in M.team, the labels copied out to the host's.
template <spatial::metric Metric, class T>
void assign_on_teams(const data<T>& D, const std::vector<T>& centres, std::int64_t k, members& M, row_bounds<T>* B,
                     const centre_moves& moves, const double (&scales)[3],
                     const Kokkos::View<std::int64_t*, Kokkos::HostSpace>& acc) {
  team_rows& R = M.team;
  const auto rows = static_cast<std::size_t>(D.rows);
  using host_labels = Kokkos::View<label_t*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>;
  if (!R.ready) {
    R.labels = backend_copy("heat::cluster::labels", M.labels, rows);
    if (D.weighted) R.w = backend_copy("heat::cluster::weights", D.w, rows);
    R.moved.clear();
    R.ready = true;
  }
  if (B && R.upper.extent(0) != rows) {
    R.upper = ht::detail::uninitialized<double>("heat::cluster::upper", rows);
    R.lower = ht::detail::uninitialized<double>("heat::cluster::lower", rows);
  }
  if (!R.moved.empty()) resync_moved(R, M.labels);
  const std::int64_t kd = k * D.d;
  const local_view_t<T> c = backend_copy("heat::cluster::centres", centres.data(), static_cast<std::size_t>(kd));
  std::vector<double> mv;
  for (const auto* part : {&moves.shift, &moves.other, &moves.half_gap})
    mv.insert(mv.end(), part->begin(), part->end());
  const local_view_t<double> m = backend_copy("heat::cluster::moves", mv.data(), mv.size());
  const local_view_t<std::int64_t> a = backend_copy("heat::cluster::assign", acc.data(), acc.extent(0));
  team_pass<T> p;
  p.x = D.X.local_view().data();
  p.centres = c.data();
  p.rows = D.rows;
  p.k = k;
  p.d = D.d;
  p.labels = R.labels.data();
  p.w = D.weighted ? R.w.data() : nullptr;
  p.weighted = D.weighted;
  p.with_sums = M.with_sums;
  p.scale_x = scales[0];
  p.scale_dist = scales[1];
  p.scale_w = scales[2];
  p.upper = B ? R.upper.data() : nullptr;
  p.lower = B ? R.lower.data() : nullptr;
  if (!moves.shift.empty()) {
    p.shift = m.data();
    p.other = m.data() + k;
    p.half_gap = m.data() + 2 * k;
  }
  p.margin = moves.margin;
  p.acc = a.data();
  p.held = static_cast<std::int64_t>(acc.extent(0)) - 2;
  assign_teams<Metric, T>{p}.run();
  Kokkos::deep_copy(acc, a);
  Kokkos::deep_copy(host_labels(M.labels, rows), R.labels);
}

/// Assigns every local row to its nearest centre (labels and this rank's
/// member sums updated in M) and sums over all ranks: one collective. With
/// bounds B (kept across passes), rows whose centre cannot change are
/// skipped.
template <spatial::metric Metric, class T>
assignment assign(const data<T>& D, const std::vector<T>& centres, std::int64_t k, members& M,
                  row_bounds<T>* B = nullptr) {
  ht::detail::check<Error>(M.weighted == D.weighted, "cluster: members and data disagree on sample weights");
  // The centres' moves since the bounds' pass (replicated: every rank the same).
  centre_moves moves;
  if (B) moves = centre_moves::of<Metric>(B->centres, centres, k, D.d);
  double cbound = D.bound;
  for (const T c : centres) cbound = std::max(cbound, std::fabs(static_cast<double>(c)));
  const int sx = ht::detail::exact::scale_for(D.bound * D.wbound), sd = distance_scale<Metric>(cbound, D.d, D.wbound),
            sw = ht::detail::exact::scale_for(D.wbound);
  const std::int64_t kd = k * D.d, held = 2 * kd + k + (D.weighted ? 2 * k : 0);
  const auto size = static_cast<std::size_t>(held + 2);
  const auto acc = ht::detail::host_buffer<std::int64_t>("heat::cluster::assign", size);
  const double scales[3] = {std::ldexp(1.0, sx), std::ldexp(1.0, sd), std::ldexp(1.0, sw)};
  if (spatial::detail::scalar_nearest())
    assign_on_teams<Metric>(D, centres, k, M, B, moves, scales, acc);
  else
    assign_on_tiles<Metric>(D, centres, k, M, B, moves, scales, acc);
  for (std::int64_t i = 0; i < held; ++i) {
    M.local(i) += acc(i);
    acc(i) = M.local(i);
  }
  D.sum(acc);
  assignment a;
  a.counts.assign(acc.data() + 2 * kd, acc.data() + 2 * kd + k);
  if (M.with_sums)
    for (std::int64_t i = 0; i < kd; ++i)
      a.sums.push_back(ht::detail::exact::value(acc(i), acc(kd + i), a.counts[i / D.d], sx));
  if (D.weighted)
    for (std::int64_t c = 0; c < k; ++c)
      a.weights.push_back(ht::detail::exact::value(acc(2 * kd + k + c), acc(2 * kd + 2 * k + c), a.counts[c], sw));
  a.total_distance = ht::detail::exact::value(acc(held), acc(held + 1), D.n, sd);
  a.exact_distance = moves.shift.empty();
  if (B) B->centres = centres;
  return a;
}

}  // namespace ht::cluster::detail

#endif
