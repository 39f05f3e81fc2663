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

/// Centres laid out for the kernel: transposed (d x kp, kp = k rounded up to
/// a multiple of width) so that one row of X meets `width` centres per
/// vector step; padding centres are never nearest.
template <class T>
struct centre_table {
  static constexpr std::int64_t width = 8;
  std::int64_t k = 0, d = 0, kp = 0;
  Kokkos::View<T*, Kokkos::HostSpace> ct, norms;  // d x kp; kp (|c|^2, +inf for padding)

  centre_table(const T* c, std::int64_t k_, std::int64_t d_)
      : k(k_),
        d(d_),
        kp((k_ + width - 1) / width * width),
        ct("heat::nearest::centres", static_cast<std::size_t>(d_ * kp)),
        norms("heat::nearest::norms", static_cast<std::size_t>(kp)) {
    for (std::int64_t j = 0; j < kp; ++j) norms(j) = j < k ? T(0) : std::numeric_limits<T>::infinity();
    for (std::int64_t i = 0; i < k; ++i)
      for (std::int64_t j = 0; j < d; ++j) {
        ct(j * kp + i) = c[i * d + j];
        norms(i) += c[i * d + j] * c[i * d + j];
      }
  }
};

/// The nearest centre of row x (d values) and the distance to it.
template <class Metric, class T>
KOKKOS_INLINE_FUNCTION void nearest_row(const T* x, std::int64_t d, const T* ct, const T* norms, std::int64_t k,
                                        std::int64_t kp, std::int64_t& label, T& dist) {
  constexpr std::int64_t w = centre_table<T>::width;
  T best = std::numeric_limits<T>::infinity();
  std::int64_t at = 0;
  for (std::int64_t g = 0; g < kp; g += w) {
    T acc[w] = {};
    for (std::int64_t j = 0; j < d; ++j) {
      const T xj = x[j];
      const T* cj = ct + j * kp + g;
#pragma omp simd
      for (std::int64_t c = 0; c < w; ++c) {
        if constexpr (std::is_same_v<Metric, cityblock>)
          acc[c] += kx::fabs(xj - cj[c]);
        else
          acc[c] += xj * cj[c];
      }
    }
    for (std::int64_t c = 0; c < w; ++c) {
      const T v = std::is_same_v<Metric, cityblock> ? (g + c < k ? acc[c] : norms[g + c]) : norms[g + c] - 2 * acc[c];
      if (v < best) {
        best = v;
        at = g + c;
      }
    }
  }
  if constexpr (!std::is_same_v<Metric, cityblock>) {
    T xn = 0;
    for (std::int64_t j = 0; j < d; ++j) xn += x[j] * x[j];
    best = best + xn > 0 ? best + xn : T(0);
  }
  label = at < k ? at : 0;
  dist = best;
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
  const std::int64_t d = table.d, k = table.k, kp = table.kp;
  const T *x = xh.data(), *ct = table.ct.data(), *norms = table.norms.data();
  std::int64_t* l = labels.data();
  T* dd = distances.data();
  Kokkos::parallel_for(
      "heat::spatial::nearest", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, X.lshape()[0]),
      [=](const std::int64_t i) { detail::nearest_row<Metric>(x + i * d, d, ct, norms, k, kp, l[i], dd[i]); });
  Kokkos::fence();
  return {labels.finish(), distances.finish()};
}

}  // namespace ht::spatial

#endif
