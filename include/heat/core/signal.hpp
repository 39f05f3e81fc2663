#ifndef HEAT_CORE_SIGNAL_HPP
#define HEAT_CORE_SIGNAL_HPP

/// HeAT's and NumPy's convolve: the discrete linear convolution of two 1-D arrays.
///
/// Contract:
/// - NumPy's modes: "full" (n + m - 1 values), "same" (max(n, m), centred:
///   the full result from (min(n, m) - 1) / 2 on), "valid" (max(n, m) -
///   min(n, m) + 1); the longer operand is the signal, the shorter the
///   kernel (NumPy swaps them), both in the promoted type.
/// - The kernel is replicated (one Allgatherv when split: it is the short
///   one). A split signal gives a result split 0, balanced; each rank asks
///   for the signal values its block needs (its own range and m - 1 before
///   it) with take's exchange. A replicated signal: a replicated result, no
///   message.
/// - Empty operands or an unknown mode: ValueError on every rank.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/statistics_counts.hpp"
#include "heat/core/take.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace ht {

namespace detail {

/// The signal indices rank r's block of the result needs: [lo - (m - 1), hi) of the full result, within [0, n).
inline std::pair<std::int64_t, std::int64_t> signal_range(std::int64_t first, std::int64_t count, std::int64_t m,
                                                          std::int64_t n) {
  if (count == 0) return {0, 0};
  return {std::clamp<std::int64_t>(first - (m - 1), 0, n), std::clamp<std::int64_t>(first + count, 0, n)};
}

/// The signal values this rank needs (all of a replicated signal), and the first one's index.
template <class P>
std::pair<std::vector<P>, std::int64_t> signal_values(const DNDarray<P>& s, const distribution& out, std::int64_t start,
                                                      std::int64_t m) {
  const std::int64_t n = s.shape()[0];
  if (!s.split()) return {whole_vector(s), 0};
  const int p = s.comm().size();
  std::vector<std::int64_t> counts(static_cast<std::size_t>(p));
  std::vector<std::int64_t> mine;
  std::int64_t first = 0;
  for (int r = 0; r < p; ++r) {
    const auto [lo, hi] = signal_range(start + out.offset(r), out.counts()[static_cast<std::size_t>(r)], m, n);
    counts[static_cast<std::size_t>(r)] = hi - lo;
    if (r == s.comm().rank()) {
      first = lo;
      for (std::int64_t i = lo; i < hi; ++i) mine.push_back(i);
    }
  }
  host_result<std::int64_t> idx(
      distribution({std::accumulate(counts.begin(), counts.end(), std::int64_t{0})}, 0, p, counts), s.comm());
  std::copy(mine.begin(), mine.end(), idx.data());
  const DNDarray<P> got = take(s, idx.finish(), 0);
  const auto h = host_block(got);
  return {std::vector<P>(h.data(), h.data() + got.lsize()), first};
}

}  // namespace detail

template <class TA, class TV>
DNDarray<promote_t<TA, TV>> convolve(const DNDarray<TA>& a, const DNDarray<TV>& v, const std::string& mode = "full") {
  using P = promote_t<TA, TV>;
  detail::check(a.ndim() == 1 && v.ndim() == 1, "convolve: only 1-D arrays are supported, got shapes ",
                to_string(a.shape()), " and ", to_string(v.shape()));
  detail::check(a.size() > 0, "convolve: a cannot be empty");
  detail::check(v.size() > 0, "convolve: v cannot be empty");
  detail::check(mode == "full" || mode == "same" || mode == "valid",
                "convolve: mode must be 'full', 'same' or "
                "'valid', got '",
                mode, "'");
  const bool swap = v.size() > a.size();
  const DNDarray<P> s = swap ? v.template astype<P>() : a.template astype<P>();
  const std::vector<P> k = detail::whole_vector(swap ? a.template astype<P>() : v.template astype<P>());
  const std::int64_t n = s.size(), m = static_cast<std::int64_t>(k.size());
  const std::int64_t start = mode == "full" ? 0 : (mode == "same" ? (m - 1) / 2 : m - 1);
  const std::int64_t length = mode == "full" ? n + m - 1 : (mode == "same" ? n : n - m + 1);
  const distribution out = distribution::balanced({length}, s.split() ? split_t{0} : none, s.comm().size());
  const auto [values, first] = detail::signal_values(s, out, start, m);
  detail::host_result<P> result(out, s.comm());
  const std::int64_t lo = out.offset(s.comm().rank());
  for (std::int64_t i = 0; i < out.lshape(s.comm().rank())[0]; ++i) {
    const std::int64_t f = start + lo + i;
    P acc = P(0);
    for (std::int64_t j = std::max<std::int64_t>(0, f - n + 1); j <= std::min(m - 1, f); ++j)
      acc = static_cast<P>(acc + k[static_cast<std::size_t>(j)] * values[static_cast<std::size_t>(f - j - first)]);
    result.data()[i] = acc;
  }
  return result.finish();
}

}  // namespace ht

#endif
