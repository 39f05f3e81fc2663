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
///   blocks travelling around the ring of ranks (P - 1 exchanges of a block).
///   Half ring: a pair of two ranks' rows is examined by one of them (the
///   block less than half the ring ahead; at exactly half, each rank half
///   of the rows), which sends it back to the other (one Alltoallv of the
///   counts, one of the pairs, 8 bytes a pair).
/// - Components across ranks: each rank joins its own core rows (union-find,
///   the root the lowest row); the roots of all rows are gathered (one
///   Allgatherv of n int64: 8n bytes per rank), then the components that
///   neighbour pairs crossing ranks join, as at most one pair (root, member)
///   per local root (a union-find over the local roots; one Allgatherv);
///   every rank joins those alike and labels its rows. Memory per
///   rank: the rank's neighbour pairs (16 bytes each), 8n bytes, the pairs.
/// - Collectives: the agreement on X, the ring, the returned pairs, five
///   agreement points ("DBSCAN: neighbourhoods", "DBSCAN: pair buffers",
///   "DBSCAN: components", "DBSCAN: crossings", "DBSCAN: labels", each
///   concluded before the next collective: a rank that runs out of memory
///   alone throws on every rank), two pairs of Allgatherv (roots, pairs: a
///   count each, then the values).

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/comm/ring.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/ml/cluster/data.hpp"
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

/// This rank's rows' neighbourhoods: sizes (the row itself included) and
/// the neighbour pairs (local row i, global row j), j never i itself; a pair
/// of two rows of this rank is kept once (either order). Rows fit 32 bits
/// (data<T> takes at most 2^32 rows): 8 bytes a pair.
struct neighbourhoods {
  std::vector<std::int64_t> size;
  std::vector<std::uint32_t> i, j;
  std::int64_t first = 0;  // this rank's first row
  bool local(std::size_t p) const { return j[p] >= first && j[p] < first + static_cast<std::int64_t>(size.size()); }
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

/// Which pairs of this rank's rows and the visiting block of `owner` this
/// rank examines (the half ring: each pair of two ranks' rows once): all
/// when the block is less than half the ring ahead, none when more; at
/// exactly half (an even P) the lower rank takes its first half of rows
/// against the block and the higher rank the block's second half.
enum class visit { own, all, mine_low, theirs_high, none };

inline visit visit_of(int me, int owner, int p) {
  const int s = (owner - me + p) % p;
  if (s == 0) return visit::own;
  if (2 * s < p) return visit::all;
  if (2 * s > p) return visit::none;
  return me < owner ? visit::mine_low : visit::theirs_high;
}

/// This rank's pairs with a visiting block (rows `base` on of `owner`), each
/// recorded here and, for the owner, in back[owner] as (its row, my row).
template <class T, spatial::metric M>
void visit_block(const data<T>& D, const spatial::detail::cell_grid& own, const T* block, std::int64_t count,
                 std::int64_t base, visit how, double side, double raw, neighbourhoods& nb,
                 std::vector<std::uint32_t>& back) {
  const std::int64_t d = D.d;
  const auto record = [&](std::int64_t i, std::int64_t j) {
    ++nb.size[static_cast<std::size_t>(i)];
    nb.i.push_back(static_cast<std::uint32_t>(i));
    nb.j.push_back(static_cast<std::uint32_t>(base + j));
    back.push_back(static_cast<std::uint32_t>(base + j));
    back.push_back(static_cast<std::uint32_t>(D.first + i));
  };
  if (how == visit::mine_low) {
    const auto low = spatial::detail::make_grid(D.x, D.rows / 2, d, side);
    spatial::detail::radius_pairs<M>(low, spatial::detail::make_grid(block, count, d, side), raw, false, record);
  } else if (how == visit::theirs_high) {
    const std::int64_t half = count / 2;
    const auto high = spatial::detail::make_grid(block + half * d, count - half, d, side);
    spatial::detail::radius_pairs<M>(own, high, raw, false,
                                     [&](std::int64_t i, std::int64_t j) { record(i, half + j); });
  } else {
    spatial::detail::radius_pairs<M>(own, spatial::detail::make_grid(block, count, d, side), raw, false, record);
  }
}

/// The rows of every rank of `work` visit this rank's rows around the ring;
/// the pairs within eps that this rank examines (visit_of) are recorded at
/// the agreement point (rank-local work, so that a failed allocation is
/// agreed); those with another rank's rows also in back[that rank].
template <class T, spatial::metric M>
neighbourhoods find_neighbourhoods(const communicator& work, const data<T>& D, const std::vector<std::int64_t>& counts,
                                   double eps, ht::detail::agreement_point& point,
                                   std::vector<std::vector<std::uint32_t>>& back) {
  const std::int64_t d = D.d, rows = D.rows;
  const double side = spatial::detail::coordinate_reach<M>(eps), raw = spatial::detail::raw_radius<M>(eps);
  neighbourhoods nb;
  nb.first = D.first;  // 0 for a replicated X
  spatial::detail::cell_grid own;
  back.assign(static_cast<std::size_t>(work.size()), {});
  point.run([&] {
    nb.size.assign(static_cast<std::size_t>(rows), 1);
    own = spatial::detail::make_grid(D.x, rows, d, side);
  });
  const std::vector<std::int64_t> displs = ht::detail::displs_of(counts);
  std::vector<std::int64_t> sizes(counts.size());
  for (std::size_t r = 0; r < counts.size(); ++r) sizes[r] = counts[r] * d;
  ht::detail::ring(work, D.X.local_view(), sizes, [&](const T* block, int owner) {
    const visit how = visit_of(work.rank(), owner, work.size());
    if (how == visit::none) return;
    point.run([&] {
      if (how != visit::own) {
        const auto o = static_cast<std::size_t>(owner);
        visit_block<T, M>(D, own, block, counts[o], displs[o], how, side, raw, nb, back[o]);
        return;
      }
      spatial::detail::radius_pairs<M>(own, own, raw, true, [&](std::int64_t i, std::int64_t j) {
        ++nb.size[static_cast<std::size_t>(i)];
        ++nb.size[static_cast<std::size_t>(j)];
        nb.i.push_back(static_cast<std::uint32_t>(i));
        nb.j.push_back(static_cast<std::uint32_t>(D.first + j));
      });
    });
  });
  return nb;
}

/// The pairs other ranks found for this rank's rows, flattened as (my row,
/// their row) in global rows: one Alltoallv of the counts, one of the pairs,
/// with an agreement point on the buffers between them (back is emptied).
inline std::vector<std::uint32_t> return_pairs(const communicator& comm, const communicator& work,
                                               std::vector<std::vector<std::uint32_t>>& back) {
  const auto p = static_cast<std::size_t>(work.size());
  ht::detail::agreement_point point(comm, "DBSCAN: pair buffers", ht::detail::error_kind::memory);
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> sent("heat::dbscan::sent", p), got("heat::dbscan::got", p);
  for (std::size_t r = 0; r < p; ++r) sent(r) = static_cast<std::int64_t>(back[r].size());
  const std::vector<std::int64_t> ones(p, 1);
  if (p > 1) alltoallv(work, sent, ones, got, ones, 1);
  const std::vector<std::int64_t> sendcounts(sent.data(), sent.data() + p), recvcounts(got.data(), got.data() + p);
  std::vector<std::uint32_t> out, in;
  point.run([&] {
    for (auto& b : back) {
      out.insert(out.end(), b.begin(), b.end());
      std::vector<std::uint32_t>().swap(b);
    }
    if (p > 1)
      in.resize(static_cast<std::size_t>(std::accumulate(recvcounts.begin(), recvcounts.end(), std::int64_t{0})));
  });
  point.conclude();
  if (p == 1) return in;
  using view = Kokkos::View<std::uint32_t*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>;
  alltoallv(work, view(out.data(), out.size()), sendcounts, view(in.data(), in.size()), recvcounts, -1);
  return in;
}

/// Adds the returned pairs (my row, their row) to this rank's neighbourhoods.
inline void add_returned(neighbourhoods& nb, const std::vector<std::uint32_t>& in) {
  nb.i.reserve(nb.i.size() + in.size() / 2);
  nb.j.reserve(nb.j.size() + in.size() / 2);
  for (std::size_t k = 0; k + 1 < in.size(); k += 2) {
    const std::int64_t i = in[k] - nb.first;
    ++nb.size[static_cast<std::size_t>(i)];
    nb.i.push_back(static_cast<std::uint32_t>(i));
    nb.j.push_back(in[k + 1]);
  }
}

/// Each of this rank's rows' local root: core rows joined through core
/// neighbours on this rank, the root the lowest global row; -1 for a row
/// that is not a core sample.
inline std::vector<std::int64_t> local_roots(const neighbourhoods& nb, std::int64_t min_samples) {
  const std::int64_t first = nb.first;
  const auto rows = static_cast<std::int64_t>(nb.size.size());
  const auto core = [&](std::int64_t i) { return nb.size[static_cast<std::size_t>(i)] >= min_samples; };
  lowest_root uf(rows);
  for (std::size_t p = 0; p < nb.i.size(); ++p) {
    const std::int64_t j = nb.j[p] - first;
    if (nb.local(p) && core(nb.i[p]) && core(j)) uf.join(nb.i[p], j);
  }
  std::vector<std::int64_t> root(static_cast<std::size_t>(rows), -1);
  for (std::int64_t i = 0; i < rows; ++i)
    if (core(i)) root[static_cast<std::size_t>(i)] = first + uf.find(i);
  return root;
}

/// The crossings as pairs (local root, the lowest local root joined to it)
/// of a union-find over the local roots, fed by every pair of core
/// neighbours on two ranks: the same components as all those pairs, in at
/// most one pair per local root (no list of every crossing pair, no sort);
/// flattened. L holds every row's local root (-1: not core).
inline std::vector<std::int64_t> crossing_pairs(const neighbourhoods& nb, const std::vector<std::int64_t>& L) {
  const std::int64_t first = nb.first;
  lowest_root uf(static_cast<std::int64_t>(L.size()));
  std::vector<std::int64_t> joined;
  for (std::size_t p = 0; p < nb.i.size(); ++p) {
    if (nb.local(p)) continue;
    const std::int64_t mine = L[static_cast<std::size_t>(first + nb.i[p])], theirs = L[nb.j[p]];
    if (mine < 0 || theirs < 0 || uf.find(mine) == uf.find(theirs)) continue;
    joined.push_back(mine);
    joined.push_back(theirs);
    uf.join(mine, theirs);
  }
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

/// This rank's labels: a core row its cluster's number, a border row the
/// lowest-numbered cluster among its core neighbours', noise -1. Clusters
/// are numbered by their roots in row order (L: every row's local root).
inline std::pair<std::vector<std::int64_t>, std::int64_t> label_rows(const neighbourhoods& nb,
                                                                     const std::vector<std::int64_t>& L,
                                                                     cluster_roots& roots) {
  const std::int64_t first = nb.first;
  std::vector<std::int64_t> numbered;  // the cluster roots, ascending
  for (std::size_t x = 0; x < L.size(); ++x)
    if (L[x] >= 0 && roots(L[x]) == static_cast<std::int64_t>(x)) numbered.push_back(static_cast<std::int64_t>(x));
  const auto number = [&](std::int64_t root) {
    return std::lower_bound(numbered.begin(), numbered.end(), root) - numbered.begin();
  };
  const auto rows = static_cast<std::int64_t>(nb.size.size());
  constexpr std::int64_t unset = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> label(static_cast<std::size_t>(rows), unset);
  for (std::int64_t i = 0; i < rows; ++i)
    if (L[static_cast<std::size_t>(first + i)] >= 0)
      label[static_cast<std::size_t>(i)] = roots(L[static_cast<std::size_t>(first + i)]);
  // A border row: the lowest cluster root among its core neighbours' (a
  // pair of two local rows stands for both orders).
  const auto border = [&](std::int64_t i, std::int64_t j) {
    const std::int64_t theirs = L[static_cast<std::size_t>(j)];
    auto& mine = label[static_cast<std::size_t>(i)];
    if (L[static_cast<std::size_t>(first + i)] < 0 && theirs >= 0) mine = std::min(mine, roots(theirs));
  };
  for (std::size_t p = 0; p < nb.i.size(); ++p) {
    border(nb.i[p], nb.j[p]);
    if (nb.local(p)) border(nb.j[p] - first, first + nb.i[p]);
  }
  for (auto& l : label) l = l == unset ? -1 : number(l);
  return {std::move(label), static_cast<std::int64_t>(numbered.size())};
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
  std::vector<std::vector<std::uint32_t>> back;
  detail::neighbourhoods nb = detail::find_neighbourhoods<T, Metric>(work, D, counts, m_opts.eps, found, back);
  found.conclude();
  const std::vector<std::uint32_t> returned = detail::return_pairs(comm, work, back);
  // Every row's local root, gathered; the pairs of roots that cross ranks, gathered.
  const auto mine = ht::detail::agreed(comm, "DBSCAN: components", ht::detail::error_kind::memory, [&] {
    detail::add_returned(nb, returned);
    return detail::local_roots(nb, m_opts.min_samples);
  });
  const std::vector<std::int64_t> L = detail::allgather_rows(work, mine);
  const auto crossing = ht::detail::agreed(comm, "DBSCAN: crossings", ht::detail::error_kind::memory,
                                           [&] { return detail::crossing_pairs(nb, L); });
  const std::vector<std::int64_t> pairs = detail::allgather_rows(work, crossing);
  auto [label, n_clusters] = ht::detail::agreed(comm, "DBSCAN: labels", ht::detail::error_kind::memory, [&] {
    detail::cluster_roots roots(pairs);
    return detail::label_rows(nb, L, roots);
  });
  this->set_fitted(detail::dbscan_result(D, comm, counts, label, L, n_clusters));
  return *this;
}

}  // namespace ht::cluster

#endif
