#ifndef HEAT_SPATIAL_NEAREST_HPP
#define HEAT_SPATIAL_NEAREST_HPP

#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/simd.hpp"
#include "heat/kokkos/compat.hpp"
#include "heat/spatial/metric.hpp"
#include "heat/spatial/nearest_scalar.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht::spatial {

/// For each row of X (n x d, split 0 or none) the index of the nearest row
/// of C (k x d, any split; replicated first) under Metric
/// (heat/spatial/metric.hpp) and the distance to it, in one fused pass with
/// no n x k matrix: labels (int64) and distances, both n, split like X.
/// Ties go to the lower index. No communication when C is replicated.
template <metric Metric = sqeuclidean, class T>
std::pair<DNDarray<std::int64_t>, DNDarray<T>> nearest(const DNDarray<T>& X, const DNDarray<T>& C);

// ---------------------------------------------------------------------------

namespace detail {

/// GCC/Clang vector extensions of Bytes bytes (16: SSE2, the x86-64
/// baseline; 32: AVX2; 64: AVX-512): the compilers keep them in registers
/// and compile a lane-wise `?:` to a blend. Host-only.
template <class T, int Bytes>
struct lanes {
  static constexpr std::int64_t L = Bytes / static_cast<int>(sizeof(T));
  typedef T vec __attribute__((vector_size(Bytes)));
  using ivec = decltype(vec{} < vec{});                  // int32 lanes for float, int64 for double
  using index = decltype(std::declval<ivec&>()[0] + 0);  // its lanes' type
  /// A vector at any address (element alignment, may alias T).
  typedef T unaligned __attribute__((vector_size(Bytes), aligned(sizeof(T)), may_alias));
  HEAT_SIMD_INLINE static const unaligned& at(const T* p) { return *reinterpret_cast<const unaligned*>(p); }
};

/// What the kernels read: the centres transposed (d x kp, kp = k rounded
/// up to whole vectors of the level's width), padded with centres at +inf,
/// which are never nearest.
template <class T>
struct centres_view {
  const T* ct;
  std::int64_t k, d, kp;
};

/// Owns the layout of centres_view, for vectors of `lanes` elements.
template <class T>
struct centre_table {
  std::int64_t k = 0, d = 0, kp = 0;
  Kokkos::View<T*, Kokkos::HostSpace> ct;

  centre_table(const T* centres, std::int64_t k_, std::int64_t d_, std::int64_t lanes)
      : k(k_),
        d(d_),
        kp((k_ + lanes - 1) / lanes * lanes),
        ct(ht::detail::allocate("heat::nearest::centres_t", static_cast<std::size_t>(d_ * kp) * sizeof(T), [&] {
          return Kokkos::View<T*, Kokkos::HostSpace>(
              Kokkos::view_alloc(Kokkos::WithoutInitializing, "heat::nearest::centres_t"),
              static_cast<std::size_t>(d_ * kp));
        })) {
    for (std::int64_t j = 0; j < d; ++j)
      for (std::int64_t i = 0; i < kp; ++i)
        ct(j * kp + i) = i < k ? centres[i * d + j] : std::numeric_limits<T>::infinity();
  }
  centres_view<T> view() const { return {ct.data(), k, d, kp}; }
};

/// The level the kernel runs at for k centres of d features: the active
/// one, or a narrower one where it is faster (every level gives the same
/// bits). Narrower where a vector would hold more lanes than there are
/// centres (k = 8 float32: 8 lanes of AVX2 rather than 16 of AVX-512, half
/// of them padding), and AVX2 rather than AVX-512 beyond 8 features, where
/// the kernel is bound by its multiplications and additions: measured on a
/// Xeon with AVX-512 (2 cores, 30 iterations, np 1), 200 000 x 50, k 16:
/// 14.3 (AVX2) against 18.5 ms (AVX-512) per iteration in float64, 8.2
/// against 9.8 in float32; 1 000 000 x 3, k 8, float64, bound by the
/// per-row reductions: 7.5-8.3 (AVX-512) against 9.2-9.5 ms (AVX2).
template <class T>
simd::level kernel_level(std::int64_t k, std::int64_t d) {
  simd::level l = simd::active();
  if (l == simd::level::avx512 && d > 8) l = simd::level::avx2;
  while (l != simd::level::baseline && simd::bytes(l) / static_cast<std::int64_t>(sizeof(T)) > k)
    l = static_cast<simd::level>(static_cast<int>(l) - 1);
  return l;
}

/// The vector width, in elements of T, of a level.
template <class T>
std::int64_t lanes_of(simd::level l) {
  return simd::bytes(l) / static_cast<std::int64_t>(sizeof(T));
}

/// out = a shuffle of a and b (lanes 0..L-1 of a, L..2L-1 of b) picking
/// lane Pick::at(l) for lane l, L = 2, 4, 8 or 16. The lanes are written out
/// rather than expanded from a pack: nvcc's front end drops pack
/// expansions inside __builtin_shufflevector.
template <class Pick, class Vec>
HEAT_SIMD_INLINE void shuffle_two(Vec& out, const Vec& a, const Vec& b) {
  constexpr int L = static_cast<int>(sizeof(Vec) / sizeof(a[0]));
  if constexpr (L == 2) {
    out = __builtin_shufflevector(a, b, Pick::at(0), Pick::at(1));
  } else if constexpr (L == 4) {
    out = __builtin_shufflevector(a, b, Pick::at(0), Pick::at(1), Pick::at(2), Pick::at(3));
  } else if constexpr (L == 8) {
    out = __builtin_shufflevector(a, b, Pick::at(0), Pick::at(1), Pick::at(2), Pick::at(3), Pick::at(4), Pick::at(5),
                                  Pick::at(6), Pick::at(7));
  } else {
    static_assert(L == 16, "vectors of 2, 4, 8 or 16 lanes");
    out = __builtin_shufflevector(a, b, Pick::at(0), Pick::at(1), Pick::at(2), Pick::at(3), Pick::at(4), Pick::at(5),
                                  Pick::at(6), Pick::at(7), Pick::at(8), Pick::at(9), Pick::at(10), Pick::at(11),
                                  Pick::at(12), Pick::at(13), Pick::at(14), Pick::at(15));
  }
}

/// Lane l ^ H (swap_lanes' pick).
template <int H>
struct swapped {
  static constexpr int at(int l) { return l ^ H; }
};

/// out = v with each lane swapped for the one H lanes away within blocks
/// of 2H (H = L/2, L/4, ...): the rounds of a fixed-order horizontal
/// reduction.
template <int H, class Vec>
HEAT_SIMD_INLINE void swap_lanes(Vec& out, const Vec& v) {
  shuffle_two<swapped<H>>(out, v, v);
}

/// The smallest lane of v in every lane (fixed rounds; v is overwritten).
template <int H, class Vec>
HEAT_SIMD_INLINE void lane_min(Vec& v) {
  Vec t;
  swap_lanes<H>(t, v);
  v = t < v ? t : v;
  if constexpr (H > 1) lane_min<H / 2>(v);
}

/// The smallest of a row's lane-wise best distances (into `value`) and the
/// lowest centre among the lanes that hold it, branch-free.
template <class T, int B>
HEAT_SIMD_INLINE std::int64_t best_lane(const typename lanes<T, B>::vec& best, const typename lanes<T, B>::ivec& at,
                                        T& value) {
  using V = lanes<T, B>;
  typename V::vec m = best;
  lane_min<V::L / 2>(m);
  value = m[0];
  typename V::ivec i = best == m ? at : at | std::numeric_limits<typename V::index>::max();
  lane_min<V::L / 2>(i);
  return i[0];
}

/// The vector {0, 1, ..., L - 1} (a constant: no lane-by-lane inserts).
template <class IVec, int... I>
HEAT_SIMD_INLINE void lane_numbers(IVec& out, std::integer_sequence<int, I...>) {
  out = IVec{I...};
}

/// Feature j's terms of R rows against W vectors of centres (c), added to
/// acc (Init: acc set to them, the first feature's).
template <class Metric, int B, int W, int R, bool Init, class T>
HEAT_SIMD_INLINE void add_feature(const T* const (&xr)[R], const typename lanes<T, B>::vec (&c)[W], std::int64_t j,
                                  typename lanes<T, B>::vec (&acc)[R][W]) {
  using V = lanes<T, B>;
  for (int r = 0; r < R; ++r) {
    const T xv = xr[r][j];
    for (int w = 0; w < W; ++w) {
      typename V::vec term = xv - c[w];
      Metric::term(term);
      if constexpr (Metric::products) simd::round_here(term);
      if constexpr (Init)
        acc[r][w] = term;
      else
        Metric::fold(acc[r][w], term);
    }
  }
}

/// R rows against the W vectors of centres from column g of the transposed
/// table: R * W accumulators, each feature one vector load per W and one
/// broadcast per row. The distances are summed directly, feature by
/// feature in order (the metric's terms, e.g. (x - c)^2: the subtraction runs on the
/// FP-add pipes beside the multiplications; the expansion |c|^2 - 2 x.c
/// would save it but loses digits and needs the distance recomputed), each
/// square rounded before it is added (no FMA: every level's bits agree),
/// and folded into each row's lane-wise best distance and its centre (and
/// with Second, the lane-wise second best distance). First: the first
/// group (g = 0), whose first vector meets bests still at +inf: each lane
/// takes its distance (below +inf; NaN and +inf stay +inf, as in a later
/// group) and its own centre, with one min and no compare-and-blend.
template <class Metric, int B, int W, int R, bool Second, int D, bool First, class T>
HEAT_SIMD_INLINE void centre_group(const T* const (&xr)[R], const centres_view<T>& cv, std::int64_t g,
                                   typename lanes<T, B>::vec (&best)[R], typename lanes<T, B>::ivec (&at)[R],
                                   typename lanes<T, B>::vec (&second)[R]) {
  using V = lanes<T, B>;
  typename V::vec acc[R][W] = {};           // (d = 0: all distances 0)
  const std::int64_t d = D > 0 ? D : cv.d;  // D > 0: known when compiled, the loop unrolled
  for (std::int64_t j = 0; j < d; ++j) {
    typename V::vec c[W];
    for (int w = 0; w < W; ++w) c[w] = V::at(cv.ct + j * cv.kp + g + w * V::L);
    if (j == 0)
      add_feature<Metric, B, W, R, true>(xr, c, j, acc);
    else
      add_feature<Metric, B, W, R, false>(xr, c, j, acc);
  }
  for (int w = 0; w < W; ++w) {
    typename V::ivec index;
    lane_numbers(index, std::make_integer_sequence<int, static_cast<int>(V::L)>{});
    index += static_cast<typename V::index>(g + w * V::L);
    for (int r = 0; r < R; ++r) {
      if (First && w == 0) {
        // Second stays +inf: the loser of each lane is +inf or NaN.
        best[r] = acc[r][w] < best[r] ? acc[r][w] : best[r];
        at[r] = index;
        continue;
      }
      const auto better = acc[r][w] < best[r];
      if constexpr (Second) {
        const typename V::vec loser = better ? best[r] : acc[r][w];
        second[r] = loser < second[r] ? loser : second[r];
      }
      best[r] = better ? acc[r][w] : best[r];
      at[r] = better ? index : at[r];
    }
  }
}

/// The lane-wise best distances, their centres and (with Second) the
/// lane-wise second best of R rows (d values each, at xs[0..count)),
/// into best[0..R), at[0..R), second[0..R). Centres go W vectors at a time
/// (the rest in one last group); a missing row repeats the last one, so
/// every row runs the same instructions wherever it lies.
template <class Metric, int B, int W, int R, bool Second, int D, class T>
HEAT_SIMD_INLINE void nearest_rows(const T* const* xs, std::int64_t count, const centres_view<T>& cv,
                                   typename lanes<T, B>::vec* best_out, typename lanes<T, B>::ivec* at_out,
                                   typename lanes<T, B>::vec* second_out) {
  using V = lanes<T, B>;
  const T* xr[R];
  for (int r = 0; r < R; ++r) xr[r] = xs[r < count ? r : count - 1];
  typename V::vec best[R], second[R];
  typename V::ivec at[R];
  for (int r = 0; r < R; ++r) {
    best[r] = second[r] = typename V::vec{} + std::numeric_limits<T>::infinity();
    at[r] = typename V::ivec{};
  }
  // W vectors of centres are at most all of them (nearest_tile): the first
  // group is whole.
  centre_group<Metric, B, W, R, Second, D, true>(xr, cv, 0, best, at, second);
  std::int64_t g = W * V::L;
  for (; g + W * V::L <= cv.kp; g += W * V::L)
    centre_group<Metric, B, W, R, Second, D, false>(xr, cv, g, best, at, second);
  const std::int64_t rest = (cv.kp - g) / V::L;
  if constexpr (W > 1)
    if (rest == 1) centre_group<Metric, B, 1, R, Second, D, false>(xr, cv, g, best, at, second);
  if constexpr (W > 2)
    if (rest == 2) centre_group<Metric, B, 2, R, Second, D, false>(xr, cv, g, best, at, second);
  if constexpr (W > 3)
    if (rest == 3) centre_group<Metric, B, 3, R, Second, D, false>(xr, cv, g, best, at, second);
  for (int r = 0; r < R; ++r) {
    best_out[r] = best[r];
    at_out[r] = at[r];
    if constexpr (Second) second_out[r] = second[r];
  }
}

/// Lane l of a fold's first (Low) or second operand: with H the fold's
/// half width, lanes without bit H come from a, the others from b.
template <bool Low, int H, int L>
struct fold_lane {
  static constexpr int at(int l) {
    if (Low) return (l & H) ? L + (l ^ H) : l;
    return (l & H) ? L + l : (l ^ H);
  }
};

/// One round of a transposed reduction (H = 1, 2, 4, ...): a and b hold
/// candidates of rows; lanes l and l ^ H (l without bit H) hold the same
/// row's candidates, from lower and higher centres. Each such pair keeps
/// the lower distance (on a tie the lower centre: the first operand), a's
/// rows in the lanes without bit H, b's in those with it. Into (v, i).
/// Written as compare-and-select only: GCC lowers a mask kept in a variable
/// to scalar code where the caller's instruction set is not yet known.
template <int H, int L, class Vec, class IVec>
HEAT_SIMD_INLINE void fold_pair(Vec& v, IVec& i, const Vec& a, const IVec& ia, const Vec& b, const IVec& ib) {
  Vec x, y;
  IVec ix, iy;
  shuffle_two<fold_lane<true, H, L>>(x, a, b);
  shuffle_two<fold_lane<false, H, L>>(y, a, b);
  shuffle_two<fold_lane<true, H, L>>(ix, ia, ib);
  shuffle_two<fold_lane<false, H, L>>(iy, ia, ib);
  v = y < x ? y : x;
  i = y < x ? iy : ix;
}

/// L/H vectors of candidates folded into L/(2H), and on until one vector
/// whose lane l holds row l's best.
template <int H, int L, class Vec, class IVec>
HEAT_SIMD_INLINE void fold_rows(Vec* v, IVec* i) {
  for (int m = 0; m < L / H / 2; ++m) fold_pair<H, L>(v[m], i[m], v[2 * m], i[2 * m], v[2 * m + 1], i[2 * m + 1]);
  if constexpr (2 * H < L) fold_rows<2 * H, L>(v, i);
}

/// The nearest centre and its distance of rows [0, count) from their
/// lane-wise bests, where one vector holds all centres (lane l: centre l;
/// best/at hold count rounded up to L rows): L rows at a time by a
/// transposed reduction (log2 L rounds of shuffles, compares and blends
/// for L rows rather than per row: spatial::nearest on 1 000 000 x 3, k 8,
/// float64 at AVX-512, 7.7 -> 6.0 ms a call). Ties go to the lower centre.
template <class T, int B>
HEAT_SIMD_INLINE void best_of_rows(const typename lanes<T, B>::vec* best, const typename lanes<T, B>::ivec* at,
                                   std::int64_t count, std::int64_t* labels, T* dist) {
  using V = lanes<T, B>;
  constexpr int L = static_cast<int>(V::L);
  using wide = typename lanes<std::int64_t, L * 8>::vec;
  for (std::int64_t base = 0; base < count; base += L) {
    typename V::vec v[L];
    typename V::ivec i[L];
    for (int r = 0; r < L; ++r) {
      v[r] = best[base + r];
      i[r] = at[base + r];
    }
    fold_rows<1, L>(v, i);
    const wide label = __builtin_convertvector(i[0], wide);
    if (base + L <= count) {
      std::memcpy(dist + base, &v[0], sizeof v[0]);
      std::memcpy(labels + base, &label, sizeof label);
    } else {
      for (std::int64_t r = 0; r < count - base; ++r) {
        dist[base + r] = v[0][r];
        labels[base + r] = label[r];
      }
    }
  }
}

/// nearest_rows with 2, 3 or 4 features known when compiled (few centres
/// and few features: the feature loop's own overhead is most of the work,
/// 1 000 000 x 3, k 8: measured in docs/ml.md), any other count at run time.
template <class Metric, int B, int W, int R, bool Second, class T, class Vec, class IVec>
HEAT_SIMD_INLINE void rows_of_d(const T* const* xs, std::int64_t count, const centres_view<T>& cv, Vec* best, IVec* at,
                                Vec* second) {
  switch (cv.d) {
    case 2:
      return nearest_rows<Metric, B, W, R, Second, 2>(xs, count, cv, best, at, second);
    case 3:
      return nearest_rows<Metric, B, W, R, Second, 3>(xs, count, cv, best, at, second);
    case 4:
      return nearest_rows<Metric, B, W, R, Second, 4>(xs, count, cv, best, at, second);
    default:
      return nearest_rows<Metric, B, W, R, Second, 0>(xs, count, cv, best, at, second);
  }
}

/// Rows per call of nearest_tile (a multiple of every R below and of every
/// vector width in elements).
inline constexpr std::int64_t tile_rows = 48;

/// The nearest centres of count <= tile_rows rows (at xs[0..count)) and the
/// distances to them (with Second, also to the second nearest), with
/// vectors of B bytes (cv laid out for them): R rows against W vectors of
/// centres at a time, with W up to four and R * W = 12 accumulation chains
/// (each broadcast row value feeds W multiplications; a broadcast takes a
/// slot they need), then the rows' lane-wise bests reduced (best_of_rows;
/// with Second row by row). The `ahead` bytes are prefetched a share per
/// group of rows (all at once they would fill the miss buffers).
template <class Metric, int B, bool Second = false, class T>
HEAT_SIMD_INLINE void nearest_tile(const T* const* xs, std::int64_t count, const centres_view<T>& cv,
                                   std::int64_t* labels, T* dist, T* second = nullptr, const char* ahead = nullptr,
                                   std::int64_t ahead_bytes = 0) {
  using V = lanes<T, B>;
  const std::int64_t vectors = cv.kp / V::L, W = vectors < 4 ? vectors : 4,
                     R = W == 1   ? 12
                         : W == 2 ? 6
                         : W == 3 ? 3
                                  : 2;
  const std::int64_t groups = (count + R - 1) / R, line = 64;
  const std::int64_t share = groups > 0 ? (ahead_bytes / groups + line) / line * line : ahead_bytes;
  std::int64_t fetched = 0;
  typename V::vec best[tile_rows], second_best[Second ? tile_rows : 1];
  typename V::ivec at[tile_rows];
  std::int64_t p = 0;
  for (; p < count; p += R) {
    for (const std::int64_t end = fetched + share; fetched < end && fetched < ahead_bytes; fetched += line)
      __builtin_prefetch(ahead + fetched);
    const std::int64_t m = count - p < R ? count - p : R;
    typename V::vec* sp = Second ? second_best + p : nullptr;
    if (W == 1) rows_of_d<Metric, B, 1, 12, Second>(xs + p, m, cv, best + p, at + p, sp);
    if (W == 2) rows_of_d<Metric, B, 2, 6, Second>(xs + p, m, cv, best + p, at + p, sp);
    if (W == 3) nearest_rows<Metric, B, 3, 3, Second, 0>(xs + p, m, cv, best + p, at + p, sp);
    if (W == 4) nearest_rows<Metric, B, 4, 2, Second, 0>(xs + p, m, cv, best + p, at + p, sp);
  }
  for (; fetched < ahead_bytes; fetched += line) __builtin_prefetch(ahead + fetched);
  if (!Second && vectors == 1) {
    // Rows up to the next multiple of L repeat the last one computed.
    for (; p < (count + V::L - 1) / V::L * V::L; ++p) {
      best[p] = best[p - 1];
      at[p] = at[p - 1];
    }
    return best_of_rows<T, B>(best, at, count, labels, dist);
  }
  for (std::int64_t r = 0; r < count; ++r) {
    labels[r] = best_lane<T, B>(best[r], at[r], dist[r]);
    if constexpr (Second) {
      // The winner's lane offers its runner-up, every other lane its best.
      typename V::vec w = at[r] == static_cast<typename V::index>(labels[r]) ? second_best[r] : best[r];
      lane_min<V::L / 2>(w);
      second[r] = w[0];
    }
  }
}

/// One tile of spatial::nearest: the rows [first, first + count) of x.
template <class Metric, int B, class T>
HEAT_SIMD_INLINE void nearest_rows_of(const T* x, std::int64_t first, std::int64_t count, const centres_view<T>& cv,
                                      std::int64_t* labels, T* dist) {
  const T* xs[tile_rows];
  for (std::int64_t p = 0; p < count; ++p) xs[p] = x + (first + p) * cv.d;
  nearest_tile<Metric, B>(xs, count, cv, labels + first, dist + first);
}

template <class Metric, class T>
void nearest_rows_baseline(const T* x, std::int64_t first, std::int64_t count, const centres_view<T>& cv,
                           std::int64_t* labels, T* dist) {
  nearest_rows_of<Metric, 16>(x, first, count, cv, labels, dist);
}
template <class Metric, class T>
HEAT_TARGET_AVX2 void nearest_rows_avx2(const T* x, std::int64_t first, std::int64_t count, const centres_view<T>& cv,
                                        std::int64_t* labels, T* dist) {
  nearest_rows_of<Metric, 32>(x, first, count, cv, labels, dist);
}
template <class Metric, class T>
HEAT_TARGET_AVX512 void nearest_rows_avx512(const T* x, std::int64_t first, std::int64_t count,
                                            const centres_view<T>& cv, std::int64_t* labels, T* dist) {
  nearest_rows_of<Metric, 64>(x, first, count, cv, labels, dist);
}

/// The checks every user of the kernel shares; C replicated.
template <class T>
DNDarray<T> replicated_centres(const DNDarray<T>& X, const DNDarray<T>& C, const char* who) {
  static_assert(std::is_floating_point_v<T>, "distances are computed in float or double");
  ht::detail::check(X.ndim() == 2 && C.ndim() == 2, who, " needs 2-D arrays, got ", to_string(X.shape()), " and ",
                    to_string(C.shape()));
  ht::detail::check(X.shape()[1] == C.shape()[1], who,
                    ": X and the centres have different numbers of features: ", to_string(X.shape()), " and ",
                    to_string(C.shape()));
  ht::detail::check(C.shape()[0] > 0, who, ": no centres");
  ht::detail::check(X.split() != 1, who, ": X must be split along its rows (0) or replicated");
  ht::detail::check(X.comm() == C.comm(), "operands live on different communicators");
  return C.split() ? resplit(C, none) : C;
}

/// nearest on ht::execution_space, a row per thread (nearest_scalar.hpp's
/// kernel: the same labels and distances as the vector kernels); C
/// replicated.
template <metric Metric, class T>
std::pair<DNDarray<std::int64_t>, DNDarray<T>> nearest_on_backend(const DNDarray<T>& X, const DNDarray<T>& C) {
  const distribution dist(shape_t{X.shape()[0]}, X.split(), X.comm().size(),
                          X.split() ? X.dist().counts() : std::vector<std::int64_t>{});
  DNDarray<std::int64_t> labels(dist, X.comm());
  DNDarray<T> distances(dist, X.comm());
  const std::int64_t k = C.shape()[0], d = C.shape()[1];
  const T* x = X.local_view().data();
  const T* c = C.local_view().data();
  std::int64_t* l = labels.local_view().data();
  T* dd = distances.local_view().data();
  Kokkos::parallel_for(
      "heat::spatial::nearest", Kokkos::RangePolicy<ht::execution_space>(0, X.lshape()[0]),
      KOKKOS_LAMBDA(const std::int64_t i) {
        const nearest_pick<T> p = nearest_of<Metric, false>(x + i * d, c, k, d);
        l[i] = p.label;
        dd[i] = static_cast<T>(Metric::finish(static_cast<double>(p.best)));
      });
  Kokkos::fence();
  return {labels, distances};
}

}  // namespace detail

template <metric Metric, class T>
std::pair<DNDarray<std::int64_t>, DNDarray<T>> nearest(const DNDarray<T>& X, const DNDarray<T>& C_in) {
  const DNDarray<T> C = detail::replicated_centres(X, C_in, "nearest");
  if (detail::scalar_nearest()) return detail::nearest_on_backend<Metric>(X, C);
  const auto ch = ht::detail::host_block(C);
  // The level's kernel (heat/core/simd.hpp), chosen once for the whole pass.
  const simd::level level = detail::kernel_level<T>(C.shape()[0], C.shape()[1]);
  const detail::centre_table<T> table(ch.data(), C.shape()[0], C.shape()[1], detail::lanes_of<T>(level));
  const auto kernel = level == simd::level::avx512 ? &detail::nearest_rows_avx512<Metric, T>
                      : level == simd::level::avx2 ? &detail::nearest_rows_avx2<Metric, T>
                                                   : &detail::nearest_rows_baseline<Metric, T>;
  const auto xh = ht::detail::host_block(X);
  const distribution dist(shape_t{X.shape()[0]}, X.split(), X.comm().size(),
                          X.split() ? X.dist().counts() : std::vector<std::int64_t>{});
  const ht::detail::host_result<std::int64_t> labels(dist, X.comm());
  const ht::detail::host_result<T> distances(dist, X.comm());
  const detail::centres_view<T> cv = table.view();
  const std::int64_t rows = X.lshape()[0], P = detail::tile_rows;
  const T* x = xh.data();
  std::int64_t* l = labels.data();
  T* dd = distances.data();
  Kokkos::parallel_for("heat::spatial::nearest",
                       Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, (rows + P - 1) / P),
                       [=](const std::int64_t t) {
                         const std::int64_t first = t * P, count = rows - first < P ? rows - first : P;
                         kernel(x, first, count, cv, l, dd);
                         // The kernel compares raw distances; the reported ones are finished.
                         for (std::int64_t i = first; i < first + count; ++i)
                           dd[i] = static_cast<T>(Metric::finish(static_cast<double>(dd[i])));
                       });
  Kokkos::fence();
  return {labels.finish(), distances.finish()};
}

}  // namespace ht::spatial

#endif
