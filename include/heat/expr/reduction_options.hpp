#ifndef HEAT_EXPR_REDUCTION_OPTIONS_HPP
#define HEAT_EXPR_REDUCTION_OPTIONS_HPP

// NumPy's options of the reductions, as trailing arguments after the axes
// (in any order, with ht::keepdims):
// - ht::initial(v) (sum, prod, min, max): the value every result starts
//   from, converted to the result type: sum adds it, prod multiplies by it,
//   min and max compare with it (a NaN element still wins). With it a min or
//   max over no elements is valid: its result is v.
// - ht::only_where(mask) (sum, prod, min, max, mean, all, any): only the
//   elements where mask holds, mask broadcast against the operand (NumPy's
//   where=). min and max need an initial with it, as NumPy's (ValueError: no
//   identity); mean divides by the count of selected elements (NaN where
//   none).
// - dtype: ht::sum<R>(e, ...), ht::prod<R>, ht::mean<R> reduce e converted
//   to R (ht::astype<R>(e), a lazy conversion fused into the kernel), e.g.
//   int32 summed as double; the options above combine with it.
// Split and communication are the plain reduction's (one collective when the
// split axis is reduced); the mask is fused into the same kernel. A masked
// mean is two fused reductions (values and counts); an empty min/max with
// an initial is one sum over no elements for its shape and split.
#include "heat/expr/expression.hpp"
#include "heat/expr/functors_numeric.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reductions.hpp"

#include <cstdint>
#include <type_traits>
#include <vector>

namespace ht {

/// NumPy's initial=: see the file's comment.
template <class V>
struct initial_t {
  V value;
};
template <class V>
requires std::is_arithmetic_v<V> initial_t<V> initial(V value) { return {value}; }

/// NumPy's where=: see the file's comment.
template <expression M>
struct only_where_t {
  M mask;
};
template <expression M>
only_where_t<M> only_where(const M& mask) {
  return {mask};
}

/// e converted to R elementwise, lazily (fused into the consuming kernel).
template <class R, expression E>
requires std::is_arithmetic_v<R>
auto astype(const E& e) { return detail::make_node<op::convert_to<R>>(e); }

namespace detail {

template <class T>
struct is_initial : std::false_type {};
template <class V>
struct is_initial<initial_t<V>> : std::true_type {};
template <class T>
struct is_only_where : std::false_type {};
template <class M>
struct is_only_where<only_where_t<M>> : std::true_type {};
template <class T>
struct is_keepdims : std::is_same<T, keepdims_t> {};

template <class T>
concept reduce_option = is_initial<T>::value || is_only_where<T>::value || is_keepdims<T>::value;
template <template <class> class Is, class... O>
inline constexpr int option_count = (0 + ... + int(Is<O>::value));
/// Whether ht::keepdims is among the options.
template <class... O>
inline constexpr bool keeps_dims = option_count<is_keepdims, O...> != 0;
/// The options of one call: each at most once, an initial or a mask among them.
template <class... O>
inline constexpr bool numpy_options = (reduce_option<O> && ...) && option_count<is_initial, O...> <= 1 &&
                                      option_count<is_only_where, O...> <= 1 && option_count<is_keepdims, O...> <= 1 &&
                                      (option_count<is_initial, O...> + option_count<is_only_where, O...>) > 0;

/// The option Is picks out of the pack (the pack holds it).
template <template <class> class Is, class First, class... Rest>
const auto& option(const First& first, const Rest&... rest) {
  if constexpr (Is<First>::value)
    return first;
  else
    return option<Is>(rest...);
}

/// The operand with the unselected elements replaced by fill (e itself
/// without a mask).
template <expression E, class Fill, class... O>
auto masked(const E& e, Fill fill, const O&... o) {
  if constexpr (option_count<is_only_where, O...> != 0)
    return where(option<is_only_where>(o...).mask, e, fill);
  else
    return e;
}

/// Whether the axes ax of an operand of this shape hold no element.
inline bool reduces_nothing(const shape_t& shape, const axes& ax) {
  const std::vector<bool> m = ax.mask(static_cast<std::int64_t>(shape.size()));
  for (std::size_t d = 0; d < shape.size(); ++d)
    if (m[d] && shape[d] == 0) return true;
  return false;
}

/// sum / prod with NumPy's options: the masked operand reduced, then the
/// initial added or multiplied.
template <bool Prod, expression E, class... O>
auto arithmetic_with(const E& e, const axes& ax, const O&... o) {
  using T = typename E::value_type;
  using Red = std::conditional_t<Prod, red_prod<T>, red_sum<T>>;
  constexpr bool keep = keeps_dims<O...>;
  const auto x = masked(e, T(Prod ? 1 : 0), o...);
  auto r = [&] {
    if constexpr (Prod)
      return reduce<red_prod>(x, ax, keep);
    else
      return reduce<red_sum>(x, ax, keep);
  }();
  if constexpr (option_count<is_initial, O...> != 0) {
    const auto v = static_cast<typename Red::result>(option<is_initial>(o...).value);
    if constexpr (Prod)
      r = eval(r * v);
    else
      r = eval(r + v);
  }
  return r;
}

/// min / max with an initial: the masked-out elements count as the initial,
/// which every result is compared with.
template <bool Max, expression E, class... O>
auto extreme_with(const E& e, const axes& ax, const O&... o) {
  using T = typename E::value_type;
  constexpr bool keep = keeps_dims<O...>;
  const T v = static_cast<T>(option<is_initial>(o...).value);
  const auto x = masked(e, v, o...);
  if (reduces_nothing(shape_of(x), ax)) return full_like(reduce<red_sum>(x, ax, keep).template astype<T>(), v);
  if constexpr (Max)
    return eval(maximum(reduce<red_max>(x, ax, keep), v));
  else
    return eval(minimum(reduce<red_min>(x, ax, keep), v));
}

/// The mean of the selected elements: their sum over their count (two
/// fused reductions).
template <expression E, class... O>
auto masked_mean(const E& e, const axes& ax, const O&... o) {
  using R = typename red_mean<typename E::value_type>::result;
  constexpr bool keep = keeps_dims<O...>;
  const auto& mask = option<is_only_where>(o...).mask;
  const auto total = reduce<red_sum>(where(mask, astype<R>(e), R(0)), ax, keep);
  const auto count = reduce<red_sum>(where(mask, make_node<op::one_each>(e), 0), ax, keep);
  return eval(total / astype<R>(count));
}

/// min and max: a mask needs an initial (NumPy: no identity), at compile time.
template <class... O>
inline constexpr bool extreme_options = numpy_options<O...>&& option_count<is_initial, O...> == 1;

/// mean / all / any take a mask only (NumPy's have no initial).
template <class... O>
inline constexpr bool mask_options = numpy_options<O...>&& option_count<is_initial, O...> == 0;

}  // namespace detail

// Each with the axes, or over all axes without them.
#define HEAT_REDUCTION_WITH_OPTIONS(NAME, RULE, ...)                           \
  template <expression E, class... O>                                          \
  requires detail::RULE<O...>                                                  \
  auto NAME(const E& e, const axes& ax, const O&... o) { return __VA_ARGS__; } \
  template <expression E, class... O>                                          \
  requires detail::RULE<O...>                                                  \
  auto NAME(const E& e, const O&... o) { return NAME(e, axes(none), o...); }

HEAT_REDUCTION_WITH_OPTIONS(sum, numpy_options, detail::arithmetic_with<false>(e, ax, o...))
HEAT_REDUCTION_WITH_OPTIONS(prod, numpy_options, detail::arithmetic_with<true>(e, ax, o...))
HEAT_REDUCTION_WITH_OPTIONS(max, extreme_options, detail::extreme_with<true>(e, ax, o...))
HEAT_REDUCTION_WITH_OPTIONS(min, extreme_options, detail::extreme_with<false>(e, ax, o...))
HEAT_REDUCTION_WITH_OPTIONS(mean, mask_options, detail::masked_mean(e, ax, o...))
HEAT_REDUCTION_WITH_OPTIONS(all, mask_options,
                            detail::reduce<detail::red_all>(detail::masked(astype<bool>(e), true, o...), ax,
                                                            detail::keeps_dims<O...>))
HEAT_REDUCTION_WITH_OPTIONS(any, mask_options,
                            detail::reduce<detail::red_any>(detail::masked(astype<bool>(e), false, o...), ax,
                                                            detail::keeps_dims<O...>))
#undef HEAT_REDUCTION_WITH_OPTIONS

// NumPy's dtype=: the reduction of e converted to R.
#define HEAT_REDUCTION_DTYPE(NAME)                                                                                    \
  template <class R, expression E, class... O>                                                                        \
  requires(std::is_arithmetic_v<R> && (detail::reduce_option<O> && ...)) auto NAME(const E& e, const axes& ax = none, \
                                                                                   const O&... o) {                   \
    return NAME(astype<R>(e), ax, o...);                                                                              \
  }

HEAT_REDUCTION_DTYPE(sum)
HEAT_REDUCTION_DTYPE(prod)
HEAT_REDUCTION_DTYPE(mean)
#undef HEAT_REDUCTION_DTYPE

}  // namespace ht

#endif
