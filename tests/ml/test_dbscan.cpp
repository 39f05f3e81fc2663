// DBSCAN against scikit-learn (tests/reference/make_dbscan.py): labels and
// core samples equal, not only up to renumbering, at every layout.
#include "ml/references.hpp"

#include <heat/ml/cluster/dbscan.hpp>

#include <cmath>
#include <limits>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::sklearn_ref;
using ht::testing::throws_everywhere;

namespace {

/// Rows split 0 in uneven blocks: rank r holds a share growing as (r + 1)^2,
/// rank 1 none when there are three ranks or more.
template <class T>
ht::DNDarray<T> uneven(const xt::xarray<T>& a) {
  const auto comm = ht::comm_world();
  const int p = comm.size();
  const auto weight = [&](int r) { return p >= 3 && r == 1 ? 0.0 : (r + 1.0) * (r + 1.0); };
  double total = 0, before = 0;
  for (int r = 0; r < p; ++r) total += weight(r);
  for (int r = 0; r < comm.rank(); ++r) before += weight(r);
  const auto n = static_cast<double>(a.shape()[0]);
  const auto lo = static_cast<std::size_t>(std::floor(n * before / total));
  const auto hi = comm.rank() == p - 1
                      ? a.shape()[0]
                      : static_cast<std::size_t>(std::floor(n * (before + weight(comm.rank())) / total));
  const xt::xarray<T> block = xt::view(a, xt::range(lo, hi), xt::all());
  return ht::array(block, ht::is_split(0), comm);
}

/// A fit of case `name` at every layout (and uneven blocks) against
/// scikit-learn's labels and core samples; the labels split like X.
template <class T, class M = ht::spatial::euclidean>
bool matches(const std::string& name, ht::cluster::dbscan_options options) {
  const xt::xarray<T> X = xt::cast<T>(sklearn_ref<double>("dbscan_" + name + "_X"));
  const auto labels = sklearn_ref<std::int64_t>("dbscan_" + name + "_labels");
  const auto core = sklearn_ref<std::int64_t>("dbscan_" + name + "_core");
  auto all = layouts(X);
  all.push_back(uneven(X));
  bool ok = true;
  for (const auto& x : all) {
    ht::cluster::DBSCAN<T, M> db(options);
    const auto got = db.fit_predict(x);
    const bool here = got.to_xarray() == labels && db.core_sample_indices().to_xarray() == core &&
                      db.n_clusters() == (labels.size() ? xt::amax(labels)() + 1 : 0) &&
                      got.split() == (x.split() ? ht::split_t{0} : ht::split_t{}) &&
                      db.core_sample_indices().split() == got.split();
    if (!here) UNSCOPED_INFO(name << ": split " << (x.split() ? *x.split() : -1));
    ok = ok && here;
  }
  return ok;
}

}  // namespace

TEST_CASE("DBSCAN: scikit-learn's test_dbscan_core_samples_toy at every layout", "[ml][dbscan]") {
  // 0 2 3 4 6 8 10 with eps 1: min_samples 1 makes every point core (five
  // clusters), 2 the dense middle, 3 its centre alone, 4 nothing.
  for (std::int64_t m = 1; m <= 4; ++m)
    REQUIRE(all_ranks(matches<double>("toy" + std::to_string(m), {.eps = 1, .min_samples = m})));
}

TEST_CASE("DBSCAN: a border row near two clusters joins the first-numbered one", "[ml][dbscan]") {
  REQUIRE(all_ranks(matches<double>("bridge", {.eps = 1, .min_samples = 4})));
  REQUIRE(all_ranks(matches<float>("bridge", {.eps = 1, .min_samples = 4})));
}

TEMPLATE_TEST_CASE("DBSCAN matches scikit-learn on blobs, moons and 3-D blobs at every layout", "[ml][dbscan]", double,
                   float) {
  using T = TestType;
  REQUIRE(all_ranks(matches<T>("blobs_euclidean", {.eps = 0.49, .min_samples = 8})));
  REQUIRE(all_ranks(matches<T, ht::spatial::cityblock>("blobs_manhattan", {.eps = 0.66, .min_samples = 8})));
  REQUIRE(all_ranks(matches<T, ht::spatial::chebyshev>("blobs_chebyshev", {.eps = 0.4, .min_samples = 8})));
  // Chains that cross every rank boundary: components joined across ranks.
  REQUIRE(all_ranks(matches<T>("moons", {.eps = 0.16, .min_samples = 5})));
  REQUIRE(all_ranks(matches<T>("blobs3d", {.eps = 0.31, .min_samples = 10})));
  // Rows 1e13 and 1e15 away: more than 2^32 cells between them (the grid's
  // other sort).
  REQUIRE(all_ranks(matches<T>("far", {.eps = 0.31, .min_samples = 10})));
  // scikit-learn's test_dbscan_no_core_samples (10 features: the grid on the first three).
  REQUIRE(all_ranks(matches<T>("nocore", {.eps = 0.5, .min_samples = 6})));
}

TEST_CASE("DBSCAN with squared Euclidean distances takes eps in squared units", "[ml][dbscan]") {
  const xt::xarray<double> X = sklearn_ref<double>("dbscan_moons_X");
  ht::cluster::DBSCAN<double, ht::spatial::sqeuclidean> db({.eps = 0.16 * 0.16, .min_samples = 5});
  REQUIRE(all_ranks(db.fit_predict(ht::array(X, 0)).to_xarray() == sklearn_ref<std::int64_t>("dbscan_moons_labels")));
}

TEST_CASE("DBSCAN: bad input throws ValueError on every rank", "[ml][dbscan][errors]") {
  using D = ht::cluster::DBSCAN<double>;
  REQUIRE(throws_everywhere<ht::ValueError>([] { D({.eps = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { D({.eps = -1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { D({.eps = std::numeric_limits<double>::infinity()}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { D({.min_samples = 0}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { D().fit(ht::zeros<double>({10}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { (void)D().labels(); }));
  xt::xarray<double> bad = sklearn_ref<double>("dbscan_moons_X");
  bad(499, 1) = std::numeric_limits<double>::quiet_NaN();  // on the last rank only
  REQUIRE(throws_everywhere<ht::ValueError>([&] { D().fit(ht::array(bad, 0)); }));
}
