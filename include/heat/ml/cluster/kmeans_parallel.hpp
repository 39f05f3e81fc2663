#ifndef HEAT_ML_CLUSTER_KMEANS_PARALLEL_HPP
#define HEAT_ML_CLUSTER_KMEANS_PARALLEL_HPP

/// k-means|| (Bahmani et al.; HeAT's "probability_based"): a few rounds
/// that each keep every row with probability 2k D(x) / sum D, the kept rows
/// weighted by the rows nearest to them, then weighted k-means++ on them,
/// on every rank alike.
///
/// Contract (as every init policy, heat/ml/cluster/init.hpp): k centres, the
/// same at every rank count and thread count for a seed. Per round (5): one
/// Allreduce of the exact potential, two Allgatherv (counts, kept rows);
/// then one assignment Allreduce for the weights.

#include "heat/comm/collectives.hpp"
#include "heat/core/exact.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/init.hpp"
#include "heat/ml/cluster/kmeanspp.hpp"
#include "heat/ml/cluster/lloyd.hpp"
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

/// Every rank's rows (row-major), in rank order, on every rank: two
/// collectives (none for a replicated X: every rank kept the same rows).
template <class T>
std::vector<T> gather_rows(const data<T>& D, const std::vector<T>& mine) {
  return D.X.split() ? allgather_rows(D.comm(), mine) : mine;
}

/// Weighted k-means++ on m candidates (row-major), the same on every rank:
/// the first candidate, then each next one drawn with probability
/// proportional to weight x distance to the chosen ones.
template <spatial::metric M, class T>
std::vector<T> weighted_kmeanspp(const std::vector<T>& cand, const std::vector<std::int64_t>& weight, std::int64_t k,
                                 std::int64_t d, std::uint64_t seed) {
  const auto m = static_cast<std::int64_t>(weight.size());
  std::vector<T> out(cand.begin(), cand.begin() + d);
  std::vector<double> dist(static_cast<std::size_t>(m));
  for (std::int64_t c = 0; c < m; ++c)
    dist[c] = static_cast<double>(spatial::raw_distance<M>(cand.data() + c * d, out.data(), d));
  for (std::int64_t j = 1; j < k; ++j) {
    keyed best{std::numeric_limits<double>::infinity(), m};
    for (std::int64_t c = 0; c < m; ++c) {
      const double w = dist[c] * static_cast<double>(weight[c]);
      if (w > 0) keyed::join({-std::log(draw(seed, static_cast<std::uint32_t>(2000 + j), 0, c)) / w, c}, best);
    }
    const std::int64_t pick = best.index < m ? best.index : j % m;  // all weight zero: any candidate
    out.insert(out.end(), cand.begin() + pick * d, cand.begin() + (pick + 1) * d);
    for (std::int64_t c = 0; c < m; ++c)
      dist[c] = std::min(dist[c],
                         static_cast<double>(spatial::raw_distance<M>(cand.data() + c * d, cand.data() + pick * d, d)));
  }
  return out;
}

/// The oversampling rounds of k-means||. Rows in slices on all of the
/// rank's threads (heat/core/host_threads.hpp): integer sums and kept rows
/// concatenated in slice order, so every thread count keeps the same
/// candidates.
template <spatial::metric M, class T>
class kmeans_parallel {
 public:
  static constexpr int rounds = 5;

  kmeans_parallel(const data<T>& D, std::uint64_t seed)
      : D(D),
        seed(seed),
        cut(ht::detail::cut_rows(D.rows, std::max<std::int64_t>(256, 65536 / (D.d + 1)))),
        near(static_cast<std::size_t>(D.rows)) {}

  /// The candidates (row-major) after the rounds, from the first drawn row.
  std::vector<T> candidates(std::int64_t k) {
    const std::int64_t d = D.d;
    std::vector<T> cand = D.rows_at(distinct_indices(D.n, 1, seed, 0));
    ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i) near[i] = spatial::raw_distance<M>(D.x + i * d, cand.data(), d);
    });
    for (int round = 1; round <= rounds; ++round) {
      const double phi = potential(cand);
      if (!(phi > 0)) break;
      const std::vector<T> kept = gather_rows(D, keep(round, 2.0 * static_cast<double>(k), phi));
      const auto before = static_cast<std::int64_t>(cand.size()) / d;
      cand.insert(cand.end(), kept.begin(), kept.end());
      const auto after = static_cast<std::int64_t>(cand.size()) / d;
      ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
        for (std::int64_t i = lo; i < hi; ++i)
          for (std::int64_t c = before; c < after; ++c)
            near[i] = std::min(near[i], spatial::raw_distance<M>(D.x + i * d, cand.data() + c * d, d));
      });
    }
    return cand;
  }

 private:
  /// sum D(x), exactly (one collective), scaled by the bound of any
  /// distance between rows and candidates.
  double potential(const std::vector<T>& cand) {
    double bound = D.bound;
    for (const T v : cand) bound = std::max(bound, std::fabs(static_cast<double>(v)));
    const int scale = ht::detail::exact::scale_for(M::reach(2 * bound, D.d));
    Kokkos::View<std::int64_t*, Kokkos::HostSpace> pot("heat::cluster::kmeans_parallel::potential", 2);
    std::vector<std::int64_t> slice_pot(static_cast<std::size_t>(2 * cut.count), 0);
    ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i)
        ht::detail::exact::add(slice_pot[2 * s], slice_pot[2 * s + 1], near[i], std::ldexp(1.0, scale));
    });
    for (std::int64_t s = 0; s < cut.count; ++s) {
      pot(0) += slice_pot[2 * s];
      pot(1) += slice_pot[2 * s + 1];
    }
    D.sum(pot);
    return ht::detail::exact::value(pot(0), pot(1), D.n, scale);
  }

  /// This rank's rows kept in this round, each on its own draw, in row order.
  /// (std::vector may throw in a slice: the kept rows are reserved first,
  /// at most the slice's rows.)
  std::vector<T> keep(int round, double oversampling, double phi) {
    const std::int64_t d = D.d;
    std::vector<std::vector<T>> slice_kept(static_cast<std::size_t>(cut.count));
    for (std::int64_t s = 0; s < cut.count; ++s)
      slice_kept[s].reserve(static_cast<std::size_t>((cut.last(s) - cut.first(s)) * d));
    ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i)
        if (draw(seed, static_cast<std::uint32_t>(1000 + round), 0, D.first + i) <=
            oversampling * static_cast<double>(near[i]) / phi)
          slice_kept[s].insert(slice_kept[s].end(), D.x + i * d, D.x + (i + 1) * d);
    });
    std::vector<T> mine;
    for (const auto& part : slice_kept) mine.insert(mine.end(), part.begin(), part.end());
    return mine;
  }

  const data<T>& D;
  std::uint64_t seed;
  ht::detail::row_cut cut;
  std::vector<T> near;  // each row's distance to its nearest candidate
};

}  // namespace detail

/// k-means|| ("k-means||", "probability_based").
struct kmeans_parallel_init {
  static constexpr std::array<const char*, 2> names{"k-means||", "probability_based"};
  template <spatial::metric M, class T>
  static std::vector<T> run(const detail::data<T>& D, std::int64_t k, const initial_centres<T>& init,
                            std::uint64_t seed) {
    detail::check_fixed_init<kmeans_parallel_init>(init);
    return draw<M>(D, k, seed);
  }
  template <spatial::metric M, class T>
  static std::vector<T> draw(const detail::data<T>& D, std::int64_t k, std::uint64_t seed) {
    const std::int64_t d = D.d;
    const std::vector<T> cand = detail::kmeans_parallel<M, T>(D, seed).candidates(k);
    const std::int64_t m = static_cast<std::int64_t>(cand.size()) / d;
    if (m < k) return detail::kmeanspp<M, T>(D, k, seed).centres();  // too few distinct rows were kept
    // Each candidate's weight: the rows nearest to it (one collective).
    ht::detail::check(m <= std::numeric_limits<detail::label_t>::max(), "k-means||: ", m, " candidates, at most ",
                      std::numeric_limits<detail::label_t>::max());
    std::vector<detail::label_t> labels(static_cast<std::size_t>(D.rows));
    detail::members mem(m, d, D.rows, labels.data(), false);
    const detail::assignment a = detail::assign<M>(D, cand, m, mem);
    return detail::weighted_kmeanspp<M>(cand, a.counts, k, d, seed);
  }
};

}  // namespace ht::cluster

#endif
