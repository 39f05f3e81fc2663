#ifndef HEAT_SPATIAL_NEAREST_HPP
#define HEAT_SPATIAL_NEAREST_HPP

#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/simd.hpp"
#include "heat/kokkos/compat.hpp"
#include "heat/linalg/matmul.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht::spatial {

/// Squared Euclidean distance.
struct sqeuclidean {};
/// Manhattan (L1) distance.
struct cityblock {};

/// For each row of X (n x d, split 0 or none) the index of the nearest row
/// of C (k x d, any split; replicated first) and the distance to it, in one
/// fused pass with no n x k matrix: labels (int64) and distances, both n,
/// split like X. Ties go to the lower index. No communication when C is
/// replicated.
template <class Metric = sqeuclidean, class T>
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
  using ivec = decltype(vec{} < vec{});  // int32 lanes for float, int64 for double
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

/// out = v with each lane swapped for the one H lanes away within blocks
/// of 2H (H = L/2, L/4, ...): the rounds of a fixed-order horizontal
/// reduction.
template <int H, class Vec, int... I>
HEAT_SIMD_INLINE void swap_lanes(Vec& out, const Vec& v, std::integer_sequence<int, I...>) {
  out = __builtin_shufflevector(v, v, (I ^ H)...);
}
template <int H, class Vec>
HEAT_SIMD_INLINE void swap_lanes(Vec& out, const Vec& v) {
  swap_lanes<H>(out, v, std::make_integer_sequence<int, sizeof(Vec) / sizeof(v[0])>{});
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
  typename V::ivec i = best == m ? at : at | std::numeric_limits<decltype(at[0] + 0)>::max();
  lane_min<V::L / 2>(i);
  return i[0];
}

/// R rows against the W vectors of centres from column g of the transposed
/// table: R * W accumulators, each feature one vector load per W and one
/// broadcast per row. The distances are summed directly, feature by
/// feature in order ((x - c)^2 or |x - c|: the subtraction runs on the
/// FP-add pipes beside the multiplications; the expansion |c|^2 - 2 x.c
/// would save it but loses digits and needs the distance recomputed), each
/// square rounded before it is added (no FMA: every level's bits agree),
/// and folded into each row's lane-wise best distance and its centre (and
/// with Second, the lane-wise second best distance).
template <class Metric, int B, int W, int R, bool Second, int D, class T>
HEAT_SIMD_INLINE void centre_group(const T* const (&xr)[R], const centres_view<T>& cv, std::int64_t g,
                                   typename lanes<T, B>::vec (&best)[R], typename lanes<T, B>::ivec (&at)[R],
                                   typename lanes<T, B>::vec (&second)[R]) {
  using V = lanes<T, B>;
  typename V::vec acc[R][W] = {};
  const std::int64_t d = D > 0 ? D : cv.d;  // D > 0: known when compiled, the loop unrolled
  for (std::int64_t j = 0; j < d; ++j) {
    typename V::vec c[W];
    for (int w = 0; w < W; ++w) c[w] = V::at(cv.ct + j * cv.kp + g + w * V::L);
    for (int r = 0; r < R; ++r) {
      const T xv = xr[r][j];
      for (int w = 0; w < W; ++w) {
        const typename V::vec t = xv - c[w];
        if constexpr (std::is_same_v<Metric, cityblock>)
          acc[r][w] += t < 0 ? -t : t;
        else {
          typename V::vec sq = t * t;
          simd::round_here(sq);
          acc[r][w] += sq;
        }
      }
    }
  }
  for (int w = 0; w < W; ++w) {
    typename V::ivec index;
    for (std::int64_t l = 0; l < V::L; ++l) index[l] = static_cast<decltype(index[0] + 0)>(g + w * V::L + l);
    for (int r = 0; r < R; ++r) {
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

/// The nearest centres of count <= R rows (d values each, at xs[0..count))
/// and the distances to them (with Second, also the distance to the second
/// nearest). Centres go W vectors at a time (the rest in one last group); a
/// missing row repeats the last one, so every row runs the same
/// instructions wherever it lies. Ties go to the lower index.
template <class Metric, int B, int W, int R, bool Second, int D, class T>
HEAT_SIMD_INLINE void nearest_rows(const T* const* xs, std::int64_t count, const centres_view<T>& cv,
                                   std::int64_t* labels, T* dist, T* second_dist) {
  using V = lanes<T, B>;
  const T* xr[R];
  for (int r = 0; r < R; ++r) xr[r] = xs[r < count ? r : count - 1];
  typename V::vec best[R], second[R];
  typename V::ivec at[R];
  for (int r = 0; r < R; ++r) {
    best[r] = second[r] = typename V::vec{} + std::numeric_limits<T>::infinity();
    at[r] = typename V::ivec{};
  }
  std::int64_t g = 0;
  for (; g + W * V::L <= cv.kp; g += W * V::L) centre_group<Metric, B, W, R, Second, D>(xr, cv, g, best, at, second);
  const std::int64_t rest = (cv.kp - g) / V::L;
  if constexpr (W > 1)
    if (rest == 1) centre_group<Metric, B, 1, R, Second, D>(xr, cv, g, best, at, second);
  if constexpr (W > 2)
    if (rest == 2) centre_group<Metric, B, 2, R, Second, D>(xr, cv, g, best, at, second);
  if constexpr (W > 3)
    if (rest == 3) centre_group<Metric, B, 3, R, Second, D>(xr, cv, g, best, at, second);
  for (std::int64_t r = 0; r < count; ++r) {
    labels[r] = best_lane<T, B>(best[r], at[r], dist[r]);
    if constexpr (Second) {
      // The winner's lane offers its runner-up, every other lane its best.
      typename V::vec m = at[r] == static_cast<decltype(at[r][0] + 0)>(labels[r]) ? second[r] : best[r];
      lane_min<V::L / 2>(m);
      second_dist[r] = m[0];
    }
  }
}

/// nearest_rows with 2, 3 or 4 features known when compiled (few centres
/// and few features: the feature loop's own overhead is most of the work,
/// 1 000 000 x 3, k 8: measured in docs/ml.md), any other count at run time.
template <class Metric, int B, int W, int R, bool Second, class T>
HEAT_SIMD_INLINE void rows_of_d(const T* const* xs, std::int64_t count, const centres_view<T>& cv, std::int64_t* labels,
                                T* dist, T* second_dist) {
  switch (cv.d) {
    case 2:
      return nearest_rows<Metric, B, W, R, Second, 2>(xs, count, cv, labels, dist, second_dist);
    case 3:
      return nearest_rows<Metric, B, W, R, Second, 3>(xs, count, cv, labels, dist, second_dist);
    case 4:
      return nearest_rows<Metric, B, W, R, Second, 4>(xs, count, cv, labels, dist, second_dist);
    default:
      return nearest_rows<Metric, B, W, R, Second, 0>(xs, count, cv, labels, dist, second_dist);
  }
}

/// Rows per call of nearest_tile (a multiple of every R below).
inline constexpr std::int64_t tile_rows = 48;

/// The nearest centres of count <= tile_rows rows (at xs[0..count)) and the
/// distances to them (with Second, also to the second nearest), with
/// vectors of B bytes (cv laid out for them): R rows against W vectors of
/// centres at a time, with W up to four and R * W = 12 accumulation chains
/// (each broadcast row value feeds W multiplications; a broadcast takes a
/// slot they need). The `ahead` bytes are prefetched a share per group of
/// rows (all at once they would fill the miss buffers).
template <class Metric, int B, bool Second = false, class T>
HEAT_SIMD_INLINE void nearest_tile(const T* const* xs, std::int64_t count, const centres_view<T>& cv,
                                   std::int64_t* labels, T* dist, T* second = nullptr, const char* ahead = nullptr,
                                   std::int64_t ahead_bytes = 0) {
  const std::int64_t vectors = cv.kp / lanes<T, B>::L, W = vectors < 4 ? vectors : 4,
                     R = W == 1   ? 12
                         : W == 2 ? 6
                         : W == 3 ? 3
                                  : 2;
  const std::int64_t groups = (count + R - 1) / R, line = 64;
  const std::int64_t share = groups > 0 ? (ahead_bytes / groups + line) / line * line : ahead_bytes;
  std::int64_t fetched = 0;
  for (std::int64_t p = 0; p < count; p += R) {
    for (const std::int64_t end = fetched + share; fetched < end && fetched < ahead_bytes; fetched += line)
      __builtin_prefetch(ahead + fetched);
    const std::int64_t m = count - p < R ? count - p : R;
    T* sp = Second ? second + p : nullptr;
    if (W == 1) rows_of_d<Metric, B, 1, 12, Second>(xs + p, m, cv, labels + p, dist + p, sp);
    if (W == 2) rows_of_d<Metric, B, 2, 6, Second>(xs + p, m, cv, labels + p, dist + p, sp);
    if (W == 3) nearest_rows<Metric, B, 3, 3, Second, 0>(xs + p, m, cv, labels + p, dist + p, sp);
    if (W == 4) nearest_rows<Metric, B, 4, 2, Second, 0>(xs + p, m, cv, labels + p, dist + p, sp);
  }
  for (; fetched < ahead_bytes; fetched += line) __builtin_prefetch(ahead + fetched);
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

}  // namespace detail

template <class Metric, class T>
std::pair<DNDarray<std::int64_t>, DNDarray<T>> nearest(const DNDarray<T>& X, const DNDarray<T>& C_in) {
  const DNDarray<T> C = detail::replicated_centres(X, C_in, "nearest");
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
                       });
  Kokkos::fence();
  return {labels.finish(), distances.finish()};
}

}  // namespace ht::spatial

#endif
