#ifndef HEAT_EXPR_EXPRESSION_HPP
#define HEAT_EXPR_EXPRESSION_HPP

#include "heat/comm/resplit.hpp"
#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/shape.hpp"
#include "heat/core/types.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht {

/// A lazy elementwise operation on arrays, scalars and other lazy
/// operations. Operands are held by value: arrays are shallow handles, so an
/// `auto` expression never dangles.
template <class F, class... Args>
class function_node;

/// A scalar operand, already converted to its weak type.
template <class T>
struct scalar_node {
  using value_type = T;
  T value;
};

/// Arrays and lazy operations: what operators and reductions accept.
template <class E>
struct is_expression : std::false_type {};
template <class T>
struct is_expression<DNDarray<T>> : std::true_type {};
template <class F, class... A>
struct is_expression<function_node<F, A...>> : std::true_type {};
template <class E>
concept expression = is_expression<std::remove_cvref_t<E>>::value;

namespace detail {

template <class E>
struct is_scalar_node : std::false_type {};
template <class T>
struct is_scalar_node<scalar_node<T>> : std::true_type {};

/// NumPy broadcasting of two shapes; ValueError naming both when they clash.
inline shape_t broadcast_shapes(const shape_t& a, const shape_t& b) {
  const std::size_t n = std::max(a.size(), b.size());
  shape_t out(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t x = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const std::int64_t y = i < n - b.size() ? 1 : b[i - (n - b.size())];
    check(x == y || x == 1 || y == 1, "operands could not be broadcast together with shapes ", to_string(a), " ",
          to_string(b));
    out[i] = x == 1 ? y : x;
  }
  return out;
}

/// Whether NumPy broadcasting stretches shape `from` to exactly `to`.
inline bool broadcasts_to(const shape_t& from, const shape_t& to) {
  if (from.size() > to.size()) return false;
  const std::size_t lead = to.size() - from.size();
  for (std::size_t i = 0; i < from.size(); ++i)
    if (from[i] != to[lead + i] && from[i] != 1) return false;
  return true;
}

template <class E>
shape_t shape_of(const E& e) {
  if constexpr (is_scalar_node<E>::value)
    return {};
  else
    return e.shape();
}

/// Calls f on every array operand of e, left to right.
template <class E, class F>
void for_each_leaf(const E& e, F&& f) {
  if constexpr (is_scalar_node<E>::value) {
  } else if constexpr (is_expression<E>::value && requires { e.local_view(); }) {
    f(e);
  } else {
    std::apply([&](const auto&... a) { (for_each_leaf(a, f), ...); }, e.args());
  }
}

/// Where the result of an evaluation lives: its distribution and this rank's part.
struct eval_target {
  distribution dist;
  communicator comm;
  shape_t lshape;
  std::int64_t offset;
};

/// The result's distribution: the split of the first array operand that is
/// split along an axis it does not broadcast, with that operand's blocks
/// (so it moves no data); replicated when no operand is split. The rest are
/// redistributed to it (HeAT refuses mixed splits; we move them).
template <class E>
eval_target plan_target(const E& e) {
  const shape_t shape = e.shape();
  const std::int64_t n = static_cast<std::int64_t>(shape.size());
  std::optional<distribution> chosen;
  std::optional<communicator> comm;
  for_each_leaf(e, [&](const auto& x) {
    if (!comm) comm = x.comm();
    detail::check(x.comm() == *comm, "operands live on different communicators");
    if (chosen || !x.split()) return;
    const std::int64_t a = *x.split(), out_axis = a + n - x.ndim();
    if (x.shape()[static_cast<std::size_t>(a)] != shape[static_cast<std::size_t>(out_axis)]) return;
    chosen = distribution(shape, out_axis, comm->size(), x.dist().counts());
  });
  distribution dist = chosen ? *chosen : distribution(shape, none, comm->size(), {});
  const int me = comm->rank();
  return {dist, *comm, dist.lshape(me), dist.offset(me)};
}

// ---------------------------------------------------------------------------
// Device evaluators: trivially copyable trees run inside one kernel. flat(i)
// reads the element at local flat index i (valid when the whole tree has the
// output's local layout); at(c) reads it at local coordinates c; row(c), with
// c's last coordinate 0, is the tree's evaluator along that row of the last
// axis: row(c)(j) == at(c with last coordinate j), each leaf's row start
// computed once (the broadcast kernel's inner loop, heat/expr/assign.hpp).

/// A leaf's row: its elements at p[j s] (s 0 where it broadcasts).
template <class T>
struct leaf_row {
  const T* p;
  std::int64_t s;
  KOKKOS_INLINE_FUNCTION T operator()(std::int64_t j) const { return p[j * s]; }
};

template <class T>
struct leaf_eval {
  Kokkos::View<const T*, Kokkos::LayoutRight, memory_space> data;
  int ndim = 0;
  std::int64_t stride[max_ndim] = {};
  std::int64_t shift = 0;
  KOKKOS_INLINE_FUNCTION T flat(std::int64_t i) const { return data(i); }
  KOKKOS_INLINE_FUNCTION T at(const std::int64_t* c) const {
    std::int64_t k = shift;
    for (int d = 0; d < ndim; ++d) k += c[d] * stride[d];
    return data(k);
  }
  KOKKOS_INLINE_FUNCTION leaf_row<T> row(const std::int64_t* c) const {
    std::int64_t k = shift;
    for (int d = 0; d + 1 < ndim; ++d) k += c[d] * stride[d];
    return {data.data() + k, ndim > 0 ? stride[ndim - 1] : 0};
  }
};

template <class T>
struct scalar_eval {
  T value;
  KOKKOS_INLINE_FUNCTION T flat(std::int64_t) const { return value; }
  KOKKOS_INLINE_FUNCTION T at(const std::int64_t*) const { return value; }
  KOKKOS_INLINE_FUNCTION scalar_eval row(const std::int64_t*) const { return *this; }
  KOKKOS_INLINE_FUNCTION T operator()(std::int64_t) const { return value; }
};

template <class F, class R, class C, class A>
struct unary_eval {
  A a;
  KOKKOS_INLINE_FUNCTION R flat(std::int64_t i) const { return static_cast<R>(F{}(static_cast<C>(a.flat(i)))); }
  KOKKOS_INLINE_FUNCTION R at(const std::int64_t* c) const { return static_cast<R>(F{}(static_cast<C>(a.at(c)))); }
  template <class Ar>
  struct row_eval {
    Ar a;
    KOKKOS_INLINE_FUNCTION R operator()(std::int64_t j) const { return static_cast<R>(F{}(static_cast<C>(a(j)))); }
  };
  KOKKOS_INLINE_FUNCTION auto row(const std::int64_t* c) const { return row_eval<decltype(a.row(c))>{a.row(c)}; }
};

template <class F, class R, class C, class A, class B>
struct binary_eval {
  A a;
  B b;
  KOKKOS_INLINE_FUNCTION R flat(std::int64_t i) const {
    return static_cast<R>(F{}(static_cast<C>(a.flat(i)), static_cast<C>(b.flat(i))));
  }
  KOKKOS_INLINE_FUNCTION R at(const std::int64_t* c) const {
    return static_cast<R>(F{}(static_cast<C>(a.at(c)), static_cast<C>(b.at(c))));
  }
  template <class Ar, class Br>
  struct row_eval {
    Ar a;
    Br b;
    KOKKOS_INLINE_FUNCTION R operator()(std::int64_t j) const {
      return static_cast<R>(F{}(static_cast<C>(a(j)), static_cast<C>(b(j))));
    }
  };
  KOKKOS_INLINE_FUNCTION auto row(const std::int64_t* c) const {
    return row_eval<decltype(a.row(c)), decltype(b.row(c))>{a.row(c), b.row(c)};
  }
};

template <class F, class R, class C, class A, class B, class D>
struct ternary_eval {
  A a;
  B b;
  D d;
  KOKKOS_INLINE_FUNCTION R flat(std::int64_t i) const {
    return static_cast<R>(F{}(static_cast<bool>(a.flat(i)), static_cast<C>(b.flat(i)), static_cast<C>(d.flat(i))));
  }
  KOKKOS_INLINE_FUNCTION R at(const std::int64_t* c) const {
    return static_cast<R>(F{}(static_cast<bool>(a.at(c)), static_cast<C>(b.at(c)), static_cast<C>(d.at(c))));
  }
  template <class Ar, class Br, class Dr>
  struct row_eval {
    Ar a;
    Br b;
    Dr d;
    KOKKOS_INLINE_FUNCTION R operator()(std::int64_t j) const {
      return static_cast<R>(F{}(static_cast<bool>(a(j)), static_cast<C>(b(j)), static_cast<C>(d(j))));
    }
  };
  KOKKOS_INLINE_FUNCTION auto row(const std::int64_t* c) const {
    return row_eval<decltype(a.row(c)), decltype(b.row(c)), decltype(d.row(c))>{a.row(c), b.row(c), d.row(c)};
  }
};

/// What building an evaluator learned: whether every leaf has the output's
/// local layout (the flat fast path), and the local blocks the leaves read.
struct eval_info {
  bool flat = true;
  std::vector<const void*> reads;
};

/// An array operand made to fit the target: moved first when its layout
/// does not fit (replicated when it broadcasts along the target's split axis
/// or the target is replicated, else the target's blocks along the matching
/// axis). `global_rows` tells that the operand stays replicated while the
/// target is split along one of its axes: it is read there at global
/// coordinates, with no message.
template <class T>
struct fitted {
  DNDarray<T> src;
  bool global_rows;
  std::int64_t axis;  // the operand's axis under the target's split, when global_rows
};

template <class T>
fitted<T> fit_operand(const DNDarray<T>& x, const eval_target& t) {
  const std::int64_t lead = t.dist.ndim() - x.ndim();
  const split_t s = t.dist.split();
  const std::int64_t a = s ? *s - lead : -1;
  const bool whole_needed = !s || a < 0 || x.shape()[static_cast<std::size_t>(a)] != t.dist.gshape()[*s];
  if (whole_needed) return {x.split() ? resplit(x, none) : x, false, a};
  if (!x.split()) return {x, true, a};
  const distribution want(x.shape(), a, t.comm.size(), t.dist.counts());
  if (x.dist() == want) return {x, false, a};
  return {DNDarray<T>(want, t.comm, redistribute(t.comm, x.local_view(), x.dist(), want)), false, a};
}

/// The evaluator of an array operand: strides per target axis (0 where it
/// broadcasts) over the fitted operand's block.
template <class T>
leaf_eval<T> make_evaluator(const DNDarray<T>& x, const eval_target& t, eval_info& info) {
  const auto n = static_cast<std::int64_t>(t.dist.ndim());
  const std::int64_t lead = n - x.ndim();
  const fitted<T> f = fit_operand(x, t);
  const DNDarray<T>& src = f.src;
  leaf_eval<T> ev;
  ev.data = src.local_view();
  ev.ndim = static_cast<int>(n);
  const shape_t ls = src.lshape(), st = strides_of(ls);
  const shape_t out_strides = strides_of(t.lshape);
  bool flat = x.ndim() == n;
  for (std::int64_t d = 0; d < n; ++d) {
    const std::int64_t j = d - lead;
    const bool broadcast = j < 0 || ls[static_cast<std::size_t>(j)] == 1;
    ev.stride[d] = broadcast ? 0 : st[static_cast<std::size_t>(j)];
    if (ev.stride[d] != out_strides[static_cast<std::size_t>(d)] && t.lshape[static_cast<std::size_t>(d)] > 1)
      flat = false;
  }
  if (f.global_rows) ev.shift = t.offset * ev.stride[*t.dist.split()];
  if (ev.shift != 0 || src.lsize() != shape_size(t.lshape)) flat = false;
  info.flat = info.flat && flat;
  info.reads.push_back(src.local_view().data());
  return ev;
}

template <class T>
scalar_eval<T> make_evaluator(const scalar_node<T>& x, const eval_target&, eval_info&) {
  return {x.value};
}

template <class F, class... A>
auto make_evaluator(const function_node<F, A...>& e, const eval_target& t, eval_info& info);

}  // namespace detail

template <class F, class... Args>
class function_node {
 public:
  using operand_type = typename F::template operand_t<typename Args::value_type...>;
  using value_type = typename F::template result_t<typename Args::value_type...>;

  explicit function_node(Args... args) : m_args(std::move(args)...) {
    m_shape = {};
    std::apply([&](const auto&... a) { ((m_shape = detail::broadcast_shapes(m_shape, detail::shape_of(a))), ...); },
               m_args);
  }

  /// Global shape of the result.
  const shape_t& shape() const { return m_shape; }
  std::int64_t ndim() const { return static_cast<std::int64_t>(m_shape.size()); }
  std::int64_t size() const { return shape_size(m_shape); }
  const std::tuple<Args...>& args() const { return m_args; }

 private:
  std::tuple<Args...> m_args;
  shape_t m_shape;
};

namespace detail {

template <class F, class... A>
auto make_evaluator(const function_node<F, A...>& e, const eval_target& t, eval_info& info) {
  using node = function_node<F, A...>;
  using R = typename node::value_type;
  using C = typename node::operand_type;
  return std::apply(
      [&](const auto&... a) {
        if constexpr (sizeof...(A) == 1)
          return unary_eval<F, R, C, decltype(make_evaluator(a, t, info))...>{make_evaluator(a, t, info)...};
        else if constexpr (sizeof...(A) == 2)
          return binary_eval<F, R, C, decltype(make_evaluator(a, t, info))...>{make_evaluator(a, t, info)...};
        else
          return ternary_eval<F, R, C, decltype(make_evaluator(a, t, info))...>{make_evaluator(a, t, info)...};
      },
      e.args());
}

}  // namespace detail
}  // namespace ht

#endif
