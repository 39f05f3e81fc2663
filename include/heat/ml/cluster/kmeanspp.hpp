#ifndef HEAT_ML_CLUSTER_KMEANSPP_HPP
#define HEAT_ML_CLUSTER_KMEANSPP_HPP

/// Greedy k-means++ (Arthur and Vassilvitskii; 2 + ln k candidates per
/// centre, the one of least potential kept, as scikit-learn).
///
/// Contract (as every init policy, heat/ml/cluster/init.hpp): k centres, the
/// same at every rank count and thread count for a seed.
/// - The draw (D^2 sampling, as scikit-learn's searchsorted over the
///   cumulative potential): each row's distance to its nearest centre is
///   held as heat/core/exact.hpp's integer floor(D(x) 2^scale); per trial
///   one uniform u (Philox, the same on every rank) picks the row where the
///   running sum of those integers over the global row order first exceeds
///   floor(u S), S their total. Integer sums have no order: the rank that
///   holds the target finds the row through the exact sums of its 256-row
///   blocks, and every rank count, thread count and SIMD level picks the
///   same row. A row at distance 0 is never picked; when every row is, a
///   uniform distinct row stands in.
/// - Per centre: one allreduce_with of the candidates (and the largest
///   distance, which sets the next scale), one Allreduce of their rows, one
///   Allgather of each rank's exact potential of each candidate (the totals
///   choose the candidate, the chosen one's per-rank totals place the next
///   draw's target). After the first centre, once: an Allreduce of the
///   largest distance and an Allgather of the ranks' totals.
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

/// exact.hpp's integers as one value (non-negative terms: fits 96 bits for 2^32 terms).
using exact_sum = unsigned __int128;

/// The integer sum of `terms` values held by the limb sums lo, hi (exact.hpp's bias of 2^31 per term).
inline exact_sum exact_total(std::int64_t lo, std::int64_t hi, std::int64_t terms) {
  return static_cast<exact_sum>(static_cast<__int128>(hi) * (__int128{1} << 32) + lo +
                                static_cast<__int128>(terms) * (__int128{1} << 31));
}

/// floor(u S) for the uniform u = m 2^-53 (m < 2^53), without overflow.
inline exact_sum scaled_target(std::uint64_t m, exact_sum S) {
  const auto s_hi = static_cast<std::uint64_t>(S >> 64), s_lo = static_cast<std::uint64_t>(S);
  return ((static_cast<exact_sum>(m) * s_hi) << 11) + ((static_cast<exact_sum>(m) * s_lo) >> 53);
}

/// The state of one k-means++ run. Rows in slices on all of the rank's
/// threads (heat/core/host_threads.hpp); what the slices find is joined by
/// order-free rules (integer sums, the largest distance), so every thread
/// count gives the same centres.
template <spatial::metric M, class T>
class kmeanspp {
 public:
  kmeanspp(const data<T>& D, std::int64_t k, std::uint64_t seed)
      : D(D),
        k(k),
        seed(seed),
        trials(static_cast<std::int64_t>(2 + std::floor(std::log(static_cast<double>(k))))),
        cut(ht::detail::cut_rows(D.rows, std::max<std::int64_t>(block, 65536 / (D.d * trials + 1)))),
        near(static_cast<std::size_t>(D.rows), std::numeric_limits<T>::infinity()),
        tops(static_cast<std::size_t>(cut.count), T(0)),
        first_block(static_cast<std::size_t>(cut.count + 1), 0) {
    for (std::int64_t s = 0; s < cut.count; ++s)
      first_block[s + 1] = first_block[s] + (cut.last(s) - cut.first(s) + block - 1) / block;
    block_lo.resize(static_cast<std::size_t>(first_block.back()));
    block_hi.resize(block_lo.size());
  }

  std::vector<T> centres() {
    const std::int64_t d = D.d;
    chosen = distinct_indices(D.n, 1, seed, 0);
    std::vector<T> out = D.rows_at(chosen);
    start(out.data());
    for (std::int64_t c = 1; c < k; ++c) {
      double largest = 0;
      const std::vector<std::int64_t> picks = candidates(c, largest);
      const std::vector<T> cand = D.rows_at(picks);
      const std::int64_t pick = least_potential(cand, largest);
      chosen.push_back(picks[static_cast<std::size_t>(pick)]);
      out.insert(out.end(), cand.begin() + pick * d, cand.begin() + (pick + 1) * d);
      pass(cand.data() + pick * d, true);
    }
    return out;
  }
  /// The global row index of each centre centres() chose.
  const std::vector<std::int64_t>& indices() const { return chosen; }

 private:
  bool split() const { return D.X.split().has_value(); }
  /// This rank's place among rank_total's entries (one entry for a replicated X).
  std::size_t me() const { return split() ? static_cast<std::size_t>(D.comm().rank()) : 0; }
  T local_top() const { return *std::max_element(tops.begin(), tops.end()); }
  void set_scale(double largest) { factor = std::ldexp(1.0, ht::detail::exact::scale_for(largest)); }

  /// After the first centre: the distances, the scale of their largest
  /// (one Allreduce), the blocks' exact sums and every rank's total (one Allgather).
  void start(const T* centre) {
    pass(centre, false);
    const auto top = static_cast<double>(local_top());
    set_scale(split() ? allreduce(D.comm(), top, reduce_op::max) : top);
    pass(nullptr, true);
    exact_sum mine = 0;
    for (std::size_t b = 0; b < block_lo.size(); ++b) mine += block_value(static_cast<std::int64_t>(b));
    rank_total = gather_totals(std::vector<exact_sum>{mine}, 1)[0];
  }

  /// One row pass: near = min(near, distance to centre) (no centre: near
  /// kept), each slice's largest near, and with `sums` each block's exact
  /// sum of near at `factor`.
  void pass(const T* centre, bool sums) {
    const std::int64_t d = D.d;
    const double f = factor;
    ht::detail::for_each_slice(cut, [&](std::int64_t s, std::int64_t lo, std::int64_t hi) {
      const T* x = D.x;
      T* nr = near.data();
      T top = 0;
      std::int64_t b = first_block[s];
      simd::dispatch(simd::level::avx512, [&]() HEAT_SIMD_BODY {
        for (std::int64_t a = lo; a < hi; a += block, ++b) {
          const std::int64_t e = std::min(hi, a + block);
          std::int64_t l = 0, h = 0;
          if (centre) {
#pragma omp simd reduction(max : top)
            for (std::int64_t i = a; i < e; ++i) {
              const T raw = spatial::raw_distance<M>(x + i * d, centre, d);
              nr[i] = raw < nr[i] ? raw : nr[i];
              top = nr[i] > top ? nr[i] : top;
            }
          }
          if (sums) {
#pragma omp simd reduction(+ : l, h)
            for (std::int64_t i = a; i < e; ++i) ht::detail::exact::add(l, h, static_cast<double>(nr[i]), f);
            block_lo[b] = l;
            block_hi[b] = h;
          }
        }
      });
      if (centre) tops[s] = top;
    });
  }

  exact_sum block_value(std::int64_t b) const {
    const std::int64_t s = static_cast<std::int64_t>(std::upper_bound(first_block.begin(), first_block.end(), b) -
                                                     first_block.begin() - 1);
    const std::int64_t a = cut.first(s) + (b - first_block[s]) * block;
    return exact_total(block_lo[b], block_hi[b], std::min(cut.last(s), a + block) - a);
  }
  exact_sum row_value(std::int64_t i) const {
    const auto l = ht::detail::exact::split(static_cast<double>(near[i]), factor);
    return exact_total(l.lo, l.hi, 1);
  }

  /// Every rank's `count` exact sums (rank_total's layout: per entry the
  /// ranks in order): one Allgather of split X, none of a replicated one.
  std::vector<std::vector<exact_sum>> gather_totals(const std::vector<exact_sum>& mine, std::int64_t count) const {
    const std::size_t p = split() ? static_cast<std::size_t>(D.comm().size()) : 1;
    std::vector<std::vector<exact_sum>> out(static_cast<std::size_t>(count), std::vector<exact_sum>(p));
    if (!split()) {
      for (std::int64_t t = 0; t < count; ++t) out[t][0] = mine[t];
      return out;
    }
    const auto words = static_cast<std::size_t>(2 * count);
    Kokkos::View<std::uint64_t*, Kokkos::HostSpace> send("heat::cluster::kmeanspp::totals", words),
        recv("heat::cluster::kmeanspp::all_totals", words * p);
    for (std::int64_t t = 0; t < count; ++t) {
      send(2 * t) = static_cast<std::uint64_t>(mine[t]);
      send(2 * t + 1) = static_cast<std::uint64_t>(mine[t] >> 64);
    }
    allgatherv(D.comm(), send, recv, std::vector<std::int64_t>(p, static_cast<std::int64_t>(words)));
    for (std::size_t r = 0; r < p; ++r)
      for (std::int64_t t = 0; t < count; ++t)
        out[t][r] = (static_cast<exact_sum>(recv(r * words + 2 * t + 1)) << 64) | recv(r * words + 2 * t);
    return out;
  }

  /// The local row where the running exact sum of near first exceeds `target` (< this rank's total).
  std::int64_t row_of(exact_sum target) const {
    exact_sum below = 0;
    std::int64_t b = 0;
    const auto blocks = static_cast<std::int64_t>(block_lo.size());
    for (; b + 1 < blocks; ++b) {
      const exact_sum v = block_value(b);
      if (target < below + v) break;
      below += v;
    }
    const std::int64_t s = static_cast<std::int64_t>(std::upper_bound(first_block.begin(), first_block.end(), b) -
                                                     first_block.begin() - 1);
    const std::int64_t a = cut.first(s) + (b - first_block[s]) * block, e = std::min(cut.last(s), a + block);
    for (std::int64_t i = a; i < e; ++i) {
      below += row_value(i);
      if (target < below) return i;
    }
    return e - 1;  // not reached: target < the rank's total
  }

  /// The candidates for centre c, drawn with probability proportional to
  /// the distance (the contract's exact draw); `largest`: the largest
  /// distance (the next exact sums' scale). One collective.
  std::vector<std::int64_t> candidates(std::int64_t c, double& largest) {
    Kokkos::View<keyed*, Kokkos::HostSpace> best("heat::cluster::kmeanspp::picks",
                                                 static_cast<std::size_t>(trials + 1));
    const keyed none{std::numeric_limits<double>::infinity(), D.n};
    for (std::int64_t t = 0; t < trials; ++t) best(t) = none;
    best(trials) = {-static_cast<double>(local_top()), 0};
    exact_sum total = 0;
    for (const exact_sum v : rank_total) total += v;
    for (std::int64_t t = 0; total > 0 && t < trials; ++t) {
      // g = -1: a stream no row's draw uses.
      const double u = draw_unit(seed, static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(t), -1);
      exact_sum target = scaled_target(static_cast<std::uint64_t>(std::ldexp(u, 53)), total);
      std::size_t owner = 0;
      while (target >= rank_total[owner]) target -= rank_total[owner++];
      if (owner == me()) best(t) = {0.0, D.first + row_of(target)};
    }
    if (split()) allreduce_with<keyed>(D.comm(), best);
    largest = -best(trials).key;
    std::vector<std::int64_t> picks;
    for (std::int64_t t = 0; t < trials; ++t)  // every distance zero: fewer distinct rows than clusters
      picks.push_back(best(t).index < D.n ? best(t).index
                                          : distinct_indices(D.n, 1, seed, static_cast<std::uint32_t>(c))[0]);
    return picks;
  }

  /// The candidate whose choice leaves the least potential, summed exactly
  /// at the scale of `largest` (one Allgather; the first on ties); keeps its
  /// per-rank totals for the next draw. The rows' distances with each
  /// candidate are not kept (pass computes the chosen one's again).
  std::int64_t least_potential(const std::vector<T>& cand, double largest) {
    const std::int64_t d = D.d;
    set_scale(largest);
    const double f = factor;
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
            ht::detail::exact::add(lo_sum, hi_sum, static_cast<double>(dt), f);
          }
          sp[t] += lo_sum;
          sp[tr + t] += hi_sum;
        }
      });
    });
    std::vector<exact_sum> mine(static_cast<std::size_t>(trials));
    for (std::int64_t t = 0; t < trials; ++t) {
      std::int64_t lo = 0, hi = 0;
      for (std::int64_t s = 0; s < cut.count; ++s) {
        lo += slice_pot[s * 2 * trials + t];
        hi += slice_pot[s * 2 * trials + trials + t];
      }
      mine[t] = exact_total(lo, hi, D.rows);
    }
    const std::vector<std::vector<exact_sum>> all = gather_totals(mine, trials);
    std::int64_t pick = 0;
    exact_sum least = 0;
    for (std::int64_t t = 0; t < trials; ++t) {
      exact_sum potential = 0;
      for (const exact_sum v : all[t]) potential += v;
      if (t == 0 || potential < least) {
        pick = t;
        least = potential;
      }
    }
    rank_total = all[static_cast<std::size_t>(pick)];
    return pick;
  }

  static constexpr std::int64_t block = 256;  // rows of a block of exact sums
  const data<T>& D;
  std::int64_t k;
  std::uint64_t seed;
  std::int64_t trials;
  ht::detail::row_cut cut;
  std::vector<T> near;                           // each row's distance to its nearest chosen centre
  std::vector<T> tops;                           // each slice's largest near
  std::vector<std::int64_t> first_block;         // each slice's first block (blocks of `block` rows within slices)
  std::vector<std::int64_t> block_lo, block_hi;  // exact.hpp's limb sums of near over each block, at factor
  std::vector<exact_sum> rank_total;             // per rank (one entry for a replicated X): the exact sum of near
  double factor = 1;                             // 2^scale of the exact sums
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
