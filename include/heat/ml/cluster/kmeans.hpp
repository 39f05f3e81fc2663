#ifndef HEAT_ML_CLUSTER_KMEANS_HPP
#define HEAT_ML_CLUSTER_KMEANS_HPP

/// The K-Means family (KMeans, KMedians, KMedoids): Lloyd's iteration over
/// four policies, each in its own file with its contract written at its top:
/// the metric (heat/spatial/metric.hpp), the first centres (init.hpp,
/// kmeanspp.hpp, kmeans_parallel.hpp, init_by_name.hpp), the update of the
/// centres (update.hpp) and what an empty cluster becomes (empty.hpp). The
/// assignment step is lloyd.hpp's; the data adapter data.hpp's.

#include "heat/core/random.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/empty.hpp"
#include "heat/ml/cluster/init.hpp"
#include "heat/ml/cluster/init_by_name.hpp"
#include "heat/ml/cluster/kmeans_parallel.hpp"
#include "heat/ml/cluster/kmeanspp.hpp"
#include "heat/ml/cluster/lloyd.hpp"
#include "heat/ml/cluster/update.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/spatial/distance.hpp"
#include "heat/spatial/metric.hpp"
#include "heat/spatial/nearest.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht::cluster {

/// Options of the K-Means family (scikit-learn's names and defaults, HeAT's
/// absolute tol).
template <class T>
struct kmeans_options {
  std::int64_t n_clusters = 8;
  initial_centres<T> init{};  ///< "random", "k-means++" (default), "k-means||", or a k x d DNDarray
  std::int64_t max_iter = 300;
  double tol = 1e-4;                                         ///< stop when the summed squared centre shift is <= tol
  std::optional<std::uint64_t> random_state = std::nullopt;  ///< unset: drawn from ht::random's stream
  bool verbose = false;                                      ///< rank 0 prints iteration, inertia and shift
  /// Starts run (each from its own draw of init), the lowest inertia kept
  /// (ties: the first); given centres run once (scikit-learn warns and does so).
  std::int64_t n_init = 1;
};

/// The policy contracts (each file's top says what they mean).
template <class I, class T>
concept init_policy = requires(const detail::data<T>& D, const initial_centres<T>& init) {
  { I::template run<spatial::sqeuclidean>(D, std::int64_t{}, init, std::uint64_t{}) } -> std::same_as<std::vector<T>>;
};
template <class U, class T>
concept update_policy = requires(const detail::data<T>& D, const detail::assignment& a, const detail::label_t* l,
                                 std::vector<T>& c) {
  { U::fit_name } -> std::convertible_to<const char*>;
  { U::needs_sums } -> std::convertible_to<bool>;
  U::template centres<spatial::sqeuclidean>(D, a, std::int64_t{}, l, c);
};
template <class E, class T>
concept empty_policy = requires(const detail::data<T>& D, detail::assignment& a, const std::vector<T>& c,
                                detail::members& m, detail::row_bounds<T>* b, T* out) {
  { E::name } -> std::convertible_to<const char*>;
  { E::template relocate<spatial::sqeuclidean>(D, a, c, std::int64_t{}, m, b) } -> std::same_as<std::int64_t>;
  E::empty_centre(out, std::int64_t{});
};

namespace detail {

/// What a K-Means fit leaves.
template <class T>
struct kmeans_fit {
  DNDarray<T> centres;
  mutable DNDarray<label_t> compact_labels;  // until labels() widens them
  mutable std::optional<DNDarray<std::int64_t>> labels;
  double inertia = 0;
  int n_iter = 0;
  bool converged = false;
};

/// The seed of a fit: random_state, or one drawn from ht::random's stream
/// (the same on every rank).
inline std::uint64_t fit_seed(const std::optional<std::uint64_t>& random_state, const communicator& comm) {
  if (random_state) return *random_state;
  return static_cast<std::uint64_t>(
      ht::random::randint<std::int64_t>(0, std::numeric_limits<std::int64_t>::max(), {1}, none, comm).to_xarray()(0));
}

/// The seed of start r of a fit (n_init): the fit's seed for the first,
/// then distinct ones derived from it (the same on every rank).
inline std::uint64_t start_seed(std::uint64_t seed, std::int64_t r) {
  return seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(r));
}

/// The summed squared shift of the centres.
template <class T>
double squared_shift(const std::vector<T>& a, const std::vector<T>& b) {
  double shift = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double t = static_cast<double>(a[i]) - static_cast<double>(b[i]);
    shift += t * t;
  }
  return shift;
}

}  // namespace detail

/// Centroid clustering: Lloyd iterations of assign-to-nearest (Metric) and
/// move-the-centres (Update), starting from Init's centres, with Empty
/// deciding what an empty cluster becomes. X is n x d, split 0 or
/// replicated; the centres are replicated. For a given random_state every
/// result is the same at any rank count (sums are exact, see
/// heat/core/exact.hpp).
template <class T, spatial::metric Metric, class Update, class Init = init_by_name, class Empty = farthest_empty>
class basic_kmeans : public ml::estimator<kmeans_options<T>, detail::kmeans_fit<T>> {
  static_assert(std::is_floating_point_v<T>, "K-Means works on float or double data");
  static_assert(update_policy<Update, T>, "Update is not an update policy (heat/ml/cluster/update.hpp)");
  static_assert(init_policy<Init, T>, "Init is not an init policy (heat/ml/cluster/init.hpp)");
  static_assert(empty_policy<Empty, T>, "Empty is not an empty-cluster policy (heat/ml/cluster/empty.hpp)");
  using base = ml::estimator<kmeans_options<T>, detail::kmeans_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  using options = kmeans_options<T>;
  using metric = Metric;

  explicit basic_kmeans(options opts = {}) : base(std::move(opts)) {
    ht::detail::check(m_opts.n_clusters > 0 && m_opts.n_clusters <= std::numeric_limits<detail::label_t>::max(),
                      "n_clusters must be in [1, 2^31 - 1], got ", m_opts.n_clusters);
    ht::detail::check(m_opts.max_iter > 0, "max_iter must be positive, got ", m_opts.max_iter);
    ht::detail::check(m_opts.tol >= 0, "tol must be non-negative, got ", m_opts.tol);
    ht::detail::check(m_opts.n_init > 0, "n_init must be positive, got ", m_opts.n_init);
  }

  /// Clusters X; returns *this.
  basic_kmeans& fit(const DNDarray<T>& X) { return fit_with(X, nullptr); }
  /// Clusters X with per-sample weights (n, any layout; finite,
  /// non-negative, not all zero): weighted means and inertia (scikit-learn
  /// 1.2's objective; its initialisers ignore the weights, as these do).
  /// KMeans only: the median updates have no weighted form here.
  basic_kmeans& fit(const DNDarray<T>& X, const DNDarray<T>& sample_weight) { return fit_with(X, &sample_weight); }
  /// The nearest centre of each row of X (n, split like X).
  DNDarray<std::int64_t> predict(const DNDarray<T>& X) const;
  /// fit(X), then the labels of X.
  DNDarray<std::int64_t> fit_predict(const DNDarray<T>& X) { return fit(X).labels(); }
  /// The distance of each row of X to each centre (n x k, split like X's
  /// rows): Euclidean for KMeans (scikit-learn's transform), the metric's
  /// otherwise, computed term by term (exact zeros). Communication: X split
  /// 1 is resplit to rows.
  DNDarray<T> transform(const DNDarray<T>& X) const;
  /// fit(X), then transform(X).
  DNDarray<T> fit_transform(const DNDarray<T>& X) { return fit(X).transform(X); }
  /// Minus the summed distance of the rows of X to their nearest centres
  /// (scikit-learn's score: -inertia of X). One reduction.
  double score(const DNDarray<T>& X) const;

  /// Integer X: converted to T first (scikit-learn converts to float64).
  template <std::integral U>
  basic_kmeans& fit(const DNDarray<U>& X) {
    return fit(X.template astype<T>());
  }
  template <std::integral U>
  basic_kmeans& fit(const DNDarray<U>& X, const DNDarray<T>& sample_weight) {
    return fit(X.template astype<T>(), sample_weight);
  }
  template <std::integral U>
  DNDarray<std::int64_t> predict(const DNDarray<U>& X) const {
    return predict(X.template astype<T>());
  }
  template <std::integral U>
  DNDarray<std::int64_t> fit_predict(const DNDarray<U>& X) {
    return fit_predict(X.template astype<T>());
  }

  /// k x d, replicated.
  const DNDarray<T>& cluster_centers() const { return fitted().centres; }
  /// The label of each row of the fitted X (n, split like X). The fit keeps
  /// them as int32; the first call widens them (local, no communication).
  const DNDarray<std::int64_t>& labels() const {
    const auto& f = fitted();
    if (!f.labels) {
      f.labels = f.compact_labels.template astype<std::int64_t>();
      f.compact_labels = DNDarray<detail::label_t>();
    }
    return *f.labels;
  }
  /// The sum of the (finished) distances of the rows of X to their centres
  /// (squared Euclidean for KMeans).
  double inertia() const { return fitted().inertia; }
  /// Lloyd iterations run.
  int n_iter() const { return fitted().n_iter; }
  /// Whether the centres' shift fell to tol before max_iter ran out.
  bool converged() const { return fitted().converged; }

 private:
  struct lloyd_result {
    double inertia = 0;
    int n_iter = 0;
    bool converged = false;
  };
  lloyd_result iterate(const detail::data<T>& D, std::vector<T>& centres, detail::label_t* labels) const;
  basic_kmeans& fit_with(const DNDarray<T>& X, const DNDarray<T>* sample_weight);
};

/// K-Means: squared Euclidean distances, centres the means of their members.
template <class T>
using KMeans = basic_kmeans<T, spatial::sqeuclidean, mean_update>;
/// K-Medians: Manhattan distances, centres the per-feature medians of their members.
template <class T>
using KMedians = basic_kmeans<T, spatial::cityblock, median_update>;
/// K-Medoids (as HeAT): Manhattan distances, centres the members nearest to their medians.
template <class T>
using KMedoids = basic_kmeans<T, spatial::cityblock, medoid_update>;

// ---------------------------------------------------------------------------

template <class T, spatial::metric Metric, class Update, class Init, class Empty>
basic_kmeans<T, Metric, Update, Init, Empty>& basic_kmeans<T, Metric, Update, Init, Empty>::fit_with(
    const DNDarray<T>& X, const DNDarray<T>* sample_weight) {
  this->forget_fit();
  const char* who = Update::fit_name;
  ht::detail::check(!sample_weight || std::is_same_v<Update, mean_update>, who,
                    ": sample_weight is supported by KMeans (mean updates) only");
  const detail::data<T> D(X, who, sample_weight);
  const std::int64_t k = m_opts.n_clusters, d = D.d;
  ht::detail::check(k <= D.n, "n_clusters (", k, ") is larger than the number of samples (", D.n, ")");
  // Distances between rows (and the exact sums built on them) must be
  // finite in T: D.bound is agreed, so is this check.
  ht::detail::check(Metric::reach(2 * D.bound, d) <= static_cast<double>(std::numeric_limits<T>::max()), who,
                    ": X holds values up to ", D.bound, " in magnitude: distances between its rows overflow ",
                    type_name<T>(), " (scale X)");
  ht::detail::check(std::isfinite(D.wbound * std::max(D.bound, Metric::finish(Metric::reach(2 * D.bound, d))) *
                                  static_cast<double>(D.n)),
                    who, ": sample weights up to ", D.wbound, " make the weighted sums overflow float64");
  const std::uint64_t seed = detail::fit_seed(m_opts.random_state, D.comm());
  const distribution label_dist(shape_t{D.n}, D.X.split(), D.comm().size(),
                                D.X.split() ? D.X.dist().counts() : std::vector<std::int64_t>{});
  ht::detail::host_result<detail::label_t> labels(label_dist, D.comm());
  // n_init starts; every rank compares the same inertias.
  const std::int64_t starts = m_opts.init.centres ? 1 : m_opts.n_init;
  std::vector<T> centres;
  std::vector<detail::label_t> kept;  // the best start's labels, when a later start runs
  lloyd_result r;
  std::int64_t best = -1;
  for (std::int64_t s = 0; s < starts; ++s) {
    std::vector<T> mine = Init::template run<Metric>(D, k, m_opts.init, detail::start_seed(seed, s));
    const lloyd_result rs = iterate(D, mine, labels.data());
    if (best >= 0 && !(rs.inertia < r.inertia)) continue;
    r = rs;
    centres = std::move(mine);
    best = s;
    if (s + 1 < starts) kept.assign(labels.data(), labels.data() + D.rows);
  }
  if (best + 1 < starts) std::copy(kept.begin(), kept.end(), labels.data());
  const auto c = ht::detail::host_buffer<T>("heat::cluster::centres", centres.size());
  std::copy(centres.begin(), centres.end(), c.data());
  this->set_fitted({DNDarray<T>(distribution::balanced({k, d}, none, D.comm().size()), D.comm()), labels.finish(),
                    std::nullopt, r.inertia, r.n_iter, r.converged});
  Kokkos::deep_copy(this->fitted_mutable().centres.local_view(), c);
  return *this;
}

/// Lloyd's iterations from `centres` (left as the final ones), the labels of
/// this rank's rows in `labels`.
template <class T, spatial::metric Metric, class Update, class Init, class Empty>
auto basic_kmeans<T, Metric, Update, Init, Empty>::iterate(const detail::data<T>& D, std::vector<T>& centres,
                                                           detail::label_t* labels) const -> lloyd_result {
  const std::int64_t k = m_opts.n_clusters, d = D.d;
  detail::members M(k, d, D.rows, labels, Update::needs_sums, D.weighted);
  // Hamerly's bounds skip the rows whose centre cannot change (same labels
  // as full passes) where that pays; verbose prints every pass's inertia,
  // so it runs them full.
  const bool bounded = !m_opts.verbose && detail::bounds_pay<T>(k, d);
  detail::row_bounds<T> bounds(bounded ? D.rows : 0);
  lloyd_result r;
  bool settled = false;  // the last assignment (and its inertia) already belongs to the final centres
  while (r.n_iter < m_opts.max_iter) {
    // One collective: labels, the members' exact sums, counts and inertia.
    detail::assignment a = detail::assign<Metric>(D, centres, k, M, bounded ? &bounds : nullptr);
    ++r.n_iter;
    Empty::template relocate<Metric>(D, a, centres, k, M, bounded ? &bounds : nullptr);
    std::vector<T> next = centres;
    Update::template centres<Metric>(D, a, k, labels, next);
    for (std::int64_t c = 0; c < k; ++c)
      if (a.counts[c] == 0) Empty::empty_centre(next.data() + c * d, d);
    const double shift = detail::squared_shift(next, centres);
    centres = std::move(next);
    r.inertia = a.total_distance;
    settled = shift == 0 && a.exact_distance;
    if (m_opts.verbose && D.comm().rank() == 0)
      std::printf("heat cluster: iteration %d, inertia %.10g, centre shift %.6g\n", r.n_iter, a.total_distance, shift);
    if (shift <= m_opts.tol) {
      r.converged = true;
      break;
    }
  }
  // The labels and inertia of the final centres (one collective), unless
  // the centres did not move in the last iteration.
  if (!settled) r.inertia = detail::assign<Metric>(D, centres, k, M).total_distance;
  return r;
}

template <class T, spatial::metric Metric, class Update, class Init, class Empty>
DNDarray<std::int64_t> basic_kmeans<T, Metric, Update, Init, Empty>::predict(const DNDarray<T>& X) const {
  const auto& f = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.centres.shape()[1], "predict: X has shape ",
                    to_string(X.shape()), ", the centres have ", f.centres.shape()[1], " features");
  return spatial::nearest<Metric>(X.split() == 1 ? resplit(X, 0) : X, f.centres).first;
}

template <class T, spatial::metric Metric, class Update, class Init, class Empty>
DNDarray<T> basic_kmeans<T, Metric, Update, Init, Empty>::transform(const DNDarray<T>& X) const {
  const auto& f = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.centres.shape()[1], "transform: X has shape ",
                    to_string(X.shape()), ", the centres have ", f.centres.shape()[1], " features");
  using shown = std::conditional_t<std::is_same_v<Metric, spatial::sqeuclidean>, spatial::euclidean, Metric>;
  // Term by term, not by the gemm identity: no cancellation (a row at a centre is at 0).
  return spatial::detail::termwise<shown>("transform", X, f.centres);
}

template <class T, spatial::metric Metric, class Update, class Init, class Empty>
double basic_kmeans<T, Metric, Update, Init, Empty>::score(const DNDarray<T>& X) const {
  const auto& f = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.centres.shape()[1], "score: X has shape ", to_string(X.shape()),
                    ", the centres have ", f.centres.shape()[1], " features");
  const DNDarray<T> dist = spatial::nearest<Metric>(X.split() == 1 ? resplit(X, 0) : X, f.centres).second;
  return -static_cast<double>(ht::sum(dist.template astype<double>()).item());
}

/// scikit-learn's kmeans_plusplus: n_clusters rows of X (n x d, split 0, 1
/// or replicated) chosen by greedy k-means++ (kmeanspp.hpp) under squared
/// Euclidean distances, and their global row indices; both replicated, the
/// same at every rank count for a random_state (unset: drawn from
/// ht::random's stream).
template <class T>
std::pair<DNDarray<T>, DNDarray<std::int64_t>> kmeans_plusplus(
    const DNDarray<T>& X, std::int64_t n_clusters, std::optional<std::uint64_t> random_state = std::nullopt) {
  static_assert(std::is_floating_point_v<T>, "kmeans_plusplus works on float or double data");
  const detail::data<T> D(X, "kmeans_plusplus");
  ht::detail::check(n_clusters > 0 && n_clusters <= D.n, "kmeans_plusplus: n_clusters must be in [1, ", D.n,
                    "] (the number of samples), got ", n_clusters);
  detail::kmeanspp<spatial::sqeuclidean, T> run(D, n_clusters, detail::fit_seed(random_state, D.comm()));
  const std::vector<T> centres = run.centres();
  const auto c = ht::detail::host_buffer<T>("heat::cluster::kmeans_plusplus", centres.size());
  std::copy(centres.begin(), centres.end(), c.data());
  const auto ix = ht::detail::host_buffer<std::int64_t>("heat::cluster::kmeans_plusplus::indices",
                                                        static_cast<std::size_t>(n_clusters));
  std::copy(run.indices().begin(), run.indices().end(), ix.data());
  DNDarray<T> C(distribution::balanced(shape_t{n_clusters, D.d}, none, D.comm().size()), D.comm());
  DNDarray<std::int64_t> I(distribution::balanced(shape_t{n_clusters}, none, D.comm().size()), D.comm());
  Kokkos::deep_copy(C.local_view(), c);
  Kokkos::deep_copy(I.local_view(), ix);
  return {C, I};
}

}  // namespace ht::cluster

#endif
