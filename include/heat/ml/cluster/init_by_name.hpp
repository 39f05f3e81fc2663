#ifndef HEAT_ML_CLUSTER_INIT_BY_NAME_HPP
#define HEAT_ML_CLUSTER_INIT_BY_NAME_HPP

/// The default init policy: what the options' `init` names ("random",
/// "k-means++"/"kmeans++", "k-means||"/"probability_based") or the given
/// centres (contract: heat/ml/cluster/init.hpp).

#include "heat/core/errors.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/init.hpp"
#include "heat/ml/cluster/kmeans_parallel.hpp"
#include "heat/ml/cluster/kmeanspp.hpp"
#include "heat/spatial/metric.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace ht::cluster {

struct init_by_name {
  static constexpr std::array<const char*, 0> names{};
  template <spatial::metric M, class T>
  static std::vector<T> run(const detail::data<T>& D, std::int64_t k, const initial_centres<T>& init,
                            std::uint64_t seed) {
    if (init.centres) return detail::given_centres(*init.centres, k, D.d);
    if (detail::answers_to<random_init>(init.method)) return random_init::draw(D, k, seed);
    if (detail::answers_to<kmeanspp_init>(init.method)) return detail::kmeanspp<M, T>(D, k, seed).centres();
    if (detail::answers_to<kmeans_parallel_init>(init.method)) return kmeans_parallel_init::draw<M>(D, k, seed);
    throw ValueError(
        "init must be \"random\", \"k-means++\" (\"kmeans++\"), \"k-means||\" (\"probability_based\") or "
        "a DNDarray of centres, got \"" +
        init.method + "\"");
  }
};

}  // namespace ht::cluster

#endif
