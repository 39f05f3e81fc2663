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
#include "heat/core/simd.hpp"
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
    for (std::int64_t c = 1; c < k; ++c) {
      double largest = 0;
      const std::vector<std::int64_t> picks = candidates(c, largest);
      const std::vector<T> cand = D.rows_at(picks);
      const std::int64_t pick = least_potential(cand, largest);
      chosen.push_back(picks[static_cast<std::size_t>(pick)]);
      out.insert(out.end(), cand.begin() + pick * d, cand.begin() + (pick + 1) * d);
      closer(cand.data() + pick * d);
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
    std::vector<double> units(static_cast<std::size_t>(cut.count * draw_block * trials));
    ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
      keyed* sb = slice_best.data() + s * (trials + 1);
      double* q = units.data() + s * draw_block * trials;
      for (std::int64_t b = lo; b < hi; b += draw_block) {
        const std::int64_t e = std::min(hi, b + draw_block);
        draw_units(c, b, e, q);
        for (std::int64_t i = b; i < e; ++i) offer(static_cast<double>(near[i]), q + (i - b), D.first + i, sb);
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

  /// q[t * draw_block + i - b] = draw_unit(seed, c, t, global row) for the
  /// rows [b, e): Philox over the rows in vector lanes (integer only: the
  /// same bits at every level).
  void draw_units(std::int64_t c, std::int64_t b, std::int64_t e, double* q) const {
    const std::uint64_t sd = seed;
    const std::int64_t first = D.first;
    simd::dispatch(simd::level::avx512, [&]() HEAT_SIMD_BODY {
      for (std::int64_t t = 0; t < trials; ++t) {
        double* qt = q + t * draw_block;
#pragma omp simd
        for (std::int64_t i = b; i < e; ++i)
          qt[i - b] = draw_unit(sd, static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(t), first + i);
      }
    });
  }

  /// Offers row g (distance w, its trials' units q[t * draw_block]) to the
  /// slice's best keys sb (trials, then the largest distance as -key). The
  /// key -log(1 - q) / w is at least q / w: where that bound (less a margin
  /// far above the rounding of u, log and the division) already loses to
  /// the trial's best, the key could only lose or tie with an earlier row,
  /// and the logarithm is not taken; the keys that can win are the ones
  /// every row had before.
  void offer(double w, const double* q, std::int64_t g, keyed* sb) const {
    keyed::join({-w, 0}, sb[trials]);  // the largest distance, as -key
    if (!(w > 0)) return;
    for (std::int64_t t = 0; t < trials; ++t) {
      const double unit = q[t * draw_block];
      if ((unit - 0x1p-52) * (1 - 1e-6) > sb[t].key * w) continue;
      const double u = 1.0 - unit;  // draw()'s value
      keyed::join({-std::log(u) / w, g}, sb[t]);
    }
  }

  /// near[i] = min(near[i], raw distance of row i to centre): the chosen
  /// candidate's distances, computed as least_potential computed them (the
  /// same bits: no n x trials array is kept).
  void closer(const T* centre) {
    const std::int64_t d = D.d;
    ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
      const T* x = D.x;
      T* nr = near.data();
      simd::dispatch(simd::level::avx512, [&]() HEAT_SIMD_BODY {
#pragma omp simd
        for (std::int64_t i = lo; i < hi; ++i) {
          const T raw = spatial::raw_distance<M>(x + i * d, centre, d);
          nr[i] = raw < nr[i] ? raw : nr[i];
        }
      });
    });
  }

  /// The candidate whose choice leaves the least potential (summed
  /// exactly: one collective); the rows' distances with each candidate are
  /// not kept (closer computes the chosen one's again).
  std::int64_t least_potential(const std::vector<T>& cand, double largest) {
    const std::int64_t d = D.d;
    const int scale = ht::detail::exact::scale_for(largest);
    const double factor = std::ldexp(1.0, scale);
    Kokkos::View<std::int64_t*, Kokkos::HostSpace> pot("heat::cluster::kmeanspp::potential",
                                                       static_cast<std::size_t>(2 * trials));
    std::vector<std::int64_t> slice_pot(static_cast<std::size_t>(cut.count * 2 * trials), 0);
    ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
      std::int64_t* sp = slice_pot.data() + s * 2 * trials;
      const T *x = D.x, *nr = near.data();
      const std::int64_t tr = trials;
      // Rows in vector lanes, trial by trial: each distance computed as
      // raw_distance's scalar loop computes it (no FMA: metric.hpp), the
      // exact sums integers (any order gives the same bits).
      simd::dispatch(simd::level::avx512, [&]() HEAT_SIMD_BODY {
        for (std::int64_t t = 0; t < tr; ++t) {
          const T* ct = cand.data() + t * d;
          std::int64_t lo_sum = 0, hi_sum = 0;
#pragma omp simd reduction(+ : lo_sum, hi_sum)
          for (std::int64_t i = lo; i < hi; ++i) {
            const T raw = spatial::raw_distance<M>(x + i * d, ct, d);
            const T dt = raw < nr[i] ? raw : nr[i];
            ht::detail::exact::add(lo_sum, hi_sum, static_cast<double>(dt), factor);
          }
          sp[t] += lo_sum;
          sp[tr + t] += hi_sum;
        }
      });
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

  static constexpr std::int64_t draw_block = 256;  // rows whose units are drawn at once
  const data<T>& D;
  std::int64_t k;
  std::uint64_t seed;
  std::int64_t trials;
  ht::detail::row_cut cut;
  std::vector<T> near;  // each row's distance to its nearest chosen centre
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
