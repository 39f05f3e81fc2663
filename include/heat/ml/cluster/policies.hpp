#ifndef HEAT_ML_CLUSTER_POLICIES_HPP
#define HEAT_ML_CLUSTER_POLICIES_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/exact.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/random.hpp"
#include "heat/core/simd.hpp"
#include "heat/kokkos/compat.hpp"
#include "heat/spatial/nearest.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

/// The parts the K-Means family is built from. Every policy sees the data
/// through detail::data (this rank's rows on the host, their global
/// indices, the communicator) and uses the library's collectives only.
namespace ht::cluster {

/// How the first centres are chosen: a method name or k x d given centres.
template <class T>
struct initial_centres {
  std::string method;
  std::optional<DNDarray<T>> centres;
  initial_centres(const char* name) : method(name) {}
  initial_centres(std::string name) : method(std::move(name)) {}
  initial_centres(DNDarray<T> given) : method("given"), centres(std::move(given)) {}
};

// Update policies: the new centre of each cluster from its members.
/// The mean of the members (Lloyd; exact sums, one collective with the assignment).
struct mean_update;
/// The per-feature median of the members (KMedians).
struct median_update;
/// The member nearest to the members' median (KMedoids).
struct medoid_update;

// Empty-cluster policies: centre(old) is what an empty cluster becomes.
/// An empty cluster keeps its centre (HeAT's behaviour).
struct keep_empty {
  template <class T>
  static void centre(const T* /*old*/, T* /*out, already the old centre*/, std::int64_t /*d*/) {}
};

// Initialisation policies: run(data, k, init, seed) gives k x d centres (host, replicated).
/// k distinct rows drawn uniformly.
struct random_init;
/// Greedy k-means++ (Arthur and Vassilvitskii; 2 + ln k trials per centre, as scikit-learn).
template <class Metric>
struct kmeanspp_init;
/// k-means|| (Bahmani et al.; HeAT's "probability_based"): a few rounds that
/// each keep every row with probability 2k D(x) / sum D, then weighted
/// k-means++ on the kept rows, on every rank alike.
template <class Metric>
struct kmeans_parallel_init;
/// Picks by initial_centres: "random", "k-means++"/"kmeans++",
/// "k-means||"/"probability_based", or the given centres.
struct init_by_name;

namespace detail {

/// X as the policies see it.
template <class T>
struct data {
  DNDarray<T> X;  // split 0 or replicated
  typename local_view_t<T>::HostMirror host;
  const T* x = nullptr;  // this rank's rows, row-major
  std::int64_t n = 0, d = 0, rows = 0, first = 0;
  double bound = 0;  // max |x| over all ranks

  explicit data(const DNDarray<T>& in, const char* who)
      : X(in.split() == 1 ? resplit(in, 0) : in), host(ht::detail::host_block(X)), x(host.data()) {
    ht::detail::check(X.ndim() == 2, who, " needs a 2-D array (samples x features), got shape ", to_string(X.shape()));
    n = X.shape()[0];
    d = X.shape()[1];
    rows = X.lshape()[0];
    first = X.offset();
    ht::detail::check(n < ht::detail::exact::max_terms, who, ": at most 2^32 samples, got ", n);
    // An agreement point riding on the one collective of the bound of |x|:
    // a NaN or inf in a rank's rows (a NaN fails `a <= max`; the bound is
    // not used then). Local copies of the members: through `this` GCC
    // reloads them and does not vectorise. A maximum is the same in any
    // order: the pass runs at the widest level (simd::dispatch; no call
    // to fabs, which Kokkos 3.4 does not inline: 11 ms for 3 000 000
    // values, 5 % of a 30-iteration fit).
    ht::detail::agreement_point finite(X.comm(), "cluster: X values", ht::detail::error_kind::value);
    T m = 0;
    int bad = 0;
    const T* p = x;
    const std::int64_t count = rows * d;
    // On all of the rank's threads (slices of the values, heat/core/host_threads.hpp).
    const ht::detail::row_cut cut = ht::detail::cut_rows(count, 65536);
    std::vector<T> tops(static_cast<std::size_t>(cut.count));
    std::vector<int> wrongs(static_cast<std::size_t>(cut.count));
    ht::detail::for_each_slice(cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
      simd::dispatch(simd::level::avx512, [&]() HEAT_SIMD_BODY {
        T top = 0;
        int wrong = 0;
#pragma omp simd reduction(max : top) reduction(| : wrong)
        for (std::int64_t i = lo; i < hi; ++i) {
          const T a = p[i] < 0 ? -p[i] : p[i];
          wrong |= !(a <= std::numeric_limits<T>::max());
          top = a > top ? a : top;
        }
        tops[static_cast<std::size_t>(k)] = top;
        wrongs[static_cast<std::size_t>(k)] = wrong;
      });
    });
    for (std::int64_t k = 0; k < cut.count; ++k) {
      m = std::max(m, tops[static_cast<std::size_t>(k)]);
      bad |= wrongs[static_cast<std::size_t>(k)];
    }
    if (bad) {
      const std::int64_t at = std::find_if(p, p + count, [](T v) { return !std::isfinite(v); }) - p;
      finite.fail(ht::detail::error_kind::value,
                  ht::detail::concat(who, ": X holds ", p[at], " at row ", first + at / d, ", column ", at % d,
                                     " (NaN and inf are refused)"));
    }
    Kokkos::View<double*, Kokkos::HostSpace> v("heat::cluster::bound", 2);
    v(0) = static_cast<double>(m);
    v(1) = finite.flag();
    if (X.split()) {
      allreduce(X.comm(), v, reduce_op::max);
      finite.conclude(v(1));
    } else {
      finite.conclude();
    }
    bound = v(0);
  }

  const communicator& comm() const { return X.comm(); }
  /// Sums a buffer over the ranks (a replicated X has every row on every rank).
  template <class View>
  void sum(const View& v) const {
    if (X.split()) allreduce(comm(), v, reduce_op::sum);
  }
  /// The rows at global indices g (row-major), on every rank: one collective.
  std::vector<T> rows_at(const std::vector<std::int64_t>& g) const {
    const auto out = ht::detail::host_buffer<T>("heat::cluster::rows", g.size() * static_cast<std::size_t>(d));
    for (std::size_t r = 0; r < g.size(); ++r)
      if (g[r] >= first && g[r] < first + rows)
        for (std::int64_t j = 0; j < d; ++j) out(r * static_cast<std::size_t>(d) + j) = x[(g[r] - first) * d + j];
    sum(out);
    return {out.data(), out.data() + out.extent(0)};
  }
};

/// A uniform double on (0, 1] for (seed, stream, global index): the same at
/// every rank count.
KOKKOS_INLINE_FUNCTION double draw(std::uint64_t seed, std::uint32_t stream, std::uint32_t trial, std::int64_t g) {
  const auto w = ht::random::detail::philox(
      {{static_cast<std::uint32_t>(g), static_cast<std::uint32_t>(static_cast<std::uint64_t>(g) >> 32), stream, trial}},
      static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
  return 1.0 - ht::random::detail::unit(w.v[0], w.v[1]);
}

/// k distinct indices of [0, n) drawn uniformly (Floyd's algorithm on a
/// replicated stream: no communication).
inline std::vector<std::int64_t> distinct_indices(std::int64_t n, std::int64_t k, std::uint64_t seed,
                                                  std::uint32_t stream) {
  std::vector<std::int64_t> out;
  for (std::int64_t j = n - k; j < n; ++j) {
    const auto t = std::min(j, static_cast<std::int64_t>(draw(seed, stream, 0, j) * static_cast<double>(j + 1)));
    out.push_back(std::find(out.begin(), out.end(), t) == out.end() ? t : j);
  }
  return out;
}

/// The distance between row x and centre c (d values) under Metric,
/// computed in A (T unless asked).
template <class Metric, class T, class A = T>
KOKKOS_INLINE_FUNCTION A distance(const T* x, const T* c, std::int64_t d) {
  A s = 0;
  for (std::int64_t j = 0; j < d; ++j) {
    const A t = static_cast<A>(x[j]) - static_cast<A>(c[j]);
    s += std::is_same_v<Metric, spatial::cityblock> ? kx::fabs(t) : t * t;
  }
  return s;
}

/// The exact-sum scale of distances between rows and centres whose values
/// are at most `bound` in magnitude.
template <class Metric>
int distance_scale(double bound, std::int64_t d) {
  const double span = 2 * bound;
  return ht::detail::exact::scale_for(std::is_same_v<Metric, spatial::cityblock>
                                          ? span * static_cast<double>(d)
                                          : span * span * static_cast<double>(d));
}

/// A row's cluster inside a fit: int32, half of the int64 the API returns
/// (at d = 3 in float32 an int64 label is two thirds of the row); the fit
/// widens them once, when labels() asks. Limits k to 2^31 - 1.
using label_t = std::int32_t;

/// Each rank's share of the members' exact sums and counts, kept from one
/// assignment pass to the next: [low sums k*d | high sums k*d | counts k].
/// A pass changes it only for the rows whose label changed (a row leaves
/// its old cluster and joins the new one; integers subtract exactly), so
/// late Lloyd iterations, where few rows move, cost little beyond the
/// distances. The labels start at -1 (no cluster).
struct members {
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> local;
  label_t* labels;  // this rank's rows
  bool with_sums;
  members(std::int64_t k, std::int64_t d, std::int64_t rows, label_t* labels_, bool with_sums_)
      : local("heat::cluster::members", static_cast<std::size_t>(2 * k * d + k)),
        labels(labels_),
        with_sums(with_sums_) {
    std::fill(labels, labels + rows, label_t{-1});
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

/// A distance in the metric's units (bounds obey the triangle inequality there).
template <class Metric>
KOKKOS_INLINE_FUNCTION double metric_units(double v) {
  if constexpr (std::is_same_v<Metric, spatial::cityblock>)
    return v;
  else
    return std::sqrt(v);
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

template <class Metric, class T>
struct assign_step;

/// One tile of an assignment pass with vectors of B bytes (assign_step's
/// work; the level's entry functions below compile it for their
/// instruction set).
template <class Metric, int B, class T>
HEAT_SIMD_INLINE void assign_tile(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc);

template <class Metric, class T>
void assign_tile_baseline(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc) {
  assign_tile<Metric, 16>(s, t, acc);
}
template <class Metric, class T>
HEAT_TARGET_AVX2 void assign_tile_avx2(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc) {
  assign_tile<Metric, 32>(s, t, acc);
}
template <class Metric, class T>
HEAT_TARGET_AVX512 void assign_tile_avx512(const assign_step<Metric, T>& s, std::int64_t t, std::int64_t* acc) {
  assign_tile<Metric, 64>(s, t, acc);
}

/// One assignment pass: new labels, the changes to the members' sums and
/// counts, and the summed distance, in one int64 buffer:
/// [low sums k*d | high sums k*d | counts k | distance low, high].
/// With bounds, rows whose centre certainly stays are skipped (their
/// distance is then not summed). The tiles run through the active level's
/// entry function (heat/core/simd.hpp). Host only.
template <class Metric, class T>
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
  double* upper = nullptr;  // row bounds (null: a full pass without them)
  double* lower = nullptr;
  bound_moves moves;
  void (*tile)(const assign_step&, std::int64_t, std::int64_t*) = nullptr;  // the level's entry function

  /// Adds a row to cluster c's sums (Join) or takes it back.
  template <bool Join>
  HEAT_SIMD_INLINE void row_sums(value_type acc, std::int64_t c, const T* row) const {
    std::int64_t *lo = acc + c * cv.d, *hi = acc + cv.k * cv.d + c * cv.d;
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
template <class Metric, int B, class T>
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
      s.upper[i] = metric_units<Metric>(static_cast<double>(dist[q])) * (1 + s.moves.margin);
      s.lower[i] = metric_units<Metric>(static_cast<double>(second[q])) * (1 - s.moves.margin);
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
    counts[label] += 1;
    if (s.with_sums) s.template row_sums<true>(acc, label, row);
    if (was < 0) continue;
    counts[was] -= 1;
    if (s.with_sums) s.template row_sums<false>(acc, was, row);
  }
  std::int64_t lo = 0, hi = 0;
#pragma omp simd reduction(+ : lo, hi)
  for (std::int64_t q = 0; q < todo; ++q) ht::detail::exact::add(lo, hi, dist[q], s.scale_dist);
  acc[2 * k * d + k] += lo;
  acc[2 * k * d + k + 1] += hi;
}

/// What an assignment pass found, the same on every rank.
struct assignment {
  std::vector<double> sums;          // k x d, the members' sums (when asked for)
  std::vector<std::int64_t> counts;  // k
  double total_distance = 0;         // the inertia of the centres passed (when exact)
  bool exact_distance = true;        // false: rows were skipped by their bounds
};

/// Assigns every local row to its nearest centre (labels and this rank's
/// member sums updated in M) and sums over all ranks: one collective. With
/// bounds B (kept across passes), rows whose centre cannot change are
/// skipped.
template <class Metric, class T>
assignment assign(const data<T>& D, const std::vector<T>& centres, std::int64_t k, members& M,
                  row_bounds<T>* B = nullptr) {
  const simd::level level = spatial::detail::kernel_level<T>(k, D.d);
  const spatial::detail::centre_table<T> table(centres.data(), k, D.d, spatial::detail::lanes_of<T>(level));
  // The centres' moves since the bounds' pass (replicated: every rank the same).
  std::vector<double> shift, other, half_gap;
  bound_moves moves;
  if (B) {
    // Relative rounding of the kernel's distance (d terms of one sign) and
    // of the moves, with room to spare.
    moves.margin = static_cast<double>(D.d + 4) * static_cast<double>(std::numeric_limits<T>::epsilon());
    if (!B->centres.empty()) {
      shift.resize(static_cast<std::size_t>(k));
      other.resize(static_cast<std::size_t>(k));
      half_gap.assign(static_cast<std::size_t>(k), std::numeric_limits<double>::infinity());
      double top = 0, next = 0;  // the two largest moves
      std::int64_t top_at = -1;
      for (std::int64_t c = 0; c < k; ++c) {
        shift[c] = metric_units<Metric>(
                       distance<Metric, T, double>(B->centres.data() + c * D.d, centres.data() + c * D.d, D.d)) *
                   (1 + moves.margin);
        if (shift[c] > top) {
          next = top;
          top = shift[c];
          top_at = c;
        } else if (shift[c] > next) {
          next = shift[c];
        }
        for (std::int64_t o = 0; o < c; ++o) {
          const double gap = 0.5 *
                             metric_units<Metric>(
                                 distance<Metric, T, double>(centres.data() + c * D.d, centres.data() + o * D.d, D.d)) *
                             (1 - moves.margin);
          half_gap[c] = std::min(half_gap[c], gap);
          half_gap[o] = std::min(half_gap[o], gap);
        }
      }
      for (std::int64_t c = 0; c < k; ++c) other[c] = c == top_at ? next : top;
      moves.shift = shift.data();
      moves.other = other.data();
      moves.half_gap = half_gap.data();
    }
  }
  double cbound = D.bound;
  for (const T c : centres) cbound = std::max(cbound, std::fabs(static_cast<double>(c)));
  const int sx = ht::detail::exact::scale_for(D.bound), sd = distance_scale<Metric>(cbound, D.d);
  const std::int64_t kd = k * D.d, held = 2 * kd + k;
  const auto size = static_cast<std::size_t>(held + 2);
  const auto acc = ht::detail::host_buffer<std::int64_t>("heat::cluster::assign", size);
  const assign_step<Metric, T> step{static_cast<unsigned>(size),
                                    D.x,
                                    table.view(),
                                    D.rows,
                                    std::ldexp(1.0, sx),
                                    std::ldexp(1.0, sd),
                                    M.labels,
                                    M.with_sums,
                                    B ? B->upper.data() : nullptr,
                                    B ? B->lower.data() : nullptr,
                                    moves,
                                    level == simd::level::avx512 ? &assign_tile_avx512<Metric, T>
                                    : level == simd::level::avx2 ? &assign_tile_avx2<Metric, T>
                                                                 : &assign_tile_baseline<Metric, T>};
  const std::int64_t tiles = (D.rows + spatial::detail::tile_rows - 1) / spatial::detail::tile_rows;
  Kokkos::parallel_reduce("heat::cluster::assign", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, tiles),
                          step, acc);
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
  a.total_distance = ht::detail::exact::value(acc(2 * kd + k), acc(2 * kd + k + 1), D.n, sd);
  a.exact_distance = moves.shift == nullptr;
  if (B) B->centres = centres;
  return a;
}

/// The pair a trial of weighted sampling keeps: the smallest key, then the lowest index.
struct keyed {
  double key;
  std::int64_t index;
  static void join(const keyed& in, keyed& inout) {
    if (in.key < inout.key || (in.key == inout.key && in.index < inout.index)) inout = in;
  }
};

}  // namespace detail

struct mean_update {
  static constexpr const char* fit_name = "KMeans.fit";
  static constexpr bool needs_sums = true;
  template <class Metric, class Empty, class T>
  static std::vector<T> centres(const detail::data<T>& D, const detail::assignment& a, const std::vector<T>& old,
                                std::int64_t k, const detail::label_t* /*labels*/) {
    std::vector<T> out = old;
    for (std::int64_t c = 0; c < k; ++c) {
      if (a.counts[c] == 0) {
        Empty::centre(old.data() + c * D.d, out.data() + c * D.d, D.d);
        continue;
      }
      for (std::int64_t j = 0; j < D.d; ++j)
        out[c * D.d + j] = static_cast<T>(a.sums[c * D.d + j] / static_cast<double>(a.counts[c]));
    }
    return out;
  }
};

namespace detail {

/// An unsigned key with the order of the doubles (no NaN here).
inline std::uint64_t order_key(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : u | (std::uint64_t{1} << 63);
}
inline double from_order_key(std::uint64_t key) {
  const std::uint64_t u = (key >> 63) ? key & ~(std::uint64_t{1} << 63) : ~key;
  double v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

/// Each cluster's median per feature (NumPy's: the mean of the two middle
/// values for an even count), exactly and the same at every rank count: a
/// radix select on the values' order keys, four bits per round, every
/// (cluster, feature, lower/upper middle) at once: 16 collectives of
/// 2 * k * d * 16 counts (a byte per round would send 8x more in 8).
template <class T>
std::vector<double> medians(const data<T>& D, const std::vector<std::int64_t>& counts, std::int64_t k,
                            const label_t* labels) {
  constexpr int bits = 4, buckets = 1 << bits;
  const std::int64_t d = D.d, targets = 2 * k * d;
  std::vector<std::uint64_t> prefix(static_cast<std::size_t>(targets), 0);
  std::vector<std::int64_t> rank(static_cast<std::size_t>(targets));
  for (std::int64_t c = 0; c < k; ++c)
    for (std::int64_t j = 0; j < d; ++j) {
      rank[(c * d + j) * 2] = (counts[c] - 1) / 2;
      rank[(c * d + j) * 2 + 1] = counts[c] / 2;
    }
  const auto hist =
      ht::detail::host_buffer<std::int64_t>("heat::cluster::median", static_cast<std::size_t>(targets * buckets));
  const ht::detail::row_cut by_feature = ht::detail::cut_rows(d, 1);
  for (int shift = 64 - bits; shift >= 0; shift -= bits) {
    Kokkos::deep_copy(hist, 0);
    // Features in slices on all of the rank's threads (heat/core/host_threads.hpp):
    // every histogram entry belongs to one feature, so slices share none.
    ht::detail::for_each_slice(by_feature, [&](std::int64_t, std::int64_t j0, std::int64_t j1) {
      for (std::int64_t i = 0; i < D.rows; ++i) {
        const std::int64_t c = labels[i];
        for (std::int64_t j = j0; j < j1; ++j) {
          const std::uint64_t key = order_key(static_cast<double>(D.x[i * d + j]));
          for (std::int64_t h = 0; h < 2; ++h) {
            const std::int64_t t = (c * d + j) * 2 + h;
            // The bits above this round's must match what is known so far.
            if (shift == 64 - bits || (key >> (shift + bits)) == (prefix[t] >> (shift + bits)))
              hist(t * buckets + ((key >> shift) & (buckets - 1)))++;
          }
        }
      }
    });
    D.sum(hist);
    for (std::int64_t t = 0; t < targets; ++t) {
      std::int64_t below = 0, b = 0;
      while (b < buckets - 1 && below + hist(t * buckets + b) <= rank[t]) below += hist(t * buckets + b++);
      prefix[t] |= static_cast<std::uint64_t>(b) << shift;
      rank[t] -= below;
    }
  }
  std::vector<double> out(static_cast<std::size_t>(k * d));
  for (std::int64_t c = 0; c < k; ++c)
    for (std::int64_t j = 0; j < d; ++j)
      out[c * d + j] = counts[c] == 0 ? std::numeric_limits<double>::quiet_NaN()
                                      : 0.5 * from_order_key(prefix[(c * d + j) * 2]) +
                                            0.5 * from_order_key(prefix[(c * d + j) * 2 + 1]);
  return out;
}

}  // namespace detail

/// The per-feature median of the members (KMedians; exact, 16 collectives).
struct median_update {
  static constexpr const char* fit_name = "KMedians.fit";
  static constexpr bool needs_sums = false;
  template <class Metric, class Empty, class T>
  static std::vector<T> centres(const detail::data<T>& D, const detail::assignment& a, const std::vector<T>& old,
                                std::int64_t k, const detail::label_t* labels) {
    const std::vector<double> med = detail::medians(D, a.counts, k, labels);
    std::vector<T> out = old;
    for (std::int64_t c = 0; c < k; ++c) {
      if (a.counts[c] == 0) {
        Empty::centre(old.data() + c * D.d, out.data() + c * D.d, D.d);
        continue;
      }
      for (std::int64_t j = 0; j < D.d; ++j) out[c * D.d + j] = static_cast<T>(med[c * D.d + j]);
    }
    return out;
  }
};

/// The member nearest (under Metric) to the members' median (KMedoids, as
/// HeAT): centres are always rows of X. The medians, then one collective for
/// each cluster's nearest member (ties to the lower index) and one for its row.
struct medoid_update {
  static constexpr const char* fit_name = "KMedoids.fit";
  static constexpr bool needs_sums = false;
  template <class Metric, class Empty, class T>
  static std::vector<T> centres(const detail::data<T>& D, const detail::assignment& a, const std::vector<T>& old,
                                std::int64_t k, const detail::label_t* labels) {
    const std::int64_t d = D.d;
    const std::vector<double> med = detail::medians(D, a.counts, k, labels);
    std::vector<T> target(med.begin(), med.end());
    Kokkos::View<detail::keyed*, Kokkos::HostSpace> best("heat::cluster::medoid", static_cast<std::size_t>(k));
    for (std::int64_t c = 0; c < k; ++c) best(c) = {std::numeric_limits<double>::infinity(), D.n};
    for (std::int64_t i = 0; i < D.rows; ++i) {
      const std::int64_t c = labels[i];
      const double dist = static_cast<double>(detail::distance<Metric>(D.x + i * d, target.data() + c * d, d));
      detail::keyed::join({dist, D.first + i}, best(c));
    }
    if (D.X.split()) allreduce_with<detail::keyed>(D.comm(), best);
    std::vector<std::int64_t> rows;
    for (std::int64_t c = 0; c < k; ++c) rows.push_back(a.counts[c] > 0 ? best(c).index : 0);
    const std::vector<T> members = D.rows_at(rows);
    std::vector<T> out = old;
    for (std::int64_t c = 0; c < k; ++c) {
      if (a.counts[c] == 0)
        Empty::centre(old.data() + c * d, out.data() + c * d, d);
      else
        std::copy(members.begin() + c * d, members.begin() + (c + 1) * d, out.begin() + c * d);
    }
    return out;
  }
};

struct random_init {
  template <class Metric, class T>
  static std::vector<T> run(const detail::data<T>& D, std::int64_t k, std::uint64_t seed) {
    auto g = detail::distinct_indices(D.n, k, seed, 0);
    std::sort(g.begin(), g.end());
    return D.rows_at(g);
  }
};

template <class Metric>
struct kmeanspp_init {
  template <class T>
  static std::vector<T> run(const detail::data<T>& D, std::int64_t k, std::uint64_t seed) {
    const std::int64_t d = D.d, rows = D.rows;
    const auto trials = static_cast<std::int64_t>(2 + std::floor(std::log(static_cast<double>(k))));
    std::vector<T> centres = D.rows_at(detail::distinct_indices(D.n, 1, seed, 0));
    // Rows in slices on all of the rank's threads (heat/core/host_threads.hpp);
    // what the slices find is joined by order-free rules (the smallest key,
    // then the lowest index; integer sums), so every thread count gives the
    // same centres.
    const ht::detail::row_cut cut = ht::detail::cut_rows(rows, std::max<std::int64_t>(256, 65536 / (d * trials + 1)));
    // Each row's distance to its nearest chosen centre.
    std::vector<T> near(static_cast<std::size_t>(rows));
    ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i) near[i] = detail::distance<Metric>(D.x + i * d, centres.data(), d);
    });
    std::vector<T> trial_dist(static_cast<std::size_t>(rows * trials));
    std::vector<detail::keyed> slice_best(static_cast<std::size_t>(cut.count * (trials + 1)));
    std::vector<std::int64_t> slice_pot(static_cast<std::size_t>(cut.count * 2 * trials));
    for (std::int64_t c = 1; c < k; ++c) {
      // Candidates drawn with probability proportional to the distance: the
      // smallest key -log(u)/dist wins (the same draw at every rank count),
      // plus the largest distance (as -key) for the exact sums' scale.
      Kokkos::View<detail::keyed*, Kokkos::HostSpace> best("heat::cluster::kmeanspp::keys",
                                                           static_cast<std::size_t>(trials + 1));
      for (std::int64_t t = 0; t <= trials; ++t) best(t) = {std::numeric_limits<double>::infinity(), D.n};
      std::fill(slice_best.begin(), slice_best.end(), best(0));
      ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
        detail::keyed* sb = slice_best.data() + s * (trials + 1);
        for (std::int64_t i = lo; i < hi; ++i) {
          const double w = static_cast<double>(near[i]);
          detail::keyed::join({-w, 0}, sb[trials]);
          if (!(w > 0)) continue;
          for (std::int64_t t = 0; t < trials; ++t)
            detail::keyed::join({-std::log(detail::draw(seed, static_cast<std::uint32_t>(c),
                                                        static_cast<std::uint32_t>(t), D.first + i)) /
                                     w,
                                 D.first + i},
                                sb[t]);
        }
      });
      for (std::int64_t s = 0; s < cut.count; ++s)
        for (std::int64_t t = 0; t <= trials; ++t) detail::keyed::join(slice_best[s * (trials + 1) + t], best(t));
      if (D.X.split()) allreduce_with<detail::keyed>(D.comm(), best);
      std::vector<std::int64_t> picks;
      for (std::int64_t t = 0; t < trials; ++t)  // every distance zero: fewer distinct rows than clusters
        picks.push_back(best(t).index < D.n ? best(t).index
                                            : detail::distinct_indices(D.n, 1, seed, static_cast<std::uint32_t>(c))[0]);
      const std::vector<T> cand = D.rows_at(picks);
      // The potential of each candidate, summed exactly: one collective.
      const int scale = ht::detail::exact::scale_for(-best(trials).key);
      const double factor = std::ldexp(1.0, scale);
      Kokkos::View<std::int64_t*, Kokkos::HostSpace> pot("heat::cluster::kmeanspp::potential",
                                                         static_cast<std::size_t>(2 * trials));
      std::fill(slice_pot.begin(), slice_pot.end(), std::int64_t{0});
      ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
        std::int64_t* sp = slice_pot.data() + s * 2 * trials;
        for (std::int64_t i = lo; i < hi; ++i)
          for (std::int64_t t = 0; t < trials; ++t) {
            const T dt = std::min(near[i], detail::distance<Metric>(D.x + i * d, cand.data() + t * d, d));
            trial_dist[i * trials + t] = dt;
            ht::detail::exact::add(sp[t], sp[trials + t], dt, factor);
          }
      });
      // Integer limbs: added as the ranks' are in D.sum.
      for (std::int64_t s = 0; s < cut.count; ++s)
        for (std::int64_t t = 0; t < 2 * trials; ++t) pot(t) += slice_pot[s * 2 * trials + t];
      D.sum(pot);
      std::int64_t pick = 0;
      auto potential = [&](std::int64_t t) { return ht::detail::exact::value(pot(t), pot(trials + t), D.n, scale); };
      for (std::int64_t t = 1; t < trials; ++t)
        if (potential(t) < potential(pick)) pick = t;
      centres.insert(centres.end(), cand.begin() + pick * d, cand.begin() + (pick + 1) * d);
      ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
        for (std::int64_t i = lo; i < hi; ++i) near[i] = trial_dist[i * trials + pick];
      });
    }
    return centres;
  }
};

template <class Metric>
struct kmeans_parallel_init {
  static constexpr int rounds = 5;

  template <class T>
  static std::vector<T> run(const detail::data<T>& D, std::int64_t k, std::uint64_t seed) {
    const std::int64_t d = D.d, rows = D.rows;
    const double oversampling = 2.0 * static_cast<double>(k);
    std::vector<T> cand = D.rows_at(detail::distinct_indices(D.n, 1, seed, 0));
    // Rows in slices on all of the rank's threads (heat/core/host_threads.hpp):
    // integer sums and kept rows concatenated in slice order, so every thread
    // count keeps the same candidates.
    const ht::detail::row_cut cut = ht::detail::cut_rows(rows, std::max<std::int64_t>(256, 65536 / (d + 1)));
    std::vector<T> near(static_cast<std::size_t>(rows));
    ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i) near[i] = detail::distance<Metric>(D.x + i * d, cand.data(), d);
    });
    std::vector<std::int64_t> slice_pot(static_cast<std::size_t>(2 * cut.count));
    std::vector<std::vector<T>> slice_kept(static_cast<std::size_t>(cut.count));
    for (int round = 1; round <= rounds; ++round) {
      // The potential, exactly (one collective), scaled by the bound of any
      // distance between rows.
      const int scale = candidate_scale(D, cand);
      Kokkos::View<std::int64_t*, Kokkos::HostSpace> pot("heat::cluster::kmeans_parallel::potential", 2);
      std::fill(slice_pot.begin(), slice_pot.end(), std::int64_t{0});
      ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
        for (std::int64_t i = lo; i < hi; ++i)
          ht::detail::exact::add(slice_pot[2 * s], slice_pot[2 * s + 1], near[i], std::ldexp(1.0, scale));
      });
      for (std::int64_t s = 0; s < cut.count; ++s) {
        pot(0) += slice_pot[2 * s];
        pot(1) += slice_pot[2 * s + 1];
      }
      D.sum(pot);
      const double phi = ht::detail::exact::value(pot(0), pot(1), D.n, scale);
      if (!(phi > 0)) break;
      // Each row kept on its own draw; the kept rows of all ranks, in row order.
      // (std::vector may throw in a slice: the kept rows are reserved first,
      // at most the slice's rows.)
      for (std::int64_t s = 0; s < cut.count; ++s) {
        slice_kept[s].clear();
        slice_kept[s].reserve(static_cast<std::size_t>((cut.last(s) - cut.first(s)) * d));
      }
      ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
        for (std::int64_t i = lo; i < hi; ++i)
          if (detail::draw(seed, static_cast<std::uint32_t>(1000 + round), 0, D.first + i) <=
              oversampling * static_cast<double>(near[i]) / phi)
            slice_kept[s].insert(slice_kept[s].end(), D.x + i * d, D.x + (i + 1) * d);
      });
      std::vector<T> mine;
      for (const auto& part : slice_kept) mine.insert(mine.end(), part.begin(), part.end());
      const std::vector<T> kept = gather_rows(D, mine);
      const auto before = static_cast<std::int64_t>(cand.size()) / d;
      cand.insert(cand.end(), kept.begin(), kept.end());
      const auto after = static_cast<std::int64_t>(cand.size()) / d;
      ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
        for (std::int64_t i = lo; i < hi; ++i)
          for (std::int64_t c = before; c < after; ++c)
            near[i] = std::min(near[i], detail::distance<Metric>(D.x + i * d, cand.data() + c * d, d));
      });
    }
    const std::int64_t m = static_cast<std::int64_t>(cand.size()) / d;
    if (m < k) return kmeanspp_init<Metric>::run(D, k, seed);  // too few distinct rows were kept
    // Each candidate's weight: the rows nearest to it (one collective).
    ht::detail::check(m <= std::numeric_limits<detail::label_t>::max(), "k-means||: ", m, " candidates, at most ",
                      std::numeric_limits<detail::label_t>::max());
    std::vector<detail::label_t> labels(static_cast<std::size_t>(rows));
    detail::members M(m, d, rows, labels.data(), false);
    const detail::assignment a = detail::assign<Metric>(D, cand, m, M);
    // Weighted k-means++ on the candidates, the same on every rank.
    std::vector<T> out(cand.begin(), cand.begin() + d);
    std::vector<double> dist(static_cast<std::size_t>(m));
    for (std::int64_t c = 0; c < m; ++c)
      dist[c] = static_cast<double>(detail::distance<Metric>(cand.data() + c * d, out.data(), d));
    for (std::int64_t j = 1; j < k; ++j) {
      detail::keyed best{std::numeric_limits<double>::infinity(), m};
      for (std::int64_t c = 0; c < m; ++c) {
        const double w = dist[c] * static_cast<double>(a.counts[c]);
        if (w > 0)
          detail::keyed::join({-std::log(detail::draw(seed, static_cast<std::uint32_t>(2000 + j), 0, c)) / w, c}, best);
      }
      const std::int64_t pick = best.index < m ? best.index : j % m;  // all weight zero: any candidate
      out.insert(out.end(), cand.begin() + pick * d, cand.begin() + (pick + 1) * d);
      for (std::int64_t c = 0; c < m; ++c)
        dist[c] = std::min(
            dist[c], static_cast<double>(detail::distance<Metric>(cand.data() + c * d, cand.data() + pick * d, d)));
    }
    return out;
  }

 private:
  /// The exact-sum scale for distances of rows to these candidates.
  template <class T>
  static int candidate_scale(const detail::data<T>& D, const std::vector<T>& cand) {
    double bound = D.bound;
    for (const T v : cand) bound = std::max(bound, std::fabs(static_cast<double>(v)));
    return detail::distance_scale<Metric>(bound, D.d);
  }
  /// Every rank's rows (row-major), in rank order, on every rank: two collectives.
  template <class T>
  static std::vector<T> gather_rows(const detail::data<T>& D, const std::vector<T>& mine) {
    if (!D.X.split()) return mine;
    const int p = D.comm().size();
    Kokkos::View<std::int64_t*, Kokkos::HostSpace> one("heat::cluster::count", 1),
        all("heat::cluster::counts", static_cast<std::size_t>(p));
    one(0) = static_cast<std::int64_t>(mine.size());
    allgatherv(D.comm(), one, all, std::vector<std::int64_t>(static_cast<std::size_t>(p), 1));
    const std::vector<std::int64_t> counts(all.data(), all.data() + p);
    std::int64_t total = 0;
    for (const auto c : counts) total += c;
    const auto out = ht::detail::host_buffer<T>("heat::cluster::kept", static_cast<std::size_t>(total));
    const auto send = ht::detail::host_buffer<T>("heat::cluster::mine", mine.size());
    std::copy(mine.begin(), mine.end(), send.data());
    allgatherv(D.comm(), send, out, counts);
    return {out.data(), out.data() + total};
  }
};

struct init_by_name {
  template <class Metric, class T>
  static std::vector<T> run(const detail::data<T>& D, std::int64_t k, const initial_centres<T>& init,
                            std::uint64_t seed) {
    if (init.centres) {
      const DNDarray<T>& c = *init.centres;
      ht::detail::check(c.ndim() == 2 && c.shape()[0] == k && c.shape()[1] == D.d, "init: the given centres are ",
                        to_string(c.shape()), ", expected (", k, ", ", D.d, ")");
      const auto host = ht::detail::host_block(c.split() ? resplit(c, none) : c);
      std::vector<T> out(host.data(), host.data() + host.extent(0));
      for (const T v : out)
        ht::detail::check(std::isfinite(static_cast<double>(v)), "init: a given centre is not finite");
      return out;
    }
    if (init.method == "random") return random_init::run<Metric>(D, k, seed);
    if (init.method == "k-means++" || init.method == "kmeans++") return kmeanspp_init<Metric>::run(D, k, seed);
    if (init.method == "k-means||" || init.method == "probability_based")
      return kmeans_parallel_init<Metric>::run(D, k, seed);
    throw ValueError(
        "init must be \"random\", \"k-means++\" (\"kmeans++\"), \"k-means||\" (\"probability_based\") or "
        "a DNDarray of centres, got \"" +
        init.method + "\"");
  }
};

}  // namespace ht::cluster

#endif
