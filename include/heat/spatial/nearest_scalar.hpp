#ifndef HEAT_SPATIAL_NEAREST_SCALAR_HPP
#define HEAT_SPATIAL_NEAREST_SCALAR_HPP

/// The nearest-centre kernel one row at a time, for every backend: what
/// the CUDA build runs (spatial::nearest, K-Means' assignment), and what
/// tests run on the host to check it against the vector kernels
/// (heat/spatial/nearest.hpp).
///
/// Contract:
/// - nearest_of<M, Second>(row, centres, k, d) gives the same bits as
///   nearest_tile: each distance the metric's terms folded feature by
///   feature from the first (term_of / fold_of: products rounded, no FMA),
///   the lowest distance with ties to the lower centre, NaN never nearest
///   (all NaN: centre 0 at +inf); with Second the second lowest of the
///   distances (+inf where there is none).
/// - The nearest family runs it where ht::detail::device_kernels() says
///   (heat/core/config.hpp): always in the CUDA build, on the host when
///   tests ask.

#include "heat/core/config.hpp"
#include "heat/spatial/metric.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>

namespace ht::spatial::detail {

/// Whether the nearest family runs the scalar kernel on ht::execution_space.
inline bool scalar_nearest() { return ht::detail::device_kernels(); }

/// A row's nearest centre, its distance and the second lowest distance (raw).
template <class T>
struct nearest_pick {
  std::int64_t label;
  T best, second;
};

/// The raw distance of row and centre (d values each) under M, as the
/// vector kernels fold it.
template <metric M, class T>
KOKKOS_INLINE_FUNCTION T raw_distance_of(const T* row, const T* centre, std::int64_t d) {
  T s = 0;
  for (std::int64_t j = 0; j < d; ++j) {
    const T t = M::term_of(static_cast<T>(row[j] - centre[j]));
    s = j == 0 ? t : M::fold_of(s, t);
  }
  return s;
}

/// The nearest of the k centres (row-major, k x d) to row; with Second also
/// the second lowest distance.
template <metric M, bool Second, class T>
KOKKOS_INLINE_FUNCTION nearest_pick<T> nearest_of(const T* row, const T* centres, std::int64_t k, std::int64_t d) {
  const T inf = Kokkos::Experimental::infinity<T>::value;
  nearest_pick<T> p{0, inf, inf};
  for (std::int64_t c = 0; c < k; ++c) {
    const T s = raw_distance_of<M>(row, centres + c * d, d);
    if (s < p.best) {
      if constexpr (Second) p.second = p.best;
      p.best = s;
      p.label = c;
    } else if constexpr (Second) {
      if (s < p.second) p.second = s;
    }
  }
  return p;
}

}  // namespace ht::spatial::detail

#endif
