#ifndef HEAT_EXPR_REDUCE_REDUCERS_HPP
#define HEAT_EXPR_REDUCE_REDUCERS_HPP

// What a reduction computes, apart from where and how it runs.
//
// Contract of a reducer Red (over element type T):
// - Red::acc is trivially copyable (it travels through MPI as bytes and
//   lives in team scratch memory on devices); Red::identity() is the
//   accumulator of no elements.
// - Red::add(acc, value, global flat index) folds one element; the index is
//   read only when Red::uses_index.
// - Red::join(in, inout) is associative; NaN and ties are decided the same
//   way whatever the order (extreme: first NaN, then the lowest index), so
//   every rank count and every kernel strategy gives the same winner.
// - Red::finish(acc, elements reduced, ddof) runs where the epilogue runs
//   (heat/expr/reduce/epilogue.hpp: the host or the device).
// - Optional Red::fold(evaluator, first, last): the reducer's own loop over
//   a contiguous local range, used by the host strategies.
// - Red::needs_elements: a reduction over zero elements is a ValueError.

#include "heat/core/types.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <type_traits>

namespace ht {
namespace detail::reducer {

template <class T>
KOKKOS_INLINE_FUNCTION bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return v != v;
  else
    return false;
}

/// What sums of T are: T for floating point, int64 for integers and bool.
template <class T>
using sum_t = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;
/// What sums and products of T accumulate in: integers in uint64, so they
/// wrap around as NumPy's int64 do (signed overflow is undefined in C++);
/// the bits are read back as sum_t<T>.
template <class T>
using wrap_t = std::conditional_t<std::is_floating_point_v<T>, T, std::uint64_t>;

/// What most reducers share: zero elements are fine, no index is needed.
struct plain {
  static constexpr bool needs_elements = false;
  static constexpr bool uses_index = false;
};

/// sum and prod: one accumulator of wrap_t<T>, read back as sum_t<T>.
template <class T, bool Product>
struct arithmetic : plain {
  using acc = wrap_t<T>;
  using result = sum_t<T>;
  static constexpr const char* name = Product ? "prod" : "sum";
  KOKKOS_INLINE_FUNCTION static acc identity() { return acc(Product ? 1 : 0); }
  KOKKOS_INLINE_FUNCTION static void add(acc& a, T v, std::int64_t) {
    if constexpr (Product)
      a *= static_cast<acc>(v);
    else
      a += static_cast<acc>(v);
  }
  KOKKOS_INLINE_FUNCTION static void join(const acc& in, acc& io) { io = Product ? in * io : in + io; }
  KOKKOS_INLINE_FUNCTION static result finish(const acc& a, std::int64_t, std::int64_t) {
    return static_cast<result>(a);
  }
};

template <class T>
struct count_nonzero : plain {
  using acc = std::int64_t;
  using result = std::int64_t;
  static constexpr const char* name = "count_nonzero";
  KOKKOS_INLINE_FUNCTION static acc identity() { return 0; }
  KOKKOS_INLINE_FUNCTION static void add(acc& a, T v, std::int64_t) { a += (v != T(0)); }
  KOKKOS_INLINE_FUNCTION static void join(const acc& in, acc& io) { io += in; }
  KOKKOS_INLINE_FUNCTION static result finish(const acc& a, std::int64_t, std::int64_t) { return a; }
};

template <class T, bool Any>
struct logical : plain {
  using acc = bool;
  using result = bool;
  static constexpr const char* name = Any ? "any" : "all";
  KOKKOS_INLINE_FUNCTION static acc identity() { return !Any; }
  KOKKOS_INLINE_FUNCTION static void add(acc& a, T v, std::int64_t) {
    if constexpr (Any)
      a = a || (v != T(0));
    else
      a = a && (v != T(0));
  }
  KOKKOS_INLINE_FUNCTION static void join(const acc& in, acc& io) { io = Any ? (in || io) : (in && io); }
  KOKKOS_INLINE_FUNCTION static result finish(const acc& a, std::int64_t, std::int64_t) { return a; }
};

/// min, max, argmin, argmax: the first NaN wins, then the extreme value,
/// ties to the lowest global index; ranks without elements hold no value.
template <class T, bool Max, bool Arg>
struct extreme {
  struct acc {
    T v;
    std::int64_t i;
    int valid;
  };
  using result = std::conditional_t<Arg, std::int64_t, T>;
  static constexpr const char* name = Arg ? (Max ? "argmax" : "argmin") : (Max ? "maximum" : "minimum");
  static constexpr bool needs_elements = true;
  static constexpr bool uses_index = Arg;
  KOKKOS_INLINE_FUNCTION static acc identity() { return {T(0), 0, 0}; }
  KOKKOS_INLINE_FUNCTION static bool better(const acc& a, const acc& b) {
    // Is a to be kept over b?
    if (!b.valid) return a.valid;
    if (!a.valid) return false;
    const bool na = is_nan(a.v), nb = is_nan(b.v);
    if (na || nb) return na && (!nb || a.i < b.i);
    if (Max ? a.v > b.v : a.v < b.v) return true;
    return a.v == b.v && a.i < b.i;
  }
  KOKKOS_INLINE_FUNCTION static void add(acc& a, T v, std::int64_t i) {
    const acc c{v, i, 1};
    if (better(c, a)) a = c;
  }
  KOKKOS_INLINE_FUNCTION static void join(const acc& in, acc& io) {
    if (better(in, io)) io = in;
  }
  KOKKOS_INLINE_FUNCTION static result finish(const acc& a, std::int64_t, std::int64_t) {
    if constexpr (Arg)
      return a.i;
    else
      return a.v;
  }
};

template <class T>
struct mean : plain {
  using F = float_result_t<T>;
  using acc = F;
  using result = F;
  static constexpr const char* name = "mean";
  KOKKOS_INLINE_FUNCTION static acc identity() { return F(0); }
  KOKKOS_INLINE_FUNCTION static void add(acc& a, T v, std::int64_t) { a += static_cast<F>(v); }
  KOKKOS_INLINE_FUNCTION static void join(const acc& in, acc& io) { io = in + io; }
  KOKKOS_INLINE_FUNCTION static result finish(const acc& a, std::int64_t n, std::int64_t) {
    return a / static_cast<F>(n);
  }
};

/// Count and sums of deviations from a shift (the first value seen), merged
/// with Chan's formula: no division per element, and var and std of one
/// array cost one collective.
template <class T, bool Std>
struct moments : plain {
  using F = float_result_t<T>;
  struct acc {
    std::int64_t n;
    F shift;
    F s1;  // sum of (x - shift)
    F s2;  // sum of (x - shift)^2
  };
  using result = F;
  static constexpr const char* name = Std ? "std" : "var";
  KOKKOS_INLINE_FUNCTION static acc identity() { return {0, F(0), F(0), F(0)}; }
  KOKKOS_INLINE_FUNCTION static void add(acc& a, T v, std::int64_t) {
    const F x = static_cast<F>(v);
    if (a.n == 0) a.shift = x;
    const F d = x - a.shift;
    a.n += 1;
    a.s1 += d;
    a.s2 += d * d;
  }
  KOKKOS_INLINE_FUNCTION static void join(const acc& in, acc& io) {
    if (in.n == 0) return;
    if (io.n == 0) {
      io = in;
      return;
    }
    // Means and squared deviations of both parts, then Chan's update.
    const F na = static_cast<F>(in.n), nb = static_cast<F>(io.n);
    const F ma = in.shift + in.s1 / na, mb = io.shift + io.s1 / nb;
    const F qa = in.s2 - in.s1 * in.s1 / na, qb = io.s2 - io.s1 * io.s1 / nb;
    const F n = na + nb, d = mb - ma;
    io = {in.n + io.n, ma + d * nb / n, F(0), qa + qb + d * d * na * nb / n};
  }
  /// A contiguous local range in one go: the shift is its first value, no
  /// branch or count per element; four quarters of the range are read side
  /// by side (four streams and four independent pairs of sums), each an
  /// OpenMP SIMD reduction (heat::heat compiles with -fopenmp-simd). The
  /// order of the additions is fixed by the binary, so every rank agrees.
  template <class Ev>
  KOKKOS_INLINE_FUNCTION static acc fold(const Ev& ev, std::int64_t first, std::int64_t last) {
    const F shift = static_cast<F>(ev.flat(first));
    const std::int64_t q = (last - first) / 4;
    const std::int64_t b = first + q, c = first + 2 * q, d = first + 3 * q;
    F a1 = 0, a2 = 0, b1 = 0, b2 = 0, c1 = 0, c2 = 0, d1 = 0, d2 = 0;
#pragma omp simd reduction(+ : a1, a2, b1, b2, c1, c2, d1, d2)
    for (std::int64_t j = 0; j < q; ++j) {
      const F da = static_cast<F>(ev.flat(first + j)) - shift, db = static_cast<F>(ev.flat(b + j)) - shift;
      const F dc = static_cast<F>(ev.flat(c + j)) - shift, dd = static_cast<F>(ev.flat(d + j)) - shift;
      a1 += da;
      a2 += da * da;
      b1 += db;
      b2 += db * db;
      c1 += dc;
      c2 += dc * dc;
      d1 += dd;
      d2 += dd * dd;
    }
    for (std::int64_t i = first + 4 * q; i < last; ++i) {
      const F di = static_cast<F>(ev.flat(i)) - shift;
      a1 += di;
      a2 += di * di;
    }
    return {last - first, shift, (a1 + b1) + (c1 + d1), (a2 + b2) + (c2 + d2)};
  }
  KOKKOS_INLINE_FUNCTION static result finish(const acc& a, std::int64_t, std::int64_t ddof) {
    const F m2 = a.n > 0 ? a.s2 - a.s1 * a.s1 / static_cast<F>(a.n) : F(0);
    const F var = m2 / static_cast<F>(a.n - ddof > 0 ? a.n - ddof : 0);
    if constexpr (Std)
      return kx::sqrt(var);
    else
      return var;
  }
};

template <class Red>
struct combine {
  static void join(const typename Red::acc& in, typename Red::acc& io) { Red::join(in, io); }
};

}  // namespace detail::reducer

namespace detail {
template <class T>
using red_sum = reducer::arithmetic<T, false>;
template <class T>
using red_prod = reducer::arithmetic<T, true>;
template <class T>
using red_min = reducer::extreme<T, false, false>;
template <class T>
using red_max = reducer::extreme<T, true, false>;
template <class T>
using red_argmin = reducer::extreme<T, false, true>;
template <class T>
using red_argmax = reducer::extreme<T, true, true>;
template <class T>
using red_all = reducer::logical<T, false>;
template <class T>
using red_any = reducer::logical<T, true>;
template <class T>
using red_count_nonzero = reducer::count_nonzero<T>;
template <class T>
using red_mean = reducer::mean<T>;
template <class T>
using red_var = reducer::moments<T, false>;
template <class T>
using red_std = reducer::moments<T, true>;
}  // namespace detail

}  // namespace ht

#endif
