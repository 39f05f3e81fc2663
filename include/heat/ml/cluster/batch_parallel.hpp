#ifndef HEAT_ML_CLUSTER_BATCH_PARALLEL_HPP
#define HEAT_ML_CLUSTER_BATCH_PARALLEL_HPP

/// Batch-parallel K-Means and K-Medians (HeAT 1.4's BatchParallelKMeans /
/// BatchParallelKMedians; Alguliyev et al., "Parallel batch k-means for Big
/// data clustering", 2021): every rank clusters its own rows alone, then the
/// ranks' centres are merged by clustering them, in groups of
/// n_procs_to_merge ranks, level by level, until one set of k centres is
/// left.
///
/// Contract:
/// - X is n x d, split 0 (split 1 is resplit; a replicated X is one batch
///   per rank, each rank clustering all rows with its own seed). The local
///   fits and merges are basic_kmeans<T, Metric, Update> fits on one rank
///   (seed random_state + the rank, as HeAT; merges use the seed of the
///   group's first rank). A rank with fewer than k rows passes its rows on
///   as centres; so does a group with fewer than k centres.
/// - The result depends on how the rows are cut (it is not K-Means' fixed
///   point): the same for the same rank count and layout, checked for
///   quality against a full K-Means fit. The final centres are rank 0's,
///   broadcast; labels and inertia those of the final centres (one exact
///   assignment pass, as KMeans').
/// - Collectives: the agreement on X (one), the local fits' agreement point
///   (one scalar Allreduce), per merge level two Allgatherv of the active
///   ranks' centres (k x d each) on the whole communicator and the merges'
///   agreement point, one Bcast of the centres, one scalar Allreduce
///   (iterations), one Allreduce for the labels' inertia.
/// - A local fit or merge runs on one rank alone and may fail there alone
///   (memory, a degenerate batch): it is rank-local work of an agreement
///   point on the job's communicator ("BatchParallel: local fit",
///   "BatchParallel: merge"), concluded before the next gather, so every
///   rank throws the same exception.

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/host.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/kmeans.hpp"
#include "heat/ml/cluster/lloyd.hpp"
#include "heat/ml/cluster/update.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/spatial/metric.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor/xadapt.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace ht::cluster {

/// Options of the batch-parallel family (HeAT's names and defaults).
struct batch_parallel_options {
  std::int64_t n_clusters = 8;
  std::string init = "k-means++";  ///< of every local fit and merge: "k-means++", "random" or "k-means||"
  std::int64_t max_iter = 300;     ///< of every local fit and merge
  double tol = 1e-4;               ///< of every local fit and merge (absolute, as KMeans')
  std::optional<std::uint64_t> random_state = std::nullopt;  ///< unset: drawn from ht::random's stream
  std::optional<int> n_procs_to_merge = std::nullopt;        ///< ranks merged per group (> 1); unset: all at once
};

namespace detail {

/// What a batch-parallel fit leaves.
template <class T>
struct batch_fit {
  DNDarray<T> centres;
  DNDarray<std::int64_t> labels;
  double inertia = 0;
  int n_iter = 0;  // the most any rank ran: its local fit's iterations plus its merges'
};

/// Clusters `count` rows (row-major at x, d features) on this rank alone
/// into at most k centres; adds the fit's iterations to n_iter. `block`:
/// where the rows are the host block of a DNDarray (the local fit), that
/// array, whose memory the fit reads without a copy.
template <class T, spatial::metric Metric, class Update>
std::vector<T> cluster_alone(const T* x, std::int64_t count, std::int64_t d, const batch_parallel_options& o,
                             std::uint64_t seed, int& n_iter, const DNDarray<T>* block = nullptr) {
  if (count <= o.n_clusters) return {x, x + count * d};  // too few rows: they are the centres
  basic_kmeans<T, Metric, Update> km(
      {.n_clusters = o.n_clusters, .init = o.init, .max_iter = o.max_iter, .tol = o.tol, .random_state = seed});
  const distribution alone(shape_t{count, d}, none, 1, {});
  if (block && block->local_view().data() == x) {
    km.fit(DNDarray<T>(alone, comm_self(), block->local_view()));
  } else {
    const auto rows = xt::adapt(x, static_cast<std::size_t>(count * d), xt::no_ownership(),
                                std::vector<std::size_t>{static_cast<std::size_t>(count), static_cast<std::size_t>(d)});
    km.fit(ht::array(rows, none, comm_self()));
  }
  n_iter += km.n_iter();
  const auto c = ht::detail::host_block(km.cluster_centers());
  return {c.data(), c.data() + c.extent(0)};
}

/// The merge levels: at each, the ranks still active (those divisible by
/// the level's stride) form groups of m consecutive active ranks; the
/// active ranks' centres are gathered on every rank (two Allgatherv on the
/// whole communicator: no communicator is made, so repeated fits leak
/// none), every member of a group clusters its group's centres alike (the
/// seed of the group's first rank), and only that first rank stays active.
template <class T, spatial::metric Metric, class Update>
std::vector<T> merge_levels(const communicator& comm, std::vector<T> centres, std::int64_t d,
                            const batch_parallel_options& o, std::uint64_t seed, int& n_iter) {
  const int p = comm.size(), rank = comm.rank();
  const std::int64_t m = o.n_procs_to_merge ? *o.n_procs_to_merge : p;
  for (std::int64_t stride = 1; stride < p; stride *= m) {
    const std::int64_t next = stride * m;
    const bool active = rank % stride == 0;
    std::vector<std::int64_t> counts;
    const std::vector<T> all = allgather_rows(comm, active ? centres : std::vector<T>{}, &counts);
    const std::int64_t first = rank / next * next, last = std::min<std::int64_t>(first + next, p);
    // Every rank passes the merge's agreement point; the members of a group merge.
    ht::detail::agreement_point point(comm, "BatchParallel: merge", ht::detail::error_kind::error);
    if (active && (last - first + stride - 1) / stride > 1) {  // not alone in its group
      std::int64_t from = 0, to = 0;
      for (std::int64_t r = 0; r < last; ++r) (r < first ? from : to) += counts[static_cast<std::size_t>(r)];
      point.run([&] {
        centres = cluster_alone<T, Metric, Update>(all.data() + from, to / d, d, o,
                                                   seed + static_cast<std::uint64_t>(first), n_iter);
      });
    }
    point.conclude();
  }
  return centres;
}

}  // namespace detail

/// The batch-parallel estimator over K-Means' policies (Metric, Update);
/// scikit-learn-shaped like basic_kmeans.
template <class T, spatial::metric Metric, class Update>
class basic_batch_parallel : public ml::estimator<batch_parallel_options, detail::batch_fit<T>> {
  static_assert(std::is_floating_point_v<T>, "batch-parallel clustering works on float or double data");
  using base = ml::estimator<batch_parallel_options, detail::batch_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit basic_batch_parallel(batch_parallel_options opts = {}) : base(std::move(opts)) {
    ht::detail::check(m_opts.n_clusters > 0 && m_opts.n_clusters <= std::numeric_limits<detail::label_t>::max(),
                      "n_clusters must be in [1, 2^31 - 1], got ", m_opts.n_clusters);
    ht::detail::check(m_opts.max_iter > 0, "max_iter must be positive, got ", m_opts.max_iter);
    ht::detail::check(m_opts.tol >= 0, "tol must be non-negative, got ", m_opts.tol);
    ht::detail::check(m_opts.init == "k-means++" || m_opts.init == "kmeans++" || m_opts.init == "random" ||
                          m_opts.init == "k-means||" || m_opts.init == "probability_based",
                      "init must be \"k-means++\", \"random\" or \"k-means||\", got \"", m_opts.init, "\"");
    ht::detail::check(!m_opts.n_procs_to_merge || *m_opts.n_procs_to_merge > 1,
                      "n_procs_to_merge must be larger than 1, got ", m_opts.n_procs_to_merge.value_or(0));
  }

  basic_batch_parallel& fit(const DNDarray<T>& X);
  /// The nearest final centre of each row of X (n, split like X).
  DNDarray<std::int64_t> predict(const DNDarray<T>& X) const {
    const auto& f = fitted();
    ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.centres.shape()[1], "predict: X has shape ",
                      to_string(X.shape()), ", the centres have ", f.centres.shape()[1], " features");
    return spatial::nearest<Metric>(X.split() == 1 ? resplit(X, 0) : X, f.centres).first;
  }
  DNDarray<std::int64_t> fit_predict(const DNDarray<T>& X) { return fit(X).labels(); }

  /// k x d, replicated.
  const DNDarray<T>& cluster_centers() const { return fitted().centres; }
  /// The nearest final centre of each row of the fitted X (n, split like X).
  const DNDarray<std::int64_t>& labels() const { return fitted().labels; }
  /// The sum of the (finished) distances of the rows to their final centres
  /// (HeAT's functional_value_).
  double inertia() const { return fitted().inertia; }
  /// Lloyd iterations: the most that any rank ran in its local fit and the
  /// merges it took part in (HeAT's n_iter_ counts rank 0's, which may be
  /// none when rank 0 holds no rows).
  int n_iter() const { return fitted().n_iter; }
};

/// BatchParallelKMeans: squared Euclidean distances, means.
template <class T>
using BatchParallelKMeans = basic_batch_parallel<T, spatial::sqeuclidean, mean_update>;
/// BatchParallelKMedians: Manhattan distances, per-feature medians.
template <class T>
using BatchParallelKMedians = basic_batch_parallel<T, spatial::cityblock, median_update>;

template <class T, spatial::metric Metric, class Update>
basic_batch_parallel<T, Metric, Update>& basic_batch_parallel<T, Metric, Update>::fit(const DNDarray<T>& X) {
  this->forget_fit();
  const detail::data<T> D(X, "BatchParallel.fit");
  const std::int64_t k = m_opts.n_clusters, d = D.d;
  ht::detail::check(k <= D.n, "n_clusters (", k, ") is larger than the number of samples (", D.n, ")");
  // As KMeans': distances between rows must be finite in T (D.bound is agreed).
  ht::detail::check(Metric::reach(2 * D.bound, d) <= static_cast<double>(std::numeric_limits<T>::max()),
                    "BatchParallel.fit: X holds values up to ", D.bound,
                    " in magnitude: distances between its rows overflow ", type_name<T>(), " (scale X)");
  const communicator& comm = D.comm();
  const std::uint64_t seed = detail::fit_seed(m_opts.random_state, comm);
  int n_iter = 0;
  std::vector<T> centres = ht::detail::agreed(comm, "BatchParallel: local fit", ht::detail::error_kind::error, [&] {
    return detail::cluster_alone<T, Metric, Update>(D.x, D.rows, d, m_opts,
                                                    seed + static_cast<std::uint64_t>(comm.rank()), n_iter, &D.X);
  });
  centres = detail::merge_levels<T, Metric, Update>(comm, std::move(centres), d, m_opts, seed, n_iter);
  // Rank 0's centres, to every rank: one Bcast; the iterations: one Allreduce.
  const auto buffer = ht::detail::host_buffer<double>("heat::cluster::batch::final", static_cast<std::size_t>(k * d));
  if (comm.rank() == 0)
    for (std::int64_t i = 0; i < k * d; ++i) buffer(i) = static_cast<double>(centres[i]);
  bcast(comm, buffer, 0);
  n_iter = allreduce(comm, n_iter, reduce_op::max);
  centres.resize(static_cast<std::size_t>(k * d));
  for (std::int64_t i = 0; i < k * d; ++i) centres[i] = static_cast<T>(buffer(i));
  // The labels and inertia of the final centres: one exact pass (KMeans').
  const distribution label_dist(shape_t{D.n}, D.X.split(), comm.size(),
                                D.X.split() ? D.X.dist().counts() : std::vector<std::int64_t>{});
  ht::detail::host_result<detail::label_t> labels(label_dist, comm);
  detail::members M(k, d, D.rows, labels.data(), false);
  const double inertia = detail::assign<Metric>(D, centres, k, M).total_distance;
  const auto c = ht::detail::host_buffer<T>("heat::cluster::batch::centres", centres.size());
  std::copy(centres.begin(), centres.end(), c.data());
  DNDarray<T> out(distribution::balanced({k, d}, none, comm.size()), comm);
  Kokkos::deep_copy(out.local_view(), c);
  this->set_fitted({out, labels.finish().template astype<std::int64_t>(), inertia, n_iter});
  return *this;
}

}  // namespace ht::cluster

#endif
