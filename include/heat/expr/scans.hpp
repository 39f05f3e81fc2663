#ifndef HEAT_EXPR_SCANS_HPP
#define HEAT_EXPR_SCANS_HPP

#include "heat/comm/collectives.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/expr/assign.hpp"
#include "heat/expr/expression.hpp"
#include "heat/expr/reductions.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <vector>

namespace ht {

/// Running sum along axis, same shape and distribution (integers and bool
/// accumulate in int64, as NumPy). Along the split axis each rank scans its
/// block, then adds the totals of the ranks before it: one Allgatherv of
/// one total per line.
template <expression E>
auto cumsum(const E& e, std::int64_t axis);
/// Running product along axis; as cumsum.
template <expression E>
auto cumprod(const E& e, std::int64_t axis);
/// cumsum / cumprod over the flattened array (NumPy's axis=None).
template <expression E>
auto cumsum(const E& e);
template <expression E>
auto cumprod(const E& e);

// ---------------------------------------------------------------------------

namespace detail {

/// (The return type is spelled out: nvcc refuses an extended device lambda
/// inside a function whose return type is deduced.)
template <bool Product, class E>
DNDarray<reducer::sum_t<typename E::value_type>> scan(const E& e, std::int64_t axis) {
  using T = typename E::value_type;
  using R = reducer::sum_t<T>;
  using U = reducer::wrap_t<T>;  // integers wrap around as NumPy's
  DNDarray<R> out = ht::eval(e).template astype<R>();
  const auto a = static_cast<std::size_t>(normalize_axis(axis, out.ndim()));
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < a; ++d) outer *= out.lshape()[d];
  for (std::size_t d = a + 1; d < out.lshape().size(); ++d) inner *= out.lshape()[d];
  const std::int64_t len = out.lshape()[a], lines = outer * inner;
  auto v = out.local_view();
  // One line per iteration: the running result along the axis.
  const local_view_t<R> totals = uninitialized<R>("heat::scan::totals", static_cast<std::size_t>(lines));
  Kokkos::parallel_for(
      "heat::expr::scan", Kokkos::RangePolicy<execution_space>(0, lines), KOKKOS_LAMBDA(const std::int64_t l) {
        const std::int64_t base = (l / inner) * len * inner + l % inner;
        U acc = Product ? U(1) : U(0);
        for (std::int64_t i = 0; i < len; ++i) {
          const std::int64_t k = base + i * inner;
          acc = Product ? acc * static_cast<U>(v(k)) : acc + static_cast<U>(v(k));
          v(k) = static_cast<R>(acc);
        }
        totals(l) = static_cast<R>(acc);
      });
  Kokkos::fence();
  if (!out.split() || static_cast<std::size_t>(*out.split()) != a || out.comm().size() == 1) return out;
  // Every rank's line totals; this rank's lines start from the ranks before it.
  const int p = out.comm().size(), me = out.comm().rank();
  const local_view_t<R> all = uninitialized<R>("heat::scan::all", static_cast<std::size_t>(lines * p));
  allgatherv(out.comm(), totals, all, std::vector<std::int64_t>(static_cast<std::size_t>(p), lines));
  Kokkos::parallel_for(
      "heat::expr::scan_offset", Kokkos::RangePolicy<execution_space>(0, lines), KOKKOS_LAMBDA(const std::int64_t l) {
        U before = Product ? U(1) : U(0);
        for (int r = 0; r < me; ++r) {
          const auto t = static_cast<U>(all(r * lines + l));
          before = Product ? before * t : before + t;
        }
        const std::int64_t base = (l / inner) * len * inner + l % inner;
        for (std::int64_t i = 0; i < len; ++i) {
          const std::int64_t k = base + i * inner;
          v(k) = static_cast<R>(Product ? before * static_cast<U>(v(k)) : before + static_cast<U>(v(k)));
        }
      });
  Kokkos::fence();
  return out;
}

}  // namespace detail

template <expression E>
auto cumsum(const E& e, std::int64_t axis) {
  return detail::scan<false>(e, axis);
}

template <expression E>
auto cumprod(const E& e, std::int64_t axis) {
  return detail::scan<true>(e, axis);
}

/// cumsum / cumprod of the flattened array (NumPy's axis=None): flatten's exchange, then the scan.
template <expression E>
auto cumsum(const E& e) {
  return detail::scan<false>(flatten(eval(e)), 0);
}
template <expression E>
auto cumprod(const E& e) {
  return detail::scan<true>(flatten(eval(e)), 0);
}

}  // namespace ht

#endif
