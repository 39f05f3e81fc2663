#include "support/testing.hpp"

#include <xtensor/xbuilder.hpp>

using ht::testing::throws_everywhere;

// Each bad input throws the same typed exception with the same message on
// every rank, and the communicator works afterwards (throws_everywhere
// ends with collectives).

TEST_CASE("shape mismatch in is_split throws ValueError everywhere", "[errors]") {
  const auto world = ht::comm_world();
  const int me = world.rank(), last = world.size() - 1;
  // The last rank's block has one column more (at np = 1 it differs from nobody: no error).
  const std::size_t cols = me == last && world.size() > 1 ? 4 : 3;
  const xt::xarray<double> block = xt::zeros<double>({std::size_t{2}, cols});
  if (world.size() > 1) {
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::array(block, ht::is_split(0)); }));
    // Different numbers of dimensions.
    const xt::xarray<double> odd =
        me == last ? xt::xarray<double>(xt::zeros<double>({2, 3, 1})) : xt::xarray<double>(xt::zeros<double>({2, 3}));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::array(odd, ht::is_split(0)); }));
  } else {
    REQUIRE(ht::array(block, ht::is_split(0)).shape() == ht::shape_t{2, 3});
  }
  // Split axis out of range for the blocks.
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::array(block, ht::is_split(2)); }));
}

TEST_CASE("split axis out of range throws ValueError everywhere", "[errors]") {
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::zeros<double>({3, 4}, 2); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::zeros<double>({3}, -2); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::full<float>({}, 1.0f, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::array(xt::xarray<int>({1, 2, 3}), 1); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::ones<double>({2, 2}, 0).resplit_(3); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::resplit(ht::ones<double>({2, 2}, 0), -3); }));
}

TEST_CASE("negative extents and too many dimensions throw ValueError everywhere", "[errors]") {
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::zeros<double>({-1, 3}, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::empty<std::int8_t>({4, -2}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::zeros<double>(ht::shape_t(ht::max_ndim + 1, 1)); }));
}

TEST_CASE("factory arguments are checked", "[errors]") {
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::arange<double>(0, 10, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::linspace<double>(0, 1, -1, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::logspace<double>(0, 1, -5); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::eye<double>(ht::shape_t{2, 2, 2}, 0); }));
}

TEST_CASE("indexing errors throw IndexError or ValueError everywhere", "[errors]") {
  auto x = ht::arange<double>(0, 6, 1, 0);
  REQUIRE(throws_everywhere<ht::IndexError>([&] { x(6); }));
  REQUIRE(throws_everywhere<ht::IndexError>([&] { x(-7); }));
  REQUIRE(throws_everywhere<ht::IndexError>([&] { x(0, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { x.item(); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::zeros<double>({2, 2}).counts_displs(); }));
}
