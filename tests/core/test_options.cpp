// The options NumPy and HeAT users reach for (eye's k, endpoint, 1-D
// tril/triu, diff's prepend/append, reshape's new_split, keepdims of
// argmin/argmax, the nan-reductions, flattened scans, round's decimals,
// descending sort, copyto/putmask, N-d trace, eigh) against NumPy's answers
// (tests/reference/make_options.py) at every layout.
#include "support/numpy_reference.hpp"
#include "support/testing.hpp"

#include <heat/linalg.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xsort.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::matches_numpy;
using ht::testing::throws_everywhere;

namespace {

template <class T>
xt::xarray<T> ref(const std::string& name) {
  return ht::testing::numpy_ref<T>("opt_" + name);
}

}  // namespace

TEST_CASE(
    "eye's k, endpoint, 1-D triangles, diff's prepend/append, reshape's "
    "new_split",
    "[core][options]") {
  for (const ht::split_t s : std::vector<ht::split_t>{ht::none, 0, 1}) {
    REQUIRE(matches_numpy(ht::eye<double>(4, 6, 2, s), ref<double>("eye_4_6_k2")));
    REQUIRE(matches_numpy(ht::eye<double>(5, 3, -1, s), ref<double>("eye_5_3_km1")));
  }
  REQUIRE(matches_numpy(ht::linspace<double>(0, 1, 7, ht::endpoint(false), 0), ref<double>("linspace_noend"), 1e-15));
  REQUIRE(matches_numpy(ht::logspace<double>(1, 3, 5, ht::endpoint(false)), ref<double>("logspace_noend"), 1e-15));
  REQUIRE(ht::linspace<double>(0, 1, 5, 0).split() == ht::split_t{0});  // an integer is still the split
  const auto V = ref<double>("V");
  for (const auto& v : layouts(V)) {
    CAPTURE(ht::to_string(v.split()));
    REQUIRE(matches_numpy(ht::tril(v, 1), ref<double>("tril_V_k1")));
    REQUIRE(matches_numpy(ht::triu(v, -1), ref<double>("triu_V_km1")));
    REQUIRE(matches_numpy(ht::diff(v, 1, 0, ht::full<double>({}, 0.0), ht::array(xt::xarray<double>{10, 11}, 0)),
                          ref<double>("diff_pre_app"), 1e-15));
    REQUIRE(matches_numpy(ht::sort(v, 0, true), ref<double>("sort_desc_V")));
    REQUIRE(matches_numpy(ht::round(v, 2), ref<double>("round_V_2")));
    REQUIRE(matches_numpy(ht::round(v, -1), ref<double>("round_V_m1")));
  }
  const auto I = ref<std::int64_t>("I");
  for (const auto& i : layouts(I)) {
    CAPTURE(ht::to_string(i.split()), i.lshape()[0]);
    const xt::xarray<std::int64_t> first_row = xt::view(I, xt::range(0, 1));
    REQUIRE(matches_numpy(ht::diff(i, 2, 0, ht::array(first_row, 1)), ref<std::int64_t>("diff2_I0_pre")));
    const auto r = ht::reshape(i, {5, 4}, 1);
    REQUIRE(r.split() == ht::split_t{1});
    REQUIRE(matches_numpy(r, xt::xarray<std::int64_t>(xt::reshape_view(I, {5, 4}))));
    REQUIRE(matches_numpy(ht::cumsum(i), ref<std::int64_t>("cumsum_I")));
    // % takes the divisor's sign, as Python's.
    REQUIRE(matches_numpy(ht::cumprod(i % 3 + 1), ref<std::int64_t>("cumprod_I")));
    REQUIRE(matches_numpy(ht::round(ht::eval(i * 5), -1), ref<std::int64_t>("round_I_m1")));
    REQUIRE(
        matches_numpy(ht::argmax(i, 0, ht::keepdims), xt::xarray<std::int64_t>(xt::expand_dims(xt::argmax(I, 0), 0))));
    REQUIRE(
        matches_numpy(ht::argmin(i, 1, ht::keepdims), xt::xarray<std::int64_t>(xt::expand_dims(xt::argmin(I, 1), 1))));
  }
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::eye<float>(-1, 2, 0); }));
  REQUIRE(throws_everywhere<ht::ValueError>([] {
    ht::diff(ht::ones<float>({3, 2}, 0), 1, 0, ht::ones<float>({1, 3}));
  }));
}

TEST_CASE("nan-reductions, ptp, copyto and putmask match NumPy at every layout", "[core][options]") {
  const auto X = ref<double>("X");
  for (const auto& x : layouts(X)) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    REQUIRE(matches_numpy(ht::ptp(ht::nan_to_num(x), 0), ref<double>("ptp_X0")));
    REQUIRE(matches_numpy(ht::nanmean(x, 0), ref<double>("nanmean_0"), 1e-15));
    REQUIRE(matches_numpy(ht::nanmean(x, 1), ref<double>("nanmean_1"), 1e-15));
    REQUIRE(matches_numpy(ht::nanmax(x, 0), ref<double>("nanmax_0")));
    REQUIRE(matches_numpy(ht::nanmin(x, 1), ref<double>("nanmin_1")));
    REQUIRE(matches_numpy(ht::nanvar(x, 0, 1), ref<double>("nanvar_0_ddof1"), 1e-14));
    REQUIRE(matches_numpy(ht::nanstd(x), ref<double>("nanstd_none"), 1e-14));
    // copyto / putmask: in place, the distribution kept.
    ht::DNDarray<double> y = ht::copy(x);
    ht::putmask(y, ht::isnan(y), -1.0);
    REQUIRE(matches_numpy(y, xt::xarray<double>(xt::where(xt::isnan(X), -1.0, X))));
    REQUIRE(y.dist().counts() == x.dist().counts());
    ht::copyto(y, ht::array(xt::xarray<double>{1, 2, 3, 4, 5, 6}), y < 0.0);
    const xt::xarray<double> row = xt::broadcast(xt::xarray<double>{1, 2, 3, 4, 5, 6}, X.shape());
    REQUIRE(matches_numpy(y, xt::xarray<double>(xt::where(xt::isnan(X) || X < 0.0, row, X))));
  }
}

TEST_CASE("N-d trace and eigh match NumPy", "[linalg][options]") {
  xt::xarray<double> T = xt::arange<double>(0, 60);
  T.reshape({3, 4, 5});
  for (const auto& t : layouts(T)) REQUIRE(matches_numpy(ht::linalg::trace(t, 1, 0, 2), ref<double>("trace_T_1_0_2")));
  const auto P = ref<double>("P");
  for (const auto& p : layouts(P)) {
    const auto [w, v] = ht::linalg::eigh(p);
    REQUIRE(matches_numpy(w, ref<double>("eigh_w"), 1e-13));
    // P v = v diag(w), and v orthonormal.
    const xt::xarray<double> V = v.to_xarray(), W = w.to_xarray();
    const xt::xarray<double> lhs = xt::linalg::dot(P, V), rhs = V * W;
    REQUIRE(all_ranks(xt::allclose(lhs, rhs, 1e-12, 1e-12)));
    REQUIRE(all_ranks(xt::allclose(xt::linalg::dot(xt::transpose(V), V), xt::eye<double>(5), 1e-12, 1e-12)));
  }
  REQUIRE(throws_everywhere<ht::ValueError>([] { ht::linalg::eigh(ht::ones<double>({2, 3}, 0)); }));
}

TEST_CASE("an Ellipsis in a view stands for the whole axes the other indices leave", "[core][options][indexing]") {
  xt::xarray<double> T = xt::arange<double>(0, 60);
  T.reshape({3, 4, 5});
  for (const auto& t : layouts(T)) {
    CAPTURE(ht::to_string(t.split()));
    REQUIRE(matches_numpy(ht::view(t, xt::ellipsis(), 2).array(),
                          xt::xarray<double>(xt::view(T, xt::all(), xt::all(), 2))));
    REQUIRE(matches_numpy(ht::view(t, 1, xt::ellipsis(), xt::range(1, 4)).array(),
                          xt::xarray<double>(xt::view(T, 1, xt::all(), xt::range(1, 4)))));
    REQUIRE(matches_numpy(ht::view(t, xt::ellipsis()).array(), T));
    REQUIRE(matches_numpy(ht::view(t, 0, 1, xt::ellipsis(), 2).array(), xt::xarray<double>(xt::view(T, 0, 1, 2))));
    // Assignment through it writes into the array.
    ht::DNDarray<double> u = ht::copy(t);
    ht::view(u, xt::ellipsis(), 0) = -1.0;
    xt::xarray<double> want = T;
    xt::view(want, xt::all(), xt::all(), 0) = -1.0;
    REQUIRE(matches_numpy(u, want));
  }
  REQUIRE(throws_everywhere<ht::IndexError>([] { ht::view(ht::zeros<float>({2, 2}, 0), 0, xt::ellipsis(), 1, 1); }));
}

namespace {

/// NumPy's matmul of stacks written out: each batch pair (broadcast) by xtensor-blas.
xt::xarray<double> stacked_product(const xt::xarray<double>& a, const xt::xarray<double>& b) {
  const std::size_t na = a.dimension(), nb = b.dimension();
  std::vector<std::size_t> ba(a.shape().begin(), a.shape().end() - 2), bb(b.shape().begin(), b.shape().end() - 2);
  std::vector<std::size_t> batch(std::max(ba.size(), bb.size()), 1);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const std::size_t x = i + ba.size() >= batch.size() ? ba[i + ba.size() - batch.size()] : 1;
    const std::size_t y = i + bb.size() >= batch.size() ? bb[i + bb.size() - batch.size()] : 1;
    batch[i] = std::max(x, y);
  }
  std::vector<std::size_t> shape = batch;
  shape.push_back(a.shape()[na - 2]);
  shape.push_back(b.shape()[nb - 1]);
  xt::xarray<double> out = xt::empty<double>(shape);
  const xt::xarray<double> A = xt::broadcast(a, [&] {
    auto s = batch;
    s.push_back(a.shape()[na - 2]);
    s.push_back(a.shape()[na - 1]);
    return s;
  }());
  const xt::xarray<double> B = xt::broadcast(b, [&] {
    auto s = batch;
    s.push_back(b.shape()[nb - 2]);
    s.push_back(b.shape()[nb - 1]);
    return s;
  }());
  std::size_t count = 1;
  for (auto e : batch) count *= e;
  const std::size_t n = a.shape()[na - 2], k = a.shape()[na - 1], m = b.shape()[nb - 1];
  for (std::size_t i = 0; i < count; ++i) {
    const xt::xarray<double> ai =
        xt::adapt(A.data() + i * n * k, n * k, xt::no_ownership(), std::vector<std::size_t>{n, k});
    const xt::xarray<double> bi =
        xt::adapt(B.data() + i * k * m, k * m, xt::no_ownership(), std::vector<std::size_t>{k, m});
    const xt::xarray<double> ci = xt::linalg::dot(ai, bi);
    std::copy(ci.begin(), ci.end(), out.data() + i * n * m);
  }
  return out;
}

}  // namespace

TEST_CASE("matmul multiplies stacks of matrices, their batch axes broadcast", "[linalg][options]") {
  const xt::xarray<double> A = ht::testing::global_pattern<double>({3, 4, 5}) / 7.0;
  const xt::xarray<double> B = ht::testing::global_pattern<double>({3, 5, 2}) / 3.0;
  const xt::xarray<double> M = ht::testing::global_pattern<double>({5, 6}) / 5.0;
  const auto la = layouts(A), lb = layouts(B);
  for (std::size_t i = 0; i < la.size(); ++i) {
    CAPTURE(ht::to_string(la[i].split()), la[i].lshape()[0]);
    for (const auto& b : lb) REQUIRE(matches_numpy(ht::matmul(la[i], b), stacked_product(A, B), 1e-14));
    for (const auto& m : layouts(M)) REQUIRE(matches_numpy(ht::matmul(la[i], m), stacked_product(A, M), 1e-14));
    // A 1-D operand: a column of each matrix.
    REQUIRE(matches_numpy(ht::matmul(la[i], ht::ones<double>({5}, 0)), xt::xarray<double>(xt::sum(A, {2})), 1e-14));
  }
  // Broadcast batches: (2, 1, 4, 3) @ (3, 3, 2) -> (2, 3, 4, 2).
  const auto C = ht::testing::global_pattern<double>({2, 1, 4, 3});
  const auto D = ht::testing::global_pattern<double>({3, 3, 2});
  for (const auto& c : layouts(C)) REQUIRE(matches_numpy(ht::matmul(c, ht::array(D, 0)), stacked_product(C, D), 1e-14));
}

TEST_CASE("pad's modes match NumPy's at every layout", "[core][options]") {
  const xt::xarray<double> F = xt::cast<double>(ref<std::int64_t>("I"));
  for (const auto& x : layouts(F)) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    for (const std::string mode : {"edge", "wrap", "reflect", "symmetric"}) {
      CAPTURE(mode);
      REQUIRE(matches_numpy(ht::pad(x, {{2, 3}, {1, 4}}, mode.c_str()), ref<double>("pad_" + mode)));
      // Pads wider than the axis repeat the pattern (NumPy 1.24's wrap repeats an edge value there).
      if (mode != "wrap")
        REQUIRE(matches_numpy(ht::pad(x, {{2, 3}, {1, 7}}, mode.c_str()), ref<double>("padwide_" + mode)));
    }
  }
  const auto v = ht::array(xt::xarray<int>{1, 2, 3, 4, 5}, 0);
  // NumPy's docstring: np.pad([1, 2, 3, 4, 5], (2, 3), 'reflect') -> [3, 2, 1, 2, 3, 4, 5, 4, 3, 2].
  REQUIRE(matches_numpy(ht::pad(v, {{2, 3}}, "reflect"), xt::xarray<int>{3, 2, 1, 2, 3, 4, 5, 4, 3, 2}));
  REQUIRE(matches_numpy(ht::pad(v, {{2, 3}}, "wrap"), xt::xarray<int>{4, 5, 1, 2, 3, 4, 5, 1, 2, 3}));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::pad(v, {{1, 1}}, "median"); }));
  REQUIRE(ht::dot(2.0, ht::ones<float>({3}, 0)).shape() == ht::shape_t{3});
  REQUIRE(ht::sum(ht::dot(ht::ones<float>({3}, 0), 2)).item() == 6.0f);
}

TEST_CASE("pad's per-side constants match NumPy's at every layout", "[core][options]") {
  // NumPy's docstring: np.pad([1, 2, 3, 4, 5], (2, 3), 'constant', constant_values=(4, 6)).
  for (const auto& v : layouts(xt::xarray<int>{1, 2, 3, 4, 5}))
    REQUIRE(matches_numpy(ht::pad(v, {{2, 3}}, std::vector<std::pair<int, int>>{{4, 6}}),
                          xt::xarray<int>{4, 4, 1, 2, 3, 4, 5, 6, 6, 6}));
  // NumPy 1.24: np.pad(np.arange(6.).reshape(2, 3), ((1, 2), (2, 1)), constant_values=((-1, -2), (-3, -4)));
  // the corners take the last axis' values.
  const xt::xarray<double> want{{-3, -3, -1, -1, -1, -4},
                                {-3, -3, 0, 1, 2, -4},
                                {-3, -3, 3, 4, 5, -4},
                                {-3, -3, -2, -2, -2, -4},
                                {-3, -3, -2, -2, -2, -4}};
  const xt::xarray<double> a{{0, 1, 2}, {3, 4, 5}};
  for (const auto& x : layouts(a)) {
    CAPTURE(ht::to_string(x.split()));
    REQUIRE(
        matches_numpy(ht::pad(x, {{1, 2}, {2, 1}}, std::vector<std::pair<double, double>>{{-1, -2}, {-3, -4}}), want));
  }
  const auto x = ht::array(a, 0);
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    ht::pad(x, {{1, 2}, {2, 1}}, std::vector<std::pair<double, double>>{{0, 0}, {0, 0}, {0, 0}});
  }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] {
    ht::pad(x, {{1, 2}, {-1, 1}}, std::vector<std::pair<double, double>>{{0, 0}});
  }));
}
