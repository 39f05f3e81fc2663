#ifndef HEAT_SPATIAL_METRIC_HPP
#define HEAT_SPATIAL_METRIC_HPP

/// Distance measures between rows, one struct each, used alike by cdist
/// (heat/spatial/distance.hpp), nearest's kernel (heat/spatial/nearest.hpp)
/// and the estimators (K-Means' assignment, initialisers and bounds).
///
/// Contract of a metric M (the concept `metric` checks it; a type that does
/// not meet it is a compile error wherever a metric is asked for):
/// - the distance of x and y (d values) is finish(a), a the terms
///   t_j = term(x_j - y_j) folded feature by feature in order from the first
///   (a = t_0; fold(a, t_1); ...). `term(t)` and `fold(a, t)` work in place
///   (vector arguments by reference: no vector ABI at a call) and are
///   templates: the kernels call them on GCC vector types (lane-wise `?:`,
///   `+`, `*` and unary `-` only) and on scalars. Terms are never negative
///   and folding one never lowers a.
/// - `finish` is increasing: comparisons (nearest, argmin) run on the raw
///   folded value; what is reported (cdist, distances, inertia) is finished.
/// - `units(raw)` is the distance in units that obey the triangle
///   inequality (Hamerly's bounds), increasing in raw.
/// - `reach(span, d)` bounds the raw value of rows whose values are within
///   span of each other (overflow checks and exact-sum scales).
/// - `products`: the term is a product (its rounding is pinned with
///   simd::round_here so that no level fuses it into an FMA).
/// - `name`: as scipy's cdist names it.
/// - `term_of(t)` and `fold_of(a, t)`: term and fold on one value, callable
///   from kernels on any backend (nvcc refuses GCC vector types in
///   __host__ __device__ code, so term and fold stay host functions);
///   products rounded before they are folded (rounded_product: no FMA on any
///   compiler or device), so a scalar kernel gives the vector kernels' bits.
///   finish and units are callable on every backend too.
///
/// Adding a metric: one struct here; cdist, nearest, K-Means (with its
/// bounds and initialisers) take it as it is. Update policies decide what a
/// centre is (mean, median, medoid), whatever the metric.

#include "heat/core/simd.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <concepts>
#include <cstdint>
#include <type_traits>

namespace ht::spatial {

namespace detail {
/// a * b rounded to R before anything is added to it: never part of an FMA
/// (on the host simd::round_here pins it, on CUDA the _rn intrinsics).
template <class R>
KOKKOS_INLINE_FUNCTION R rounded_product(R a, R b) {
#if defined(__CUDA_ARCH__)
  if constexpr (sizeof(R) == sizeof(float))
    return __fmul_rn(a, b);
  else
    return __dmul_rn(a, b);
#else
  R p = a * b;
  simd::round_here(p);
  return p;
#endif
}
}  // namespace detail

template <class M>
concept metric = requires(double t, double a, double span, std::int64_t d, float f) {
  { M::name } -> std::convertible_to<const char*>;
  { M::products } -> std::convertible_to<bool>;
  M::term(t);
  M::fold(a, t);
  { M::term_of(t) } -> std::same_as<double>;
  { M::term_of(f) } -> std::same_as<float>;
  { M::fold_of(a, t) } -> std::same_as<double>;
  { M::finish(a) } -> std::same_as<double>;
  { M::units(a) } -> std::same_as<double>;
  { M::reach(span, d) } -> std::same_as<double>;
};

/// Squared Euclidean distance: sum (x - y)^2.
struct sqeuclidean {
  static constexpr const char* name = "sqeuclidean";
  static constexpr bool products = true;
  template <class V>
  static void term(V& t) {
    t = t * t;
  }
  template <class V>
  static void fold(V& a, const V& t) {
    a = a + t;
  }
  template <class R>
  KOKKOS_INLINE_FUNCTION static R term_of(R t) {
    return detail::rounded_product(t, t);
  }
  template <class R>
  KOKKOS_INLINE_FUNCTION static R fold_of(R a, R t) {
    return a + t;
  }
  KOKKOS_INLINE_FUNCTION static double finish(double a) { return a; }
  KOKKOS_INLINE_FUNCTION static double units(double a) { return kx::sqrt(a); }
  static double reach(double span, std::int64_t d) { return span * span * static_cast<double>(d); }
};

/// Euclidean distance: sqrt(sum (x - y)^2) (nearest compares the squares):
/// sqeuclidean's terms, finished by a square root.
struct euclidean : sqeuclidean {
  static constexpr const char* name = "euclidean";
  KOKKOS_INLINE_FUNCTION static double finish(double a) { return kx::sqrt(a); }
};

/// Manhattan (L1, city block) distance: sum |x - y|.
struct cityblock {
  static constexpr const char* name = "cityblock";
  static constexpr bool products = false;
  template <class V>
  static void term(V& t) {
    t = t < 0 ? -t : t;
  }
  template <class V>
  static void fold(V& a, const V& t) {
    a = a + t;
  }
  template <class R>
  KOKKOS_INLINE_FUNCTION static R term_of(R t) {
    return t < 0 ? -t : t;
  }
  template <class R>
  KOKKOS_INLINE_FUNCTION static R fold_of(R a, R t) {
    return a + t;
  }
  KOKKOS_INLINE_FUNCTION static double finish(double a) { return a; }
  KOKKOS_INLINE_FUNCTION static double units(double a) { return a; }
  static double reach(double span, std::int64_t d) { return span * static_cast<double>(d); }
};

/// Chebyshev (L-infinity) distance: max |x - y|: cityblock's terms, folded by max.
struct chebyshev : cityblock {
  static constexpr const char* name = "chebyshev";
  template <class V>
  static void fold(V& a, const V& t) {
    a = t > a ? t : a;
  }
  template <class R>
  KOKKOS_INLINE_FUNCTION static R fold_of(R a, R t) {
    return t > a ? t : a;
  }
  static double reach(double span, std::int64_t /*d*/) { return span; }
};

/// The raw (unfinished) distance of x and y (d values each) under M,
/// computed in A (T unless asked): what nearest compares.
template <metric M, class A = void, class T>
auto raw_distance(const T* x, const T* y, std::int64_t d) {
  using R = std::conditional_t<std::is_void_v<A>, T, A>;
  R s = 0;
  for (std::int64_t j = 0; j < d; ++j) {
    R t = static_cast<R>(x[j]) - static_cast<R>(y[j]);
    M::term(t);
    if (j == 0)
      s = t;
    else
      M::fold(s, t);
  }
  return s;
}

/// The distance of x and y under M, finished (as cdist reports it), in double.
template <metric M, class T>
double distance(const T* x, const T* y, std::int64_t d) {
  return M::finish(static_cast<double>(raw_distance<M>(x, y, d)));
}

}  // namespace ht::spatial

#endif
