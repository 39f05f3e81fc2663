#ifndef HEAT_CORE_QUANTILES_HPP
#define HEAT_CORE_QUANTILES_HPP

/// median, percentile and quantile (NumPy's, HeAT's) by distributed
/// selection (heat/core/selection.hpp's radix select), never a sort.
///
/// Contract:
/// - q in [0, 100] (percentile) or [0, 1] (quantile); NumPy's default
///   'linear' method: position p = q (n - 1), the values of ranks floor(p)
///   and floor(p) + 1 joined by NumPy's _lerp; median: the middle value, or
///   the mean of the middle two. The values are exact order statistics:
///   the result is the same at every rank count and split.
/// - axis = none: over all elements; an axis: along it. A vector q puts its
///   axis first in the result (NumPy's shape); keepdims keeps the reduced
///   axis with extent 1.
/// - The result's type: x's for float and double, double for integers
///   (which the selection orders as doubles: exact up to 2^53).
/// - A set with a NaN gives NaN (NumPy's); an empty set gives NaN.
/// - Communication: when the reduced values span ranks (axis none on a
///   split array, or the split axis), one Allreduce of the NaN flags and 13
///   to 16 Allreduces of the selection's histograms (the first of sets x 2^w
///   counts, w = 4 to 16, wider for large sets; then targets x 16 counts);
///   the result is replicated. Along a non-split axis: none, and the result is
///   split as x's other axes were.
/// - q outside its range, or an axis out of range: ValueError on every rank
///   before any message.

#include "heat/comm/collectives.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/rearranging.hpp"
#include "heat/core/selection.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace ht {

/// The element type of a median or percentile of T.
template <class T>
using quantile_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

/// The values at fractions q (each in [0, 1]) of the sorted values, NumPy's 'linear' method.
template <class T>
DNDarray<quantile_t<T>> quantile(const DNDarray<T>& x, const std::vector<double>& q, split_t axis = none,
                                 bool keepdims = false);
template <class T>
DNDarray<quantile_t<T>> quantile(const DNDarray<T>& x, double q, split_t axis = none, bool keepdims = false);
/// quantile of q / 100 (q in [0, 100]).
template <class T>
DNDarray<quantile_t<T>> percentile(const DNDarray<T>& x, const std::vector<double>& q, split_t axis = none,
                                   bool keepdims = false);
template <class T>
DNDarray<quantile_t<T>> percentile(const DNDarray<T>& x, double q, split_t axis = none, bool keepdims = false);
/// The middle value, or the mean of the middle two.
template <class T>
DNDarray<quantile_t<T>> median(const DNDarray<T>& x, split_t axis = none, bool keepdims = false);

// ---------------------------------------------------------------------------

namespace detail {

/// NumPy's _lerp: a + (b - a) t, from b's side for t >= 0.5.
inline double lerp(double a, double b, double t) {
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/// The sets a selection runs over: x with the reduced axis first (rows),
/// this rank's block as rows x d, whether the sets span ranks, and the
/// result's layout (the reduced axis removed).
template <class T>
struct order_sets {
  DNDarray<T> data;
  std::int64_t n = 0, rows = 0, d = 0;
  bool spans = false;
  shape_t shape;
  split_t split = none;
  std::vector<std::int64_t> counts;
};

template <class T>
order_sets<T> order_sets_of(const DNDarray<T>& x, split_t axis) {
  if (!axis) return {x, x.size(), x.lsize(), 1, x.split().has_value(), {}, none, {}};
  const std::int64_t ax = normalize_axis(*axis, x.ndim());
  const DNDarray<T> m = ax == 0 ? x : moveaxis(x, ax, 0);
  order_sets<T> s{m, m.shape()[0], m.lshape()[0], 1, m.split() == split_t{0}, m.shape(), none, {}};
  for (std::size_t k = 1; k < m.lshape().size(); ++k) s.d *= m.lshape()[k];
  s.shape.erase(s.shape.begin());
  if (m.split() && !s.spans) {
    s.split = *m.split() - 1;
    s.counts = m.dist().counts();
  }
  return s;
}

/// Per set (column), whether it holds a NaN (agreed over the ranks the sets span).
template <class T>
std::vector<std::int64_t> nan_sets(const order_sets<T>& s, const T* block) {
  const auto flags = host_buffer<std::int64_t>("heat::quantile::nan", static_cast<std::size_t>(s.d));
  for (std::int64_t j = 0; j < s.d; ++j) flags(j) = 0;
  if constexpr (std::is_floating_point_v<T>)
    for (std::int64_t i = 0; i < s.rows; ++i)
      for (std::int64_t j = 0; j < s.d; ++j)
        if (std::isnan(block[i * s.d + j])) flags(j) = 1;
  if (s.spans) allreduce(s.data.comm(), flags, reduce_op::max);
  return std::vector<std::int64_t>(flags.data(), flags.data() + s.d);
}

/// The result array: [nq] + the reduced shape (keepdims: extent 1 at the
/// reduced axes), laid out as s says, filled from value(qi, j).
template <class R, class T, class F>
DNDarray<R> quantile_result(const DNDarray<T>& x, const order_sets<T>& s, split_t axis, std::int64_t nq, bool vector_q,
                            bool keepdims, F&& value) {
  shape_t shape = s.shape;
  split_t split = s.split;
  if (keepdims) {
    if (axis) {
      const std::int64_t ax = normalize_axis(*axis, x.ndim());
      shape.insert(shape.begin() + ax, 1);
      if (split && *split >= ax) split = *split + 1;
    } else {
      shape.assign(static_cast<std::size_t>(x.ndim()), 1);
    }
  }
  if (vector_q) {
    shape.insert(shape.begin(), nq);
    if (split) split = *split + 1;
  }
  host_result<R> out(distribution(shape, split, x.comm().size(), s.counts), x.comm());
  for (std::int64_t qi = 0; qi < nq; ++qi)
    for (std::int64_t j = 0; j < s.d; ++j) out.data()[qi * s.d + j] = static_cast<R>(value(qi, j));
  return out.finish();
}

/// The order statistics of ranks[h] in every set: d x ranks.size() values (row-major).
template <class T>
std::vector<double> order_statistics(const order_sets<T>& s, const T* block, const std::vector<std::int64_t>& ranks) {
  const auto per = static_cast<std::int64_t>(ranks.size());
  std::vector<std::int64_t> all(static_cast<std::size_t>(s.d * per));
  for (std::int64_t j = 0; j < s.d; ++j)
    for (std::int64_t h = 0; h < per; ++h) all[j * per + h] = ranks[h];
  return select_ranks(
      block, s.rows, s.d, 1, [](std::int64_t) { return std::int64_t{0}; }, std::move(all), per,
      [&](const auto& hist) {
        if (s.spans) allreduce(s.data.comm(), hist, reduce_op::sum);
      });
}

/// quantile and median: `median` picks NumPy's mean of the middle two.
template <class T>
DNDarray<quantile_t<T>> quantiles(const DNDarray<T>& x, const std::vector<double>& q, split_t axis, bool keepdims,
                                  bool vector_q, bool median) {
  for (const double f : q) check(f >= 0 && f <= 1, "Quantiles must be in the range [0, 1], got ", f);
  if (axis) normalize_axis(*axis, x.ndim());
  const order_sets<T> s = order_sets_of(x, axis);
  const auto nq = static_cast<std::int64_t>(q.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  using R = quantile_t<T>;
  if (s.n == 0) return quantile_result<R>(x, s, axis, nq, vector_q, keepdims, [&](auto, auto) { return nan; });
  std::vector<std::int64_t> ranks;
  std::vector<double> gamma;
  for (const double f : q) {
    const double pos = static_cast<double>(s.n - 1) * f;
    const auto below = static_cast<std::int64_t>(std::floor(pos));
    gamma.push_back(pos - static_cast<double>(below));
    ranks.push_back(below);
    ranks.push_back(std::min(below + 1, s.n - 1));
  }
  const auto block = host_block(s.data);
  const std::vector<std::int64_t> has_nan = nan_sets(s, block.data());
  const std::vector<double> v = order_statistics(s, block.data(), ranks);
  const auto per = static_cast<std::int64_t>(ranks.size());
  return quantile_result<R>(x, s, axis, nq, vector_q, keepdims, [&](std::int64_t qi, std::int64_t j) {
    if (has_nan[static_cast<std::size_t>(j)]) return nan;
    const double a = v[j * per + 2 * qi], b = v[j * per + 2 * qi + 1];
    if (median) return gamma[static_cast<std::size_t>(qi)] == 0 ? a : (a + b) / 2;
    return lerp(a, b, gamma[static_cast<std::size_t>(qi)]);
  });
}

}  // namespace detail

template <class T>
DNDarray<quantile_t<T>> quantile(const DNDarray<T>& x, const std::vector<double>& q, split_t axis, bool keepdims) {
  return detail::quantiles(x, q, axis, keepdims, true, false);
}
template <class T>
DNDarray<quantile_t<T>> quantile(const DNDarray<T>& x, double q, split_t axis, bool keepdims) {
  return detail::quantiles(x, {q}, axis, keepdims, false, false);
}

template <class T>
DNDarray<quantile_t<T>> percentile(const DNDarray<T>& x, const std::vector<double>& q, split_t axis, bool keepdims) {
  std::vector<double> f;
  for (const double p : q) {
    detail::check(p >= 0 && p <= 100, "Percentiles must be in the range [0, 100], got ", p);
    f.push_back(p / 100);
  }
  return detail::quantiles(x, f, axis, keepdims, true, false);
}
template <class T>
DNDarray<quantile_t<T>> percentile(const DNDarray<T>& x, double q, split_t axis, bool keepdims) {
  detail::check(q >= 0 && q <= 100, "Percentiles must be in the range [0, 100], got ", q);
  return detail::quantiles(x, {q / 100}, axis, keepdims, false, false);
}

template <class T>
DNDarray<quantile_t<T>> median(const DNDarray<T>& x, split_t axis, bool keepdims) {
  return detail::quantiles(x, {0.5}, axis, keepdims, false, true);
}

}  // namespace ht

#endif
