#include "support/testing.hpp"

#include <heat/core/indexing.hpp>

#include <xtensor/xview.hpp>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

TEST_CASE("views read by global indices, lazily, in every layout", "[indexing]") {
  const auto a = global_pattern<double>({7, 5});
  const xt::xarray<double> rows = xt::view(a, xt::range(1, 6), xt::all());
  const xt::xarray<double> stepped = xt::view(a, xt::range(6, 0, -2), xt::range(0, 5, 2));
  const xt::xarray<double> row3 = xt::view(a, 3, xt::all());
  const xt::xarray<double> col2 = xt::view(a, xt::all(), 2);
  const xt::xarray<double> tail = xt::view(a, xt::range(5, 7));
  for (const auto& x : layouts(a)) {
    CAPTURE(ht::to_string(x.split()));
    const ht::DNDarray<double> r = ht::view(x, xt::range(1, 6), xt::all());
    const ht::DNDarray<double> e = ht::view(x, xt::range(6, 0, -2), xt::range(0, 5, 2)) * 2.0;
    // Collective reads first, so every rank takes part in each.
    const auto e_whole = e.to_xarray();
    const auto row = ht::view(x, 3, xt::all()).array().to_xarray();
    const auto col = ht::view(x, xt::all(), 2).array().to_xarray();
    const auto last = ht::view(x, xt::range(5, 7)).array().to_xarray();
    const double total = ht::sum(ht::view(x, xt::range(1, 6))).item();
    const double corner = ht::view(x, -1, -1).array().item();
    const bool ok = block_matches(r, rows) && e_whole == xt::xarray<double>(stepped * 2.0) && row == row3 &&
                    col == col2 && last == tail && std::abs(total - xt::sum(rows)()) < 1e-12 && corner == a(6, 4);
    REQUIRE(all_ranks(ok));
  }
}

TEST_CASE("assignment into views", "[indexing]") {
  const auto a = global_pattern<double>({6, 4});
  for (const auto& x0 : layouts(a)) {
    CAPTURE(ht::to_string(x0.split()));
    auto x = ht::copy(x0);
    xt::xarray<double> e = a;
    ht::view(x, xt::range(1, 5), xt::all()) = 0.5;
    xt::view(e, xt::range(1, 5), xt::all()) = 0.5;
    ht::view(x, xt::all(), 1) = ht::view(x0, xt::all(), 2) + 1.0;
    xt::view(e, xt::all(), 1) = xt::view(a, xt::all(), 2) + 1.0;
    ht::view(x, 2, xt::range(0, 4, 2)) = -7.0;
    xt::view(e, 2, xt::range(0, 4, 2)) = -7.0;
    // Broadcast a row into a block, and write along a descending slice.
    const auto row = ht::array(xt::xarray<double>{10.0, 20.0, 30.0, 40.0});
    ht::view(x, xt::range(4, 6)) = row;
    xt::view(e, xt::range(4, 6)) = xt::xarray<double>{10.0, 20.0, 30.0, 40.0};
    ht::view(x, xt::range(5, 0, -2), 3) = ht::array(xt::xarray<double>{1.0, 2.0, 3.0});
    xt::view(e, xt::range(5, 0, -2), 3) = xt::xarray<double>{1.0, 2.0, 3.0};
    REQUIRE(all_ranks(block_matches(x, e) && block_matches(x0, a)));
  }
}

TEST_CASE("boolean masks select in row-major order", "[indexing]") {
  const auto a = global_pattern<double>({5, 4});
  xt::xarray<double> expected = xt::zeros<double>({0});
  std::vector<double> kept;
  for (double v : a)
    if (v > 0.5) kept.push_back(v);
  for (const auto& x : layouts(a)) {
    CAPTURE(ht::to_string(x.split()));
    const auto s = x[x > 0.5];
    const auto whole = s.to_xarray();
    const bool ok = whole.size() == kept.size() && std::equal(kept.begin(), kept.end(), whole.begin()) &&
                    s.split() == (x.split() ? ht::split_t{0} : ht::split_t{});
    REQUIRE(all_ranks(ok));
  }
}

TEST_CASE("indexing errors throw on every rank", "[indexing][errors]") {
  const auto x = ht::array(global_pattern<double>({6, 4}), 0);
  REQUIRE(throws_everywhere<ht::IndexError>([&] { ht::view(x, 6, 0); }));
  REQUIRE(throws_everywhere<ht::IndexError>([&] { ht::view(x, -7); }));
  REQUIRE(throws_everywhere<ht::IndexError>([&] { ht::view(x, 0, 0, 0); }));
  REQUIRE(throws_everywhere<ht::IndexError>([&] { x[ht::array(global_pattern<bool>({4, 6}), 0)]; }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    auto y = ht::copy(x);
    ht::view(y, xt::range(0, 2)) = ht::array(global_pattern<double>({3, 4}));
  }));
}
