#ifndef HEAT_EXPR_BRIDGE_HPP
#define HEAT_EXPR_BRIDGE_HPP

#include "heat/core/dndarray.hpp"
#include "heat/core/host.hpp"
#include "heat/expr/expression.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xscalar.hpp>
#include <xtensor/xstrided_view.hpp>

#include <cstdint>
#include <tuple>
#include <vector>

namespace ht {

/// This rank's block of the result of e as a lazy xtensor expression on the
/// host, computed by the same operation structs as the kernels. Operands
/// whose layout does not fit are moved first (collective, like ht::eval);
/// the others are read in place (a host copy on device memory). The
/// expression keeps the blocks it reads alive.
template <expression E>
auto local_xexpression(const E& e);

// ---------------------------------------------------------------------------

namespace detail {

template <class T>
auto to_xexpression(const DNDarray<T>& x, const eval_target& t) {
  const fitted<T> f = fit_operand(x, t);
  auto host = ht::detail::host_copy(f.src.local_view());
  std::vector<std::size_t> shape(f.src.lshape().begin(), f.src.lshape().end());
  auto block = xt::adapt(host.data(), host.extent(0), xt::no_ownership(), shape);
  // A replicated operand under a split target: this rank's rows of it.
  xt::xstrided_slice_vector sv(shape.size(), xt::all());
  if (f.global_rows) {
    const auto s = static_cast<std::size_t>(*t.dist.split());
    sv[static_cast<std::size_t>(f.axis)] = xt::range(t.offset, t.offset + t.lshape[s]);
  }
  // The identity, holding the block's View so the data outlives the caller's handle.
  return xt::make_lambda_xfunction(
      [keep = host](T v) -> T {
        (void)keep;
        return v;
      },
      xt::strided_view(std::move(block), sv));
}

template <class T>
auto to_xexpression(const scalar_node<T>& x, const eval_target&) {
  return xt::xscalar<T>(x.value);
}

template <class F, class... A>
auto to_xexpression(const function_node<F, A...>& e, const eval_target& t) {
  using node = function_node<F, A...>;
  using R = typename node::value_type;
  using C = typename node::operand_type;
  return std::apply(
      [&](const auto&... a) {
        // Braced initialisation keeps the operands' (collective) moves in order.
        auto args = std::tuple{to_xexpression(a, t)...};
        return std::apply(
            [](auto&&... x) {
              if constexpr (sizeof...(A) == 3)  // where: the condition as bool
                return xt::make_lambda_xfunction(
                    [](auto c, auto u, auto w) -> R {
                      return static_cast<R>(F{}(static_cast<bool>(c), static_cast<C>(u), static_cast<C>(w)));
                    },
                    std::move(x)...);
              else
                return xt::make_lambda_xfunction(
                    [](auto... v) -> R { return static_cast<R>(F{}(static_cast<C>(v)...)); }, std::move(x)...);
            },
            std::move(args));
      },
      e.args());
}

}  // namespace detail

template <expression E>
auto local_xexpression(const E& e) {
  return detail::to_xexpression(e, detail::plan_target(e));
}

}  // namespace ht

#endif
