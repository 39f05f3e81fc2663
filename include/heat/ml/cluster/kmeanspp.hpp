#ifndef HEAT_ML_CLUSTER_KMEANSPP_HPP
#define HEAT_ML_CLUSTER_KMEANSPP_HPP

/// Greedy k-means++ (Arthur and Vassilvitskii; 2 + ln k candidates per
/// centre, the one of least potential kept, as scikit-learn).
///
/// Contract (as every init policy, heat/ml/cluster/init.hpp): k centres, the
/// same at every rank count and thread count for a seed. Per centre: one
/// allreduce_with of the candidates' keys, one Allreduce of their rows, one
/// of their exact potentials.

#include "heat/comm/collectives.hpp"
#include "heat/core/exact.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/init.hpp"
#include "heat/spatial/metric.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace ht::cluster {

namespace detail {

/// The state of one k-means++ run. Rows in slices on all of the rank's
/// threads (heat/core/host_threads.hpp); what the slices find is joined by
/// order-free rules (the smallest key, then the lowest index; integer sums),
/// so every thread count gives the same centres.
template <spatial::metric M, class T>
class kmeanspp {
 public:
  kmeanspp(const data<T>& D, std::int64_t k, std::uint64_t seed)
      : D(D),
        k(k),
        seed(seed),
        trials(static_cast<std::int64_t>(2 + std::floor(std::log(static_cast<double>(k))))),
        cut(ht::detail::cut_rows(D.rows, std::max<std::int64_t>(256, 65536 / (D.d * trials + 1)))),
        near(static_cast<std::size_t>(D.rows)) {}

  std::vector<T> centres() {
    const std::int64_t d = D.d;
    chosen = distinct_indices(D.n, 1, seed, 0);
    std::vector<T> out = D.rows_at(chosen);
    ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i) near[i] = spatial::raw_distance<M>(D.x + i * d, out.data(), d);
    });
    trial_dist.resize(static_cast<std::size_t>(D.rows * trials));
    for (std::int64_t c = 1; c < k; ++c) {
      double largest = 0;
      const std::vector<std::int64_t> picks = candidates(c, largest);
      const std::vector<T> cand = D.rows_at(picks);
      const std::int64_t pick = least_potential(cand, largest);
      chosen.push_back(picks[static_cast<std::size_t>(pick)]);
      out.insert(out.end(), cand.begin() + pick * d, cand.begin() + (pick + 1) * d);
      ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
        for (std::int64_t i = lo; i < hi; ++i) near[i] = trial_dist[i * trials + pick];
      });
    }
    return out;
  }
  /// The global row index of each centre centres() chose.
  const std::vector<std::int64_t>& indices() const { return chosen; }

 private:
  /// The candidates for centre c, drawn with probability proportional to
  /// the distance: per trial the smallest key -log(u)/dist wins (the same
  /// draw at every rank count); `largest`: the largest distance (for the
  /// exact sums' scale). One collective.
  std::vector<std::int64_t> candidates(std::int64_t c, double& largest) {
    Kokkos::View<keyed*, Kokkos::HostSpace> best("heat::cluster::kmeanspp::keys", static_cast<std::size_t>(trials + 1));
    const keyed none{std::numeric_limits<double>::infinity(), D.n};
    for (std::int64_t t = 0; t <= trials; ++t) best(t) = none;
    std::vector<keyed> slice_best(static_cast<std::size_t>(cut.count * (trials + 1)), none);
    ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
      keyed* sb = slice_best.data() + s * (trials + 1);
      for (std::int64_t i = lo; i < hi; ++i) {
        const double w = static_cast<double>(near[i]);
        keyed::join({-w, 0}, sb[trials]);  // the largest distance, as -key
        if (!(w > 0)) continue;
        for (std::int64_t t = 0; t < trials; ++t) {
          const double u = draw(seed, static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(t), D.first + i);
          keyed::join({-std::log(u) / w, D.first + i}, sb[t]);
        }
      }
    });
    for (std::int64_t s = 0; s < cut.count; ++s)
      for (std::int64_t t = 0; t <= trials; ++t) keyed::join(slice_best[s * (trials + 1) + t], best(t));
    if (D.X.split()) allreduce_with<keyed>(D.comm(), best);
    largest = -best(trials).key;
    std::vector<std::int64_t> picks;
    for (std::int64_t t = 0; t < trials; ++t)  // every distance zero: fewer distinct rows than clusters
      picks.push_back(best(t).index < D.n ? best(t).index
                                          : distinct_indices(D.n, 1, seed, static_cast<std::uint32_t>(c))[0]);
    return picks;
  }

  /// The candidate whose choice leaves the least potential (summed
  /// exactly: one collective); each row's distance with each candidate
  /// kept in trial_dist.
  std::int64_t least_potential(const std::vector<T>& cand, double largest) {
    const std::int64_t d = D.d;
    const int scale = ht::detail::exact::scale_for(largest);
    const double factor = std::ldexp(1.0, scale);
    Kokkos::View<std::int64_t*, Kokkos::HostSpace> pot("heat::cluster::kmeanspp::potential",
                                                       static_cast<std::size_t>(2 * trials));
    std::vector<std::int64_t> slice_pot(static_cast<std::size_t>(cut.count * 2 * trials), 0);
    ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
      std::int64_t* sp = slice_pot.data() + s * 2 * trials;
      for (std::int64_t i = lo; i < hi; ++i)
        for (std::int64_t t = 0; t < trials; ++t) {
          const T dt = std::min(near[i], spatial::raw_distance<M>(D.x + i * d, cand.data() + t * d, d));
          trial_dist[i * trials + t] = dt;
          ht::detail::exact::add(sp[t], sp[trials + t], dt, factor);
        }
    });
    // Integer limbs: added as the ranks' are in D.sum.
    for (std::int64_t s = 0; s < cut.count; ++s)
      for (std::int64_t t = 0; t < 2 * trials; ++t) pot(t) += slice_pot[s * 2 * trials + t];
    D.sum(pot);
    auto potential = [&](std::int64_t t) { return ht::detail::exact::value(pot(t), pot(trials + t), D.n, scale); };
    std::int64_t pick = 0;
    for (std::int64_t t = 1; t < trials; ++t)
      if (potential(t) < potential(pick)) pick = t;
    return pick;
  }

  const data<T>& D;
  std::int64_t k;
  std::uint64_t seed;
  std::int64_t trials;
  ht::detail::row_cut cut;
  std::vector<T> near;        // each row's distance to its nearest chosen centre
  std::vector<T> trial_dist;  // rows x trials: the same with each candidate added
  std::vector<std::int64_t> chosen;
};

}  // namespace detail

/// Greedy k-means++ ("k-means++", "kmeans++").
struct kmeanspp_init {
  static constexpr std::array<const char*, 2> names{"k-means++", "kmeans++"};
  template <spatial::metric M, class T>
  static std::vector<T> run(const detail::data<T>& D, std::int64_t k, const initial_centres<T>& init,
                            std::uint64_t seed) {
    detail::check_fixed_init<kmeanspp_init>(init);
    return detail::kmeanspp<M, T>(D, k, seed).centres();
  }
};

}  // namespace ht::cluster

#endif
