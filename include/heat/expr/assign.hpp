#ifndef HEAT_EXPR_ASSIGN_HPP
#define HEAT_EXPR_ASSIGN_HPP

#include "heat/core/dndarray.hpp"
#include "heat/expr/expression.hpp"
#include "heat/expr/operators.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <type_traits>

namespace ht {

/// Evaluates a lazy expression (one fused kernel, after moving operands
/// whose distribution differs) into a new array.
template <expression E>
DNDarray<typename E::value_type> eval(const E& e);

/// Writes an expression into an existing array without the alias check:
/// `ht::noalias(r) = a * b;` (the caller promises r is not read through a
/// different layout).
template <class T>
class noalias_proxy;
template <class T>
noalias_proxy<T> noalias(DNDarray<T>& x);

/// Compound assignment in place, into x's own layout; the result's shape must be x's.
template <class T, operand R>
DNDarray<T>& operator+=(DNDarray<T>& x, const R& r);
template <class T, operand R>
DNDarray<T>& operator-=(DNDarray<T>& x, const R& r);
template <class T, operand R>
DNDarray<T>& operator*=(DNDarray<T>& x, const R& r);
template <class T, operand R>
DNDarray<T>& operator/=(DNDarray<T>& x, const R& r);

// ---------------------------------------------------------------------------

namespace detail {

/// The broadcast kernel on a host execution space: spans of `span` output
/// elements, each walking its rows with an odometer (one set of divisions per
/// span, none per element) and reading each leaf along a row at a fixed
/// stride (ev.row), so that the inner loop vectorises; the same value per
/// element as ev.at.
template <class T, class Ev>
void run_assign_rows(const local_view_t<T>& out, const Ev& ev, const shape_t& lshape) {
  constexpr std::int64_t span = 4096;
  const auto n = static_cast<std::int64_t>(out.extent(0));
  const int nd = static_cast<int>(lshape.size());
  std::int64_t extent[max_ndim] = {};
  for (int d = 0; d < nd; ++d) extent[d] = lshape[static_cast<std::size_t>(d)];
  const std::int64_t inner = extent[nd - 1];
  T* const dst = out.data();
  Kokkos::parallel_for(
      "heat::expr::assign_rows", Kokkos::RangePolicy<execution_space>(0, (n + span - 1) / span),
      KOKKOS_LAMBDA(const std::int64_t item) {
        const std::int64_t i0 = item * span, i1 = i0 + span < n ? i0 + span : n;
        std::int64_t c[max_ndim] = {};
        std::int64_t rest = i0 / inner, j = i0 % inner;
        for (int d = nd - 2; d >= 0; --d) {
          c[d] = rest % extent[d];
          rest /= extent[d];
        }
        for (std::int64_t i = i0; i < i1;) {
          const auto r = ev.row(c);
          const std::int64_t end = inner - j < i1 - i ? inner : j + (i1 - i);
          T* const row = dst + (i - j);
          for (std::int64_t q = j; q < end; ++q) row[q] = static_cast<T>(r(q));
          i += end - j;
          j = 0;
          for (int d = nd - 2; d >= 0 && ++c[d] == extent[d]; --d) c[d] = 0;
        }
      });
}

/// Whether broadcasts run through run_assign_rows (blocks in host memory).
inline constexpr bool assign_rows = std::is_same_v<memory_space, Kokkos::HostSpace>;

/// The one kernel of an evaluation: out(i) = e at local element i.
template <class T, class Ev>
void run_assign(const local_view_t<T>& out, const Ev& ev, bool flat, const shape_t& lshape) {
  const auto n = static_cast<std::int64_t>(out.extent(0));
  if (flat) {
    Kokkos::parallel_for(
        "heat::expr::assign", Kokkos::RangePolicy<execution_space>(0, n),
        KOKKOS_LAMBDA(const std::int64_t i) { out(i) = static_cast<T>(ev.flat(i)); });
  } else if (assign_rows && !lshape.empty()) {
    if constexpr (assign_rows) run_assign_rows<T>(out, ev, lshape);
  } else {
    const int nd = static_cast<int>(lshape.size());
    std::int64_t extent[max_ndim] = {};
    for (int d = 0; d < nd; ++d) extent[d] = lshape[static_cast<std::size_t>(d)];
    Kokkos::parallel_for(
        "heat::expr::assign_broadcast", Kokkos::RangePolicy<execution_space>(0, n),
        KOKKOS_LAMBDA(const std::int64_t i) {
          std::int64_t c[max_ndim] = {};
          std::int64_t rest = i;
          for (int d = nd - 1; d >= 0; --d) {
            c[d] = rest % extent[d];
            rest /= extent[d];
          }
          out(i) = static_cast<T>(ev.at(c));
        });
  }
  Kokkos::fence();
}

template <class T, class E>
DNDarray<T> evaluate_as(const E& e) {
  const eval_target t = plan_target(e);
  eval_info info;
  const auto ev = make_evaluator(e, t, info);
  DNDarray<T> out(t.dist, t.comm);
  run_assign<T>(out.local_view(), ev, info.flat, t.lshape);
  return out;
}

/// Writes e (broadcast to dst's shape) into dst's elements, in dst's layout. With check_alias, goes
/// through a temporary when an operand reads dst's block at other positions.
template <class T, class E>
void assign_into(DNDarray<T>& dst, const E& e, bool check_alias) {
  check(broadcasts_to(e.shape(), dst.shape()), "cannot write a result of shape ", to_string(e.shape()),
        " into an array of shape ", to_string(dst.shape()));
  const eval_target t{dst.dist(), dst.comm(), dst.lshape(), dst.offset()};
  eval_info info;
  const auto ev = make_evaluator(e, t, info);
  const bool aliased = check_alias && !info.flat &&
                       std::find(info.reads.begin(), info.reads.end(), dst.local_view().data()) != info.reads.end();
  if (!aliased) {
    run_assign<T>(dst.local_view(), ev, info.flat, t.lshape);
    return;
  }
  local_view_t<T> tmp = ht::detail::uninitialized<T>("heat::expr::alias", dst.local_view().extent(0));
  run_assign<T>(tmp, ev, info.flat, t.lshape);
  Kokkos::deep_copy(dst.local_view(), tmp);
}

/// r = e: in place when e's result has r's shape and distribution (no
/// allocation), else r becomes the new result.
template <class T, class E>
void assign(DNDarray<T>& dst, const E& e) {
  const eval_target t = plan_target(e);
  if (t.dist == dst.dist() && t.comm == dst.comm())
    assign_into(dst, e, true);
  else
    dst = evaluate_as<T>(e);
}

}  // namespace detail

template <class V>
template <class F, class... A>
DNDarray<V>::DNDarray(const function_node<F, A...>& e) : DNDarray(detail::evaluate_as<V>(e)) {}

template <class V>
template <class F, class... A>
DNDarray<V>& DNDarray<V>::operator=(const function_node<F, A...>& e) {
  detail::assign(*this, e);
  return *this;
}

template <expression E>
DNDarray<typename E::value_type> eval(const E& e) {
  return detail::evaluate_as<typename E::value_type>(e);
}

template <class T>
class noalias_proxy {
 public:
  explicit noalias_proxy(DNDarray<T>& x) : m_x(x) {}
  template <expression E>
  DNDarray<T>& operator=(const E& e) {
    detail::assign_into(m_x, e, false);
    return m_x;
  }

 private:
  DNDarray<T>& m_x;
};

template <class T>
noalias_proxy<T> noalias(DNDarray<T>& x) {
  return noalias_proxy<T>(x);
}

template <class T, operand R>
DNDarray<T>& operator+=(DNDarray<T>& x, const R& r) {
  detail::assign_into(x, x + r, true);
  return x;
}
template <class T, operand R>
DNDarray<T>& operator-=(DNDarray<T>& x, const R& r) {
  detail::assign_into(x, x - r, true);
  return x;
}
template <class T, operand R>
DNDarray<T>& operator*=(DNDarray<T>& x, const R& r) {
  detail::assign_into(x, x * r, true);
  return x;
}
template <class T, operand R>
DNDarray<T>& operator/=(DNDarray<T>& x, const R& r) {
  detail::assign_into(x, x / r, true);
  return x;
}

}  // namespace ht

#endif
