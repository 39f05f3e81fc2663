#ifndef HEAT_ML_CLUSTER_DBSCAN_HPP
#define HEAT_ML_CLUSTER_DBSCAN_HPP

/// DBSCAN (Ester et al. 1996) with scikit-learn's semantics, on rows split
/// across ranks.
///
/// Contract:
/// - Options eps (> 0, a finished distance under Metric: squared units for
///   sqeuclidean) and min_samples (>= 1). A row's neighbourhood is every row
///   within eps, itself included (heat/spatial/radius.hpp); a row with at
///   least min_samples neighbours is a core sample. Core samples within eps
///   of each other share a cluster; a non-core row within eps of a core
///   sample is a border row of a cluster; every other row is noise (-1).
/// - Labels equal scikit-learn's exactly, not only up to renumbering:
///   clusters are numbered in the order of their first core row, and a
///   border row near several clusters joins the one numbered first (what
///   scikit-learn's depth-first expansion in row order gives). The result
///   is the same at every rank count and layout.
/// - X is n x d, split 0 (split 1 is resplit) or replicated (every rank
///   computes the whole alone, no message). No n x n matrix exists:
///   neighbours are found in a grid of cells, block against block, the
///   blocks travelling around the ring of ranks (P - 1 exchanges of a block);
///   a pair of two ranks' rows is examined and kept by one of them only
///   (heat/ml/cluster/dbscan_pairs.hpp: the half ring, pairs in chunks, 8
///   bytes a pair), which sends the other rank what it needs per row: the
///   counts of its rows' neighbourhoods, later their border candidates (one
///   Alltoallv each, an int64 per row of the ranks it examines).
/// - Components across ranks: each rank joins its own core rows (union-find,
///   the root the lowest row); the roots of all rows are gathered (one
///   Allgatherv of n int64: 8n bytes per rank), then the components that
///   neighbour pairs crossing ranks join, as at most one pair (root, member)
///   per local root (a union-find over the local roots, fed by the crossing
///   pairs each rank found; one Allgatherv); every rank joins those alike
///   and labels its rows: a border row the lowest cluster among its core
///   neighbours', from its own rank's pairs and the candidates the other
///   ranks sent. Memory per rank: the pairs it found (8 bytes each), 8n
///   bytes of roots, the per-row exchange buffers, the grids.
/// - Collectives: the agreement on X, the ring, two Alltoallv (counts,
///   border candidates), four agreement points ("DBSCAN: neighbourhoods",
///   "DBSCAN: components", "DBSCAN: crossings", "DBSCAN: labels", each
///   concluded before the next collective: a rank that runs out of memory
///   alone throws on every rank; the exchanges' buffers are allocated at
///   the first), two pairs of Allgatherv (roots, pairs: a count each, then
///   the values).

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/comm/ring.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/dbscan_pairs.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/spatial/metric.hpp"
#include "heat/spatial/radius.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <utility>
#include <vector>

namespace ht::cluster {

/// Options of DBSCAN (scikit-learn's names and defaults).
struct dbscan_options {
  double eps = 0.5;              ///< the neighbourhood radius (a finished distance under the metric)
  std::int64_t min_samples = 5;  ///< neighbours (the row itself included) that make a core sample
};

namespace detail {

/// What a DBSCAN fit leaves.
struct dbscan_fit {
  DNDarray<std::int64_t> labels;        // n, split like X
  DNDarray<std::int64_t> core_indices;  // the core samples' rows, ascending, split like X
  std::int64_t n_clusters = 0;
};

/// A union-find whose root is the lowest member (path halving).
struct lowest_root {
  std::vector<std::int64_t> parent;
  explicit lowest_root(std::int64_t n) : parent(static_cast<std::size_t>(n)) {
    for (std::int64_t k = 0; k < n; ++k) parent[static_cast<std::size_t>(k)] = k;
  }
  std::int64_t find(std::int64_t k) {
    while (parent[static_cast<std::size_t>(k)] != k) {
      auto& up = parent[static_cast<std::size_t>(k)];
      up = parent[static_cast<std::size_t>(up)];
      k = up;
    }
    return k;
  }
  void join(std::int64_t a, std::int64_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  }
};

/// Each of this rank's rows' local root: core rows joined through core
/// neighbours on this rank, the root the lowest global row; -1 for a row
/// that is not a core sample.
inline std::vector<std::int64_t> local_roots(const neighbourhoods& nb, std::int64_t min_samples) {
  const std::int64_t first = nb.first;
  const auto rows = static_cast<std::int64_t>(nb.size.size());
  const auto core = [&](std::int64_t i) { return nb.size[static_cast<std::size_t>(i)] >= min_samples; };
  lowest_root uf(rows);
  nb.for_each_own([&](std::int64_t i, std::int64_t j) {
    if (core(i) && core(j)) uf.join(i, j);
  });
  std::vector<std::int64_t> root(static_cast<std::size_t>(rows), -1);
  for (std::int64_t i = 0; i < rows; ++i)
    if (core(i)) root[static_cast<std::size_t>(i)] = first + uf.find(i);
  return root;
}

/// The crossings as pairs (local root, the lowest local root joined to it)
/// of a union-find over the local roots, fed by every pair of core
/// neighbours on two ranks that this rank found (each such pair is found by
/// one rank): the same components as all those pairs, in at
/// most one pair per local root (no list of every crossing pair, no sort);
/// flattened. L holds every row's local root (-1: not core).
inline std::vector<std::int64_t> crossing_pairs(const neighbourhoods& nb, const std::vector<std::int64_t>& L) {
  const std::int64_t first = nb.first;
  lowest_root uf(static_cast<std::int64_t>(L.size()));
  std::vector<std::int64_t> joined;
  // A pair of the same two local roots as the last one is joined already
  // (a row's pairs come in runs): no finds for it.
  std::int64_t last_mine = -1, last_theirs = -1;
  nb.for_each_found([&](std::int64_t i, std::size_t r, std::int64_t j) {
    const std::int64_t mine = L[static_cast<std::size_t>(first + i)],
                       theirs = L[static_cast<std::size_t>(nb.displs[r] + j)];
    if (mine < 0 || theirs < 0 || (mine == last_mine && theirs == last_theirs)) return;
    last_mine = mine;
    last_theirs = theirs;
    if (uf.find(mine) == uf.find(theirs)) return;
    joined.push_back(mine);
    joined.push_back(theirs);
    uf.join(mine, theirs);
  });
  std::sort(joined.begin(), joined.end());
  joined.erase(std::unique(joined.begin(), joined.end()), joined.end());
  std::vector<std::int64_t> flat;
  for (const std::int64_t x : joined)
    if (const std::int64_t r = uf.find(x); r != x) {
      flat.push_back(r);
      flat.push_back(x);
    }
  return flat;
}

/// The final root (the lowest core row of its cluster) of every local root,
/// from the gathered pairs: the same union-find on every rank.
class cluster_roots {
 public:
  explicit cluster_roots(const std::vector<std::int64_t>& pairs) : m_keys(pairs), m_uf(0) {
    std::sort(m_keys.begin(), m_keys.end());
    m_keys.erase(std::unique(m_keys.begin(), m_keys.end()), m_keys.end());
    m_uf = lowest_root(static_cast<std::int64_t>(m_keys.size()));
    for (std::size_t p = 0; p + 1 < pairs.size(); p += 2) m_uf.join(index(pairs[p]), index(pairs[p + 1]));
  }
  /// The cluster root of local root v (v itself when no pair names it).
  std::int64_t operator()(std::int64_t v) {
    const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), v);
    if (it == m_keys.end() || *it != v) return v;
    return m_keys[static_cast<std::size_t>(m_uf.find(it - m_keys.begin()))];
  }

 private:
  std::int64_t index(std::int64_t v) const {
    return std::lower_bound(m_keys.begin(), m_keys.end(), v) - m_keys.begin();
  }
  std::vector<std::int64_t> m_keys;
  lowest_root m_uf;
};

/// This rank's labels before the border candidates of other ranks: a core
/// row's cluster root, a border row's lowest cluster root among its core
/// neighbours' that this rank found, else unset; and the cluster roots in
/// row order (L: every row's local root). For the rows of the ranks this
/// rank examines, the same candidates from its found pairs go into nb.out.
struct raw_labels {
  static constexpr std::int64_t unset = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> label, numbered;
};

inline raw_labels label_rows(neighbourhoods& nb, const std::vector<std::int64_t>& L, cluster_roots& roots) {
  const std::int64_t first = nb.first;
  const auto rows = static_cast<std::int64_t>(nb.size.size());
  raw_labels out;
  // A cluster's root (its lowest core row) is the root of its own local
  // component too: only rows that are their own local root are looked up.
  for (std::size_t x = 0; x < L.size(); ++x)
    if (const auto r = static_cast<std::int64_t>(x); L[x] == r && roots(r) == r) out.numbered.push_back(r);
  out.label.assign(static_cast<std::size_t>(rows), raw_labels::unset);
  for (std::int64_t i = 0; i < rows; ++i)
    if (L[static_cast<std::size_t>(first + i)] >= 0)
      out.label[static_cast<std::size_t>(i)] = roots(L[static_cast<std::size_t>(first + i)]);
  // A border row: the lowest cluster root among its core neighbours'.
  const auto border = [&](std::int64_t& mine, std::int64_t me, std::int64_t them) {
    const std::int64_t theirs = L[static_cast<std::size_t>(them)];
    if (L[static_cast<std::size_t>(me)] < 0 && theirs >= 0) mine = std::min(mine, roots(theirs));
  };
  nb.for_each_own([&](std::int64_t i, std::int64_t j) {
    border(out.label[static_cast<std::size_t>(i)], first + i, first + j);
    border(out.label[static_cast<std::size_t>(j)], first + j, first + i);
  });
  std::fill(nb.out.begin(), nb.out.end(), raw_labels::unset);
  nb.for_each_found([&](std::int64_t i, std::size_t r, std::int64_t j) {
    const std::int64_t other = nb.displs[r] + j;
    border(out.label[static_cast<std::size_t>(i)], first + i, other);
    border(nb.out[static_cast<std::size_t>(nb.out_at[r] + j)], other, first + i);
  });
  return out;
}

/// The labels numbered, after the other ranks' border candidates arrived
/// in nb.in (no allocation): noise -1.
inline std::vector<std::int64_t> number_labels(const neighbourhoods& nb, raw_labels& raw) {
  for (const std::int64_t at : nb.in_at)
    if (at >= 0)
      for (std::size_t i = 0; i < raw.label.size(); ++i)
        raw.label[i] = std::min(raw.label[i], nb.in[static_cast<std::size_t>(at) + i]);
  for (auto& l : raw.label)
    l = l == raw_labels::unset ? -1
                               : std::lower_bound(raw.numbered.begin(), raw.numbered.end(), l) - raw.numbered.begin();
  return std::move(raw.label);
}

/// The fit's arrays: labels split like X, the core rows (those with a
/// local root in L) in row order, each rank its own.
template <class T>
dbscan_fit dbscan_result(const data<T>& D, const communicator& comm, const std::vector<std::int64_t>& counts,
                         const std::vector<std::int64_t>& label, const std::vector<std::int64_t>& L,
                         std::int64_t n_clusters) {
  const split_t split = D.X.split();
  const distribution label_dist(shape_t{D.n}, split, comm.size(), split ? counts : std::vector<std::int64_t>{});
  ht::detail::host_result<std::int64_t> labels(label_dist, comm);
  std::copy(label.begin(), label.end(), labels.data());
  // Core rows per rank, from L (every rank holds it).
  std::vector<std::int64_t> cores(counts.size(), 0), mine;
  for (std::size_t r = 0, x = 0; r < counts.size(); ++r)
    for (std::int64_t k = 0; k < counts[r]; ++k, ++x)
      if (L[x] >= 0) {
        ++cores[r];
        if (!split || static_cast<int>(r) == comm.rank()) mine.push_back(static_cast<std::int64_t>(x));
      }
  std::int64_t total = 0;
  for (const auto c : cores) total += c;
  const distribution core_dist(shape_t{total}, split, comm.size(), split ? cores : std::vector<std::int64_t>{});
  ht::detail::host_result<std::int64_t> core(core_dist, comm);
  std::copy(mine.begin(), mine.end(), core.data());
  return {labels.finish(), core.finish(), n_clusters};
}

}  // namespace detail

/// DBSCAN over a metric (euclidean unless named); scikit-learn-shaped.
template <class T, spatial::metric Metric = spatial::euclidean>
class DBSCAN : public ml::estimator<dbscan_options, detail::dbscan_fit> {
  static_assert(std::is_floating_point_v<T>, "DBSCAN works on float or double data");
  using base = ml::estimator<dbscan_options, detail::dbscan_fit>;

 public:
  explicit DBSCAN(dbscan_options opts = {}) : base(std::move(opts)) {
    ht::detail::check(m_opts.eps > 0 && std::isfinite(m_opts.eps), "eps must be positive and finite, got ", m_opts.eps);
    ht::detail::check(m_opts.min_samples >= 1, "min_samples must be at least 1, got ", m_opts.min_samples);
  }

  DBSCAN& fit(const DNDarray<T>& X);
  DNDarray<std::int64_t> fit_predict(const DNDarray<T>& X) { return fit(X).labels(); }

  /// Each row's cluster (0, 1, ... in the order of the clusters' first core
  /// rows) or -1 for noise; n, split like X.
  const DNDarray<std::int64_t>& labels() const { return fitted().labels; }
  /// The rows of the core samples, ascending (split like X: each rank its own).
  const DNDarray<std::int64_t>& core_sample_indices() const { return fitted().core_indices; }
  std::int64_t n_clusters() const { return fitted().n_clusters; }

 private:
  using base::fitted;
  using base::m_opts;
};

template <class T, spatial::metric Metric>
DBSCAN<T, Metric>& DBSCAN<T, Metric>::fit(const DNDarray<T>& X) {
  this->forget_fit();
  const detail::data<T> D(X, "DBSCAN.fit");
  const communicator& comm = D.comm();
  // A replicated X: every rank the whole, alone.
  const communicator work = D.X.split() ? comm : comm_self();
  const std::vector<std::int64_t> counts = D.X.split() ? D.X.dist().counts() : std::vector<std::int64_t>{D.n};
  ht::detail::agreement_point found(comm, "DBSCAN: neighbourhoods", ht::detail::error_kind::memory);
  detail::neighbourhoods nb = detail::find_neighbourhoods<T, Metric>(work, D, counts, m_opts.eps, found);
  found.conclude();
  detail::add_counts(work, nb);
  // Every row's local root, gathered; the pairs of roots that cross ranks, gathered.
  const auto mine = ht::detail::agreed(comm, "DBSCAN: components", ht::detail::error_kind::memory,
                                       [&] { return detail::local_roots(nb, m_opts.min_samples); });
  const std::vector<std::int64_t> L = detail::allgather_rows(work, mine);
  const auto crossing = ht::detail::agreed(comm, "DBSCAN: crossings", ht::detail::error_kind::memory,
                                           [&] { return detail::crossing_pairs(nb, L); });
  const std::vector<std::int64_t> pairs = detail::allgather_rows(work, crossing);
  // Border candidates for other ranks' rows travel in the exchange's buffers (allocated with the neighbourhoods).
  detail::raw_labels raw = ht::detail::agreed(comm, "DBSCAN: labels", ht::detail::error_kind::memory, [&] {
    detail::cluster_roots roots(pairs);
    return detail::label_rows(nb, L, roots);
  });
  detail::exchange_rows(work, nb);
  const std::int64_t n_clusters = static_cast<std::int64_t>(raw.numbered.size());
  const std::vector<std::int64_t> label = detail::number_labels(nb, raw);
  this->set_fitted(detail::dbscan_result(D, comm, counts, label, L, n_clusters));
  return *this;
}

}  // namespace ht::cluster

#endif
