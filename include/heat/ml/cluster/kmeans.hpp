#ifndef HEAT_ML_CLUSTER_KMEANS_HPP
#define HEAT_ML_CLUSTER_KMEANS_HPP

#include "heat/core/random.hpp"
#include "heat/ml/cluster/policies.hpp"

#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace ht::cluster {

/// Options of the K-Means family (scikit-learn's names and defaults, HeAT's
/// absolute tol).
template <class T>
struct kmeans_options {
  std::int64_t n_clusters = 8;
  initial_centres<T> init = "k-means++";  ///< "random", "k-means++", "k-means||", or a k x d DNDarray
  std::int64_t max_iter = 300;
  double tol = 1e-4;                                         ///< stop when the summed squared centre shift is <= tol
  std::optional<std::uint64_t> random_state = std::nullopt;  ///< unset: drawn from ht::random's stream
  bool verbose = false;                                      ///< rank 0 prints iteration, inertia and shift
};

/// Centroid clustering: Lloyd iterations of assign-to-nearest (Metric) and
/// move-the-centres (Update), starting from Init's centres, with Empty
/// deciding what an empty cluster does. X is n x d, split 0 or replicated;
/// the centres are replicated. For a given random_state every result is the
/// same at any rank count (sums are exact, see heat/core/exact.hpp).
template <class T, class Metric, class Update, class Init = init_by_name, class Empty = keep_empty>
class basic_kmeans {
 public:
  using options = kmeans_options<T>;

  explicit basic_kmeans(options opts = {}) : m_opts(std::move(opts)) {
    ht::detail::check(m_opts.n_clusters > 0 && m_opts.n_clusters <= std::numeric_limits<detail::label_t>::max(),
                      "n_clusters must be in [1, 2^31 - 1], got ", m_opts.n_clusters);
    ht::detail::check(m_opts.max_iter > 0, "max_iter must be positive, got ", m_opts.max_iter);
    ht::detail::check(m_opts.tol >= 0, "tol must be non-negative, got ", m_opts.tol);
  }

  /// Clusters X; returns *this.
  basic_kmeans& fit(const DNDarray<T>& X);
  /// The nearest centre of each row of X (n, split like X).
  DNDarray<std::int64_t> predict(const DNDarray<T>& X) const;
  /// fit(X), then the labels of X.
  DNDarray<std::int64_t> fit_predict(const DNDarray<T>& X) { return fit(X).labels(); }

  /// k x d, replicated.
  const DNDarray<T>& cluster_centers() const { return fitted().centres; }
  /// The label of each row of the fitted X (n, split like X). The fit keeps
  /// them as int32; the first call widens them (local, no communication).
  const DNDarray<std::int64_t>& labels() const {
    const fit_result& f = fitted();
    if (!f.labels) {
      f.labels = f.compact_labels.template astype<std::int64_t>();
      f.compact_labels = DNDarray<detail::label_t>();
    }
    return *f.labels;
  }
  /// The sum of the distances (squared for sqeuclidean) of the rows of X to their centres.
  double inertia() const { return fitted().inertia; }
  /// Lloyd iterations run.
  int n_iter() const { return fitted().n_iter; }
  const options& get_options() const { return m_opts; }

 private:
  struct fit_result {
    DNDarray<T> centres;
    mutable DNDarray<detail::label_t> compact_labels;  // until labels() widens them
    mutable std::optional<DNDarray<std::int64_t>> labels;
    double inertia = 0;
    int n_iter = 0;
  };
  const fit_result& fitted() const {
    ht::detail::check(m_fitted.has_value(), "this estimator is not fitted yet: call fit first");
    return *m_fitted;
  }

  options m_opts;
  std::optional<fit_result> m_fitted;
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

template <class T, class Metric, class Update, class Init, class Empty>
basic_kmeans<T, Metric, Update, Init, Empty>& basic_kmeans<T, Metric, Update, Init, Empty>::fit(const DNDarray<T>& X) {
  static_assert(std::is_floating_point_v<T>, "K-Means works on float or double data");
  // Error messages name the estimator (an update policy may give its name).
  const char* who = "basic_kmeans.fit";
  if constexpr (requires { Update::fit_name; }) who = Update::fit_name;
  const detail::data<T> D(X, who);
  const std::int64_t k = m_opts.n_clusters, d = D.d;
  ht::detail::check(k <= D.n, "n_clusters (", k, ") is larger than the number of samples (", D.n, ")");
  // Distances between rows (and the exact sums built on them) must be
  // finite in T: D.bound is agreed, so is this check.
  const double span = 2 * D.bound,
               reach = std::is_same_v<Metric, spatial::cityblock> ? span * d : span * span * static_cast<double>(d);
  ht::detail::check(reach <= static_cast<double>(std::numeric_limits<T>::max()), who, ": X holds values up to ",
                    D.bound, " in magnitude: distances between its rows overflow ", type_name<T>(), " (scale X)");
  // Unset random_state: a seed from ht::random's stream (the same on every rank).
  const std::uint64_t seed =
      m_opts.random_state
          ? *m_opts.random_state
          : static_cast<std::uint64_t>(
                ht::random::randint<std::int64_t>(0, std::numeric_limits<std::int64_t>::max(), {1}, none, D.comm())
                    .to_xarray()(0));
  std::vector<T> centres = Init::template run<Metric>(D, k, m_opts.init, seed);
  // A refit drops the last fit's labels before making its own.
  m_fitted.reset();
  const distribution label_dist(shape_t{D.n}, D.X.split(), D.comm().size(),
                                D.X.split() ? D.X.dist().counts() : std::vector<std::int64_t>{});
  ht::detail::host_result<detail::label_t> labels(label_dist, D.comm());
  detail::members M(k, d, D.rows, labels.data(), Update::needs_sums);
  // Hamerly's bounds skip the rows whose centre cannot change (same labels
  // as full passes) where that pays; verbose prints every pass's inertia,
  // so it runs them full.
  const bool bounded = !m_opts.verbose && detail::bounds_pay<T>(k, d);
  detail::row_bounds<T> bounds(bounded ? D.rows : 0);
  int iter = 0;
  double inertia = 0;
  bool settled = false;  // the last assignment (and its inertia) already belongs to the final centres
  while (iter < m_opts.max_iter) {
    // One collective: labels, the members' exact sums, counts and inertia.
    const detail::assignment a = detail::assign<Metric>(D, centres, k, M, bounded ? &bounds : nullptr);
    ++iter;
    std::vector<T> next = Update::template centres<Metric, Empty>(D, a, centres, k, labels.data());
    double shift = 0;
    for (std::size_t i = 0; i < next.size(); ++i) {
      const double t = static_cast<double>(next[i]) - static_cast<double>(centres[i]);
      shift += t * t;
    }
    centres = std::move(next);
    inertia = a.total_distance;
    settled = shift == 0 && a.exact_distance;
    if (m_opts.verbose && D.comm().rank() == 0)
      std::printf("heat cluster: iteration %d, inertia %.10g, centre shift %.6g\n", iter, a.total_distance, shift);
    if (shift <= m_opts.tol) break;
  }
  // The labels and inertia of the final centres (one collective), unless
  // the centres did not move in the last iteration.
  if (!settled) inertia = detail::assign<Metric>(D, centres, k, M).total_distance;
  const auto c = ht::detail::host_buffer<T>("heat::cluster::centres", centres.size());
  std::copy(centres.begin(), centres.end(), c.data());
  m_fitted = fit_result{DNDarray<T>(distribution::balanced({k, d}, none, D.comm().size()), D.comm()), labels.finish(),
                        std::nullopt, inertia, iter};
  Kokkos::deep_copy(m_fitted->centres.local_view(), c);
  return *this;
}

template <class T, class Metric, class Update, class Init, class Empty>
DNDarray<std::int64_t> basic_kmeans<T, Metric, Update, Init, Empty>::predict(const DNDarray<T>& X) const {
  const fit_result& f = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.centres.shape()[1], "predict: X has shape ",
                    to_string(X.shape()), ", the centres have ", f.centres.shape()[1], " features");
  return spatial::nearest<Metric>(X.split() == 1 ? resplit(X, 0) : X, f.centres).first;
}

}  // namespace ht::cluster

#endif
