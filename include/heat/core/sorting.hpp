#ifndef HEAT_CORE_SORTING_HPP
#define HEAT_CORE_SORTING_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/radix.hpp"
#include "heat/core/random.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor/xadapt.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht {

/// Values sorted along axis (NaN last; every NaN comes back as the quiet
/// NaN), same shape and split. Values only: each rank radix-sorts its keys
/// (heat/core/radix.hpp). Along the split axis of a 1-D array: a parallel
/// sample sort (local sort, regular samples, one Alltoallv of the values,
/// rebalance); along the split axis of an N-d array the lines are made
/// local by a resplit first.
template <class T>
DNDarray<T> sort(const DNDarray<T>& x, std::int64_t axis = -1);
/// Sorted along axis, largest first when descending (HeAT's descending;
/// NaN then comes first): the ascending sort, flipped along axis.
template <class T>
DNDarray<T> sort(const DNDarray<T>& x, std::int64_t axis, bool descending);

/// Global indices along axis that sort x (ties in index order: a stable sort).
template <class T>
DNDarray<std::int64_t> argsort(const DNDarray<T>& x, std::int64_t axis = -1);

/// The sorted distinct values of x (NaN once, last), replicated on every rank.
template <class T>
DNDarray<T> unique(const DNDarray<T>& x);

namespace random {
/// A random permutation of 0 .. n-1, the same for every rank count and split.
inline DNDarray<std::int64_t> randperm(std::int64_t n, split_t split = none, const communicator& comm = comm_world());
}  // namespace random

// ---------------------------------------------------------------------------

namespace detail {

/// NaN after every number; among equal values (or NaNs) the lower index first.
template <class T>
struct sort_key {
  T v;
  std::int64_t i;
  friend bool operator<(const sort_key& a, const sort_key& b) {
    if constexpr (std::is_floating_point_v<T>) {
      const bool na = a.v != a.v, nb = b.v != b.v;
      if (na || nb) return na == nb ? a.i < b.i : nb;
    }
    if (a.v < b.v) return true;
    if (b.v < a.v) return false;
    return a.i < b.i;
  }
};

/// The lines of a block along axis: how many blocks of lines (the extent
/// before the axis), each line's length, and the stride between its values
/// (the extent after the axis).
struct line_layout {
  std::int64_t outer = 1, len = 0, inner = 1;
};

inline line_layout lines_of(const shape_t& ls, std::int64_t axis) {
  const auto a = static_cast<std::size_t>(axis);
  line_layout l;
  for (std::size_t d = 0; d < a; ++d) l.outer *= ls[d];
  for (std::size_t d = a + 1; d < ls.size(); ++d) l.inner *= ls[d];
  l.len = ls[a];
  return l;
}

/// Sorts every line of x along axis on its own rank (the axis is whole there).
/// Returns values and global indices along the axis.
template <class T>
std::pair<DNDarray<T>, DNDarray<std::int64_t>> sort_lines(const DNDarray<T>& x, std::int64_t axis) {
  const line_layout shape = lines_of(x.lshape(), axis);
  DNDarray<T> values(x.dist(), x.comm());
  DNDarray<std::int64_t> index(x.dist(), x.comm());
  auto src = ht::detail::host_copy(x.local_view());
  auto hv = Kokkos::create_mirror_view(values.local_view());
  auto hi = Kokkos::create_mirror_view(index.local_view());
  // Lines on all of the rank's threads, a buffer per slice (the extents
  // copied: clang 14 cannot capture structured bindings).
  const std::int64_t len = shape.len, inner = shape.inner;
  const row_cut cut = cut_rows(shape.outer * inner, 4096 / (len + 1) + 1);
  std::vector<std::vector<sort_key<T>>> lines(static_cast<std::size_t>(cut.count),
                                              std::vector<sort_key<T>>(static_cast<std::size_t>(len)));
  for_each_slice(cut, [&](std::int64_t k, std::int64_t first, std::int64_t last) {
    auto& line = lines[static_cast<std::size_t>(k)];
    for (std::int64_t l = first; l < last; ++l) {
      const std::int64_t base = (l / inner) * len * inner + l % inner;
      for (std::int64_t i = 0; i < len; ++i) line[static_cast<std::size_t>(i)] = {src(base + i * inner), i};
      std::sort(line.begin(), line.end());
      for (std::int64_t i = 0; i < len; ++i) {
        hv(base + i * inner) = line[static_cast<std::size_t>(i)].v;
        hi(base + i * inner) = line[static_cast<std::size_t>(i)].i;
      }
    }
  });
  Kokkos::deep_copy(values.local_view(), hv);
  Kokkos::deep_copy(index.local_view(), hi);
  return {values, index};
}

/// The exchange every rank's send counts make (one Allgatherv of p counts
/// per rank): this rank's receive counts, every rank's count afterwards, and
/// the largest send or receive of any rank (alltoallv's bound).
struct exchange_plan {
  std::vector<std::int64_t> recvcounts, got;
  std::int64_t largest = 0;
};

inline exchange_plan plan_exchange(const communicator& comm, const std::vector<std::int64_t>& sendcounts) {
  const int p = comm.size();
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> mycounts("heat::sort::counts", static_cast<std::size_t>(p)),
      matrix("heat::sort::matrix", static_cast<std::size_t>(p * p));
  for (int q = 0; q < p; ++q) mycounts(q) = sendcounts[static_cast<std::size_t>(q)];
  allgatherv(comm, mycounts, matrix, std::vector<std::int64_t>(static_cast<std::size_t>(p), p));
  exchange_plan plan{std::vector<std::int64_t>(static_cast<std::size_t>(p)),
                     std::vector<std::int64_t>(static_cast<std::size_t>(p), 0), 0};
  for (int r = 0; r < p; ++r) {
    std::int64_t sent = 0;
    for (int q = 0; q < p; ++q) {
      sent += matrix(r * p + q);
      plan.got[static_cast<std::size_t>(q)] += matrix(r * p + q);
    }
    plan.recvcounts[static_cast<std::size_t>(r)] = matrix(r * p + comm.rank());
    plan.largest = std::max(plan.largest, sent);
  }
  for (auto g : plan.got) plan.largest = std::max(plan.largest, g);
  return plan;
}

/// Sample sort of a 1-D array split along its only axis; balanced result.
template <class T>
std::pair<DNDarray<T>, DNDarray<std::int64_t>> sample_sort(const DNDarray<T>& x) {
  const communicator& comm = x.comm();
  const int p = comm.size();
  const std::int64_t mine = x.lsize();
  auto src = ht::detail::host_copy(x.local_view());
  std::vector<sort_key<T>> keys(static_cast<std::size_t>(mine));
  for (std::int64_t i = 0; i < mine; ++i) keys[static_cast<std::size_t>(i)] = {src(i), x.offset() + i};
  {
    // On all of the rank's threads (keys carry their index: a total order).
    std::vector<sort_key<T>> scratch;
    sort_in_slices(
        keys.data(), mine, scratch, [](sort_key<T>* f, std::int64_t c, sort_key<T>*) { std::sort(f, f + c); },
        std::less<sort_key<T>>());
  }
  // Regular samples: up to p per rank, gathered everywhere, p - 1 splitters.
  const auto counts = x.dist().counts();
  std::vector<std::int64_t> sample_counts(static_cast<std::size_t>(p));
  for (int r = 0; r < p; ++r)
    sample_counts[static_cast<std::size_t>(r)] = std::min<std::int64_t>(p, counts[static_cast<std::size_t>(r)]);
  const std::int64_t my_samples = sample_counts[static_cast<std::size_t>(comm.rank())];
  std::int64_t total_samples = 0;
  for (auto c : sample_counts) total_samples += c;
  Kokkos::View<T*, Kokkos::HostSpace> sv("heat::sort::sample_values", static_cast<std::size_t>(my_samples)),
      all_v("heat::sort::all_values", static_cast<std::size_t>(total_samples));
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> si("heat::sort::sample_index", static_cast<std::size_t>(my_samples)),
      all_i("heat::sort::all_index", static_cast<std::size_t>(total_samples));
  for (std::int64_t s = 0; s < my_samples; ++s) {
    const auto& k = keys[static_cast<std::size_t>(s * mine / my_samples)];
    sv(s) = k.v;
    si(s) = k.i;
  }
  allgatherv(comm, sv, all_v, sample_counts);
  allgatherv(comm, si, all_i, sample_counts);
  std::vector<sort_key<T>> samples(static_cast<std::size_t>(total_samples));
  for (std::int64_t s = 0; s < total_samples; ++s) samples[static_cast<std::size_t>(s)] = {all_v(s), all_i(s)};
  std::sort(samples.begin(), samples.end());
  // Rank q receives the keys in [splitter q-1, splitter q).
  std::vector<std::int64_t> sendcounts(static_cast<std::size_t>(p), 0);
  std::int64_t start = 0;
  for (int q = 0; q < p; ++q) {
    std::int64_t end = mine;
    if (q + 1 < p && total_samples > 0) {
      const auto& splitter = samples[static_cast<std::size_t>((q + 1) * total_samples / p)];
      end = std::lower_bound(keys.begin(), keys.end(), splitter) - keys.begin();
      end = std::max(end, start);
    }
    sendcounts[static_cast<std::size_t>(q)] = end - start;
    start = end;
  }
  const exchange_plan plan = plan_exchange(comm, sendcounts);
  const auto &recvcounts = plan.recvcounts, &got = plan.got;
  const std::int64_t largest = plan.largest;
  Kokkos::View<T*, Kokkos::HostSpace> send_v, recv_v;
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> send_i, recv_i;
  // What a rank receives depends on the values (many equal keys go to one
  // rank): the exchange's buffers are allocated at an agreement point.
  agreed(comm, "sort: buckets", error_kind::memory, [&] {
    const auto n = static_cast<std::size_t>(got[static_cast<std::size_t>(comm.rank())]);
    send_v = host_buffer<T>("heat::sort::send_values", static_cast<std::size_t>(mine));
    send_i = host_buffer<std::int64_t>("heat::sort::send_index", static_cast<std::size_t>(mine));
    recv_v = host_buffer<T>("heat::sort::recv_values", n);
    recv_i = host_buffer<std::int64_t>("heat::sort::recv_index", n);
  });
  for (std::int64_t i = 0; i < mine; ++i) {
    send_v(i) = keys[static_cast<std::size_t>(i)].v;
    send_i(i) = keys[static_cast<std::size_t>(i)].i;
  }
  // Each buffer goes as soon as the next holds its data: at most two
  // key-sized copies live at once besides x (no more than about 5 blocks).
  std::vector<sort_key<T>>().swap(keys);
  alltoallv(comm, send_v, sendcounts, recv_v, recvcounts, largest);
  alltoallv(comm, send_i, sendcounts, recv_i, recvcounts, largest);
  send_v = decltype(send_v)();
  send_i = decltype(send_i)();
  // The runs from each rank are sorted: merge them.
  std::vector<sort_key<T>> merged(recv_v.extent(0));
  for (std::size_t i = 0; i < merged.size(); ++i) merged[i] = {recv_v(i), recv_i(i)};
  recv_v = decltype(recv_v)();
  recv_i = decltype(recv_i)();
  std::int64_t run = 0;
  for (int r = 0; r < p; ++r) {
    const std::int64_t next = run + recvcounts[static_cast<std::size_t>(r)];
    std::inplace_merge(merged.begin(), merged.begin() + run, merged.begin() + next);
    run = next;
  }
  const distribution got_dist(x.shape(), 0, p, got);
  DNDarray<T> values(got_dist, comm);
  DNDarray<std::int64_t> index(got_dist, comm);
  auto hv = Kokkos::create_mirror_view(values.local_view());
  auto hi = Kokkos::create_mirror_view(index.local_view());
  for (std::size_t i = 0; i < merged.size(); ++i) {
    hv(i) = merged[i].v;
    hi(i) = merged[i].i;
  }
  Kokkos::deep_copy(values.local_view(), hv);
  Kokkos::deep_copy(index.local_view(), hi);
  values.balance_();
  index.balance_();
  return {values, index};
}

/// Sorts each line of x along axis on its own rank, values only (radix keys).
template <class T>
DNDarray<T> sort_values_lines(const DNDarray<T>& x, std::int64_t axis) {
  using K = radix::key_t<T>;
  const line_layout shape = lines_of(x.lshape(), axis);
  DNDarray<T> values(x.dist(), x.comm());
  auto src = ht::detail::host_copy(x.local_view());
  auto hv = Kokkos::create_mirror_view(values.local_view());
  // Lines on all of the rank's threads, buffers per slice.
  const std::int64_t len = shape.len, inner = shape.inner;
  const row_cut cut = cut_rows(shape.outer * inner, 4096 / (len + 1) + 1);
  std::vector<std::vector<K>> lines(static_cast<std::size_t>(cut.count), std::vector<K>(static_cast<std::size_t>(len)));
  std::vector<std::vector<K>> scratch(lines);
  for_each_slice(cut, [&](std::int64_t k, std::int64_t first, std::int64_t last) {
    auto& line = lines[static_cast<std::size_t>(k)];
    for (std::int64_t l = first; l < last; ++l) {
      const std::int64_t base = (l / inner) * len * inner + l % inner;
      for (std::int64_t i = 0; i < len; ++i) line[static_cast<std::size_t>(i)] = radix::key_of(src(base + i * inner));
      radix::radix_sort(line.data(), len, scratch[static_cast<std::size_t>(k)].data());
      for (std::int64_t i = 0; i < len; ++i)
        hv(base + i * inner) = radix::value_of<T>(line[static_cast<std::size_t>(i)]);
    }
  });
  Kokkos::deep_copy(values.local_view(), hv);
  return values;
}

/// Where the keys below splitter (key, rank, position) end in this rank's
/// sorted keys: the order is (key, rank, position in the rank's sorted
/// keys), so equal keys split by rank and position (balanced however many
/// repeat).
template <class K>
std::int64_t below_splitter(const std::vector<K>& keys, int me, K key, int rank, std::int64_t position) {
  const auto lo = std::lower_bound(keys.begin(), keys.end(), key);
  if (me > rank || lo == keys.end() || *lo != key) return lo - keys.begin();
  if (me == rank) return position;
  return std::upper_bound(lo, keys.end(), key) - keys.begin();
}

/// How many of this rank's sorted keys go to each rank: p - 1 splitters from
/// up to p regular samples per rank (one Allgatherv of keys, one of positions).
template <class K>
std::vector<std::int64_t> sample_splits(const communicator& comm, const std::vector<std::int64_t>& counts,
                                        const std::vector<K>& keys) {
  const int p = comm.size(), me = comm.rank();
  const auto mine = static_cast<std::int64_t>(keys.size());
  std::vector<std::int64_t> sample_counts(static_cast<std::size_t>(p));
  std::int64_t total = 0;
  for (int r = 0; r < p; ++r)
    total += sample_counts[static_cast<std::size_t>(r)] =
        std::min<std::int64_t>(p, counts[static_cast<std::size_t>(r)]);
  const std::int64_t my_samples = sample_counts[static_cast<std::size_t>(me)];
  Kokkos::View<K*, Kokkos::HostSpace> sk("heat::sort::sample_keys", static_cast<std::size_t>(my_samples)),
      all_k("heat::sort::all_keys", static_cast<std::size_t>(total));
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> sp("heat::sort::sample_positions",
                                                    static_cast<std::size_t>(my_samples)),
      all_p("heat::sort::all_positions", static_cast<std::size_t>(total));
  for (std::int64_t s = 0; s < my_samples; ++s) {
    sp(s) = s * mine / my_samples;
    sk(s) = keys[static_cast<std::size_t>(sp(s))];
  }
  allgatherv(comm, sk, all_k, sample_counts);
  allgatherv(comm, sp, all_p, sample_counts);
  struct sample {
    K key;
    int rank;
    std::int64_t position;
    bool operator<(const sample& o) const {
      return key != o.key ? key < o.key : rank != o.rank ? rank < o.rank : position < o.position;
    }
  };
  std::vector<sample> samples;
  samples.reserve(static_cast<std::size_t>(total));
  for (int r = 0, s = 0; r < p; ++r)
    for (std::int64_t j = 0; j < sample_counts[static_cast<std::size_t>(r)]; ++j, ++s)
      samples.push_back({all_k(s), r, all_p(s)});
  std::sort(samples.begin(), samples.end());
  std::vector<std::int64_t> sendcounts(static_cast<std::size_t>(p), 0);
  std::int64_t start = 0;
  for (int q = 0; q < p; ++q) {
    std::int64_t end = mine;
    if (q + 1 < p && total > 0) {
      const sample& at = samples[static_cast<std::size_t>((q + 1) * total / p)];
      end = std::max(below_splitter(keys, me, at.key, at.rank, at.position), start);
    }
    sendcounts[static_cast<std::size_t>(q)] = end - start;
    start = end;
  }
  return sendcounts;
}

/// Sample sort of a 1-D array split along its only axis, values only;
/// balanced result.
template <class T>
DNDarray<T> sample_sort_values(const DNDarray<T>& x) {
  using K = radix::key_t<T>;
  const communicator& comm = x.comm();
  const int p = comm.size();
  const std::int64_t mine = x.lsize();
  std::vector<K> keys(static_cast<std::size_t>(mine));
  {
    auto src = ht::detail::host_copy(x.local_view());
    for (std::int64_t i = 0; i < mine; ++i) keys[static_cast<std::size_t>(i)] = radix::key_of(src(i));
    // On all of the rank's threads: slices by radix, then merged.
    std::vector<K> scratch(keys.size());
    sort_in_slices(
        keys.data(), mine, scratch, [](K* f, std::int64_t c, K* sc) { radix::radix_sort(f, c, sc); }, std::less<K>());
  }
  const std::vector<std::int64_t> sendcounts = sample_splits(comm, x.dist().counts(), keys);
  const exchange_plan plan = plan_exchange(comm, sendcounts);
  const auto &recvcounts = plan.recvcounts, &got = plan.got;
  const std::int64_t largest = plan.largest;
  // What a rank receives depends on the values: an agreed allocation.
  const auto n = static_cast<std::size_t>(got[static_cast<std::size_t>(comm.rank())]);
  const auto recv =
      agreed(comm, "sort: buckets", error_kind::memory, [&] { return host_buffer<K>("heat::sort::recv_keys", n); });
  alltoallv(comm, Kokkos::View<K*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(keys.data(), keys.size()), sendcounts,
            recv, recvcounts, largest);
  std::vector<K>().swap(keys);
  // The runs from each rank are sorted: merge them.
  std::int64_t run = 0;
  for (int r = 0; r < p; ++r) {
    const std::int64_t next = run + recvcounts[static_cast<std::size_t>(r)];
    std::inplace_merge(recv.data(), recv.data() + run, recv.data() + next);
    run = next;
  }
  DNDarray<T> values(distribution(x.shape(), 0, p, got), comm);
  auto hv = Kokkos::create_mirror_view(values.local_view());
  for (std::size_t i = 0; i < n; ++i) hv(i) = radix::value_of<T>(recv(i));
  Kokkos::deep_copy(values.local_view(), hv);
  values.balance_();
  return values;
}

/// ht::sort: values only.
template <class T>
DNDarray<T> sort_values(const DNDarray<T>& x, std::int64_t axis) {
  check(x.ndim() > 0, "sort needs at least one dimension");
  axis = normalize_axis(axis, x.ndim());
  if (x.split() != axis) return sort_values_lines(x, axis);
  if (x.ndim() == 1) {
    auto v = sample_sort_values(x);
    // Same counts as x: balanced in, balanced out; otherwise x's layout kept.
    if (!x.is_balanced())
      v = DNDarray<T>(x.dist(), x.comm(), redistribute(x.comm(), v.local_view(), v.dist(), x.dist()));
    return v;
  }
  // N-d along the split axis: make the lines local, sort, move back.
  DNDarray<T> v = sort_values_lines(resplit(x, axis == 0 ? 1 : 0), axis);
  v.resplit_(axis);
  return v;
}

template <class T>
std::pair<DNDarray<T>, DNDarray<std::int64_t>> sort_both(const DNDarray<T>& x, std::int64_t axis) {
  check(x.ndim() > 0, "sort needs at least one dimension");
  axis = normalize_axis(axis, x.ndim());
  if (x.split() != axis) return sort_lines(x, axis);
  if (x.ndim() == 1) {
    auto [v, i] = sample_sort(x);
    // Same counts as x: balanced in, balanced out; otherwise x's layout kept.
    if (!x.is_balanced()) {
      v = DNDarray<T>(x.dist(), x.comm(), redistribute(x.comm(), v.local_view(), v.dist(), x.dist()));
      i = DNDarray<std::int64_t>(x.dist(), x.comm(), redistribute(x.comm(), i.local_view(), i.dist(), x.dist()));
    }
    return {v, i};
  }
  // N-d along the split axis: make the lines local, sort, move back.
  const std::int64_t other = axis == 0 ? 1 : 0;
  auto [v, i] = sort_lines(resplit(x, other), axis);
  v.resplit_(axis);
  i.resplit_(axis);
  return {v, i};
}

}  // namespace detail

template <class T>
DNDarray<T> sort(const DNDarray<T>& x, std::int64_t axis) {
  if constexpr (detail::radix::sortable<T>)
    return detail::sort_values(x, axis);
  else
    return detail::sort_both(x, axis).first;
}

template <class T>
DNDarray<T> sort(const DNDarray<T>& x, std::int64_t axis, bool descending) {
  DNDarray<T> s = sort(x, axis);
  return descending ? flip(s, normalize_axis(axis, x.ndim())) : s;
}

template <class T>
DNDarray<std::int64_t> argsort(const DNDarray<T>& x, std::int64_t axis) {
  return detail::sort_both(x, axis).second;
}

namespace detail {

/// Every rank's values on every rank, in rank order: one Allgatherv of the
/// counts, one of the values into an agreed allocation.
template <class T>
std::vector<T> gather_all(const std::vector<T>& mine, const communicator& comm) {
  const int p = comm.size();
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> count("heat::gather_all::count", 1),
      all("heat::gather_all::counts", static_cast<std::size_t>(p));
  count(0) = static_cast<std::int64_t>(mine.size());
  allgatherv(comm, count, all, std::vector<std::int64_t>(static_cast<std::size_t>(p), 1));
  const std::vector<std::int64_t> counts(all.data(), all.data() + p);
  std::int64_t total = 0;
  for (const auto c : counts) total += c;
  const auto gathered = agreed(comm, "unique: values", error_kind::memory, [&] {
    return host_buffer<T>("heat::gather_all::values", static_cast<std::size_t>(total));
  });
  Kokkos::View<const T*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> send(mine.data(), mine.size());
  allgatherv(comm, send, gathered, counts);
  return std::vector<T>(gathered.data(), gathered.data() + total);
}

}  // namespace detail

template <class T>
DNDarray<T> unique(const DNDarray<T>& x) {
  const communicator& comm = x.comm();
  auto src = ht::detail::host_copy(x.local_view());
  auto distinct = [](std::vector<T>& v) {
    // Sorted on all of the rank's threads (slices, then merged).
    const auto before = [](T a, T b) { return detail::sort_key<T>{a, 0} < detail::sort_key<T>{b, 0}; };
    std::vector<T> scratch;
    detail::sort_in_slices(
        v.data(), static_cast<std::int64_t>(v.size()), scratch,
        [&](T* f, std::int64_t c, T*) { std::sort(f, f + c, before); }, before);
    v.erase(std::unique(v.begin(), v.end(), [](T a, T b) { return a == b || (a != a && b != b); }), v.end());
  };
  std::vector<T> local(src.data(), src.data() + src.extent(0));
  distinct(local);
  if (!x.split()) return array(xt::xarray<T>(xt::adapt(local, {local.size()})), none, comm);
  // Every rank's distinct values on every rank, then merged there.
  std::vector<T> merged = detail::gather_all(local, comm);
  distinct(merged);
  return array(xt::xarray<T>(xt::adapt(merged, {merged.size()})), none, comm);
}

inline DNDarray<std::int64_t> random::randperm(std::int64_t n, split_t split, const communicator& comm) {
  ht::detail::check(n >= 0, "randperm needs n >= 0, got ", n);
  // Sorting rank-invariant random keys gives a rank-invariant permutation.
  const DNDarray<double> keys = rand<double>({n}, split, comm);
  return argsort(keys);
}

}  // namespace ht

#endif
