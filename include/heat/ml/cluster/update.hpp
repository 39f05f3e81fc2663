#ifndef HEAT_ML_CLUSTER_UPDATE_HPP
#define HEAT_ML_CLUSTER_UPDATE_HPP

/// Update policies: the new centre of each cluster from its members.
///
/// Contract of an update policy U:
/// - `U::fit_name`: the estimator's name in error messages;
/// - `U::needs_sums`: whether the assignment keeps the members' exact sums
///   (they cost 2 k d int64 in its one collective);
/// - `U::centres<M>(D, a, k, labels, centres)`: sets the centre of every
///   cluster with members (a.counts[c] > 0) from its members (a: the
///   assignment, labels: this rank's rows' clusters), the same on every rank
///   and at every rank count; the centres of empty clusters are left as they
///   are (the empty-cluster policy, heat/ml/cluster/empty.hpp, decides them).

#include "heat/comm/collectives.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/lloyd.hpp"
#include "heat/ml/cluster/medians.hpp"
#include "heat/spatial/metric.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace ht::cluster {

/// The mean of the members (Lloyd; the exact sums of the assignment's one
/// collective: no further message); with sample weights their weighted mean.
struct mean_update {
  static constexpr const char* fit_name = "KMeans.fit";
  static constexpr bool needs_sums = true;
  template <spatial::metric M, class T>
  static void centres(const detail::data<T>& D, const detail::assignment& a, std::int64_t k,
                      const detail::label_t* /*labels*/, std::vector<T>& out) {
    for (std::int64_t c = 0; c < k; ++c) {
      // Weighted: the sum of weighted rows over their weight (members of
      // weight zero only: the centre stays).
      const double total = a.weights.empty() ? static_cast<double>(a.counts[c]) : a.weights[c];
      if (a.counts[c] > 0 && total > 0)
        for (std::int64_t j = 0; j < D.d; ++j) out[c * D.d + j] = static_cast<T>(a.sums[c * D.d + j] / total);
    }
  }
};

/// The per-feature median of the members (KMedians; exact, 13 to 16 collectives).
struct median_update {
  static constexpr const char* fit_name = "KMedians.fit";
  static constexpr bool needs_sums = false;
  template <spatial::metric M, class T>
  static void centres(const detail::data<T>& D, const detail::assignment& a, std::int64_t k,
                      const detail::label_t* labels, std::vector<T>& out) {
    const std::vector<double> med = detail::medians(D, a.counts, k, labels);
    for (std::int64_t c = 0; c < k; ++c)
      if (a.counts[c] > 0)
        for (std::int64_t j = 0; j < D.d; ++j) out[c * D.d + j] = static_cast<T>(med[c * D.d + j]);
  }
};

/// The member nearest (under M) to the members' median (KMedoids, as
/// HeAT): centres are always rows of X. The medians, then one collective for
/// each cluster's nearest member (ties to the lower index) and one for its row.
struct medoid_update {
  static constexpr const char* fit_name = "KMedoids.fit";
  static constexpr bool needs_sums = false;
  template <spatial::metric M, class T>
  static void centres(const detail::data<T>& D, const detail::assignment& a, std::int64_t k,
                      const detail::label_t* labels, std::vector<T>& out) {
    const std::int64_t d = D.d;
    const std::vector<double> med = detail::medians(D, a.counts, k, labels);
    const std::vector<T> target(med.begin(), med.end());
    Kokkos::View<detail::keyed*, Kokkos::HostSpace> best("heat::cluster::medoid", static_cast<std::size_t>(k));
    for (std::int64_t c = 0; c < k; ++c) best(c) = {std::numeric_limits<double>::infinity(), D.n};
    for (std::int64_t i = 0; i < D.rows; ++i) {
      const std::int64_t c = labels[i];
      const auto dist = static_cast<double>(spatial::raw_distance<M>(D.x + i * d, target.data() + c * d, d));
      detail::keyed::join({dist, D.first + i}, best(c));
    }
    if (D.X.split()) allreduce_with<detail::keyed>(D.comm(), best);
    std::vector<std::int64_t> rows;
    for (std::int64_t c = 0; c < k; ++c) rows.push_back(a.counts[c] > 0 ? best(c).index : 0);
    const std::vector<T> members = D.rows_at(rows);
    for (std::int64_t c = 0; c < k; ++c)
      if (a.counts[c] > 0) std::copy(members.begin() + c * d, members.begin() + (c + 1) * d, out.begin() + c * d);
  }
};

}  // namespace ht::cluster

#endif
