#ifndef HEAT_CORE_STATISTICS_HPP
#define HEAT_CORE_STATISTICS_HPP

/// HeAT's statistics beyond the reductions of heat/expr/reductions.hpp
/// (mean, var, std, min, max) and the quantiles of heat/core/quantiles.hpp:
/// weighted averages, moments, counts and histograms, bin indices.
///
/// Contract:
/// - average(x, weights, axis): NumPy's: weights of x's shape, or 1-D along
///   axis; sum(x * w) / sum(w), fused; a zero sum of weights is a
///   ValueError on every rank (NumPy: ZeroDivisionError). Computed in the
///   promoted floating type (integers in float_result_t).
/// - skew / kurtosis: HeAT's (= scipy.stats' with bias = not unbiased):
///   moments about the mean m2, m3, m4 (each one reduction and, along the
///   split axis, one Allreduce); unbiased applies the k-statistics
///   correction; fischer subtracts 3. A constant set gives NaN (0 / 0).
/// - bincount (integers >= 0, optional weights): NumPy's; one Allreduce
///   agrees on the largest value (and any negative one: ValueError on every
///   rank), one sums the counts; the result is replicated.
/// - histc: torch's/HeAT's: `bins` equal bins over [min, max] (both 0: the
///   data's extremes, one Allreduce; equal: widened by 1 each side), values
///   outside and NaN ignored, the counts as x's type, replicated.
/// - histogram: NumPy's equal-width bins (range or the data's extremes;
///   equal extremes widened by 0.5 each side), NumPy's edges (linspace in
///   double, stored in the bin type: x's float type, double for integers) and its bin choice
///   (the last bin closed); returns {counts (int64), edges}, replicated.
/// - digitize (NumPy's) / bucketize (torch's): the index of each element's
///   bin among monotonic `bins` (digitize: increasing or decreasing;
///   bucketize: increasing), elementwise in one kernel: the result has x's
///   distribution; `bins` is replicated first when split (Allgatherv).
///   Non-monotonic bins: ValueError on every rank.

#include "heat/comm/collectives.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/quantiles.hpp"
#include "heat/expr/math.hpp"
#include "heat/expr/reductions.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht {

namespace detail {
inline axes axes_of(split_t axis) { return axis ? axes(*axis) : axes(none); }
}  // namespace detail

/// The weighted average along axis (all elements with none); without weights, the mean.
template <class T, class W>
auto average(const DNDarray<T>& x, const DNDarray<W>& weights, split_t axis = none) {
  DNDarray<W> w = weights;
  if (w.shape() != x.shape()) {
    detail::check<TypeError>(axis.has_value(), "average: axis must be specified when shapes of a and weights differ");
    detail::check<TypeError>(w.ndim() == 1, "average: 1D weights expected when shapes of a and weights differ");
    const std::int64_t ax = normalize_axis(*axis, x.ndim());
    detail::check(w.shape()[0] == x.shape()[static_cast<std::size_t>(ax)],
                  "average: length of weights not compatible with specified axis");
    for (std::int64_t d = 0; d < ax; ++d) w = expand_dims(w, 0);
    while (w.ndim() < x.ndim()) w = expand_dims(w, w.ndim());
  }
  const axes ax = detail::axes_of(axis);
  const auto den = sum(w, ax);
  detail::check(!any(den == 0).item(), "average: weights sum to zero, can't be normalized");
  // 1-D weights: den has extent-1 axes, broadcast against the sums.
  return eval(sum(detail::make_node<op::to_floating>(x) * w, ax) / den);
}
template <class T>
auto average(const DNDarray<T>& x, split_t axis = none) {
  return mean(x, detail::axes_of(axis));
}

/// The sample skewness along axis (all elements with none), HeAT's.
template <class T>
auto skew(const DNDarray<T>& x, split_t axis = none, bool unbiased = true) {
  const axes ax = detail::axes_of(axis);
  const auto n =
      static_cast<double>(axis ? x.shape()[static_cast<std::size_t>(normalize_axis(*axis, x.ndim()))] : x.size());
  const auto mu = mean(x, ax, keepdims);
  const auto m2 = mean(square(x - mu), ax);
  const auto m3 = mean(square(x - mu) * (x - mu), ax);
  const double coeff = unbiased ? std::sqrt(n * (n - 1)) / (n - 2) : 1.0;
  return eval(m3 / pow(m2, 1.5) * coeff);
}

/// The sample kurtosis along axis, HeAT's (Fischer's: minus 3).
template <class T>
auto kurtosis(const DNDarray<T>& x, split_t axis = none, bool unbiased = true, bool fischer = true) {
  const axes ax = detail::axes_of(axis);
  const auto n =
      static_cast<double>(axis ? x.shape()[static_cast<std::size_t>(normalize_axis(*axis, x.ndim()))] : x.size());
  const auto mu = mean(x, ax, keepdims);
  const auto m2 = mean(square(x - mu), ax);
  const auto m4 = mean(square(square(x - mu)), ax);
  const auto g = m4 / square(m2);
  const double shift = fischer ? 3.0 : 0.0;
  if (!unbiased) return eval(g - shift);
  return eval((n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g - 3 * (n - 1)) + (3.0 - shift));
}

/// Occurrences of each value 0, 1, ... in a 1-D array of non-negative integers.
template <class T>
DNDarray<std::int64_t> bincount(const DNDarray<T>& x, std::int64_t minlength = 0);
/// The weights of each value's occurrences summed (float64).
template <class T, class W>
DNDarray<double> bincount(const DNDarray<T>& x, const DNDarray<W>& weights, std::int64_t minlength = 0);

/// torch's histc (HeAT's): counts of `bins` equal bins over [min, max].
template <class T>
DNDarray<T> histc(const DNDarray<T>& x, std::int64_t bins = 100, double min = 0, double max = 0);

/// NumPy's histogram: the counts and the bin edges.
template <class R>
struct histogram_result {
  DNDarray<std::int64_t> hist;
  DNDarray<R> bin_edges;
};
template <class T>
histogram_result<quantile_t<T>> histogram(const DNDarray<T>& x, std::int64_t bins = 10,
                                          std::optional<std::pair<double, double>> range = std::nullopt);

/// NumPy's digitize: the index i of each element's bin (bins[i-1] <= x <
/// bins[i] for increasing bins; right: bins[i-1] < x <= bins[i]).
template <class T, class B>
DNDarray<std::int64_t> digitize(const DNDarray<T>& x, const DNDarray<B>& bins, bool right = false);
/// torch's bucketize: boundaries[i-1] < x <= boundaries[i] (right:
/// boundaries[i-1] <= x < boundaries[i]); increasing boundaries.
template <class T, class B>
DNDarray<std::int64_t> bucketize(const DNDarray<T>& x, const DNDarray<B>& boundaries, bool right = false);

}  // namespace ht

#include "heat/core/statistics_counts.hpp"

#endif
