#include "support/testing.hpp"

#include <heat/core/indexing.hpp>

#include <xtensor/xadapt.hpp>
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

/// Boolean selection's two kernels (docs/backends.md): the host's threads
/// and the device's scan, which tests force on the host.
const bool select_kernels[] = {false, true};

/// Restores the host kernels when a test ends.
struct device_kernels_guard {
  ~device_kernels_guard() { ht::detail::set_device_kernels(false); }
};

TEST_CASE("boolean masks select in row-major order", "[indexing]") {
  device_kernels_guard guard;
  const auto a = global_pattern<double>({5, 4});
  xt::xarray<double> expected = xt::zeros<double>({0});
  std::vector<double> kept;
  for (double v : a)
    if (v > 0.5) kept.push_back(v);
  for (const bool device : select_kernels)
    for (const auto& x : layouts(a)) {
      ht::detail::set_device_kernels(device);
      CAPTURE(device, ht::to_string(x.split()));
      const auto s = x[x > 0.5];
      const auto whole = s.to_xarray();
      const bool ok = whole.size() == kept.size() && std::equal(kept.begin(), kept.end(), whole.begin()) &&
                      s.split() == (x.split() ? ht::split_t{0} : ht::split_t{});
      REQUIRE(all_ranks(ok));
    }
}

TEST_CASE("a mask of the leading axes selects subarrays, as NumPy's", "[indexing]") {
  const auto a = global_pattern<double>({5, 3, 2});
  const xt::xarray<bool> rows{true, false, true, true, false};
  const xt::xarray<bool> plane = xt::view(a, xt::all(), xt::all(), 0) > 0.4;
  // xtensor oracles: the kept rows (planes) stacked in row-major order.
  xt::xarray<double> want_rows = xt::zeros<double>({3, 3, 2}), want_plane;
  for (std::size_t i = 0, k = 0; i < 5; ++i)
    if (rows(i)) xt::view(want_rows, k++) = xt::view(a, i);
  std::vector<double> kept;
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      if (plane(i, j)) kept.insert(kept.end(), {a(i, j, 0), a(i, j, 1)});
  want_plane = xt::adapt(kept, {kept.size() / 2, std::size_t{2}});
  device_kernels_guard guard;
  for (const bool device : select_kernels)
    for (const auto& x : layouts(a)) {
      ht::detail::set_device_kernels(device);
      CAPTURE(device, ht::to_string(x.split()));
      const auto r = x[ht::array(rows)];
      const auto p = x[ht::view(x, xt::all(), xt::all(), 0) > 0.4];
      const auto none = x[ht::zeros<bool>({5, 3})];
      const bool ok = r.to_xarray() == want_rows && p.to_xarray() == want_plane &&
                      r.split() == (x.split() ? ht::split_t{0} : ht::split_t{}) && none.shape() == ht::shape_t{0, 2};
      REQUIRE(all_ranks(ok));
    }
  // Trailing axes of extent 0: the count of the selected rows still comes back.
  for (ht::split_t s : {ht::split_t{}, ht::split_t{0}}) {
    const auto e = ht::zeros<double>({4, 0}, s);
    REQUIRE(all_ranks(e[ht::array(xt::xarray<bool>{true, false, true, true})].shape() == ht::shape_t{3, 0}));
  }
  const auto x = ht::array(a, 0);
  REQUIRE(throws_everywhere<ht::IndexError>([&] { x[ht::array(xt::xarray<bool>{true, false})]; }));
  REQUIRE(throws_everywhere<ht::IndexError>([&] { x[ht::zeros<bool>({3, 5})]; }));
}

TEST_CASE("xt::newaxis() in a view inserts an axis of extent 1, as NumPy's None", "[indexing]") {
  const auto a = global_pattern<double>({4, 3});
  const xt::xarray<double> front = xt::view(a, xt::newaxis(), xt::all(), xt::all());
  const xt::xarray<double> middle = xt::view(a, xt::range(1, 4), xt::newaxis(), 2);
  const xt::xarray<double> both = xt::view(a, 0, xt::newaxis(), xt::all(), xt::newaxis());
  for (const auto& x : layouts(a)) {
    CAPTURE(ht::to_string(x.split()));
    const ht::DNDarray<double> f = ht::view(x, xt::newaxis(), xt::all(), xt::all());
    const ht::DNDarray<double> m = ht::view(x, xt::range(1, 4), xt::newaxis(), 2);
    const ht::DNDarray<double> b = ht::view(x, 0, xt::newaxis(), xt::all(), xt::newaxis());
    const ht::DNDarray<double> e = ht::view(x, xt::ellipsis(), xt::newaxis());
    const bool ok = f.to_xarray() == front && m.to_xarray() == middle && b.to_xarray() == both &&
                    e.shape() == ht::shape_t{4, 3, 1} &&
                    e.to_xarray() == xt::xarray<double>(xt::view(a, xt::all(), xt::all(), xt::newaxis())) &&
                    f.split() == (x.split() ? ht::split_t{*x.split() + 1} : ht::split_t{});
    REQUIRE(all_ranks(ok));
  }
}

TEST_CASE("x[mask] = value sets the selected elements in place, as NumPy's", "[indexing]") {
  const auto a = global_pattern<double>({5, 4});
  const xt::xarray<double> clipped = xt::where(a > 0.5, 0.5, a);
  xt::xarray<double> rows_set = a;
  for (std::size_t i : {0, 3}) xt::view(rows_set, i) = -1.0;
  for (const auto& layout : layouts(a)) {
    CAPTURE(ht::to_string(layout.split()));
    ht::DNDarray<double> x = ht::copy(layout);
    // On a non-const x, x[mask] is lazy (as ht::view): a DNDarray keeps the values of now.
    const ht::DNDarray<double> before = x[x > 0.5];
    const double selected_sum = ht::sum(x[x > 0.5]).item();
    x[x > 0.5] = 0.5;
    ht::DNDarray<double> y = ht::copy(layout);
    y[ht::array(xt::xarray<bool>{true, false, false, true, false})] = -1;
    const bool ok = x.to_xarray() == clipped && y.to_xarray() == rows_set && x.split() == layout.split() &&
                    std::abs(selected_sum - xt::sum(xt::where(a > 0.5, a, 0.0))()) < 1e-12 &&
                    before.to_xarray().size() == static_cast<std::size_t>(xt::sum(a > 0.5)());
    REQUIRE(all_ranks(ok));
  }
  ht::DNDarray<double> x = ht::array(a, 0);
  REQUIRE(throws_everywhere<ht::IndexError>([&] { x[ht::zeros<bool>({4, 5})] = 1.0; }));
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
