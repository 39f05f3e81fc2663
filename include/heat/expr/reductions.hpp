#ifndef HEAT_EXPR_REDUCTIONS_HPP
#define HEAT_EXPR_REDUCTIONS_HPP

#include "heat/comm/collectives.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/expr/assign.hpp"
#include "heat/expr/expression.hpp"
#include "heat/expr/math.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reduce/epilogue.hpp"
#include "heat/expr/reduce/geometry.hpp"
#include "heat/expr/reduce/kernels.hpp"
#include "heat/expr/reduce/reducers.hpp"
#include "heat/expr/reduce/strategy.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
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

namespace detail {

/// Reduces e over the axes in `ax` with one kernel (heat/expr/reduce/: the
/// geometry, the backend's strategy, the kernel functors), then (only when
/// the split axis is reduced) one collective; returns the result array.
template <template <class> class RedOf, expression E>
DNDarray<typename RedOf<typename E::value_type>::result> reduce(const E& e, const axes& ax, bool keep,
                                                                std::int64_t ddof = 0) {
  using Red = RedOf<typename E::value_type>;
  const eval_target t = plan_target(e);
  const std::vector<bool> mask = ax.mask(static_cast<std::int64_t>(t.dist.gshape().size()));
  const reduce_geometry g = make_reduce_geometry(t, mask);
  check(!Red::needs_elements || g.n_global > 0, "zero-size array to reduction operation ", Red::name,
        " which has no identity");
  eval_info info;
  const auto ev = make_evaluator(e, t, info);
  reduce_plan plan;
  const auto partial = run_reduce_kernel<Red>(ev, g, info.flat, plan);
  if (device_kernels())
    return finish_on_backend<Red>(partial, plan.chunks, g, reduce_result_distribution(t, mask, keep), t.comm, ddof);
  const auto accs = join_partials<Red>(partial, g.n_out, plan.chunks);
  return finish_reduction<Red>(accs, g, reduce_result_distribution(t, mask, keep), t.comm, ddof);
}

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
/// argmin / argmax keeping the reduced axis with extent 1 (NumPy's keepdims).
template <expression E>
DNDarray<std::int64_t> argmin(const E& e, const axes& ax, keepdims_t) {
  detail::check(ax.all() || ax.count() == 1, "argmin takes one axis or none");
  return detail::reduce<detail::red_argmin>(e, ax, true);
}
template <expression E>
DNDarray<std::int64_t> argmax(const E& e, const axes& ax, keepdims_t) {
  detail::check(ax.all() || ax.count() == 1, "argmax takes one axis or none");
  return detail::reduce<detail::red_argmax>(e, ax, true);
}

/// The range max - min (NumPy's ptp): two reductions.
template <expression E>
auto ptp(const E& e, const axes& ax = none) {
  return eval(max(e, ax) - min(e, ax));
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

/// isclose everywhere (heat/expr/math.hpp: infinities equal to themselves,
/// NaN close to NaN only with equal_nan), on every rank.
template <expression A, expression B>
bool allclose(const A& a, const B& b, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) {
  return all(isclose(a, b, rtol, atol, equal_nan)).item();
}

/// Sum / product with NaN counted as 0 / 1 (NumPy's nansum, nanprod), fused.
template <expression E>
auto nansum(const E& e, const axes& ax = none) {
  return sum(where(isnan(e), 0, e), ax);
}
template <expression E>
auto nansum(const E& e, const axes& ax, keepdims_t k) {
  return sum(where(isnan(e), 0, e), ax, k);
}
template <expression E>
auto nanprod(const E& e, const axes& ax = none) {
  return prod(where(isnan(e), 1, e), ax);
}
template <expression E>
auto nanprod(const E& e, const axes& ax, keepdims_t k) {
  return prod(where(isnan(e), 1, e), ax, k);
}

/// The mean of the non-NaN elements (NaN where there are none): two fused reductions.
template <expression E>
auto nanmean(const E& e, const axes& ax = none) {
  return eval(sum(where(isnan(e), 0, e), ax) / sum(!isnan(e), ax));
}
/// The largest / smallest non-NaN element (NaN where there are none).
template <expression E>
auto nanmax(const E& e, const axes& ax = none) {
  using T = typename E::value_type;
  if constexpr (!std::is_floating_point_v<T>) {
    return max(e, ax);
  } else {
    const auto m = max(where(isnan(e), -std::numeric_limits<T>::infinity(), e), ax);
    return eval(where(sum(!isnan(e), ax) == 0, std::numeric_limits<T>::quiet_NaN(), m));
  }
}
template <expression E>
auto nanmin(const E& e, const axes& ax = none) {
  using T = typename E::value_type;
  if constexpr (!std::is_floating_point_v<T>) {
    return min(e, ax);
  } else {
    const auto m = min(where(isnan(e), std::numeric_limits<T>::infinity(), e), ax);
    return eval(where(sum(!isnan(e), ax) == 0, std::numeric_limits<T>::quiet_NaN(), m));
  }
}
/// The variance / standard deviation of the non-NaN elements, ddof as var's
/// (NaN where count - ddof <= 0).
template <expression E>
auto nanvar(const E& e, const axes& ax = none, std::int64_t ddof = 0) {
  const auto count = sum(!isnan(e), ax, keepdims);
  const auto mu = eval(sum(where(isnan(e), 0, e), ax, keepdims) / count);
  const auto squares = sum(where(isnan(e), 0, square(e - mu)), ax);
  const auto dof = eval(sum(!isnan(e), ax) - ddof);  // no degrees of freedom left: NaN, as NumPy's
  return eval(where(dof <= 0, std::numeric_limits<double>::quiet_NaN(), squares / dof));
}
template <expression E>
auto nanstd(const E& e, const axes& ax = none, std::int64_t ddof = 0) {
  return eval(sqrt(nanvar(e, ax, ddof)));
}

}  // namespace ht

#endif
