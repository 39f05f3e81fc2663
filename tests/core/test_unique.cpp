// heat/core/unique.hpp: NumPy's unique with return_index / return_inverse /
// return_counts / axis, against NumPy's answers (tests/reference/make_unique.py)
// and NumPy's docstring examples, at every layout.
#include "support/testing.hpp"

#include <heat/core/unique.hpp>
#include "support/numpy_reference.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::matches_numpy;
using ht::testing::throws_everywhere;
using I = std::int64_t;

namespace {

template <class T>
xt::xarray<T> uniq_ref(const std::string& name) {
  return ht::testing::numpy_ref<T>("uniq_" + name);
}

}  // namespace

TEST_CASE("unique_all: NumPy's values, first indices, inverse and counts at every layout", "[core][unique]") {
  // numpy.unique's docstring: [1, 2, 6, 4, 2, 3, 2].
  const xt::xarray<I> a{1, 2, 6, 4, 2, 3, 2};
  bool ok = true;
  for (const auto& x : layouts(a)) {
    const auto r = ht::unique_all(x);
    ok = ok && matches_numpy(r.values, xt::xarray<I>{1, 2, 3, 4, 6}) &&
         matches_numpy(r.indices, xt::xarray<I>{0, 1, 5, 3, 2}) &&
         matches_numpy(r.inverse_indices, xt::xarray<I>{0, 1, 4, 3, 1, 2, 1}) &&
         matches_numpy(r.counts, xt::xarray<I>{1, 3, 1, 1, 1}) && all_ranks(r.inverse_indices.split() == x.split());
  }
  // A 2-D float array with NaN (one value, last), every layout.
  const auto U = uniq_ref<double>("U");
  xt::xarray<I> inverse = uniq_ref<I>("inverse");
  inverse.reshape({9, 4});
  for (const auto& x : layouts(U)) {
    const auto r = ht::unique_all(x);
    ok = ok && matches_numpy(r.values, uniq_ref<double>("values")) && matches_numpy(r.indices, uniq_ref<I>("index")) &&
         matches_numpy(r.inverse_indices, inverse) && matches_numpy(r.counts, uniq_ref<I>("counts"));
    const auto [v, inv] = ht::unique_inverse(x);
    const auto [w, c] = ht::unique_counts(x);
    ok = ok && matches_numpy(inv, inverse) && matches_numpy(c, uniq_ref<I>("counts")) &&
         matches_numpy(v, uniq_ref<double>("values")) && matches_numpy(w, uniq_ref<double>("values"));
  }
  REQUIRE(ok);
}

TEST_CASE("unique along an axis: NumPy's distinct slices at every layout", "[core][unique]") {
  bool ok = true;
  // numpy.unique's docstring: the distinct rows of [[1, 0, 0], [1, 0, 0], [2, 3, 4]].
  for (const auto& x : layouts(xt::xarray<I>{{1, 0, 0}, {1, 0, 0}, {2, 3, 4}}))
    ok = ok && matches_numpy(ht::unique(x, 0), xt::xarray<I>{{1, 0, 0}, {2, 3, 4}});
  for (const auto& x : layouts(uniq_ref<I>("K"))) {
    ok = ok && matches_numpy(ht::unique(x, 0), uniq_ref<I>("K_axis0"));
    ok = ok && matches_numpy(ht::unique(x, -1), uniq_ref<I>("K_axis1"));
  }
  for (const auto& x : layouts(uniq_ref<I>("T"))) {
    ok = ok && matches_numpy(ht::unique(x, 1), uniq_ref<I>("T_axis1"));
    ok = ok && matches_numpy(ht::unique(x, 2), uniq_ref<I>("T_axis2"));
  }
  // Rows with NaN in the same place are one row; NaN sorts last.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const xt::xarray<double> N{{1, nan}, {0, 2}, {1, nan}, {1, 3}, {nan, 0}};
  for (const auto& x : layouts(N))
    ok = ok && matches_numpy(ht::unique(x, 0), xt::xarray<double>{{0, 2}, {1, 3}, {1, nan}, {nan, 0}});
  // Empty slices: NumPy's (1, 0) and (0, 3).
  for (ht::split_t s : {ht::split_t{}, ht::split_t{0}, ht::split_t{1}}) {
    ok = ok && all_ranks(ht::unique(ht::zeros<double>({3, 0}, s), 0).shape() == ht::shape_t{1, 0});
    ok = ok && all_ranks(ht::unique(ht::zeros<double>({0, 3}, s), 0).shape() == ht::shape_t{0, 3});
    const auto e = ht::unique_all(ht::zeros<double>({0, 3}, s));
    ok =
        ok && all_ranks(e.values.size() == 0 && e.counts.size() == 0 && e.inverse_indices.shape() == ht::shape_t{0, 3});
  }
  REQUIRE(ok);
}

TEST_CASE("unique along a bad axis: the same ValueError on every rank", "[core][unique]") {
  for (const auto& x : layouts(xt::xarray<double>{{1, 2}, {3, 4}})) {
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::unique(x, 2); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::unique(x, -3); }));
  }
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::unique(ht::array(xt::xarray<double>(3.0)), 0); }));
}
