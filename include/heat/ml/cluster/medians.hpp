#ifndef HEAT_ML_CLUSTER_MEDIANS_HPP
#define HEAT_ML_CLUSTER_MEDIANS_HPP

/// Each cluster's per-feature median, exactly and the same at every rank
/// count (K-Medians' and K-Medoids' update): a distributed radix select
/// (heat/core/selection.hpp), never a sort or a gather of the members.

#include "heat/core/selection.hpp"
#include "heat/ml/cluster/data.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace ht::cluster::detail {

/// Each cluster's median per feature (NumPy's: the mean of the two middle
/// values for an even count), exactly and the same at every rank count: a
/// radix select on the values' order keys (heat/core/selection.hpp), every
/// (cluster, feature, lower/upper middle) at once: 13 to 16 collectives,
/// the first of k * d * 2^w counts (w = 4 to 16: wider for large clusters),
/// the others of 2 * k * d * 16.
template <class T>
std::vector<double> medians(const data<T>& D, const std::vector<std::int64_t>& counts, std::int64_t k,
                            const label_t* labels) {
  const std::int64_t d = D.d;
  std::vector<std::int64_t> rank(static_cast<std::size_t>(2 * k * d));
  for (std::int64_t c = 0; c < k; ++c)
    for (std::int64_t j = 0; j < d; ++j) {
      rank[(c * d + j) * 2] = (counts[c] - 1) / 2;
      rank[(c * d + j) * 2 + 1] = counts[c] / 2;
    }
  const std::vector<double> middle = ht::detail::select_ranks(
      D.x, D.rows, d, k, [&](std::int64_t i) { return static_cast<std::int64_t>(labels[i]); }, std::move(rank), 2,
      [&](const auto& hist) { D.sum(hist); });
  std::vector<double> out(static_cast<std::size_t>(k * d));
  for (std::int64_t c = 0; c < k; ++c)
    for (std::int64_t j = 0; j < d; ++j)
      out[c * d + j] = counts[c] == 0 ? std::numeric_limits<double>::quiet_NaN()

                                      : 0.5 * middle[(c * d + j) * 2] + 0.5 * middle[(c * d + j) * 2 + 1];
  return out;
}

}  // namespace ht::cluster::detail

#endif
