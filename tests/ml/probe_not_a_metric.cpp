// Compile probe: where heat asks for a metric (heat/spatial/metric.hpp), a
// type that is not one must not compile. (basic_kmeans and spatial::nearest
// used to take any empty tag and compute squared Euclidean distances with
// it.) In test_ml, the control, the probe names heat's chebyshev: it compiles
// and runs, its results the Chebyshev ones. tests/CMakeLists.txt builds it
// again with HEAT_PROBE_TAG set to 1 (basic_kmeans), 2 (nearest) or 3 (cdist)
// and the build must fail naming the concept.
#include "support/testing.hpp"

#include <heat/ml/cluster/kmeans.hpp>
#include <heat/spatial/distance.hpp>
#include <heat/spatial/nearest.hpp>

/// A tag as one would write it for a metric heat does not have.
struct chebyshev_tag {};

#if !defined(HEAT_PROBE_TAG)
#define HEAT_PROBE_TAG 0
#endif
using kmeans_metric = std::conditional_t<HEAT_PROBE_TAG == 1, chebyshev_tag, ht::spatial::chebyshev>;
using nearest_metric = std::conditional_t<HEAT_PROBE_TAG == 2, chebyshev_tag, ht::spatial::chebyshev>;
using cdist_metric = std::conditional_t<HEAT_PROBE_TAG == 3, chebyshev_tag, ht::spatial::chebyshev>;

TEST_CASE("Compile probe: metrics are checked where they are asked for (the control compiles and runs)",
          "[ml][metric][probe]") {
  const xt::xarray<double> X{{0, 0}, {4, 1}, {0.5, 3}, {5, 5}};
  const xt::xarray<double> C{{0, 0}, {5, 5}};
  // Chebyshev distances to the two centres: row 2 is 3 from (0, 0) and 4.5
  // from (5, 5); squared Euclidean would be 9.25 and 24.25, L1 3.5 and 6.5.
  const xt::xarray<double> to_first{0, 4, 3, 5};
  const auto x = ht::array(X, 0), c = ht::array(C);
  ht::cluster::basic_kmeans<double, kmeans_metric, ht::cluster::mean_update> km(
      {.n_clusters = 2, .init = c, .max_iter = 1});
  km.fit(x);
  const auto [labels, dist] = ht::spatial::nearest<nearest_metric>(x, c);
  const auto all = ht::spatial::cdist(x, c, cdist_metric{});
  // Row 1 (4, 1): 4 from (0, 0), 4 from (5, 5): a tie, to the lower index.
  const xt::xarray<std::int64_t> expected{0, 0, 0, 1};
  REQUIRE(ht::testing::all_ranks(labels.to_xarray() == expected && km.labels().to_xarray() == expected &&
                                 xt::view(all.to_xarray(), xt::all(), 0) == to_first &&
                                 dist.to_xarray() == xt::xarray<double>{0, 4, 3, 0}));
}
