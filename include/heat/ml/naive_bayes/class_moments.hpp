#ifndef HEAT_ML_NAIVE_BAYES_CLASS_MOMENTS_HPP
#define HEAT_ML_NAIVE_BAYES_CLASS_MOMENTS_HPP

/// The per-class statistics of a batch of labelled rows, over all ranks:
/// what GaussianNB's fit and partial_fit consume.
///
/// Contract:
/// - Input: this rank's rows of X (rows x d, row-major, first global row
///   `first`) and their int64 labels; every rank passes its own rows (a
///   replicated X: every rank the same rows, `split` false).
/// - Each rank summarises its rows per class it holds (count, and per
///   feature the shifted sums of heat/expr/reduce/reducers.hpp's moments)
///   and sends them in one Allgather of a fixed slot: the number of classes
///   it holds (-1: its rows hold a NaN or inf, the agreement point's flag),
///   then the summaries of up to `capacity` of them. The caller chooses the
///   capacity alike on every rank: the number of classes when they are
///   known (partial_fit), default_capacity(d) when not (fit). Only when a
///   rank holds more classes than that does a second collective (an
///   Allgatherv, its counts known from the slots) carry the rest. Every
///   rank then merges the summaries in rank order with Chan's formula: the
///   same bits on every rank, whatever the capacity.
/// - Output: the sorted labels present in the batch, each one's count, mean
///   and variance (ddof 0) per feature, and the batch's variance per feature
///   (all classes merged: NumPy's var(X, axis=0)).
/// - A NaN or inf in a rank's rows: ValueError on every rank naming it.

#include "heat/comm/collectives.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/errors.hpp"
#include "heat/expr/reduce/reducers.hpp"
#include "heat/ml/estimator.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

namespace ht::naive_bayes::detail {

/// A batch's statistics (see the contract); mean and var are classes x d, row-major.
struct class_moments {
  std::vector<std::int64_t> labels, count;
  std::vector<double> mean, var, all_var;
};

using moments_red = ht::detail::red_var<double>;
using moments_acc = typename moments_red::acc;

/// This rank's summaries: per class it holds, [label bits, count, d x (shift, s1, s2)].
template <class T>
std::vector<double> local_summaries(const T* x, const std::int64_t* y, std::int64_t rows, std::int64_t d) {
  std::map<std::int64_t, std::vector<moments_acc>> by_label;
  for (std::int64_t i = 0; i < rows; ++i) {
    auto [it, fresh] = by_label.try_emplace(y[i]);
    std::vector<moments_acc>& a = it->second;
    if (fresh) {
      a.resize(static_cast<std::size_t>(d));
      for (std::int64_t j = 0; j < d; ++j) a[j] = {0, static_cast<double>(x[i * d + j]), 0.0, 0.0};
    }
    for (std::int64_t j = 0; j < d; ++j) {
      const double v = static_cast<double>(x[i * d + j]) - a[j].shift;
      a[j].n += 1;
      a[j].s1 += v;
      a[j].s2 += v * v;
    }
  }
  std::vector<double> out;
  out.reserve(by_label.size() * static_cast<std::size_t>(2 + 3 * d));
  for (const auto& [label, a] : by_label) {
    double bits;
    std::memcpy(&bits, &label, sizeof bits);
    out.push_back(bits);
    out.push_back(static_cast<double>(a[0].n));
    for (const moments_acc& m : a) {
      out.push_back(m.shift);
      out.push_back(m.s1);
      out.push_back(m.s2);
    }
  }
  return out;
}

/// Joins `part` after `into` (the earlier parts first).
inline void join_after(moments_acc& into, const moments_acc& part) {
  moments_acc next = part;
  moments_red::join(into, next);
  into = next;
}

/// The merged statistics of all ranks' summaries `all` (classes of width 2 + 3d each).
inline class_moments merge_summaries(const std::vector<double>& all, std::int64_t d) {
  const auto width = static_cast<std::size_t>(2 + 3 * d);
  std::map<std::int64_t, std::vector<moments_acc>> by_label;
  std::vector<moments_acc> total(static_cast<std::size_t>(d), moments_acc{0, 0.0, 0.0, 0.0});
  for (std::size_t at = 0; at < all.size(); at += width) {
    std::int64_t label;
    std::memcpy(&label, &all[at], sizeof label);
    const auto n = static_cast<std::int64_t>(all[at + 1]);
    auto [it, fresh] = by_label.try_emplace(
        label, std::vector<moments_acc>(static_cast<std::size_t>(d), moments_acc{0, 0.0, 0.0, 0.0}));
    for (std::int64_t j = 0; j < d; ++j) {
      const moments_acc part{n, all[at + 2 + 3 * j], all[at + 3 + 3 * j], all[at + 4 + 3 * j]};
      join_after(it->second[j], part);
      join_after(total[j], part);
    }
  }
  class_moments m;
  for (const auto& [label, a] : by_label) {
    m.labels.push_back(label);
    m.count.push_back(a[0].n);
    for (const moments_acc& v : a) {
      m.mean.push_back(v.shift + v.s1 / static_cast<double>(v.n));
      m.var.push_back(moments_red::finish(v, v.n, 0));
    }
  }
  for (const moments_acc& v : total) m.all_var.push_back(moments_red::finish(v, v.n, 0));
  return m;
}

/// How many classes a rank's summaries carry in the one Allgather when the
/// classes are not known beforehand (fit): at most 4096 doubles a rank, 1 to 16 classes.
inline std::int64_t default_capacity(std::int64_t d) { return std::clamp<std::int64_t>(4096 / (2 + 3 * d), 1, 16); }

/// All ranks' summaries in rank order, `slots` of `slot` doubles each
/// ([classes held or -1, up to capacity summaries]) completed by `extra`
/// (the summaries beyond capacity, in rank order).
inline std::vector<double> in_rank_order(const double* slots, std::size_t p, std::int64_t slot, std::int64_t capacity,
                                         std::int64_t width, const std::vector<double>& extra) {
  std::vector<double> all;
  auto tail = extra.begin();
  for (std::size_t r = 0; r < p; ++r) {
    const double* at = slots + static_cast<std::int64_t>(r) * slot;
    const auto held = static_cast<std::int64_t>(at[0]);
    all.insert(all.end(), at + 1, at + 1 + std::min(held, capacity) * width);
    const std::int64_t over = std::max<std::int64_t>(held - capacity, 0) * width;
    all.insert(all.end(), tail, tail + over);
    tail += over;
  }
  return all;
}

/// The batch's statistics over all ranks (see the contract); `who` names the
/// caller in errors; each rank carries `capacity` summaries in the one Allgather.
template <class T>
class_moments gather_class_moments(const communicator& comm, bool split, const T* x, const std::int64_t* y,
                                   std::int64_t rows, std::int64_t d, std::int64_t first, const char* who,
                                   std::int64_t capacity) {
  ht::detail::agreement_point finite(comm, "naive_bayes: X values", ht::detail::error_kind::value);
  ml::detail::refuse_non_finite_rows(finite, who, x, rows, d, first);
  const std::vector<double> mine = finite.failed() ? std::vector<double>{} : local_summaries(x, y, rows, d);
  const auto width = static_cast<std::int64_t>(2 + 3 * d);
  if (!split) {
    finite.conclude();
    return merge_summaries(mine, d);
  }
  const auto p = static_cast<std::size_t>(comm.size());
  const std::int64_t held = finite.failed() ? -1 : static_cast<std::int64_t>(mine.size()) / width;
  const std::int64_t slot = 1 + capacity * width,
                     inline_values = std::min(std::max<std::int64_t>(held, 0), capacity) * width;
  Kokkos::View<double*, Kokkos::HostSpace> send("heat::nb::slot", static_cast<std::size_t>(slot)),
      recv("heat::nb::slots", p * static_cast<std::size_t>(slot));
  send(0) = static_cast<double>(held);
  std::copy_n(mine.begin(), inline_values, send.data() + 1);
  allgatherv(comm, send, recv, std::vector<std::int64_t>(p, slot));
  std::vector<std::int64_t> over(p);
  bool failed = false;
  for (std::size_t r = 0; r < p; ++r) {
    const auto h = static_cast<std::int64_t>(recv(r * static_cast<std::size_t>(slot)));
    failed = failed || h < 0;
    over[r] = std::max<std::int64_t>(h - capacity, 0) * width;
  }
  finite.conclude(failed ? 1.0 : 0.0);
  std::vector<double> extra;
  std::int64_t total = 0;
  for (const std::int64_t o : over) total += o;
  if (total > 0) {  // a rank holds more classes than its slot carries: their rest, in a second collective
    Kokkos::View<double*, Kokkos::HostSpace> rest("heat::nb::rest",
                                                  mine.size() - static_cast<std::size_t>(inline_values)),
        rests("heat::nb::rests", static_cast<std::size_t>(total));
    std::copy(mine.begin() + inline_values, mine.end(), rest.data());
    allgatherv(comm, rest, rests, over);
    extra.assign(rests.data(), rests.data() + total);
  }
  return merge_summaries(in_rank_order(recv.data(), p, slot, capacity, width, extra), d);
}

}  // namespace ht::naive_bayes::detail

#endif
