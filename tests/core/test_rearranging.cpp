// heat/core/rearranging.hpp against xtensor's rearrangements (and NumPy's
// docstring examples with their printed values), at every layout of the
// operand: replicated, split along each axis, everything on the last rank.
#include "support/testing.hpp"

#include <heat/core/rearranging.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>

#include <array>
#include <cstdint>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::same_everywhere;
using ht::testing::throws_everywhere;

namespace {

const ht::shape_t cube{4, 5, 3};

/// The 3-D array whose index i along axis is a's index rows[i] there.
template <class T>
xt::xarray<T> rows_along(const xt::xarray<T>& a, const std::vector<std::int64_t>& rows, std::size_t axis) {
  std::vector<std::size_t> shape(a.shape().begin(), a.shape().end());
  shape[axis] = rows.size();
  xt::xarray<T> out = xt::empty<T>(shape);
  for (std::size_t i = 0; i < shape[0]; ++i)
    for (std::size_t j = 0; j < shape[1]; ++j)
      for (std::size_t k = 0; k < shape[2]; ++k) {
        std::array<std::size_t, 3> c{i, j, k};
        c[axis] = static_cast<std::size_t>(rows[c[axis]]);
        out(i, j, k) = a(c[0], c[1], c[2]);
      }
  return out;
}

/// NumPy's tile written out: out[c] = a[c mod shape] with a's shape padded by leading ones.
template <class T>
xt::xarray<T> tiled(xt::xarray<T> a, std::vector<std::size_t> reps) {
  while (a.dimension() < reps.size()) a = xt::expand_dims(a, 0);
  while (reps.size() < a.dimension()) reps.insert(reps.begin(), 1);
  std::vector<std::size_t> shape(a.shape().begin(), a.shape().end());
  for (std::size_t d = 0; d < shape.size(); ++d) shape[d] *= reps[d];
  xt::xarray<T> out = xt::empty<T>(shape);
  for (std::size_t f = 0; f < out.size(); ++f) {
    std::size_t rest = f, src = 0, stride = 1;
    for (std::size_t d = shape.size(); d-- > 0;) {
      const std::size_t c = rest % shape[d];
      rest /= shape[d];
      src += (c % a.shape()[d]) * stride;
      stride *= a.shape()[d];
    }
    out.flat(f) = a.flat(src);
  }
  return out;
}

}  // namespace

TEST_CASE("flips, axis moves and rotations match xtensor", "[core][rearranging]") {
  const auto a = global_pattern<double>(cube);
  for (const auto& x : layouts(a)) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    REQUIRE(same_everywhere(ht::fliplr(x), xt::flip(a, 1)));
    REQUIRE(same_everywhere(ht::flipud(x), xt::flip(a, 0)));
    REQUIRE(same_everywhere(ht::ravel(x), xt::flatten(a)));
    REQUIRE(same_everywhere(ht::swapaxes(x, 0, 2), xt::transpose(a, {2, 1, 0})));
    REQUIRE(same_everywhere(ht::swapaxes(x, -1, 1), xt::transpose(a, {0, 2, 1})));
    REQUIRE(same_everywhere(ht::moveaxis(x, 0, -1), xt::transpose(a, {1, 2, 0})));
    REQUIRE(same_everywhere(ht::moveaxis(x, -1, 0), xt::transpose(a, {2, 0, 1})));
    REQUIRE(same_everywhere(ht::moveaxis(x, {0, 1}, {-1, -2}), xt::transpose(a, {2, 1, 0})));
    REQUIRE(same_everywhere(ht::rot90(x), xt::rot90<1>(a, {0, 1})));
    REQUIRE(same_everywhere(ht::rot90(x, 2), xt::rot90<2>(a, {0, 1})));
    REQUIRE(same_everywhere(ht::rot90(x, -1, {0, 2}), xt::rot90<3>(a, {0, 2})));
    REQUIRE(same_everywhere(ht::rot90(x, 7, {2, 1}), xt::rot90<3>(a, {2, 1})));
    REQUIRE(same_everywhere(ht::rot90(x, 4), a));
  }
  // NumPy's moveaxis docstring: zeros((3, 4, 5)) moved 0 -> -1 has shape (4, 5, 3).
  REQUIRE(ht::moveaxis(ht::zeros<float>({3, 4, 5}, 1), 0, -1).shape() == ht::shape_t{4, 5, 3});
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::rot90(ht::zeros<float>({3}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::rot90(ht::zeros<float>({3, 3}, 0), 1, {1, 1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::moveaxis(ht::zeros<float>({3, 3}, 0), {0, 0}, {0, 1}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::fliplr(ht::zeros<float>({3}, 0)); }));
}

TEST_CASE("stacking and splitting match xtensor and NumPy", "[core][rearranging]") {
  const auto a = global_pattern<std::int32_t>({4, 3});
  const xt::xarray<std::int32_t> b = a + 100;
  const auto la = layouts(a), lb = layouts(b);
  for (std::size_t i = 0; i < la.size(); ++i) {
    const auto& x = la[i];
    const auto& y = lb[(i + 1) % lb.size()];
    CAPTURE(ht::to_string(x.split()), ht::to_string(y.split()));
    REQUIRE(same_everywhere(ht::hstack<std::int32_t>({x, y}), xt::concatenate(xt::xtuple(a, b), 1)));
    REQUIRE(same_everywhere(ht::vstack<std::int32_t>({x, y}), xt::concatenate(xt::xtuple(a, b), 0)));
    REQUIRE(same_everywhere(ht::row_stack<std::int32_t>({x, y}), xt::concatenate(xt::xtuple(a, b), 0)));
    REQUIRE(same_everywhere(ht::column_stack<std::int32_t>({x, y}), xt::concatenate(xt::xtuple(a, b), 1)));
    const auto parts = ht::split(x, std::vector<std::int64_t>{1, 3}, 0);
    REQUIRE(parts.size() == 3);
    REQUIRE(same_everywhere(parts[0], xt::view(a, xt::range(0, 1))));
    REQUIRE(same_everywhere(parts[1], xt::view(a, xt::range(1, 3))));
    REQUIRE(same_everywhere(parts[2], xt::view(a, xt::range(3, 4))));
    const auto cols = ht::hsplit(x, 3);
    for (std::size_t j = 0; j < 3; ++j) REQUIRE(same_everywhere(cols[j], xt::view(a, xt::all(), xt::range(j, j + 1))));
    const auto rows = ht::vsplit(x, 2);
    REQUIRE(same_everywhere(rows[1], xt::view(a, xt::range(2, 4))));
    // Indices past the end and repeated give empty parts; negative ones count from the end.
    const auto odd = ht::split(x, std::vector<std::int64_t>{-1, 9, 2}, 0);
    REQUIRE(odd.size() == 4);
    REQUIRE(same_everywhere(odd[0], xt::view(a, xt::range(0, 3))));
    REQUIRE(same_everywhere(odd[1], xt::view(a, xt::range(3, 4))));
    REQUIRE(odd[2].shape() == ht::shape_t{0, 3});
    REQUIRE(odd[3].shape() == ht::shape_t{0, 3});
  }
  // NumPy's docstrings: 1-D stacks.
  const auto p = ht::array(xt::xarray<double>{1, 2, 3}, 0), q = ht::array(xt::xarray<double>{4, 5, 6});
  REQUIRE(same_everywhere(ht::hstack<double>({p, q}), xt::xarray<double>{1, 2, 3, 4, 5, 6}));
  REQUIRE(same_everywhere(ht::vstack<double>({p, q}), xt::xarray<double>{{1, 2, 3}, {4, 5, 6}}));
  REQUIRE(same_everywhere(ht::column_stack<double>({p, q}), xt::xarray<double>{{1, 4}, {2, 5}, {3, 6}}));
  const auto r = ht::array(xt::xarray<double>{0, 1, 2, 3, 4, 5, 6, 7, 8}, 0);
  const auto thirds = ht::split(r, 3);
  REQUIRE(same_everywhere(thirds[2], xt::xarray<double>{6, 7, 8}));
  const auto cut = ht::split(r, std::vector<std::int64_t>{3, 5, 6, 10});
  REQUIRE(same_everywhere(cut[1], xt::xarray<double>{3, 4}));
  REQUIRE(same_everywhere(cut[3], xt::xarray<double>{6, 7, 8}));
  REQUIRE(cut[4].size() == 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::split(r, 4); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::vsplit(r, 3); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::dsplit(ht::zeros<float>({2, 2}, 0), 2); }));
}

TEST_CASE("repeat, tile and roll match xtensor", "[core][rearranging]") {
  const auto a = global_pattern<std::int64_t>(cube);
  for (const auto& x : layouts(a)) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    for (std::int64_t ax = 0; ax < 3; ++ax) {
      CAPTURE(ax);
      std::vector<std::int64_t> twice;
      for (std::int64_t i = 0; i < static_cast<std::int64_t>(cube[static_cast<std::size_t>(ax)]); ++i)
        twice.insert(twice.end(), 2, i);
      REQUIRE(same_everywhere(ht::repeat(x, 2, ax), rows_along(a, twice, static_cast<std::size_t>(ax))));
      REQUIRE(same_everywhere(ht::repeat(x, 0, ax), rows_along(a, {}, static_cast<std::size_t>(ax))));
      // Per-element counts (zeros included): the oracle keeps row i reps[i] times.
      std::vector<std::int64_t> reps, rows;
      for (std::int64_t i = 0; i < static_cast<std::int64_t>(cube[static_cast<std::size_t>(ax)]); ++i) {
        reps.push_back(i % 3);
        rows.insert(rows.end(), static_cast<std::size_t>(i % 3), i);
      }
      REQUIRE(same_everywhere(ht::repeat(x, reps, ax), rows_along(a, rows, static_cast<std::size_t>(ax))));
      REQUIRE(same_everywhere(ht::roll(x, 2, ax), xt::roll(a, 2, ax)));
      REQUIRE(same_everywhere(ht::roll(x, -7, ax), xt::roll(a, -7, ax)));
    }
    xt::xarray<std::int64_t> thrice = xt::empty<std::int64_t>({a.size() * 3});
    for (std::size_t i = 0; i < thrice.size(); ++i) thrice(i) = a.flat(i / 3);
    REQUIRE(same_everywhere(ht::repeat(x, 3), thrice));
    REQUIRE(same_everywhere(ht::roll(x, 5), xt::roll(a, 5)));
    REQUIRE(
        same_everywhere(ht::roll(x, {1, -2}, {0, 2}), xt::roll(xt::xarray<std::int64_t>(xt::roll(a, 1, 0)), -2, 2)));
    REQUIRE(same_everywhere(ht::tile(x, {2, 1, 3}), tiled(a, {2, 1, 3})));
    REQUIRE(same_everywhere(ht::tile(x, {1, 2, 1}), tiled(a, {1, 2, 1})));
    REQUIRE(same_everywhere(ht::tile(x, {2}), tiled(a, {2})));
    REQUIRE(same_everywhere(ht::tile(x, {2, 1, 1, 1}), tiled(a, {2, 1, 1, 1})));
    REQUIRE(same_everywhere(ht::tile(x, {3, 0, 1}), tiled(a, {3, 0, 1})));
  }
  // NumPy's docstrings.
  const auto t = ht::array(xt::xarray<int>{0, 1, 2}, 0);
  REQUIRE(same_everywhere(ht::tile(t, {2, 2}), xt::xarray<int>{{0, 1, 2, 0, 1, 2}, {0, 1, 2, 0, 1, 2}}));
  const auto m = ht::array(xt::xarray<int>{{1, 2}, {3, 4}}, 1);
  REQUIRE(same_everywhere(ht::repeat(m, std::vector<std::int64_t>{1, 2}, 0), xt::xarray<int>{{1, 2}, {3, 4}, {3, 4}}));
  REQUIRE(same_everywhere(ht::roll(ht::array(xt::xarray<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0), -2),
                          xt::xarray<int>{2, 3, 4, 5, 6, 7, 8, 9, 0, 1}));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::repeat(m, -1, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::repeat(m, std::vector<std::int64_t>{1, 2, 3}, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::tile(m, {-1}); }));
}

TEST_CASE("broadcast_to and the diagonals match xtensor", "[core][rearranging]") {
  const auto v = global_pattern<float>({5});
  const auto col = global_pattern<float>({4, 1});
  for (const auto& x : layouts(v)) REQUIRE(same_everywhere(ht::broadcast_to(x, {3, 5}), xt::broadcast(v, {3, 5})));
  for (const auto& x : layouts(col)) {
    CAPTURE(ht::to_string(x.split()));
    REQUIRE(same_everywhere(ht::broadcast_to(x, {2, 4, 6}), xt::broadcast(col, {2, 4, 6})));
    const auto both = ht::broadcast_arrays<float>({x, ht::array(v, 0)});
    REQUIRE(same_everywhere(both[0], xt::broadcast(col, {4, 5})));
    REQUIRE(same_everywhere(both[1], xt::broadcast(v, {4, 5})));
  }
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::broadcast_to(ht::array(v, 0), {5, 4}); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::broadcast_to(ht::array(col, 0), {4}); }));

  const auto a = global_pattern<double>(cube);
  for (const auto& x : layouts(a)) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    for (int off : {0, 1, -2, 4, -3}) REQUIRE(same_everywhere(ht::diagonal(x, off), xt::diagonal(a, off, 0, 1)));
    REQUIRE(ht::diagonal(x, -4).shape() == ht::shape_t{3, 0});
    REQUIRE(ht::diagonal(x, 9, 2, 1).shape() == ht::shape_t{4, 0});
    REQUIRE(same_everywhere(ht::diagonal(x, 1, 1, 2), xt::diagonal(a, 1, 1, 2)));
    REQUIRE(same_everywhere(ht::diagonal(x, -1, 2, 0), xt::diagonal(a, -1, 2, 0)));
  }
  const auto sq = global_pattern<double>({5, 6});
  for (const auto& x : layouts(sq))
    for (int k : {0, 2, -3}) REQUIRE(same_everywhere(ht::diag(x, k), xt::diagonal(sq, k)));
  for (const auto& x : layouts(v))
    for (int k : {0, 2, -1}) REQUIRE(same_everywhere(ht::diag(x, k), xt::diag(v, k)));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::diagonal(ht::array(v, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::diagonal(ht::array(a, 0), 0, 1, -2); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::diag(ht::array(a, 0)); }));
}
