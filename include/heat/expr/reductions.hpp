#ifndef HEAT_EXPR_REDUCTIONS_HPP
#define HEAT_EXPR_REDUCTIONS_HPP

#include "heat/comm/collectives.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/expr/assign.hpp"
#include "heat/expr/expression.hpp"
#include "heat/expr/operators.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <vector>

namespace ht {

/// Tag: keep the reduced axes with extent 1.
struct keepdims_t {
  explicit constexpr keepdims_t() = default;
};
inline constexpr keepdims_t keepdims{};

/// The axes a reduction runs over: one, several, or ht::none for all.
class axes {
 public:
  axes(std::nullopt_t = none) {}
  axes(std::int64_t axis) : m_list{axis}, m_all(false) {}
  axes(std::initializer_list<std::int64_t> list) : m_list(list), m_all(false) {}
  axes(std::vector<std::int64_t> list) : m_list(std::move(list)), m_all(false) {}

  /// Which of ndim axes are reduced; ValueError for an axis out of range or repeated.
  std::vector<bool> mask(std::int64_t ndim) const {
    std::vector<bool> m(static_cast<std::size_t>(ndim), m_all);
    for (auto a : m_list) {
      const auto d = static_cast<std::size_t>(normalize_axis(a, ndim));
      detail::check(!m[d], "duplicate value in 'axis'");
      m[d] = true;
    }
    return m;
  }
  std::size_t count() const { return m_list.size(); }
  bool all() const { return m_all; }

 private:
  std::vector<std::int64_t> m_list;
  bool m_all = true;
};

namespace detail::reducer {

template <class T>
KOKKOS_INLINE_FUNCTION bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return v != v;
  else
    return false;
}

/// Each reducer: acc (trivially copyable), identity(), add(acc, value,
/// global index), join(in, inout) (associative, NaN and ties decided the
/// same way everywhere), finish(acc, elements reduced, ddof) on the host.
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
  static result finish(const acc& a, std::int64_t, std::int64_t) { return static_cast<result>(a); }
};

template <class T>
struct count_nonzero : plain {
  using acc = std::int64_t;
  using result = std::int64_t;
  static constexpr const char* name = "count_nonzero";
  KOKKOS_INLINE_FUNCTION static acc identity() { return 0; }
  KOKKOS_INLINE_FUNCTION static void add(acc& a, T v, std::int64_t) { a += (v != T(0)); }
  KOKKOS_INLINE_FUNCTION static void join(const acc& in, acc& io) { io += in; }
  static result finish(const acc& a, std::int64_t, std::int64_t) { return a; }
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
  static result finish(const acc& a, std::int64_t, std::int64_t) { return a; }
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
  static result finish(const acc& a, std::int64_t, std::int64_t) {
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
  static result finish(const acc& a, std::int64_t n, std::int64_t) { return a / static_cast<F>(n); }
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
  static result finish(const acc& a, std::int64_t, std::int64_t ddof) {
    const F m2 = a.n > 0 ? a.s2 - a.s1 * a.s1 / static_cast<F>(a.n) : F(0);
    const F var = m2 / static_cast<F>(std::max<std::int64_t>(a.n - ddof, 0));
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

/// The coordinates one reduction kernel walks: the kept axes index the
/// outputs, the reduced axes are folded.
struct reduce_geometry {
  int ndim = 0;
  int nkept = 0, nred = 0;
  int kept[max_ndim] = {};
  int red[max_ndim] = {};
  std::int64_t extent[max_ndim] = {};         // local extents
  std::int64_t local_stride[max_ndim] = {};   // row-major over the local extents
  std::int64_t global_stride[max_ndim] = {};  // of the reduced axes, for arg indices
  std::int64_t global_shift[max_ndim] = {};   // this rank's offset on the split axis
};

/// Reduces e over the axes in `mask` with one kernel, then (only when the
/// split axis is reduced) one collective; returns the result array.
/// (The return type is spelled out: nvcc refuses an extended device lambda
/// inside a function whose return type is deduced.)
template <template <class> class RedOf, expression E>
DNDarray<typename RedOf<typename E::value_type>::result> reduce(const E& e, const axes& ax, bool keep,
                                                                std::int64_t ddof = 0) {
  using T = typename E::value_type;
  using Red = RedOf<T>;
  using A = typename Red::acc;
  using R = typename Red::result;
  const eval_target t = plan_target(e);
  const shape_t& gshape = t.dist.gshape();
  const auto n = static_cast<int>(gshape.size());
  const std::vector<bool> mask = ax.mask(n);
  const split_t s = t.dist.split();

  reduce_geometry g;
  g.ndim = n;
  std::int64_t n_out = 1, n_red = 1, n_global = 1, gstride = 1, lstride = 1;
  shape_t out_shape;
  for (int d = n - 1; d >= 0; --d) {
    const auto ud = static_cast<std::size_t>(d);
    g.extent[d] = t.lshape[ud];
    g.local_stride[d] = lstride;
    lstride *= t.lshape[ud];
    if (mask[ud]) {
      g.global_stride[d] = gstride;
      gstride *= gshape[ud];
      n_global *= gshape[ud];
      g.global_shift[d] = (s && *s == d) ? t.offset : 0;
    }
  }
  for (int d = 0; d < n; ++d) {
    const auto ud = static_cast<std::size_t>(d);
    if (mask[ud]) {
      g.red[g.nred++] = d;
      n_red *= t.lshape[ud];
      if (keep) out_shape.push_back(1);
    } else {
      g.kept[g.nkept++] = d;
      n_out *= t.lshape[ud];
      out_shape.push_back(gshape[ud]);
    }
  }
  check(!Red::needs_elements || n_global > 0, "zero-size array to reduction operation ", Red::name,
        " which has no identity");

  eval_info info;
  const auto ev = make_evaluator(e, t, info);
  const bool flat = info.flat;
  // Few outputs whose elements sit side by side in memory (only leading
  // axes reduced, e.g. mean over the rows of an n x 8 array): each work
  // item walks a range of rows once and feeds every output, instead of one
  // pass over memory per output.
  bool interleaved = flat && !Red::uses_index && g.nkept > 0 && n_out <= 64;
  for (int j = 0; j < g.nkept && interleaved; ++j) interleaved = g.kept[j] >= g.nred;
  // Few outputs: cut the folded range into chunks for parallel work. The
  // chunking depends only on the local sizes, so results are reproducible.
  const std::int64_t chunks =
      interleaved ? std::max<std::int64_t>(1, std::min<std::int64_t>(256, n_red / 4096))
      : n_out >= 256
          ? 1
          : std::max<std::int64_t>(1, std::min<std::int64_t>(256 / std::max<std::int64_t>(n_out, 1), n_red / 4096));
  const std::int64_t chunk_len = (n_red + chunks - 1) / chunks;
  Kokkos::View<A*, memory_space> partial(Kokkos::view_alloc(Kokkos::WithoutInitializing, "heat::reduce::partial"),
                                         static_cast<std::size_t>(n_out * chunks));
  if (interleaved) {
    Kokkos::parallel_for(
        "heat::expr::reduce_rows", Kokkos::RangePolicy<execution_space>(0, chunks),
        KOKKOS_LAMBDA(const std::int64_t k) {
          const std::int64_t first = k * chunk_len;
          const std::int64_t last = first + chunk_len < n_red ? first + chunk_len : n_red;
          // Two halves of the rows read side by side (two streams); n_out <= 64:
          // the accumulators stay in registers or L1.
          A lo[64], hi[64];
          for (std::int64_t o = 0; o < n_out; ++o) lo[o] = hi[o] = Red::identity();
          const std::int64_t half = (last - first) / 2;
          for (std::int64_t r = first; r < first + half; ++r)
            for (std::int64_t o = 0; o < n_out; ++o) {
              Red::add(lo[o], ev.flat(r * n_out + o), 0);
              Red::add(hi[o], ev.flat((r + half) * n_out + o), 0);
            }
          for (std::int64_t r = first + 2 * half; r < last; ++r)
            for (std::int64_t o = 0; o < n_out; ++o) Red::add(hi[o], ev.flat(r * n_out + o), 0);
          for (std::int64_t o = 0; o < n_out; ++o) {
            Red::join(lo[o], hi[o]);
            partial(o * chunks + k) = hi[o];
          }
        });
  } else {
    Kokkos::parallel_for(
        "heat::expr::reduce", Kokkos::RangePolicy<execution_space>(0, n_out * chunks),
        KOKKOS_LAMBDA(const std::int64_t w) {
          const std::int64_t o = w / chunks, k = w % chunks;
          const std::int64_t first = k * chunk_len;
          const std::int64_t last = first + chunk_len < n_red ? first + chunk_len : n_red;
          std::int64_t c[max_ndim] = {};
          std::int64_t rest = o;
          for (int j = g.nkept - 1; j >= 0; --j) {
            const int d = g.kept[j];
            c[d] = rest % g.extent[d];
            rest /= g.extent[d];
          }
          // ev and flat are captured here, not first inside `if constexpr`
          // (nvcc refuses that in an extended lambda).
          const auto& in = ev;
          const bool whole = g.nkept == 0 && flat;
          A a = Red::identity();
          if (first >= last) {  // nothing to fold here (an empty block)
            partial(w) = a;
            return;
          }
          if constexpr (requires { Red::fold(in, first, last); }) {
            if (whole) {  // the reducer's own loop over local memory
              partial(w) = Red::fold(in, first, last);
              return;
            }
          }
          if (g.nkept == 0 && flat && !Red::uses_index) {
            // Everything reduced in local memory order: four quarters of the
            // range read side by side (four streams, four independent
            // accumulators), joined in a fixed order.
            A b = Red::identity(), c2 = Red::identity(), d2 = Red::identity();
            std::int64_t li = first;
            for (; li + 4 <= last; li += 4) {
              Red::add(a, ev.flat(li), 0);
              Red::add(b, ev.flat(li + 1), 0);
              Red::add(c2, ev.flat(li + 2), 0);
              Red::add(d2, ev.flat(li + 3), 0);
            }
            for (; li < last; ++li) Red::add(a, ev.flat(li), 0);
            Red::join(a, b);
            Red::join(c2, d2);
            Red::join(b, d2);
            partial(w) = d2;
            return;
          }
          rest = first;
          for (int j = g.nred - 1; j >= 0; --j) {
            const int d = g.red[j];
            c[d] = rest % g.extent[d];
            rest /= g.extent[d];
          }
          std::int64_t li = 0, gi = 0;
          for (int d = 0; d < g.ndim; ++d) li += c[d] * g.local_stride[d];
          for (int j = 0; j < g.nred; ++j) gi += (c[g.red[j]] + g.global_shift[g.red[j]]) * g.global_stride[g.red[j]];
          for (std::int64_t r = first; r < last; ++r) {
            Red::add(a, flat ? ev.flat(li) : ev.at(c), gi);
            for (int j = g.nred - 1; j >= 0; --j) {  // next reduced coordinate, positions updated in step
              const int d = g.red[j];
              if (++c[d] < g.extent[d]) {
                li += g.local_stride[d];
                gi += g.global_stride[d];
                break;
              }
              c[d] = 0;
              li -= (g.extent[d] - 1) * g.local_stride[d];
              gi -= (g.extent[d] - 1) * g.global_stride[d];
            }
          }
          partial(w) = a;
        });
  }
  Kokkos::fence();
  auto hp = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), partial);
  const auto accs = host_buffer<A>("heat::reduce::acc", static_cast<std::size_t>(n_out));
  for (std::int64_t o = 0; o < n_out; ++o) {
    A a = hp(static_cast<std::size_t>(o * chunks));
    for (std::int64_t k = 1; k < chunks; ++k) {
      A next = hp(static_cast<std::size_t>(o * chunks + k));
      Red::join(a, next);  // next = a (earlier chunk) joined with next
      a = next;
    }
    accs(static_cast<std::size_t>(o)) = a;
  }
  // The split axis reduced: one collective over every output's partial.
  const bool across = s && mask[static_cast<std::size_t>(*s)];
  if (across) allreduce_with<reducer::combine<Red>>(t.comm, accs);

  split_t out_split = none;
  std::vector<std::int64_t> counts;
  if (s && !across) {
    std::int64_t before = 0;
    for (int d = 0; d < *s; ++d) before += (mask[static_cast<std::size_t>(d)] && !keep);
    out_split = *s - before;
    counts = t.dist.counts();
  }
  DNDarray<R> out(distribution(out_shape, out_split, t.comm.size(), counts), t.comm);
  auto ho = Kokkos::create_mirror_view(out.local_view());
  for (std::int64_t o = 0; o < n_out; ++o)
    ho(static_cast<std::size_t>(o)) = Red::finish(accs(static_cast<std::size_t>(o)), n_global, ddof);
  Kokkos::deep_copy(out.local_view(), ho);
  return out;
}

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

// Each reduction: over all axes, one axis or several ({0, 2}); ht::keepdims
// last keeps the reduced axes. Lazy operands are not materialised.
#define HEAT_REDUCTION(NAME)                                  \
  template <expression E>                                     \
  auto NAME(const E& e, const axes& ax = none) {              \
    return detail::reduce<detail::red_##NAME>(e, ax, false);  \
  }                                                           \
  template <expression E>                                     \
  auto NAME(const E& e, const axes& ax, keepdims_t) {         \
    return detail::reduce<detail::red_##NAME>(e, ax, true);   \
  }                                                           \
  template <expression E>                                     \
  auto NAME(const E& e, keepdims_t) {                         \
    return detail::reduce<detail::red_##NAME>(e, none, true); \
  }

HEAT_REDUCTION(sum)
HEAT_REDUCTION(prod)
HEAT_REDUCTION(min)
HEAT_REDUCTION(max)
HEAT_REDUCTION(all)
HEAT_REDUCTION(any)
HEAT_REDUCTION(count_nonzero)
HEAT_REDUCTION(mean)
#undef HEAT_REDUCTION

/// Global index of the smallest element (flat over all axes, or along one
/// axis); the first NaN wins, ties go to the lowest index.
template <expression E>
DNDarray<std::int64_t> argmin(const E& e, const axes& ax = none) {
  detail::check(ax.all() || ax.count() == 1, "argmin takes one axis or none");
  return detail::reduce<detail::red_argmin>(e, ax, false);
}
template <expression E>
DNDarray<std::int64_t> argmax(const E& e, const axes& ax = none) {
  detail::check(ax.all() || ax.count() == 1, "argmax takes one axis or none");
  return detail::reduce<detail::red_argmax>(e, ax, false);
}

/// Variance with ddof delta degrees of freedom (default 0, as NumPy).
template <expression E>
auto var(const E& e, const axes& ax = none, std::int64_t ddof = 0) {
  return detail::reduce<detail::red_var>(e, ax, false, ddof);
}
template <expression E>
auto var(const E& e, const axes& ax, std::int64_t ddof, keepdims_t) {
  return detail::reduce<detail::red_var>(e, ax, true, ddof);
}
template <expression E>
auto std(const E& e, const axes& ax = none, std::int64_t ddof = 0) {
  return detail::reduce<detail::red_std>(e, ax, false, ddof);
}
template <expression E>
auto std(const E& e, const axes& ax, std::int64_t ddof, keepdims_t) {
  return detail::reduce<detail::red_std>(e, ax, true, ddof);
}

/// Same shape and every element equal, on every rank.
template <expression A, expression B>
bool equal(const A& a, const B& b) {
  if (a.shape() != b.shape()) return false;
  return all(a == b).item();
}

/// |a - b| <= atol + rtol * |b| everywhere (NaN is never close), on every rank.
template <expression A, expression B>
bool allclose(const A& a, const B& b, double rtol = 1e-5, double atol = 1e-8) {
  return all(abs(a - b) <= atol + rtol * abs(b)).item();
}

}  // namespace ht

#endif
