#include "support/testing.hpp"

#include <heat/core/manipulations.hpp>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

std::string where(const ht::DNDarray<double>& x) {
  return ht::to_string(x.shape()) + " split " + ht::to_string(x.split());
}

/// NumPy's constant pad, element by element (xtensor 0.24's xt::pad throws
/// bad_alloc on a const array).
xt::xarray<double> padded(const xt::xarray<double>& a, const std::vector<std::pair<std::size_t, std::size_t>>& w,
                          double value) {
  const std::size_t n = a.dimension();
  std::vector<std::size_t> shape(n);
  for (std::size_t d = 0; d < n; ++d) shape[d] = a.shape()[d] + w[d].first + w[d].second;
  xt::xarray<double> out = xt::zeros<double>(shape);
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::size_t rest = i, src = 0, scale = 1;
    bool inside = true;
    for (std::size_t d = n; d-- > 0;) {
      const std::size_t c = rest % shape[d];
      rest /= shape[d];
      inside = inside && c >= w[d].first && c < w[d].first + a.shape()[d];
      if (inside) src += (c - w[d].first) * scale;
      scale *= a.shape()[d];
    }
    out.flat(i) = inside ? a.flat(src) : value;
  }
  return out;
}

}  // namespace

TEST_CASE("transpose and T move no data and match xtensor", "[manipulations]") {
  const auto a = global_pattern<double>({5, 3, 4});
  for (const auto& x : layouts(a)) {
    const xt::xarray<double> t = xt::transpose(a);
    const xt::xarray<double> p = xt::transpose(a, {1, 0, 2});
    const bool ok = block_matches(x.T(), t) && block_matches(ht::transpose(x, {1, 0, 2}), p) &&
                    block_matches(ht::transpose(x, {-2, 0, -1}), p);
    CAPTURE(where(x));
    REQUIRE(all_ranks(ok));
  }
  const auto m = global_pattern<std::int32_t>({4, 7});
  for (const auto& x : layouts(m)) {
    const auto t = x.T();
    REQUIRE(all_ranks(block_matches(t, xt::xarray<std::int32_t>(xt::transpose(m))) &&
                      t.split() == (x.split() ? ht::split_t{1 - *x.split()} : ht::split_t{})));
  }
}

TEST_CASE("reshape, flatten, expand_dims and squeeze", "[manipulations]") {
  const auto a = global_pattern<double>({6, 4, 2});
  for (const auto& x : layouts(a)) {
    const xt::xarray<double> r1 = xt::reshape_view(a, {8, 6});
    const xt::xarray<double> r2 = xt::reshape_view(a, {2, 3, 8});
    const xt::xarray<double> f = xt::flatten(a);
    const xt::xarray<double> e = xt::expand_dims(a, 1);
    bool ok = block_matches(ht::reshape(x, {8, 6}), r1) && block_matches(ht::reshape(x, {2, -1, 8}), r2) &&
              block_matches(ht::flatten(x), f) && block_matches(ht::expand_dims(x, 1), e) &&
              block_matches(ht::expand_dims(x, -1), xt::xarray<double>(xt::expand_dims(a, 3))) &&
              block_matches(ht::squeeze(ht::expand_dims(x, 0)), a) &&
              block_matches(ht::squeeze(ht::expand_dims(x, 2), 2), a);
    ok = ok &&
         ht::reshape(x, {8, 6}).split() == (x.split() ? ht::split_t{*x.split() < 2 ? *x.split() : 0} : ht::split_t{});
    CAPTURE(where(x));
    REQUIRE(all_ranks(ok));
  }
  // The split axis squeezed away: the rest is replicated.
  const auto one = global_pattern<float>({1, 5});
  for (const auto& x : layouts(one)) {
    const auto s = ht::squeeze(x);
    REQUIRE(all_ranks(block_matches(s, xt::xarray<float>(xt::squeeze(one))) &&
                      (x.split() != ht::split_t{0} || !s.split())));
  }
  const auto x = ht::array(a, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::reshape(x, {5, 10}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::reshape(x, {-1, -1, 2}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::reshape(x, {-1, 5}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::squeeze(x, 1); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::expand_dims(x, 5); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::transpose(x, {0, 0, 1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::transpose(x, {0, 1}); }));
}

TEST_CASE("concatenate and stack along split and other axes", "[manipulations]") {
  const auto a = global_pattern<double>({5, 3});
  const xt::xarray<double> b = global_pattern<double>({2, 3}) + 100.0;
  const xt::xarray<double> c = global_pattern<double>({5, 4}) - 100.0;
  const xt::xarray<double> ab = xt::concatenate(xt::xtuple(a, b), 0);
  const xt::xarray<double> ac = xt::concatenate(xt::xtuple(a, c), 1);
  const xt::xarray<double> st0 = xt::stack(xt::xtuple(a, a), 0);
  const xt::xarray<double> st2 = xt::stack(xt::xtuple(a, a), 2);
  for (const auto& x : layouts(a)) {
    for (const auto& y : layouts(b)) {
      CAPTURE(where(x), where(y));
      REQUIRE(all_ranks(block_matches(ht::concatenate({x, y}, 0), ab)));
    }
    for (const auto& y : layouts(c)) {
      CAPTURE(where(x), where(y));
      REQUIRE(all_ranks(block_matches(ht::concatenate({x, y}, -1), ac)));
    }
    CAPTURE(where(x));
    REQUIRE(all_ranks(block_matches(ht::stack({x, x}, 0), st0) && block_matches(ht::stack({x, x}, 2), st2)));
  }
  const auto x = ht::array(a, 0), y = ht::array(b, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::concatenate({x, y}, 1); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::concatenate<double>({}, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::stack({x, y}, 0); }));
}

TEST_CASE("flip, pad and diff along every axis", "[manipulations]") {
  const auto a = global_pattern<double>({5, 4, 3});
  const xt::xarray<double> sq = a * a;  // diff of a pattern that is not linear
  for (const auto& x : layouts(a)) {
    CAPTURE(where(x));
    bool ok = block_matches(ht::flip(x), xt::xarray<double>(xt::flip(xt::flip(xt::flip(a, 0), 1), 2)));
    for (std::int64_t d = 0; d < 3; ++d)
      ok = ok && block_matches(ht::flip(x, d), xt::xarray<double>(xt::flip(a, static_cast<std::size_t>(d))));
    ok = ok && block_matches(ht::pad(x, {{1, 2}, {0, 3}, {2, 0}}, 7.5), padded(a, {{1, 2}, {0, 3}, {2, 0}}, 7.5));
    ok = ok && block_matches(ht::pad(x, {{1, 1}}), padded(a, {{1, 1}, {1, 1}, {1, 1}}, 0.0));
    REQUIRE(all_ranks(ok));
  }
  for (const auto& x : layouts(sq)) {
    CAPTURE(where(x));
    bool ok = true;
    for (std::int64_t d = 0; d < 3; ++d)
      for (std::int64_t n = 1; n <= 2; ++n)
        ok = ok && block_matches(ht::diff(x, n, d), xt::xarray<double>(xt::diff(sq, static_cast<std::size_t>(n), d)));
    ok = ok && block_matches(ht::diff(x, 5, 0), xt::xarray<double>(xt::diff(sq, 5, 0)));
    REQUIRE(all_ranks(ok));
  }
  const auto x = ht::array(a, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::diff(x, -1); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::pad(x, {{1, 1}, {1, 1}}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::pad(x, {{-1, 1}}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::flip(x, 3); }));
}

TEST_CASE("tril and triu with offsets", "[manipulations]") {
  const auto a = global_pattern<std::int64_t>({6, 5});
  const auto b = global_pattern<float>({2, 4, 3});
  for (std::int64_t k : {-2, 0, 1}) {
    for (const auto& x : layouts(a)) {
      CAPTURE(ht::to_string(x.split()), k);
      REQUIRE(all_ranks(block_matches(ht::tril(x, k), xt::xarray<std::int64_t>(xt::tril(a, static_cast<int>(k)))) &&
                        block_matches(ht::triu(x, k), xt::xarray<std::int64_t>(xt::triu(a, static_cast<int>(k))))));
    }
    for (const auto& x : layouts(b)) {
      // Every matrix of the stack separately.
      xt::xarray<float> lo = b, up = b;
      for (std::size_t i = 0; i < 2; ++i) {
        xt::view(lo, i) = xt::tril(xt::xarray<float>(xt::view(b, i)), static_cast<int>(k));
        xt::view(up, i) = xt::triu(xt::xarray<float>(xt::view(b, i)), static_cast<int>(k));
      }
      CAPTURE(ht::to_string(x.split()), k);
      REQUIRE(all_ranks(block_matches(ht::tril(x, k), lo) && block_matches(ht::triu(x, k), up)));
    }
  }
  // A 1-D array gives NumPy's n x n triangle of its rows (tests/core/test_options.cpp); a 0-d one has no triangle.
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::tril(ht::full<double>({}, 1.0)); }));
}
