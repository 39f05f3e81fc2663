#include "support/testing.hpp"

#include <heat/core/sorting.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

/// Stable sort of every line along axis, NaN last: the oracle's values and indices.
template <class T>
std::pair<xt::xarray<T>, xt::xarray<std::int64_t>> oracle(const xt::xarray<T>& a, std::size_t axis) {
  xt::xarray<T> v = a;
  xt::xarray<std::int64_t> idx = xt::zeros<std::int64_t>(a.shape());
  const std::size_t len = a.shape()[axis];
  std::size_t inner = 1, outer = 1;
  for (std::size_t d = axis + 1; d < a.dimension(); ++d) inner *= a.shape()[d];
  for (std::size_t d = 0; d < axis; ++d) outer *= a.shape()[d];
  for (std::size_t o = 0; o < outer; ++o)
    for (std::size_t e = 0; e < inner; ++e) {
      std::vector<std::int64_t> order(len);
      std::iota(order.begin(), order.end(), 0);
      const std::size_t base = o * len * inner + e;
      std::stable_sort(order.begin(), order.end(), [&](std::int64_t i, std::int64_t j) {
        const T x = a.flat(base + static_cast<std::size_t>(i) * inner),
                y = a.flat(base + static_cast<std::size_t>(j) * inner);
        if constexpr (std::is_floating_point_v<T>)
          if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
        return x < y;
      });
      for (std::size_t i = 0; i < len; ++i) {
        v.flat(base + i * inner) = a.flat(base + static_cast<std::size_t>(order[i]) * inner);
        idx.flat(base + i * inner) = order[i];
      }
    }
  return {v, idx};
}

}  // namespace

TEMPLATE_TEST_CASE("sort and argsort along every axis and split", "[sorting]", double, std::int32_t, std::uint8_t) {
  using T = TestType;
  // Values with many duplicates (the pattern repeats) and, for double, NaN.
  xt::xarray<T> a = global_pattern<T>({6, 5, 4});
  for (std::size_t i = 0; i < a.size(); ++i) a.flat(i) = static_cast<T>(a.flat((i * 37) % a.size()) / T(3));
  if constexpr (std::is_floating_point_v<T>) {
    a(1, 2, 3) = NAN;
    a(4, 0, 0) = NAN;
  }
  for (const auto& x : layouts(a))
    for (std::int64_t axis = 0; axis < 3; ++axis) {
      const auto [ev, ei] = oracle(a, static_cast<std::size_t>(axis));
      CAPTURE(ht::to_string(x.split()), axis);
      REQUIRE(all_ranks(block_matches(ht::sort(x, axis), ev) && block_matches(ht::argsort(x, axis), ei)));
    }
}

TEST_CASE("sample sort of a vector: duplicates, all on one rank, NaN, empty", "[sorting]") {
  const std::int64_t n = 1000;
  xt::xarray<double> a = xt::zeros<double>({static_cast<std::size_t>(n)});
  for (std::int64_t i = 0; i < n; ++i) a(i) = static_cast<double>((i * 7919) % 13);  // 13 distinct values
  a(17) = NAN;
  xt::xarray<double> same = xt::ones<double>({static_cast<std::size_t>(n)});
  for (const xt::xarray<double>& data : {a, same}) {
    const auto [ev, ei] = oracle(data, 0);
    for (const auto& x : {ht::array(data, 0), ht::testing::on_last_rank(data, 0)}) {
      const auto s = ht::sort(x);
      REQUIRE(all_ranks(block_matches(s, ev) && block_matches(ht::argsort(x), ei) && s.dist() == x.dist()));
    }
  }
  const auto empty = ht::zeros<double>({0}, 0);
  REQUIRE(all_ranks(ht::sort(empty).size() == 0));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::sort(ht::array(a, 0), 1); }));
}

TEMPLATE_TEST_CASE("radix keys: NumPy's order (NaN last), and back bit for bit", "[sorting][radix]", double, float,
                   std::int64_t, std::int32_t, std::int16_t, std::int8_t, std::uint8_t, std::uint64_t) {
  using T = TestType;
  using lim = std::numeric_limits<T>;
  std::vector<T> ascending;
  if constexpr (std::is_floating_point_v<T>)
    ascending = {-lim::infinity(),  lim::lowest(), T(-1.5), -lim::denorm_min(), T(-0.0),        T(0.0),
                 lim::denorm_min(), lim::min(),    T(2),    lim::max(),         lim::infinity()};
  else if constexpr (std::is_signed_v<T>)
    ascending = {lim::min(), T(lim::min() + 1), T(-1), T(0), T(1), T(lim::max() - 1), lim::max()};
  else
    ascending = {T(0), T(1), T(2), T(lim::max() - 1), lim::max()};
  bool ok = true;
  for (std::size_t i = 0; i < ascending.size(); ++i) {
    const auto k = ht::detail::radix::key_of(ascending[i]);
    const T back = ht::detail::radix::value_of<T>(k);
    ok = ok && std::memcmp(&back, &ascending[i], sizeof(T)) == 0;
    if (i > 0) ok = ok && ht::detail::radix::key_of(ascending[i - 1]) < k;
  }
  if constexpr (std::is_floating_point_v<T>) {
    const T nan = lim::quiet_NaN();
    ok = ok && ht::detail::radix::key_of(-nan) == ht::detail::radix::key_of(nan) &&
         ht::detail::radix::key_of(lim::infinity()) < ht::detail::radix::key_of(nan) &&
         std::isnan(ht::detail::radix::value_of<T>(ht::detail::radix::key_of(-nan)));
  }
  REQUIRE(ok);
}

TEMPLATE_TEST_CASE("sort of 20 000 values (radix keys, sample sort): std::sort's answer at every layout",
                   "[sorting][radix]", double, float, std::int64_t, std::int16_t) {
  using T = TestType;
  const std::size_t n = 20000;
  xt::xarray<T> a = xt::zeros<T>({n});
  std::uint64_t state = 12345;
  for (std::size_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto bits = static_cast<std::int64_t>(state >> 11);
    if constexpr (std::is_floating_point_v<T>)
      a(i) = static_cast<T>(static_cast<double>(bits % 2000001 - 1000000) * 1e-3);  // negative, zero, duplicates
    else
      a(i) = static_cast<T>(bits);  // the whole range, both signs
  }
  if constexpr (std::is_floating_point_v<T>) {
    a(5) = -std::numeric_limits<T>::infinity();
    a(6) = std::numeric_limits<T>::infinity();
    a(7) = T(-0.0);
    a(8) = std::numeric_limits<T>::quiet_NaN();
    a(n - 1) = -std::numeric_limits<T>::quiet_NaN();
  }
  const auto [expected, index] = oracle(a, 0);
  bool ok = true;
  for (const auto& x : {ht::array(a, 0), ht::array(a), ht::testing::on_last_rank(a, 0)}) {
    const auto s = ht::sort(x);
    ok = ok && block_matches(s, expected) && s.dist() == x.dist() && s.split() == x.split();
  }
  // Along the split axis of a 2-D array (the lines are made local first), and along the other.
  const xt::xarray<T> m = xt::reshape_view(a, {200, 100});
  for (std::size_t axis = 0; axis < 2; ++axis)
    for (const auto& x : layouts(m))
      ok = ok && block_matches(ht::sort(x, static_cast<std::int64_t>(axis)), oracle(m, axis).first);
  REQUIRE(all_ranks(ok));
}

TEST_CASE("unique and randperm", "[sorting][random]") {
  xt::xarray<double> a = xt::zeros<double>({40});
  for (std::size_t i = 0; i < 40; ++i) a(i) = static_cast<double>((i * 11) % 7) - 2.5;
  a(3) = NAN;
  a(30) = NAN;
  const xt::xarray<double> expected = {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, NAN};
  for (const auto& x : layouts(xt::xarray<double>(xt::reshape_view(a, {8, 5})))) {
    const auto u = ht::unique(x);
    REQUIRE(all_ranks(!u.split() && block_matches(u, expected)));
  }
  // A permutation, and the same one at every rank count: compared with the
  // replicated one that each rank computes alone.
  ht::random::seed(7);
  const auto p0 = ht::random::randperm(101, 0);
  ht::random::seed(7);
  const auto alone = ht::random::randperm(101, ht::none, ht::comm_self()).to_xarray();
  const auto whole = p0.to_xarray();
  std::vector<std::int64_t> sorted(whole.begin(), whole.end());
  std::sort(sorted.begin(), sorted.end());
  bool permutation = sorted.size() == 101;
  for (std::size_t i = 0; permutation && i < sorted.size(); ++i)
    permutation = sorted[i] == static_cast<std::int64_t>(i);
  REQUIRE(all_ranks(whole == alone && permutation && p0.split() == 0));
}
