#ifndef HEAT_CORE_STATISTICS_COUNTS_HPP
#define HEAT_CORE_STATISTICS_COUNTS_HPP

/// The definitions of heat/core/statistics.hpp's bincount, histc,
/// histogram, digitize and bucketize (their contract is there): counts are
/// made on each rank's block on the host and summed by one Allreduce; bin
/// indices are one kernel over the block with the bins replicated.

#include "heat/core/statistics.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace ht {

namespace detail {

/// A 1-D array's elements on the host of every rank (an Allgatherv when split).
template <class T>
std::vector<T> whole_vector(const DNDarray<T>& x) {
  const DNDarray<T> w = x.split() ? resplit(x, none) : x;
  const auto h = host_block(w);
  return std::vector<T>(h.data(), h.data() + w.lsize());
}

/// Per-rank values summed over the ranks when x is split (one Allreduce).
template <class V, class T>
std::vector<V> summed(const DNDarray<T>& x, std::vector<V> local, reduce_op op = reduce_op::sum) {
  if (x.split() && !local.empty())
    allreduce(x.comm(), Kokkos::View<V*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(local.data(), local.size()), op);
  return local;
}

/// bincount's length (the largest value + 1, at least minlength), agreed with
/// whether any value is negative (one Allreduce).
template <class T>
std::int64_t bincount_length(const DNDarray<T>& x, std::int64_t minlength) {
  static_assert(std::is_integral_v<T>, "bincount counts integers");
  check(x.ndim() == 1, "bincount: the input must be 1-D, got shape ", to_string(x.shape()));
  check(minlength >= 0, "bincount: minlength must be non-negative");
  const auto h = host_block(x);
  std::vector<std::int64_t> top{-1, 0};  // the largest value, whether one is negative
  for (std::int64_t i = 0; i < x.lsize(); ++i) {
    top[0] = std::max(top[0], static_cast<std::int64_t>(h(i)));
    if constexpr (std::is_signed_v<T>)
      if (h(i) < 0) top[1] = 1;
  }
  top = summed(x, top, reduce_op::max);
  check(top[1] == 0, "bincount: the input must have no negative elements");
  return std::max(top[0] + 1, minlength);
}

/// counts as a replicated 1-D array on x's communicator.
template <class V, class T>
DNDarray<V> replicated_vector(const DNDarray<T>& x, const std::vector<V>& values) {
  host_result<V> out(distribution({static_cast<std::int64_t>(values.size())}, none, x.comm().size(), {}), x.comm());
  std::copy(values.begin(), values.end(), out.data());
  return out.finish();
}

/// The smallest and largest non-NaN value over all ranks, and whether a NaN was seen.
template <class T>
std::vector<double> agreed_extremes(const DNDarray<T>& x) {
  const auto h = host_block(x);
  std::vector<double> e{-std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 0};
  for (std::int64_t i = 0; i < x.lsize(); ++i) {
    const auto v = static_cast<double>(h(i));
    if (v != v) {
      e[2] = 1;
      continue;
    }
    e[0] = std::max(e[0], -v);
    e[1] = std::max(e[1], v);
  }
  e = summed(x, e, reduce_op::max);
  return {-e[0], e[1], e[2]};
}

/// The number of bins strictly below v (left) or at most v (right) in
/// increasing bins b[0, n); NaN after all.
template <class C>
KOKKOS_INLINE_FUNCTION std::int64_t search_sorted(const C* b, std::int64_t n, C v, bool right) {
  if (v != v) return n;
  std::int64_t lo = 0, hi = n;
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (right ? !(v < b[mid]) : b[mid] < v)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/// 1 when b increases, -1 when it decreases (not increasing), 0 otherwise (NumPy's _monotonicity).
template <class C>
int monotonicity(const std::vector<C>& b) {
  bool up = true, down = true;
  for (std::size_t i = 1; i < b.size(); ++i) {
    up = up && b[i - 1] <= b[i];
    down = down && b[i - 1] >= b[i];
  }
  return up ? 1 : (down ? -1 : 0);
}

/// A 1-D array of bins on every rank's host, in the comparison type C.
template <class C, class B>
std::vector<C> bins_of(const DNDarray<B>& bins, const char* who) {
  check(bins.ndim() == 1, who, ": bins must be 1-dimensional");
  std::vector<C> b;
  for (const B v : whole_vector(bins)) b.push_back(static_cast<C>(v));
  return b;
}

/// For each element, search_sorted in the increasing bins b (reversed: n - the count).
template <class T, class C>
DNDarray<std::int64_t> bin_indices(const DNDarray<T>& x, const std::vector<C>& b, bool right, bool reversed) {
  local_view_t<C> bins(std::string("heat::digitize::bins"), b.size());
  copy_from_host(bins, b.data(), b.size());
  DNDarray<std::int64_t> out(x.dist(), x.comm());
  auto src = x.local_view();
  auto dst = out.local_view();
  const auto n = static_cast<std::int64_t>(b.size());
  Kokkos::parallel_for(
      "heat::core::digitize", Kokkos::RangePolicy<execution_space>(0, x.lsize()), KOKKOS_LAMBDA(const std::int64_t i) {
        const std::int64_t k = search_sorted(bins.data(), n, static_cast<C>(src(i)), right);
        dst(i) = reversed ? n - k : k;
      });
  Kokkos::fence();
  return out;
}

}  // namespace detail

template <class T>
DNDarray<std::int64_t> bincount(const DNDarray<T>& x, std::int64_t minlength) {
  const std::int64_t len = detail::bincount_length(x, minlength);
  std::vector<std::int64_t> counts(static_cast<std::size_t>(len), 0);
  const auto h = detail::host_block(x);
  for (std::int64_t i = 0; i < x.lsize(); ++i) ++counts[static_cast<std::size_t>(h(i))];
  return detail::replicated_vector(x, detail::summed(x, std::move(counts)));
}

template <class T, class W>
DNDarray<double> bincount(const DNDarray<T>& x, const DNDarray<W>& weights, std::int64_t minlength) {
  detail::check(weights.shape() == x.shape(), "bincount: the weights and list don't have the same length");
  detail::check(weights.comm() == x.comm(), "operands live on different communicators");
  const std::int64_t len = detail::bincount_length(x, minlength);
  const auto wv = detail::redistribute(x.comm(), weights.local_view(), weights.dist(), x.dist());
  const auto wh = detail::host_copy(wv);
  const auto h = detail::host_block(x);
  std::vector<double> sums(static_cast<std::size_t>(len), 0.0);
  for (std::int64_t i = 0; i < x.lsize(); ++i) sums[static_cast<std::size_t>(h(i))] += static_cast<double>(wh(i));
  return detail::replicated_vector(x, detail::summed(x, std::move(sums)));
}

template <class T>
DNDarray<T> histc(const DNDarray<T>& x, std::int64_t bins, double min, double max) {
  static_assert(std::is_floating_point_v<T>, "histc takes float or double arrays");
  detail::check(bins > 0, "histc: bins must be > 0, got ", bins);
  detail::check(min <= max, "histc: max must be larger than min");
  if (min == max && x.size() > 0) {
    const auto e = detail::agreed_extremes(x);
    min = e[0];
    max = e[1];
  }
  if (min == max) {
    min -= 1;
    max += 1;
  }
  const T lo = static_cast<T>(min), hi = static_cast<T>(max), nb = static_cast<T>(bins);
  std::vector<T> counts(static_cast<std::size_t>(bins), T(0));
  const auto h = detail::host_block(x);
  for (std::int64_t i = 0; i < x.lsize(); ++i) {
    const T v = h(i);
    if (!(v >= lo && v <= hi)) continue;
    auto pos = static_cast<std::int64_t>((v - lo) * nb / (hi - lo));
    if (pos == bins) --pos;
    counts[static_cast<std::size_t>(pos)] += T(1);
  }
  return detail::replicated_vector(x, detail::summed(x, std::move(counts)));
}

template <class T>
histogram_result<quantile_t<T>> histogram(const DNDarray<T>& x, std::int64_t bins,
                                          std::optional<std::pair<double, double>> range) {
  using R = quantile_t<T>;
  detail::check(bins > 0, "histogram: `bins` must be positive, when an integer");
  double first = 0, last = 1;
  if (range) {
    std::tie(first, last) = *range;
    detail::check(first <= last, "histogram: max must be larger than min in range parameter");
    detail::check(std::isfinite(first) && std::isfinite(last), "histogram: supplied range of [", first, ", ", last,
                  "] is not finite");
  } else if (x.size() > 0) {
    const auto e = detail::agreed_extremes(x);
    detail::check(e[2] == 0, "histogram: autodetected range of [nan, nan] is not finite");
    first = e[0];
    last = e[1];
  }
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  // NumPy's edges: linspace in double, then the bin type; the last edge exactly `last`.
  const R f = static_cast<R>(first), l = static_cast<R>(last);
  const double step = (last - first) / static_cast<double>(bins);
  std::vector<R> edges(static_cast<std::size_t>(bins + 1));
  for (std::int64_t i = 0; i <= bins; ++i)
    edges[static_cast<std::size_t>(i)] = static_cast<R>(static_cast<double>(i) * step + first);
  edges.back() = l;
  std::vector<std::int64_t> counts(static_cast<std::size_t>(bins), 0);
  const auto h = detail::host_block(x);
  for (std::int64_t i = 0; i < x.lsize(); ++i) {
    const auto v = static_cast<R>(h(i));
    if (!(v >= f && v <= l)) continue;
    auto k = static_cast<std::int64_t>((v - f) / (l - f) * static_cast<R>(bins));
    if (k == bins) --k;
    if (v < edges[static_cast<std::size_t>(k)]) --k;
    if (v >= edges[static_cast<std::size_t>(k + 1)] && k != bins - 1) ++k;
    ++counts[static_cast<std::size_t>(k)];
  }
  return {detail::replicated_vector(x, detail::summed(x, std::move(counts))), detail::replicated_vector(x, edges)};
}

template <class T, class B>
DNDarray<std::int64_t> digitize(const DNDarray<T>& x, const DNDarray<B>& bins, bool right) {
  std::vector<promote_t<T, B>> b = detail::bins_of<promote_t<T, B>>(bins, "digitize");
  const int mono = detail::monotonicity(b);
  detail::check(mono != 0, "digitize: bins must be monotonically increasing or decreasing");
  if (mono == -1) std::reverse(b.begin(), b.end());
  return detail::bin_indices(x, b, !right, mono == -1);
}

template <class T, class B>
DNDarray<std::int64_t> bucketize(const DNDarray<T>& x, const DNDarray<B>& boundaries, bool right) {
  const std::vector<promote_t<T, B>> b = detail::bins_of<promote_t<T, B>>(boundaries, "bucketize");
  detail::check(detail::monotonicity(b) == 1, "bucketize: boundaries must be monotonically increasing");
  return detail::bin_indices(x, b, right, false);
}

}  // namespace ht

#endif
