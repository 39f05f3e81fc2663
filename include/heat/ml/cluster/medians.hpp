#ifndef HEAT_ML_CLUSTER_MEDIANS_HPP
#define HEAT_ML_CLUSTER_MEDIANS_HPP

/// Each cluster's per-feature median, exactly and the same at every rank
/// count (K-Medians' and K-Medoids' update): a distributed radix select,
/// never a sort or a gather of the members.

#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/ml/cluster/data.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace ht::cluster::detail {

/// An unsigned key with the order of the doubles (no NaN here).
inline std::uint64_t order_key(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : u | (std::uint64_t{1} << 63);
}
inline double from_order_key(std::uint64_t key) {
  const std::uint64_t u = (key >> 63) ? key & ~(std::uint64_t{1} << 63) : ~key;
  double v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

/// Each cluster's median per feature (NumPy's: the mean of the two middle
/// values for an even count), exactly and the same at every rank count: a
/// radix select on the values' order keys, four bits per round, every
/// (cluster, feature, lower/upper middle) at once: 16 collectives of
/// 2 * k * d * 16 counts (a byte per round would send 8x more in 8).
template <class T>
std::vector<double> medians(const data<T>& D, const std::vector<std::int64_t>& counts, std::int64_t k,
                            const label_t* labels) {
  constexpr int bits = 4, buckets = 1 << bits;
  const std::int64_t d = D.d, targets = 2 * k * d;
  std::vector<std::uint64_t> prefix(static_cast<std::size_t>(targets), 0);
  std::vector<std::int64_t> rank(static_cast<std::size_t>(targets));
  for (std::int64_t c = 0; c < k; ++c)
    for (std::int64_t j = 0; j < d; ++j) {
      rank[(c * d + j) * 2] = (counts[c] - 1) / 2;
      rank[(c * d + j) * 2 + 1] = counts[c] / 2;
    }
  const auto hist =
      ht::detail::host_buffer<std::int64_t>("heat::cluster::median", static_cast<std::size_t>(targets * buckets));
  const ht::detail::row_cut by_feature = ht::detail::cut_rows(d, 1);
  for (int shift = 64 - bits; shift >= 0; shift -= bits) {
    Kokkos::deep_copy(hist, 0);
    // Features in slices on all of the rank's threads (heat/core/host_threads.hpp):
    // every histogram entry belongs to one feature, so slices share none.
    ht::detail::for_each_slice(by_feature, [&](std::int64_t, std::int64_t j0, std::int64_t j1) {
      for (std::int64_t i = 0; i < D.rows; ++i) {
        const std::int64_t c = labels[i];
        for (std::int64_t j = j0; j < j1; ++j) {
          const std::uint64_t key = order_key(static_cast<double>(D.x[i * d + j]));
          for (std::int64_t h = 0; h < 2; ++h) {
            const std::int64_t t = (c * d + j) * 2 + h;
            // The bits above this round's must match what is known so far.
            if (shift == 64 - bits || (key >> (shift + bits)) == (prefix[t] >> (shift + bits)))
              hist(t * buckets + ((key >> shift) & (buckets - 1)))++;
          }
        }
      }
    });
    D.sum(hist);
    for (std::int64_t t = 0; t < targets; ++t) {
      std::int64_t below = 0, b = 0;
      while (b < buckets - 1 && below + hist(t * buckets + b) <= rank[t]) below += hist(t * buckets + b++);
      prefix[t] |= static_cast<std::uint64_t>(b) << shift;
      rank[t] -= below;
    }
  }
  std::vector<double> out(static_cast<std::size_t>(k * d));
  for (std::int64_t c = 0; c < k; ++c)
    for (std::int64_t j = 0; j < d; ++j)
      out[c * d + j] = counts[c] == 0 ? std::numeric_limits<double>::quiet_NaN()
                                      : 0.5 * from_order_key(prefix[(c * d + j) * 2]) +
                                            0.5 * from_order_key(prefix[(c * d + j) * 2 + 1]);
  return out;
}

}  // namespace ht::cluster::detail

#endif
