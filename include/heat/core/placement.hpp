#ifndef HEAT_CORE_PLACEMENT_HPP
#define HEAT_CORE_PLACEMENT_HPP

/// HeAT's functions that place or find elements: nonzero (and one-argument
/// where), meshgrid, topk, and the explicit layouts redistribute / collect.
///
/// Contract (communication in each function's comment):
/// - nonzero(x): HeAT's: the indices of x's non-zero elements in row-major
///   order as an (n, ndim) int64 array ((n,) for 1-D x). Split x: split 0,
///   each rank the indices of its own elements (unbalanced, as HeAT's); x
///   split along another axis is first resplit to 0 (one Alltoallv) so the
///   rows stay in row-major order; one Allreduce of the per-rank counts.
///   Replicated x: replicated, no message.
/// - meshgrid(arrays, ij): NumPy's coordinate arrays ("xy" indexing by
///   default: the first two axes swapped); each output is broadcast_to of
///   one input (its split axis kept).
/// - topk(x, k, dim, largest): HeAT's (torch's): the k largest (smallest)
///   values along dim and their indices, in order (largest first); sort's
///   communication (a sample sort along a split dim).
/// - redistribute(x, counts): x's elements with the given extents along the
///   split axis (one Alltoallv); collect(x, rank): all on one rank.
/// - Bad input (k out of range, counts that do not add up, a rank out of
///   range) is a ValueError on every rank before any message.

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/rearranging.hpp"
#include "heat/core/sorting.hpp"
#include "heat/expr/assign.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ht {

/// The indices of x's non-zero (true) elements, row-major, (n, ndim).
template <class T>
DNDarray<std::int64_t> nonzero(const DNDarray<T>& x) {
  detail::check(x.ndim() >= 1, "nonzero: a 0-d array has no indices");
  const DNDarray<T> y = x.split() && *x.split() != 0 ? resplit(x, 0) : x;
  const auto h = detail::host_block(y);
  const auto nd = static_cast<std::size_t>(y.ndim());
  std::vector<std::int64_t> found;
  std::vector<std::int64_t> c(nd, 0);
  for (std::int64_t k = 0; k < y.lsize(); ++k) {
    if (h(k) != T(0)) {
      std::int64_t rest = k;
      for (std::size_t d = nd; d-- > 0;) {
        c[d] = rest % y.lshape()[d];
        rest /= y.lshape()[d];
      }
      c[0] += y.offset();
      found.insert(found.end(), c.begin(), c.end());
    }
  }
  const auto mine = static_cast<std::int64_t>(found.size() / nd);
  const int p = y.comm().size();
  std::vector<std::int64_t> counts;
  std::int64_t n = mine;
  if (y.split()) {
    counts.assign(static_cast<std::size_t>(p), 0);
    counts[static_cast<std::size_t>(y.comm().rank())] = mine;
    allreduce(y.comm(), Kokkos::View<std::int64_t*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(counts.data(), p),
              reduce_op::sum);
    n = 0;
    for (const auto m : counts) n += m;
  }
  const shape_t shape = nd == 1 ? shape_t{n} : shape_t{n, y.ndim()};
  detail::host_result<std::int64_t> out(distribution(shape, y.split() ? split_t{0} : none, p, counts), y.comm());
  std::copy(found.begin(), found.end(), out.data());
  return out.finish();
}
/// nonzero of a lazy expression (evaluated first).
template <expression E>
DNDarray<std::int64_t> nonzero(const E& e) {
  return nonzero(eval(e));
}
/// HeAT's and NumPy's one-argument where: nonzero(cond).
template <expression E>
DNDarray<std::int64_t> where(const E& cond) {
  return nonzero(eval(cond));
}

/// Coordinate arrays from 1-D coordinate vectors (flattened first), NumPy's meshgrid.
template <class T>
std::vector<DNDarray<T>> meshgrid(const std::vector<DNDarray<T>>& arrays, const std::string& indexing = "xy") {
  detail::check(indexing == "xy" || indexing == "ij", "meshgrid: valid values for `indexing` are 'xy' and 'ij'");
  const auto n = static_cast<std::int64_t>(arrays.size());
  const bool xy = indexing == "xy" && n >= 2;
  auto position = [&](std::int64_t k) { return xy && k < 2 ? 1 - k : k; };
  shape_t shape(static_cast<std::size_t>(n));
  for (std::int64_t k = 0; k < n; ++k) shape[static_cast<std::size_t>(position(k))] = arrays[k].size();
  std::vector<DNDarray<T>> out;
  for (std::int64_t k = 0; k < n; ++k) {
    DNDarray<T> v = arrays[k].ndim() == 1 ? arrays[k] : flatten(arrays[k]);
    for (std::int64_t d = 0; d < position(k); ++d) v = expand_dims(v, 0);
    while (v.ndim() < n) v = expand_dims(v, v.ndim());
    out.push_back(broadcast_to(v, shape));
  }
  return out;
}

/// The k largest (or smallest) values along dim and their indices, largest (smallest) first.
template <class T>
std::pair<DNDarray<T>, DNDarray<std::int64_t>> topk(const DNDarray<T>& x, std::int64_t k, std::int64_t dim = -1,
                                                    bool largest = true) {
  detail::check(x.ndim() >= 1, "topk: the array must be at least 1-D");
  dim = normalize_axis(dim, x.ndim());
  const std::int64_t n = x.shape()[static_cast<std::size_t>(dim)];
  detail::check(k >= 0 && k <= n, "topk: k (", k, ") out of range for a dimension of size ", n);
  auto [values, indices] = detail::sort_both(x, dim);
  if (!largest) return {detail::slab(values, dim, 0, k), detail::slab(indices, dim, 0, k)};
  return {flip(detail::slab(values, dim, n - k, n), dim), flip(detail::slab(indices, dim, n - k, n), dim)};
}

/// x with `counts` elements of its split axis on each rank (one Alltoallv).
template <class T>
DNDarray<T> redistribute(const DNDarray<T>& x, const std::vector<std::int64_t>& counts) {
  detail::check(x.split().has_value(), "redistribute: the array is not distributed (split=None)");
  const int p = x.comm().size();
  detail::check(static_cast<int>(counts.size()) == p, "redistribute: ", counts.size(), " counts for ", p, " ranks");
  std::int64_t total = 0;
  for (const auto c : counts) {
    detail::check(c >= 0, "redistribute: negative count ", c);
    total += c;
  }
  detail::check(total == x.shape()[static_cast<std::size_t>(*x.split())], "redistribute: the counts add up to ", total,
                ", the split axis has ", x.shape()[static_cast<std::size_t>(*x.split())]);
  const distribution target(x.shape(), x.split(), p, counts);
  return DNDarray<T>(target, x.comm(), detail::redistribute(x.comm(), x.local_view(), x.dist(), target));
}

/// Every element of a split array on rank `target` (HeAT's collect); a replicated one unchanged.
template <class T>
DNDarray<T> collect(const DNDarray<T>& x, int target = 0) {
  detail::check(target >= 0 && target < x.comm().size(), "collect: rank ", target, " out of range for ",
                x.comm().size(), " ranks");
  if (!x.split()) return x;
  std::vector<std::int64_t> counts(static_cast<std::size_t>(x.comm().size()), 0);
  counts[static_cast<std::size_t>(target)] = x.shape()[static_cast<std::size_t>(*x.split())];
  return redistribute(x, counts);
}

}  // namespace ht

#endif
