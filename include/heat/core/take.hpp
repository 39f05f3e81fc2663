#ifndef HEAT_CORE_TAKE_HPP
#define HEAT_CORE_TAKE_HPP

/// Integer ("fancy") indexing along one axis: take(a, indices, axis) is
/// NumPy's np.take(a, indices, axis) for 1-D int64 indices (negative ones
/// count from the end).
///
/// Contract and communication:
/// - axis is not a's split axis: every rank gathers from its own block
///   (indices split are first replicated: one Allgatherv); the result is
///   split like a.
/// - axis is a's split axis (a split 0, or a split k with axis k: resplit
///   to rows first and back after): the result is split along axis, its
///   blocks those of the indices when they are split along 0, else
///   balanced. Each rank asks the owners for its rows: one agreement
///   Allreduce (an index out of range on any rank: the same IndexError on
///   every rank), an Allgatherv of the p x p request counts and two
///   Alltoallv (the indices, then the rows).
/// Repeated and unordered indices are allowed; the output keeps their order.
/// ht::random::permutation (HeAT's) shuffles an array's rows with it.

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/sorting.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace ht {

template <class T>
DNDarray<T> take(const DNDarray<T>& a, const DNDarray<std::int64_t>& indices, std::int64_t axis);

// ---------------------------------------------------------------------------

namespace detail {

/// The first index of idx[0, m) outside [-n, n) (m when none).
inline std::int64_t first_out_of_range(const std::int64_t* idx, std::int64_t m, std::int64_t n) {
  return std::find_if(idx, idx + m, [n](std::int64_t i) { return i < -n || i >= n; }) - idx;
}

inline std::string out_of_range(std::int64_t index, std::int64_t axis, std::int64_t n) {
  return concat("take: index ", index, " is out of bounds for axis ", axis, " with size ", n);
}

/// a's local block gathered along `axis` at the (replicated, checked)
/// indices idx[0, m); split like a.
template <class T>
DNDarray<T> take_local(const DNDarray<T>& a, const std::int64_t* idx, std::int64_t m, std::int64_t axis) {
  const shape_t& ls = a.lshape();
  std::int64_t outer = 1, inner = 1;
  for (std::int64_t j = 0; j < axis; ++j) outer *= ls[j];
  for (std::size_t j = static_cast<std::size_t>(axis) + 1; j < ls.size(); ++j) inner *= ls[j];
  const std::int64_t len = a.shape()[axis];
  shape_t gshape = a.shape();
  gshape[axis] = m;
  const host_result<T> out(
      distribution(gshape, a.split(), a.comm().size(), a.split() ? a.dist().counts() : std::vector<std::int64_t>{}),
      a.comm());
  const auto src = host_block(a);
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t i = 0; i < m; ++i) {
      const std::int64_t r = idx[i] < 0 ? idx[i] + len : idx[i];
      std::copy_n(src.data() + (o * len + r) * inner, inner, out.data() + (o * m + i) * inner);
    }
  return out.finish();
}

/// take along axis 0 of a split-0 array: requests to the owners, rows back.
template <class T>
DNDarray<T> take_rows(const DNDarray<T>& a, const DNDarray<std::int64_t>& indices) {
  const communicator& comm = a.comm();
  const int p = comm.size();
  const std::int64_t n = a.shape()[0], m = indices.shape()[0];
  // The result's rows on this rank: the indices' block, or a balanced share.
  const distribution out_dist = indices.split() ? distribution(shape_t{m}, 0, p, indices.dist().counts())
                                                : distribution::balanced(shape_t{m}, 0, p);
  const std::int64_t mine = out_dist.counts()[static_cast<std::size_t>(comm.rank())];
  const std::int64_t first = indices.split() ? 0 : out_dist.offset(comm.rank());
  const auto ih = host_block(indices);
  const std::int64_t* idx = ih.data() + first;
  agreement_point point(comm, "take: indices", error_kind::index);
  const std::int64_t bad = first_out_of_range(idx, mine, n);
  if (bad < mine) point.fail(error_kind::index, out_of_range(idx[bad], 0, n));
  point.conclude();
  // Requests sorted by owner (stable: the order within an owner kept).
  const std::vector<std::int64_t> counts = a.dist().counts();
  std::vector<std::int64_t> displs(static_cast<std::size_t>(p) + 1, 0);
  for (int r = 0; r < p; ++r) displs[r + 1] = displs[r] + counts[r];
  std::vector<int> owner(static_cast<std::size_t>(mine));
  std::vector<std::int64_t> sendcounts(static_cast<std::size_t>(p), 0);
  for (std::int64_t i = 0; i < mine; ++i) {
    const std::int64_t g = idx[i] < 0 ? idx[i] + n : idx[i];
    owner[i] = static_cast<int>(std::upper_bound(displs.begin() + 1, displs.end(), g) - (displs.begin() + 1));
    ++sendcounts[owner[i]];
  }
  std::vector<std::int64_t> slot(static_cast<std::size_t>(p), 0);
  for (int r = 1; r < p; ++r) slot[r] = slot[r - 1] + sendcounts[r - 1];
  const auto ask = host_buffer<std::int64_t>("heat::take::ask", static_cast<std::size_t>(mine));
  std::vector<std::int64_t> where(static_cast<std::size_t>(mine));  // the request's place in ask
  for (std::int64_t i = 0; i < mine; ++i) {
    where[i] = slot[owner[i]]++;
    ask(where[i]) = (idx[i] < 0 ? idx[i] + n : idx[i]) - displs[owner[i]];
  }
  const exchange_plan plan = plan_exchange(comm, sendcounts);
  std::int64_t asked_of_me = 0;
  for (const auto c : plan.recvcounts) asked_of_me += c;
  const auto asked = host_buffer<std::int64_t>("heat::take::asked", static_cast<std::size_t>(asked_of_me));
  alltoallv(comm, ask, sendcounts, asked, plan.recvcounts, plan.largest);
  // The rows asked of this rank, sent back in the order asked.
  std::int64_t row = 1;
  for (std::size_t j = 1; j < a.shape().size(); ++j) row *= a.shape()[j];
  const auto src = host_block(a);
  const auto rows_out = host_buffer<T>("heat::take::rows_out", static_cast<std::size_t>(asked_of_me * row));
  for (std::int64_t q = 0; q < asked_of_me; ++q)
    std::copy_n(src.data() + asked(q) * row, row, rows_out.data() + q * row);
  const auto rows_in = host_buffer<T>("heat::take::rows_in", static_cast<std::size_t>(mine * row));
  std::vector<std::int64_t> back(plan.recvcounts), got(sendcounts);
  for (auto& c : back) c *= row;
  for (auto& c : got) c *= row;
  alltoallv(comm, rows_out, back, rows_in, got, plan.largest * row);
  shape_t gshape = a.shape();
  gshape[0] = m;
  const host_result<T> out(distribution(gshape, 0, p, out_dist.counts()), comm);
  for (std::int64_t i = 0; i < mine; ++i) std::copy_n(rows_in.data() + where[i] * row, row, out.data() + i * row);
  return out.finish();
}

}  // namespace detail

template <class T>
DNDarray<T> take(const DNDarray<T>& a, const DNDarray<std::int64_t>& indices, std::int64_t axis) {
  detail::check(a.ndim() >= 1, "take: needs an array of at least one dimension, got a scalar");
  detail::check<IndexError>(axis >= -a.ndim() && axis < a.ndim(), "take: axis ", axis, " is out of bounds for ",
                            a.ndim(), "-D arrays");
  detail::check(indices.ndim() == 1, "take: indices must be 1-D, got shape ", to_string(indices.shape()));
  detail::check(a.comm() == indices.comm(), "operands live on different communicators");
  if (axis < 0) axis += a.ndim();
  if (a.split() && *a.split() == axis) {
    if (axis == 0) return detail::take_rows(a, indices);
    return resplit(take(resplit(a, 0), indices, axis), axis);
  }
  const DNDarray<std::int64_t> all = indices.split() ? resplit(indices, none) : indices;
  const auto ih = detail::host_block(all);
  const std::int64_t m = all.shape()[0], n = a.shape()[axis];
  const std::int64_t bad = detail::first_out_of_range(ih.data(), m, n);
  detail::check<IndexError>(bad == m, detail::out_of_range(bad < m ? ih.data()[bad] : 0, axis, n));
  return detail::take_local(a, ih.data(), m, axis);
}

namespace random {

/// HeAT's permutation: x's rows (its first axis) in the order of
/// randperm(n) (the same at every rank count), split like x; take's
/// communication.
template <class T>
DNDarray<T> permutation(const DNDarray<T>& x) {
  ht::detail::check(x.ndim() >= 1, "permutation: needs an array of at least one dimension, got a scalar");
  return take(x, randperm(x.shape()[0], x.split() == split_t{0} ? split_t{0} : none, x.comm()), 0);
}

/// HeAT's permutation of an int: randperm(n).
inline DNDarray<std::int64_t> permutation(std::int64_t n, split_t split = none,
                                          const communicator& comm = comm_world()) {
  return randperm(n, split, comm);
}

}  // namespace random

}  // namespace ht

#endif
