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

/// Squared Euclidean distance, by the expansion |c|^2 - 2 x.c + |x|^2 (clamped at zero).
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

/// What the kernels read: the centres row-major (k x d) and transposed
/// (d x kp, kp = k rounded up to a multiple of the group width, so that one
/// row meets a group of centres per vector step), and |c|^2 per centre
/// (+inf for the padding, which is never nearest).
template <class T>
struct centres_view {
  const T *c, *ct, *norms;
  std::int64_t k, d, kp;
};

/// Owns the layouts of centres_view.
template <class T>
struct centre_table {
  static constexpr std::int64_t width = 8;
  std::int64_t k = 0, d = 0, kp = 0;
  Kokkos::View<T*, Kokkos::HostSpace> c, ct, norms;

  centre_table(const T* centres, std::int64_t k_, std::int64_t d_)
      : k(k_),
        d(d_),
        kp((k_ + width - 1) / width * width),
        c("heat::nearest::centres", static_cast<std::size_t>(k_ * d_)),
        ct("heat::nearest::centres_t", static_cast<std::size_t>(d_ * kp)),
        norms("heat::nearest::norms", static_cast<std::size_t>(kp)) {
    for (std::int64_t j = 0; j < kp; ++j) norms(j) = j < k ? T(0) : std::numeric_limits<T>::infinity();
    for (std::int64_t i = 0; i < k; ++i)
      for (std::int64_t j = 0; j < d; ++j) {
        c(i * d + j) = centres[i * d + j];
        ct(j * kp + i) = centres[i * d + j];
        norms(i) += centres[i * d + j] * centres[i * d + j];
      }
  }
  centres_view<T> view() const { return {c.data(), ct.data(), norms.data(), k, d, kp}; }
};

/// Rows per tile of the nearest-centre kernel (two 32-byte vectors), and
/// the widest rows it tiles.
template <class T>
inline constexpr std::int64_t tile_rows = 64 / sizeof(T);
inline constexpr std::int64_t tile_max_features = 64;

/// The squared norm of a row (the |x|^2 of the expansion).
template <class T>
KOKKOS_INLINE_FUNCTION T squared_norm(const T* x, std::int64_t d) {
  T s = 0;
  for (std::int64_t j = 0; j < d; ++j) s += x[j] * x[j];
  return s;
}

/// The nearest centre of one row and the distance to it, centres in groups
/// of the vector width (for rows wider than tile_max_features).
template <class Metric, class T>
KOKKOS_INLINE_FUNCTION void nearest_row(const T* x, const centres_view<T>& cv, std::int64_t& label, T& dist) {
  constexpr std::int64_t w = centre_table<T>::width;
  const std::int64_t d = cv.d, kp = cv.kp;
  T best = std::numeric_limits<T>::infinity();
  std::int64_t at = 0;
  for (std::int64_t g = 0; g < kp; g += w) {
    T acc[w] = {};
    for (std::int64_t j = 0; j < d; ++j) {
      const T xj = x[j];
      const T* cj = cv.ct + j * kp + g;
#pragma omp simd
      for (std::int64_t c = 0; c < w; ++c) {
        if constexpr (std::is_same_v<Metric, cityblock>)
          acc[c] += kx::fabs(xj - cj[c]);
        else
          acc[c] += xj * cj[c];
      }
    }
    for (std::int64_t c = 0; c < w; ++c) {
      const T v =
          std::is_same_v<Metric, cityblock> ? (g + c < cv.k ? acc[c] : cv.norms[g + c]) : cv.norms[g + c] - 2 * acc[c];
      if (v < best) {
        best = v;
        at = g + c;
      }
    }
  }
  if constexpr (!std::is_same_v<Metric, cityblock>) {
    best += squared_norm(x, d);
    best = best > 0 ? best : T(0);
  }
  label = at;
  dist = best;
}

/// out = the vector of p[0], p[stride], p[2 stride], ... (by reference: a
/// vector return value would change the ABI without AVX).
template <class V, class T, std::size_t... I>
KOKKOS_INLINE_FUNCTION void gather_lanes(V& out, const T* p, std::int64_t stride, std::index_sequence<I...>) {
  out = V{p[static_cast<std::int64_t>(I) * stride]...};
}

/// The nearest centres of `count` <= tile_rows<T> consecutive rows
/// (row-major, d values each). Rows up to tile_max_features wide are copied
/// feature-major into two 32-byte vectors per feature (GCC/Clang vector
/// extensions: the compilers keep them in registers, where arrays with
/// per-lane selects became masked stores behind branches), so each vector
/// step serves a tile's rows against one centre, with branch-free minimum
/// tracking; wider rows go one by one. Either way a row's result does not
/// depend on the tile it falls in.
template <class Metric, class T>
KOKKOS_INLINE_FUNCTION void nearest_tile(const T* x, std::int64_t count, const centres_view<T>& cv,
                                         std::int64_t* labels, T* dist) {
  typedef T vec __attribute__((vector_size(32)));
  constexpr std::int64_t L = 32 / sizeof(T);
  const std::int64_t d = cv.d;
  if (d > tile_max_features) {
    for (std::int64_t p = 0; p < count; ++p) nearest_row<Metric>(x + p * d, cv, labels[p], dist[p]);
    return;
  }
  // A partial tile is padded with zero rows first. Each feature's vectors
  // are built in registers and stored whole: lane-by-lane stores read back
  // as vectors stall on store forwarding.
  T padded[tile_max_features * 2 * L];
  const T* rows = x;
  if (count < 2 * L) {
    for (std::int64_t i = 0; i < 2 * L * d; ++i) padded[i] = i < count * d ? x[i] : T(0);
    rows = padded;
  }
  vec lo[tile_max_features], hi[tile_max_features];
  for (std::int64_t j = 0; j < d; ++j) {
    gather_lanes(lo[j], rows + j, d, std::make_index_sequence<L>{});
    gather_lanes(hi[j], rows + L * d + j, d, std::make_index_sequence<L>{});
  }
  // Labels as T: blended like the distances.
  vec best_lo = vec{} + std::numeric_limits<T>::infinity(), best_hi = best_lo, at_lo = vec{}, at_hi = vec{};
  // Four centres at a time: eight independent accumulation chains keep the
  // FMA units busy (one chain per centre waits on its own latency).
  constexpr std::int64_t G = 4;
  for (std::int64_t c0 = 0; c0 < cv.k; c0 += G) {
    const T* cc[G];
    std::int64_t ci[G];
    for (std::int64_t q = 0; q < G; ++q) {
      ci[q] = c0 + q < cv.k ? c0 + q : cv.k - 1;  // a repeated centre never wins a tie
      cc[q] = cv.c + ci[q] * d;
    }
    vec acc_lo[G] = {}, acc_hi[G] = {};
    for (std::int64_t j = 0; j < d; ++j) {
      const vec l = lo[j], h = hi[j];
      for (std::int64_t q = 0; q < G; ++q) {
        if constexpr (std::is_same_v<Metric, cityblock>) {
          const vec t_lo = l - cc[q][j], t_hi = h - cc[q][j];
          acc_lo[q] += t_lo < 0 ? -t_lo : t_lo;
          acc_hi[q] += t_hi < 0 ? -t_hi : t_hi;
        } else {
          acc_lo[q] += l * cc[q][j];
          acc_hi[q] += h * cc[q][j];
        }
      }
    }
    for (std::int64_t q = 0; q < G; ++q) {
      const T label = static_cast<T>(ci[q]);
      const vec v_lo = std::is_same_v<Metric, cityblock> ? acc_lo[q] : cv.norms[ci[q]] - 2 * acc_lo[q];
      const vec v_hi = std::is_same_v<Metric, cityblock> ? acc_hi[q] : cv.norms[ci[q]] - 2 * acc_hi[q];
      at_lo = v_lo < best_lo ? vec{} + label : at_lo;
      best_lo = v_lo < best_lo ? v_lo : best_lo;
      at_hi = v_hi < best_hi ? vec{} + label : at_hi;
      best_hi = v_hi < best_hi ? v_hi : best_hi;
    }
  }
  for (std::int64_t p = 0; p < count; ++p) {
    T b = p < L ? best_lo[p] : best_hi[p - L];
    if constexpr (!std::is_same_v<Metric, cityblock>) {
      b += squared_norm(x + p * d, d);
      b = b > 0 ? b : T(0);
    }
    labels[p] = static_cast<std::int64_t>(p < L ? at_lo[p] : at_hi[p - L]);
    dist[p] = b;
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
  const detail::centre_table<T> table(ch.data(), C.shape()[0], C.shape()[1]);
  const auto xh = ht::detail::host_block(X);
  const distribution dist(shape_t{X.shape()[0]}, X.split(), X.comm().size(),
                          X.split() ? X.dist().counts() : std::vector<std::int64_t>{});
  const ht::detail::host_result<std::int64_t> labels(dist, X.comm());
  const ht::detail::host_result<T> distances(dist, X.comm());
  const detail::centres_view<T> cv = table.view();
  const std::int64_t rows = X.lshape()[0], d = cv.d, P = detail::tile_rows<T>;
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
