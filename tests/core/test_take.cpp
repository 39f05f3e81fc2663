// ht::take against xtensor's keep() (NumPy's np.take along an axis) at every
// layout of the array and of the indices, with repeats, negative and
// unordered indices, an empty index list and bad input on one rank only.
#include "support/testing.hpp"

#include <heat/core/take.hpp>

#include <xtensor/xview.hpp>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

/// NumPy's take through xtensor: negative indices wrapped first.
xt::xarray<double> oracle(const xt::xarray<double>& a, const std::vector<std::int64_t>& idx, std::size_t axis) {
  std::vector<std::size_t> keep;
  const auto n = static_cast<std::int64_t>(a.shape()[axis]);
  for (const auto i : idx) keep.push_back(static_cast<std::size_t>(i < 0 ? i + n : i));
  xt::xstrided_slice_vector sv(a.dimension(), xt::all());
  if (keep.empty()) {
    sv[axis] = xt::range(0, 0);
    return xt::strided_view(a, sv);
  }
  if (axis == 0) return xt::view(a, xt::keep(keep));
  if (axis == 1) return xt::view(a, xt::all(), xt::keep(keep));
  return xt::view(a, xt::all(), xt::all(), xt::keep(keep));
}

/// Index lists in every layout: replicated, split 0, all on the last rank.
std::vector<ht::DNDarray<std::int64_t>> index_layouts(const std::vector<std::int64_t>& idx) {
  xt::xarray<std::int64_t> v = xt::zeros<std::int64_t>({idx.size()});
  std::copy(idx.begin(), idx.end(), v.begin());
  return {ht::array(v), ht::array(v, 0), ht::testing::on_last_rank(v, 0)};
}

}  // namespace

TEST_CASE("take along every axis: np.take's values at every layout of array and indices", "[core][take]") {
  const xt::xarray<double> A2 = xt::reshape_view(xt::arange<double>(21), {7, 3});
  const xt::xarray<double> A3 = xt::reshape_view(xt::arange<double>(30), {5, 2, 3});
  const std::vector<std::vector<std::int64_t>> lists = {{3, 0, 3, -1, 2, 4, 0}, {}, {-5}, {4, 4, 4, 4, 4, 4, 4, 4, 4}};
  bool ok = true;
  for (const auto* A : {&A2, &A3})
    for (std::size_t axis = 0; axis < A->dimension(); ++axis)
      for (const auto& list : lists) {
        const std::int64_t n = static_cast<std::int64_t>(A->shape()[axis]);
        if (!list.empty() && (list[0] >= n || list[0] < -n)) continue;
        std::vector<std::int64_t> idx;
        for (const auto i : list)
          if (i < n && i >= -n) idx.push_back(i);
        const auto want = oracle(*A, idx, axis);
        for (const auto& a : layouts(*A))
          for (const auto& ix : index_layouts(idx)) {
            const auto got = ht::take(a, ix, static_cast<std::int64_t>(axis));
            // The split: a's when the axis is not its split axis; else along
            // the axis (0: the indices' blocks when split, balanced otherwise).
            const bool along = a.split() && static_cast<std::size_t>(*a.split()) == axis;
            bool good = got.to_xarray() == want && got.split() == a.split();
            if (along && axis == 0 && ix.split()) good = good && got.lshape()[0] == ix.lshape()[0];
            CAPTURE(A->dimension(), axis, idx, a.split(), ix.split(), got.to_xarray(), want);
            ok = ok && good;
          }
        // Negative axis: the same.
        const auto neg = ht::take(ht::array(*A, 0), index_layouts(idx)[1],
                                  static_cast<std::int64_t>(axis) - static_cast<std::int64_t>(A->dimension()));
        ok = ok && neg.to_xarray() == want;
      }
  REQUIRE(all_ranks(ok));
}

TEST_CASE("take: bad indices give the same IndexError on every rank", "[core][take][errors]") {
  const xt::xarray<double> A = xt::reshape_view(xt::arange<double>(21), {7, 3});
  xt::xarray<std::int64_t> idx = {0, 1, 7};
  for (const auto& a : layouts(A)) {
    // 7 is out of range along axis 0 only (on the last rank only, when split).
    REQUIRE(throws_everywhere<ht::IndexError>([&] { ht::take(a, ht::testing::on_last_rank(idx, 0), 0); }));
    REQUIRE(throws_everywhere<ht::IndexError>([&] { ht::take(a, ht::array(idx, 0), 1); }));
    REQUIRE(throws_everywhere<ht::IndexError>([&] { ht::take(a, ht::array(xt::xarray<std::int64_t>{-8}), 0); }));
    REQUIRE(throws_everywhere<ht::IndexError>([&] { ht::take(a, ht::array(idx), 2); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::take(a, ht::zeros<std::int64_t>({2, 1}), 0); }));
  }
}

TEST_CASE("random::permutation: the rows in randperm's order, split like the array", "[core][take][random]") {
  const xt::xarray<double> A = xt::reshape_view(xt::arange<double>(21), {7, 3});
  bool ok = true;
  for (const auto& a : layouts(A)) {
    ht::random::seed(9);
    const auto perm = ht::random::randperm(7).to_xarray();
    ht::random::seed(9);
    const auto p = ht::random::permutation(a);
    std::vector<std::int64_t> order(perm.begin(), perm.end());
    ok = ok && p.to_xarray() == oracle(A, order, 0) && p.split() == a.split() && p.shape() == a.shape();
  }
  ht::random::seed(9);
  const auto ints = ht::random::permutation(7, 0).to_xarray();
  ht::random::seed(9);
  ok = ok && ints == ht::random::randperm(7).to_xarray();
  REQUIRE(all_ranks(ok));
}
