#include "support/testing.hpp"

#include <heat/core/sorting.hpp>

#include <algorithm>
#include <cmath>
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
