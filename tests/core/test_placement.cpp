// heat/core/placement.hpp: nonzero / where against a row-major oracle and
// HeAT's docstring examples, meshgrid and topk against NumPy's and torch's
// documented values and an xtensor sort, redistribute / collect by their
// blocks, at every layout.
#include "support/testing.hpp"

#include <heat/core/placement.hpp>
#include <xtensor/xsort.hpp>

#include <cstdint>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::same_everywhere;
using ht::testing::throws_everywhere;

namespace {

/// The indices of a's non-zero elements, row-major, as NumPy's argwhere.
template <class T>
xt::xarray<std::int64_t> argwhere(const xt::xarray<T>& a) {
  std::vector<std::int64_t> idx;
  std::size_t n = 0;
  for (std::size_t f = 0; f < a.size(); ++f) {
    if (a.flat(f) == T(0)) continue;
    ++n;
    std::vector<std::int64_t> c(a.dimension());
    std::size_t rest = f;
    for (std::size_t d = a.dimension(); d-- > 0;) {
      c[d] = static_cast<std::int64_t>(rest % a.shape()[d]);
      rest /= a.shape()[d];
    }
    idx.insert(idx.end(), c.begin(), c.end());
  }
  xt::xarray<std::int64_t> out = xt::adapt(idx, std::vector<std::size_t>{n, a.dimension()});
  if (a.dimension() == 1) out.reshape({n});
  return out;
}

/// a[lo:hi] along axis d.
template <class T>
xt::xarray<T> along(const xt::xarray<T>& a, std::size_t d, std::size_t lo, std::size_t hi) {
  xt::xstrided_slice_vector sv(a.dimension(), xt::all());
  sv[d] = xt::range(lo, hi);
  return xt::strided_view(a, sv);
}

}  // namespace

TEST_CASE("nonzero and one-argument where give the indices in row-major order", "[core][placement]") {
  xt::xarray<std::int32_t> a = global_pattern<std::int32_t>({5, 4, 3});
  a = xt::where(xt::equal(a % 3, 0), 0, a);
  for (const auto& x : layouts(a)) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    const auto nz = ht::nonzero(x);
    REQUIRE(same_everywhere(nz, argwhere(a)));
    REQUIRE(nz.split() == (x.split() ? ht::split_t{0} : ht::none));
    REQUIRE(same_everywhere(ht::where(x > 10), argwhere(xt::xarray<bool>(a > 10))));
  }
  const auto v = global_pattern<double>({17});
  for (const auto& x : layouts(v)) REQUIRE(same_everywhere(ht::nonzero(x < 0.0), argwhere(xt::xarray<bool>(v < 0.0))));
  // HeAT's docstring.
  const auto h = ht::array(xt::xarray<int>{{3, 0, 0}, {0, 4, 1}, {0, 6, 0}}, 0);
  REQUIRE(same_everywhere(ht::nonzero(h), xt::xarray<std::int64_t>{{0, 0}, {1, 1}, {1, 2}, {2, 1}}));
  const auto g = ht::array(xt::xarray<int>{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, 0);
  REQUIRE(
      same_everywhere(ht::nonzero(g > 3), xt::xarray<std::int64_t>{{1, 0}, {1, 1}, {1, 2}, {2, 0}, {2, 1}, {2, 2}}));
  REQUIRE(ht::nonzero(ht::zeros<float>({4, 2}, 1)).shape() == ht::shape_t{0, 2});
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::nonzero(ht::full<int>({}, 1)); }));
}

TEST_CASE("meshgrid and topk match NumPy's and torch's examples", "[core][placement]") {
  const auto x = ht::linspace<double>(0, 1, 3, 0), y = ht::linspace<double>(0, 1, 2);
  const auto xy = ht::meshgrid<double>({x, y});
  REQUIRE(same_everywhere(xy[0], xt::xarray<double>{{0, 0.5, 1}, {0, 0.5, 1}}));
  REQUIRE(same_everywhere(xy[1], xt::xarray<double>{{0, 0, 0}, {1, 1, 1}}));
  const auto ij = ht::meshgrid<double>({x, y}, "ij");
  REQUIRE(same_everywhere(ij[0], xt::xarray<double>{{0, 0}, {0.5, 0.5}, {1, 1}}));
  REQUIRE(same_everywhere(ij[1], xt::xarray<double>{{0, 1}, {0, 1}, {0, 1}}));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::meshgrid<double>({x, y}, "yx"); }));

  // torch's topk docstring: arange(1, 6), k = 3 -> [5, 4, 3] at [4, 3, 2].
  for (const auto& t : layouts(xt::xarray<float>{1, 2, 3, 4, 5})) {
    const auto [values, indices] = ht::topk(t, 3);
    REQUIRE(same_everywhere(values, xt::xarray<float>{5, 4, 3}));
    REQUIRE(same_everywhere(indices, xt::xarray<std::int64_t>{4, 3, 2}));
  }
  // Distinct values along each axis: the sorted edges of xtensor's sort.
  xt::xarray<double> a = global_pattern<double>({6, 5});
  a = xt::sin(a * 7.0);
  for (const auto& m : layouts(a))
    for (std::int64_t dim : {0, 1}) {
      CAPTURE(ht::to_string(m.split()), dim);
      const auto d = static_cast<std::size_t>(dim);
      const xt::xarray<double> sorted = xt::sort(a, d);
      const xt::xarray<std::int64_t> order = xt::argsort(a, d);
      const std::size_t n = a.shape()[d];
      const auto [big, at] = ht::topk(m, 2, dim);
      REQUIRE(same_everywhere(big, xt::flip(along(sorted, d, n - 2, n), d)));
      REQUIRE(same_everywhere(at, xt::flip(along(order, d, n - 2, n), d)));
      const auto [small, where] = ht::topk(m, 3, dim, false);
      REQUIRE(same_everywhere(small, along(sorted, d, 0, 3)));
      REQUIRE(same_everywhere(where, along(order, d, 0, 3)));
    }
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::topk(ht::array(a, 0), 7, 0); }));
}

TEST_CASE("redistribute and collect move the blocks where asked", "[core][placement]") {
  const auto a = global_pattern<std::int64_t>({9, 2});
  const int p = ht::comm_world().size();
  std::vector<std::int64_t> counts(static_cast<std::size_t>(p), 0);
  counts.back() = 4;
  counts.front() += 5;
  for (const auto& x : layouts(a)) {
    if (!x.split()) {
      REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::redistribute(x, counts); }));
      REQUIRE(same_everywhere(ht::collect(x), a));
      continue;
    }
    const auto s = static_cast<std::size_t>(*x.split());
    std::vector<std::int64_t> c(static_cast<std::size_t>(p), 0);
    c.back() = a.shape()[s];
    const auto r = ht::redistribute(x, c);
    REQUIRE(same_everywhere(r, a));
    REQUIRE(all_ranks(r.lshape()[s] == c[static_cast<std::size_t>(r.comm().rank())]));
    const auto one = ht::collect(x, p - 1);
    REQUIRE(all_ranks(one.lshape()[s] == (one.comm().rank() == p - 1 ? static_cast<std::int64_t>(a.shape()[s]) : 0)));
    REQUIRE(same_everywhere(one, a));
  }
  const auto x = ht::array(a, 0);
  REQUIRE(same_everywhere(ht::redistribute(x, counts), a));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::redistribute(x, std::vector<std::int64_t>(p, 1)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::collect(x, p); }));
}
