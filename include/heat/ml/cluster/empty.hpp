#ifndef HEAT_ML_CLUSTER_EMPTY_HPP
#define HEAT_ML_CLUSTER_EMPTY_HPP

/// Empty-cluster policies: what a cluster without members becomes.
///
/// Contract of an empty-cluster policy E:
/// - `E::name`;
/// - `E::relocate<M>(D, a, centres, k, members, bounds)` runs after every
///   assignment that left a cluster empty (a.counts holds a 0: every rank
///   alike), before the update. It may move rows into the empty clusters,
///   changing every copy of what the assignment left alike: the rows'
///   labels and this rank's exact sums (members), a's sums and counts (every
///   rank the same), the moved rows' bounds (made void). It returns how many
///   rows it moved, the same on every rank, and a.exact_distance is then
///   false (the inertia no longer belongs to the labels).
/// - `E::empty_centre(c, d)` sets the centre of a cluster still empty after
///   the update (c holds its old centre).
///
/// What the peers do: scikit-learn moves each empty cluster to one of the
/// rows farthest from their centres (farthest_empty); HeAT's KMeans divides
/// a zero sum by a count clipped to 1, so an empty centre moves to the
/// origin (zero_empty); HeAT's KMedians and KMedoids draw a random row.

#include "heat/comm/collectives.hpp"
#include "heat/core/exact.hpp"
#include "heat/core/host.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/lloyd.hpp"
#include "heat/spatial/metric.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

namespace ht::cluster {

/// Moves nothing; an empty cluster keeps its centre (a fit then may end
/// with fewer clusters in use than asked for).
struct keep_empty {
  static constexpr const char* name = "keep";
  template <spatial::metric M, class T>
  static std::int64_t relocate(const detail::data<T>&, detail::assignment&, const std::vector<T>&, std::int64_t,
                               detail::members&, detail::row_bounds<T>*) {
    return 0;
  }
  template <class T>
  static void empty_centre(T*, std::int64_t) {}
};

/// HeAT's KMeans: an empty cluster's centre becomes the origin (its zero
/// sum divided by a count clipped to 1).
struct zero_empty {
  static constexpr const char* name = "zero";
  template <spatial::metric M, class T>
  static std::int64_t relocate(const detail::data<T>&, detail::assignment&, const std::vector<T>&, std::int64_t,
                               detail::members&, detail::row_bounds<T>*) {
    return 0;
  }
  template <class T>
  static void empty_centre(T* c, std::int64_t d) {
    std::fill(c, c + d, T(0));
  }
};

namespace detail {

/// A row offered for relocation: its distance to its centre, its global
/// index and its cluster. Farther first, then the lower index.
struct far_row {
  double distance;
  double index;  // exact: fewer than 2^32 rows
  double label;
  bool before(const far_row& o) const { return distance > o.distance || (distance == o.distance && index < o.index); }
};

/// This rank's e rows farthest (under M) from their centres, farthest first.
template <spatial::metric M, class T>
std::vector<far_row> local_farthest(const data<T>& D, const std::vector<T>& centres, const label_t* labels,
                                    std::size_t e) {
  auto later = [](const far_row& a, const far_row& b) { return a.before(b); };
  std::priority_queue<far_row, std::vector<far_row>, decltype(later)> top(later);  // the worst kept on top
  for (std::int64_t i = 0; i < D.rows; ++i) {
    const far_row r{spatial::raw_distance<M, double>(D.x + i * D.d, centres.data() + labels[i] * D.d, D.d),
                    static_cast<double>(D.first + i), static_cast<double>(labels[i])};
    if (top.size() < e) {
      top.push(r);
    } else if (r.before(top.top())) {
      top.pop();
      top.push(r);
    }
  }
  std::vector<far_row> out;
  for (; !top.empty(); top.pop()) out.push_back(top.top());
  std::reverse(out.begin(), out.end());
  return out;
}

/// The e rows farthest from their centres over all ranks, farthest first:
/// one Allgatherv of 3e doubles per rank.
template <spatial::metric M, class T>
std::vector<far_row> farthest_rows(const data<T>& D, const std::vector<T>& centres, const label_t* labels,
                                   std::size_t e) {
  std::vector<far_row> mine = local_farthest<M>(D, centres, labels, e);
  if (!D.X.split()) return mine;
  mine.resize(e, far_row{-std::numeric_limits<double>::infinity(), static_cast<double>(D.n), -1});
  const int p = D.comm().size();
  const auto send = ht::detail::host_buffer<double>("heat::cluster::far", 3 * e);
  const auto all = ht::detail::host_buffer<double>("heat::cluster::far_all", 3 * e * static_cast<std::size_t>(p));
  for (std::size_t r = 0; r < e; ++r) {
    send(3 * r) = mine[r].distance;
    send(3 * r + 1) = mine[r].index;
    send(3 * r + 2) = mine[r].label;
  }
  allgatherv(D.comm(), send, all,
             std::vector<std::int64_t>(static_cast<std::size_t>(p), 3 * static_cast<std::int64_t>(e)));
  std::vector<far_row> every;
  for (std::size_t r = 0; r < e * static_cast<std::size_t>(p); ++r)
    every.push_back({all(3 * r), all(3 * r + 1), all(3 * r + 2)});
  std::partial_sort(every.begin(), every.begin() + static_cast<std::ptrdiff_t>(e), every.end(),
                    [](const far_row& a, const far_row& b) { return a.before(b); });
  every.resize(e);
  return every;
}

}  // namespace detail

/// scikit-learn's relocation: the e empty clusters (in index order) take the
/// e rows farthest from their centres (farthest first; ties to the lower
/// row index, where scikit-learn's argpartition leaves them unspecified),
/// each row leaving its cluster (whose sum and count lose it; with sample
/// weights the row carries its weight, as scikit-learn's
/// _relocate_empty_clusters). Costs one
/// pass over the rows and two collectives, only in iterations that left a
/// cluster empty. A cluster emptied by giving away its one row keeps its
/// centre.
struct farthest_empty {
  static constexpr const char* name = "farthest";
  template <spatial::metric M, class T>
  static std::int64_t relocate(const detail::data<T>& D, detail::assignment& a, const std::vector<T>& centres,
                               std::int64_t k, detail::members& mem, detail::row_bounds<T>* bounds) {
    std::vector<std::int64_t> empty;
    for (std::int64_t c = 0; c < k; ++c)
      if (a.counts[c] == 0) empty.push_back(c);
    if (empty.empty()) return 0;
    const std::int64_t d = D.d;
    const std::vector<detail::far_row> far = detail::farthest_rows<M>(D, centres, mem.labels, empty.size());
    std::vector<std::int64_t> index;
    for (const auto& f : far) index.push_back(static_cast<std::int64_t>(f.index));
    const std::vector<T> rows = D.rows_at(index);
    const std::vector<double> wts = D.weights_at(index);  // no message unweighted
    const double scale_x = std::ldexp(1.0, ht::detail::exact::scale_for(D.bound * D.wbound));
    const double scale_w = std::ldexp(1.0, ht::detail::exact::scale_for(D.wbound));
    for (std::size_t r = 0; r < empty.size(); ++r) {
      const std::int64_t to = empty[r], from = static_cast<std::int64_t>(far[r].label), g = index[r];
      const T* row = rows.data() + static_cast<std::int64_t>(r) * d;
      const double wt = wts[r];
      a.counts[from] -= 1;
      a.counts[to] += 1;
      if (!a.weights.empty()) {
        a.weights[from] -= wt;
        a.weights[to] = wt;
      }
      if (!a.sums.empty())
        for (std::int64_t j = 0; j < d; ++j) {
          a.sums[from * d + j] -= static_cast<double>(row[j]) * wt;
          a.sums[to * d + j] = static_cast<double>(row[j]) * wt;
        }
      if (!D.holds(g)) continue;
      const std::int64_t i = g - D.first;
      mem.move(i, static_cast<detail::label_t>(to), row, k, d, scale_x, wt, scale_w);
      if (bounds && !bounds->upper.empty()) {
        bounds->upper[i] = std::numeric_limits<double>::infinity();  // recomputed by the next pass
        bounds->lower[i] = 0;
      }
    }
    a.exact_distance = false;
    return static_cast<std::int64_t>(empty.size());
  }
  template <class T>
  static void empty_centre(T*, std::int64_t) {}
};

}  // namespace ht::cluster

#endif
