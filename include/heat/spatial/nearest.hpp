#ifndef HEAT_SPATIAL_NEAREST_HPP
#define HEAT_SPATIAL_NEAREST_HPP

#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/kokkos/compat.hpp"
#include "heat/linalg/matmul.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht::spatial {

/// Squared Euclidean distance (the nearest centre found by the expansion
/// |c|^2 - 2 x.c, the distance to it computed directly).
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

/// GCC/Clang vector extensions of 32 bytes (AVX2; AVX-512 measured no
/// faster here on these kernels): the compilers keep them in registers and
/// compile a lane-wise `?:` to a blend.
template <class T>
struct lanes {
  static constexpr std::int64_t L = 32 / sizeof(T);
  typedef T vec __attribute__((vector_size(32)));
  using ivec = decltype(vec{} < vec{});  // int32 lanes for float, int64 for double
  /// A vector at any address (element alignment, may alias T).
  typedef T unaligned __attribute__((vector_size(32), aligned(sizeof(T)), may_alias));
  KOKKOS_INLINE_FUNCTION static const unaligned& at(const T* p) { return *reinterpret_cast<const unaligned*>(p); }
};

/// What the kernels read: the centres row-major (k x d) and transposed
/// (d x kp, kp = k rounded up to whole vectors, padded with zeros), and an
/// offset per centre (|c|^2 for sqeuclidean, 0 for cityblock, +inf for the
/// padding, which is never nearest).
template <class T>
struct centres_view {
  const T *c, *ct, *offset;
  std::int64_t k, d, kp;
};

/// Owns the layouts of centres_view.
template <class Metric, class T>
struct centre_table {
  std::int64_t k = 0, d = 0, kp = 0;
  Kokkos::View<T*, Kokkos::HostSpace> c, ct, offset;

  centre_table(const T* centres, std::int64_t k_, std::int64_t d_)
      : k(k_),
        d(d_),
        kp((k_ + lanes<T>::L - 1) / lanes<T>::L * lanes<T>::L),
        c("heat::nearest::centres", static_cast<std::size_t>(k_ * d_)),
        ct("heat::nearest::centres_t", static_cast<std::size_t>(d_ * kp)),
        offset("heat::nearest::offset", static_cast<std::size_t>(kp)) {
    for (std::int64_t j = 0; j < kp; ++j) offset(j) = j < k ? T(0) : std::numeric_limits<T>::infinity();
    for (std::int64_t i = 0; i < k; ++i)
      for (std::int64_t j = 0; j < d; ++j) {
        c(i * d + j) = centres[i * d + j];
        ct(j * kp + i) = centres[i * d + j];
        if (std::is_same_v<Metric, sqeuclidean>) offset(i) += centres[i * d + j] * centres[i * d + j];
      }
  }
  centres_view<T> view() const { return {c.data(), ct.data(), offset.data(), k, d, kp}; }
};

/// out = v with each lane swapped for the one H lanes away within blocks
/// of 2H (H = L/2, L/4, ...): the rounds of a fixed-order horizontal
/// reduction. Vectors go by reference: as values they would change the ABI
/// of builds without AVX.
template <int H, class Vec, int... I>
KOKKOS_INLINE_FUNCTION void swap_lanes(Vec& out, const Vec& v, std::integer_sequence<int, I...>) {
  out = __builtin_shufflevector(v, v, (I ^ H)...);
}
template <int H, class Vec>
KOKKOS_INLINE_FUNCTION void swap_lanes(Vec& out, const Vec& v) {
  swap_lanes<H>(out, v, std::make_integer_sequence<int, sizeof(Vec) / sizeof(v[0])>{});
}

/// The sum of v's lanes, pairwise in a fixed order (v is overwritten).
template <class T, int H = lanes<T>::L / 2>
KOKKOS_INLINE_FUNCTION T lane_sum(typename lanes<T>::vec& v) {
  typename lanes<T>::vec t;
  swap_lanes<H>(t, v);
  v += t;
  if constexpr (H > 1)
    return lane_sum<T, H / 2>(v);
  else
    return v[0];
}

/// The centre in the lane of the smallest value (the lowest centre among
/// equal values), branch-free: each round compares every lane with the one
/// H lanes away (best and at are overwritten).
template <class T, int H = lanes<T>::L / 2>
KOKKOS_INLINE_FUNCTION std::int64_t best_lane(typename lanes<T>::vec& best, typename lanes<T>::ivec& at) {
  typename lanes<T>::vec b;
  typename lanes<T>::ivec a;
  swap_lanes<H>(b, best);
  swap_lanes<H>(a, at);
  const auto other = (b < best) | ((b == best) & (a < at));
  best = other ? b : best;
  at = other ? a : at;
  if constexpr (H > 1)
    return best_lane<T, H / 2>(best, at);
  else
    return at[0];
}

/// Adds |x - c| or (x - c)^2 of one vector of features to acc.
template <class Metric, class T>
KOKKOS_INLINE_FUNCTION void add_terms(typename lanes<T>::vec& acc, const T* x, const T* c) {
  const typename lanes<T>::vec t = lanes<T>::at(x) - lanes<T>::at(c);
  if constexpr (std::is_same_v<Metric, cityblock>)
    acc += t < 0 ? -t : t;
  else
    acc += t * t;
}

/// The distance between a row and a centre (d values each), summed in a
/// fixed order (two vector partial sums, their lanes pairwise, then the
/// tail), so that it does not depend on where the row lies in memory.
template <class Metric, class T>
KOKKOS_INLINE_FUNCTION T row_distance(const T* x, const T* c, std::int64_t d) {
  constexpr std::int64_t L = lanes<T>::L;
  T out = 0;
  std::int64_t j = 0;
  if (d >= L) {
    typename lanes<T>::vec a0 = {}, a1 = {};
    for (; j + 2 * L <= d; j += 2 * L) {
      add_terms<Metric, T>(a0, x + j, c + j);
      add_terms<Metric, T>(a1, x + j + L, c + j + L);
    }
    if (j + L <= d) {
      add_terms<Metric, T>(a0, x + j, c + j);
      j += L;
    }
    a0 += a1;
    out = lane_sum<T>(a0);
  }
  for (; j < d; ++j) {
    const T t = x[j] - c[j];
    out += std::is_same_v<Metric, cityblock> ? kx::fabs(t) : t * t;
  }
  return out;
}

/// R rows against the G = W vectors of centres from column g of the
/// transposed table: R * W accumulators, each feature one vector load per W
/// and one broadcast per row. Folds the scores (|c|^2 - 2 x.c, or the L1
/// distance) into each row's lane-wise best score and its centre.
template <class Metric, int W, int R, class T>
KOKKOS_INLINE_FUNCTION void centre_group(const T* const (&xr)[R], const centres_view<T>& cv, std::int64_t g,
                                         typename lanes<T>::vec (&best)[R], typename lanes<T>::ivec (&at)[R]) {
  using V = lanes<T>;
  typename V::vec acc[R][W] = {};
  for (std::int64_t j = 0; j < cv.d; ++j) {
    typename V::vec c[W];
    for (int w = 0; w < W; ++w) c[w] = V::at(cv.ct + j * cv.kp + g + w * V::L);
    for (int r = 0; r < R; ++r) {
      const T xv = xr[r][j];
      for (int w = 0; w < W; ++w) {
        if constexpr (std::is_same_v<Metric, cityblock>) {
          const typename V::vec t = xv - c[w];
          acc[r][w] += t < 0 ? -t : t;
        } else {
          acc[r][w] += xv * c[w];
        }
      }
    }
  }
  for (int w = 0; w < W; ++w) {
    const typename V::vec off = V::at(cv.offset + g + w * V::L);
    typename V::ivec index;
    for (std::int64_t l = 0; l < V::L; ++l) index[l] = static_cast<decltype(index[0] + 0)>(g + w * V::L + l);
    for (int r = 0; r < R; ++r) {
      const typename V::vec score = std::is_same_v<Metric, cityblock> ? off + acc[r][w] : off - 2 * acc[r][w];
      const auto better = score < best[r];
      best[r] = better ? score : best[r];
      at[r] = better ? index : at[r];
    }
  }
}

/// The nearest centres of count <= R consecutive rows (row-major, d values
/// each) and the distances to them (computed directly, not by the
/// expansion). Centres go W vectors at a time (the rest in one last
/// group); a missing row repeats the last one, so every row runs the same
/// instructions wherever it lies. Ties go to the lower index.
template <class Metric, int W, int R, class T>
KOKKOS_INLINE_FUNCTION void nearest_rows(const T* x, std::int64_t count, const centres_view<T>& cv,
                                         std::int64_t* labels, T* dist) {
  using V = lanes<T>;
  const T* xr[R];
  for (int r = 0; r < R; ++r) xr[r] = x + (r < count ? r : count - 1) * cv.d;
  typename V::vec best[R];
  typename V::ivec at[R];
  for (int r = 0; r < R; ++r) {
    best[r] = typename V::vec{} + std::numeric_limits<T>::infinity();
    at[r] = typename V::ivec{};
  }
  std::int64_t g = 0;
  for (; g + W * V::L <= cv.kp; g += W * V::L) centre_group<Metric, W, R>(xr, cv, g, best, at);
  const std::int64_t rest = (cv.kp - g) / V::L;
  if constexpr (W > 1)
    if (rest == 1) centre_group<Metric, 1, R>(xr, cv, g, best, at);
  if constexpr (W > 2)
    if (rest == 2) centre_group<Metric, 2, R>(xr, cv, g, best, at);
  if constexpr (W > 3)
    if (rest == 3) centre_group<Metric, 3, R>(xr, cv, g, best, at);
  for (std::int64_t r = 0; r < count; ++r) {
    const std::int64_t i = best_lane<T>(best[r], at[r]);
    labels[r] = i;
    dist[r] = row_distance<Metric>(xr[r], cv.c + i * cv.d, cv.d);
  }
}

/// Rows per call of nearest_tile (a multiple of every R below).
inline constexpr std::int64_t tile_rows = 48;

/// The nearest centres of count <= tile_rows consecutive rows and the
/// distances to them: R rows against W vectors of centres at a time, with
/// W up to four and R * W = 12 accumulation chains (each broadcast row
/// value feeds W FMAs; a broadcast takes a slot the FMAs need).
template <class Metric, class T>
KOKKOS_INLINE_FUNCTION void nearest_tile(const T* x, std::int64_t count, const centres_view<T>& cv,
                                         std::int64_t* labels, T* dist) {
  const std::int64_t vectors = cv.kp / lanes<T>::L, W = vectors < 4 ? vectors : 4,
                     R = W == 1   ? 12
                         : W == 2 ? 6
                         : W == 3 ? 3
                                  : 2;
  for (std::int64_t p = 0; p < count; p += R) {
    const std::int64_t m = count - p < R ? count - p : R;
    const T* xp = x + p * cv.d;
    if (W == 1) nearest_rows<Metric, 1, 12>(xp, m, cv, labels + p, dist + p);
    if (W == 2) nearest_rows<Metric, 2, 6>(xp, m, cv, labels + p, dist + p);
    if (W == 3) nearest_rows<Metric, 3, 3>(xp, m, cv, labels + p, dist + p);
    if (W == 4) nearest_rows<Metric, 4, 2>(xp, m, cv, labels + p, dist + p);
  }
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
  const detail::centre_table<Metric, T> table(ch.data(), C.shape()[0], C.shape()[1]);
  const auto xh = ht::detail::host_block(X);
  const distribution dist(shape_t{X.shape()[0]}, X.split(), X.comm().size(),
                          X.split() ? X.dist().counts() : std::vector<std::int64_t>{});
  const ht::detail::host_result<std::int64_t> labels(dist, X.comm());
  const ht::detail::host_result<T> distances(dist, X.comm());
  const detail::centres_view<T> cv = table.view();
  const std::int64_t rows = X.lshape()[0], d = cv.d, P = detail::tile_rows;
  const T* x = xh.data();
  std::int64_t* l = labels.data();
  T* dd = distances.data();
  Kokkos::parallel_for(
      "heat::spatial::nearest", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, (rows + P - 1) / P),
      [=](const std::int64_t t) {
        const std::int64_t first = t * P;
        detail::nearest_tile<Metric>(x + first * d, rows - first < P ? rows - first : P, cv, l + first, dd + first);
      });
  Kokkos::fence();
  return {labels.finish(), distances.finish()};
}

}  // namespace ht::spatial

#endif
