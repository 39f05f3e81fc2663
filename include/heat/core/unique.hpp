#ifndef HEAT_CORE_UNIQUE_HPP
#define HEAT_CORE_UNIQUE_HPP

/// NumPy's options of unique and the Array API's unique family, beside
/// sorting.hpp's unique(x) (the sorted distinct values, replicated).
///
/// Contract (NaN is one value, as NumPy's equal_nan; NaN sorts last):
/// - unique_all(x): {values, indices, inverse_indices, counts}, NumPy's
///   unique(x, return_index, return_inverse, return_counts): indices is the
///   first row-major (flat) index of each value, counts how often each
///   occurs (both int64, replicated like values); inverse_indices has x's
///   shape and split (the Array API's; NumPy 1.24 flattens it): each
///   element's position in values, so values[inverse_indices] is x.
///   Communication: unique(x)'s (two Allgatherv for split x), then for split
///   x one Allreduce of the counts and one of the first indices; each rank
///   looks its own elements up in the replicated values (no message).
/// - unique_inverse(x), unique_counts(x): {values, inverse_indices} and
///   {values, counts} of the same.
/// - unique(x, axis): the distinct slices of x along axis (x[i, ...] for
///   axis 0), sorted lexicographically, replicated (NumPy's unique with
///   axis). Two slices are equal where every element is equal or both are
///   NaN. x split along another axis is resplit along axis first (one
///   Alltoallv), so each rank holds whole slices; then each rank's distinct
///   slices go to every rank (one Allgatherv of the counts, one of the
///   slices) and are merged there.
/// - An axis out of range (or any axis of a 0-d array) is a ValueError on
///   every rank before any message.

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/rearranging.hpp"
#include "heat/core/sorting.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

namespace ht {

template <class T>
struct unique_all_result {
  DNDarray<T> values;
  DNDarray<std::int64_t> indices;
  DNDarray<std::int64_t> inverse_indices;
  DNDarray<std::int64_t> counts;
};
template <class T>
struct unique_inverse_result {
  DNDarray<T> values;
  DNDarray<std::int64_t> inverse_indices;
};
template <class T>
struct unique_counts_result {
  DNDarray<T> values;
  DNDarray<std::int64_t> counts;
};

namespace detail {

/// Equal, or both NaN.
template <class T>
bool same_value(T a, T b) {
  return a == b || (a != a && b != b);
}
/// unique's order: NaN after every number, all NaNs equal.
template <class T>
bool value_before(T a, T b) {
  return sort_key<T>{a, 0} < sort_key<T>{b, 0};
}

/// The row-major index in the global array of the local element k.
inline std::int64_t global_flat_index(std::int64_t k, const shape_t& lshape, const shape_t& gshape, split_t split,
                                      std::int64_t offset) {
  std::int64_t flat = 0, stride = 1;
  for (std::size_t d = lshape.size(); d-- > 0;) {
    std::int64_t c = k % lshape[d];
    k /= lshape[d];
    if (split && static_cast<std::size_t>(*split) == d) c += offset;
    flat += c * stride;
    stride *= gshape[d];
  }
  return flat;
}

/// A replicated int64 vector of n values from each rank's partial ones,
/// combined by op when x is split.
inline DNDarray<std::int64_t> agreed_vector(std::vector<std::int64_t> v, reduce_op op, bool split,
                                            const communicator& comm) {
  if (split)
    allreduce(comm, Kokkos::View<std::int64_t*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(v.data(), v.size()), op);
  host_result<std::int64_t> out(distribution({static_cast<std::int64_t>(v.size())}, none, comm.size(), {}), comm);
  std::copy(v.begin(), v.end(), out.data());
  return out.finish();
}

}  // namespace detail

/// NumPy's unique with return_index, return_inverse and return_counts.
template <class T>
unique_all_result<T> unique_all(const DNDarray<T>& x) {
  const DNDarray<T> values = unique(x);
  const auto u = detail::host_block(values);
  const auto n = static_cast<std::size_t>(values.lsize());
  const auto h = detail::host_block(x);
  std::vector<std::int64_t> counts(n, 0), first(n, std::numeric_limits<std::int64_t>::max());
  detail::host_result<std::int64_t> inverse(x.dist(), x.comm());
  for (std::int64_t k = 0; k < x.lsize(); ++k) {
    const T v = h(k);
    const auto at = static_cast<std::size_t>(
        std::lower_bound(u.data(), u.data() + n, v, [](T a, T b) { return detail::value_before(a, b); }) - u.data());
    inverse.data()[k] = static_cast<std::int64_t>(at);
    ++counts[at];
    first[at] = std::min(first[at], detail::global_flat_index(k, x.lshape(), x.shape(), x.split(), x.offset()));
  }
  const bool split = x.split().has_value();
  return {values, detail::agreed_vector(std::move(first), reduce_op::min, split, x.comm()), inverse.finish(),
          detail::agreed_vector(std::move(counts), reduce_op::sum, split, x.comm())};
}

/// The distinct values and each element's position among them.
template <class T>
unique_inverse_result<T> unique_inverse(const DNDarray<T>& x) {
  auto all = unique_all(x);
  return {all.values, all.inverse_indices};
}

/// The distinct values and how often each occurs.
template <class T>
unique_counts_result<T> unique_counts(const DNDarray<T>& x) {
  auto all = unique_all(x);
  return {all.values, all.counts};
}

namespace detail {

/// The distinct rows (width values each) of a row-major buffer, sorted.
template <class T>
std::vector<T> distinct_rows(const T* rows, std::int64_t count, std::int64_t width) {
  const auto row = [&](std::int64_t r) { return rows + r * width; };
  const auto before = [&](std::int64_t a, std::int64_t b) {
    return std::lexicographical_compare(row(a), row(a) + width, row(b), row(b) + width,
                                        [](T p, T q) { return value_before(p, q); });
  };
  const auto same = [&](std::int64_t a, std::int64_t b) {
    return std::equal(row(a), row(a) + width, row(b), [](T p, T q) { return same_value(p, q); });
  };
  std::vector<std::int64_t> order(static_cast<std::size_t>(count));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), before);
  order.erase(std::unique(order.begin(), order.end(), same), order.end());
  std::vector<T> out;
  out.reserve(order.size() * static_cast<std::size_t>(width));
  for (const auto r : order) out.insert(out.end(), row(r), row(r) + width);
  return out;
}

}  // namespace detail

/// The distinct slices of x along axis, sorted, replicated (NumPy's unique with axis).
template <class T>
DNDarray<T> unique(const DNDarray<T>& x, std::int64_t axis) {
  detail::check(x.ndim() >= 1, "unique: a 0-d array has no axis ", axis);
  axis = normalize_axis(axis, x.ndim());
  const DNDarray<T> along = x.split() && *x.split() != axis ? resplit(x, axis) : x;
  const DNDarray<T> front = moveaxis(along, {axis}, {0});
  std::int64_t width = 1;
  for (std::size_t d = 1; d < front.lshape().size(); ++d) width *= front.lshape()[d];
  const auto h = detail::host_block(front);
  std::vector<T> rows = detail::distinct_rows(h.data(), width == 0 ? 0 : front.lshape()[0], width);
  if (front.split()) {
    const std::vector<T> all = detail::gather_all(rows, x.comm());
    rows = detail::distinct_rows(all.data(), width == 0 ? 0 : static_cast<std::int64_t>(all.size()) / width, width);
  }
  shape_t shape = front.shape();
  shape[0] = width == 0 ? std::min<std::int64_t>(shape[0], 1) : static_cast<std::int64_t>(rows.size()) / width;
  detail::host_result<T> out(distribution(shape, none, x.comm().size(), {}), x.comm());
  std::copy(rows.begin(), rows.end(), out.data());
  return moveaxis(out.finish(), {0}, {axis});
}

}  // namespace ht

#endif
