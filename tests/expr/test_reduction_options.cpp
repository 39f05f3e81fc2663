// heat/expr/reduction_options.hpp: NumPy's where=, initial= and dtype= of the
// reductions against NumPy's answers (tests/reference/make_reduction_options.py)
// at every layout of the operand, the mask fused from the operand itself or a
// replicated row broadcast against it.
#include "support/testing.hpp"

#include <heat/expr/reduction_options.hpp>
#include "support/numpy_reference.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::matches_numpy;
using ht::testing::throws_everywhere;

namespace {

template <class T>
xt::xarray<T> ro_ref(const std::string& name) {
  return ht::testing::numpy_ref<T>("ro_" + name);
}

// The calls the options' rules refuse to compile.
template <class X, class M>
concept max_masked = requires(const X& x, const M& m) {
  ht::max(x, 0, ht::only_where(m));
};
template <class X, class M>
concept min_masked = requires(const X& x, const M& m) {
  ht::min(x, ht::only_where(m));
};
template <class X, class M>
concept min_masked_initial = requires(const X& x, const M& m) {
  ht::min(x, ht::only_where(m), ht::initial(0));
};
template <class X>
concept mean_initial = requires(const X& x) {
  ht::mean(x, 0, ht::initial(0));
};
template <class X>
concept sum_initial_twice = requires(const X& x) {
  ht::sum(x, 0, ht::initial(0), ht::initial(1));
};

/// NumPy's row mask R, replicated.
ht::DNDarray<bool> row_mask() { return ht::array(xt::xarray<bool>{true, false, true, true, false}); }

}  // namespace

TEST_CASE("where= and initial= of sum, prod, min and max equal NumPy's", "[expr][reductions][options]") {
  const auto A = ro_ref<double>("A");
  bool ok = true;
  for (const auto& x : layouts(A)) {
    const auto M = x > 0.0;
    ok = ok && matches_numpy(ht::sum(x, ht::only_where(M)), ro_ref<double>("sum_M_none"), 1e-14);
    ok = ok && matches_numpy(ht::sum(x, 0, ht::only_where(M)), ro_ref<double>("sum_M_0"), 1e-14);
    ok = ok && matches_numpy(ht::sum(x, 1, ht::only_where(M)), ro_ref<double>("sum_M_1"), 1e-14);
    ok = ok && matches_numpy(ht::sum(x, 0, ht::initial(2.5), ht::keepdims), ro_ref<double>("sum_init_0"), 1e-14);
    ok = ok && matches_numpy(ht::prod(x, 1, ht::only_where(M), ht::initial(2)), ro_ref<double>("prod_M_1_init"), 1e-14);
    ok = ok && matches_numpy(ht::max(x, ht::only_where(M), ht::initial(-10)), ro_ref<double>("max_M_none"));
    ok = ok && matches_numpy(ht::max(x, 0, ht::initial(-10), ht::only_where(M)), ro_ref<double>("max_M_0"));
    ok = ok && matches_numpy(ht::max(x, 1, ht::only_where(M), ht::initial(-10)), ro_ref<double>("max_M_1"));
    ok = ok && matches_numpy(ht::min(x, 1, ht::only_where(row_mask()), ht::initial(10)), ro_ref<double>("min_R_1"));
    // Without a mask the initial only takes part (the NaN row stays NaN).
    ok = ok && matches_numpy(ht::max(x, 1, ht::initial(0.5)), ro_ref<double>("max_init_1"));
  }
  REQUIRE(ok);
}

TEST_CASE("where= of mean, all and any equal NumPy's; a mean over nothing is NaN", "[expr][reductions][options]") {
  const auto A = ro_ref<double>("A");
  bool ok = true;
  for (const auto& x : layouts(A)) {
    const auto M = x > 0.0;
    ok = ok && matches_numpy(ht::mean(x, ht::only_where(M)), ro_ref<double>("mean_M_none"), 1e-14);
    ok = ok && matches_numpy(ht::mean(x, 0, ht::only_where(M)), ro_ref<double>("mean_M_0"), 1e-14);
    ok = ok && matches_numpy(ht::mean(x, 1, ht::only_where(M)), ro_ref<double>("mean_M_1"), 1e-14);
    ok = ok && matches_numpy(ht::mean(x, 1, ht::only_where(row_mask())), ro_ref<double>("mean_R_1"), 1e-14);
    ok = ok && matches_numpy(ht::all(x > -1.0, 1, ht::only_where(M)), ro_ref<std::uint8_t>("all_M_1"));
    ok = ok && matches_numpy(ht::any(x > 1.0, 0, ht::only_where(row_mask())), ro_ref<std::uint8_t>("any_R_0"));
    const auto none = ht::mean(x, 0, ht::only_where(x > 100.0), ht::keepdims).to_xarray();
    ok = ok && all_ranks(none.shape() == std::vector<std::size_t>{1, 5} && xt::all(xt::isnan(none)));
  }
  REQUIRE(ok);
}

TEST_CASE("dtype: sum<R>, mean<R> reduce the operand converted to R, as NumPy's dtype=",
          "[expr][reductions][options]") {
  const auto I = ro_ref<std::int32_t>("I");
  bool ok = true;
  for (const auto& x : layouts(I)) {
    const auto total = ht::sum<double>(x);
    static_assert(std::is_same_v<decltype(total), const ht::DNDarray<double>>);
    ok = ok && matches_numpy(total, ro_ref<double>("sum_I_f8"));
    const auto col = ht::sum<float>(x, 0);
    static_assert(std::is_same_v<decltype(col), const ht::DNDarray<float>>);
    ok = ok && matches_numpy(col, ro_ref<float>("sum_I_f4_0"));
    ok = ok && matches_numpy(ht::mean<float>(x, 1), ro_ref<float>("mean_I_f4_1"), 1e-7);
    ok = ok &&
         matches_numpy(ht::sum(x, 1, ht::only_where(x > 0), ht::initial(100)), ro_ref<std::int64_t>("sum_I_M_init"));
    ok = ok && matches_numpy(ht::sum<double>(x, 1, ht::only_where(x > 0), ht::keepdims),
                             xt::xarray<double>(xt::sum(xt::where(I > 0, I, 0), {1}, xt::keep_dims)));
  }
  REQUIRE(ok);
}

TEST_CASE("min/max with an initial over no elements give the initial; a mask needs an initial",
          "[expr][reductions][options]") {
  bool ok = true;
  for (ht::split_t s : {ht::split_t{}, ht::split_t{0}, ht::split_t{1}}) {
    const auto E = ht::zeros<double>({0, 3}, s);
    ok = ok && matches_numpy(ht::max(E, 0, ht::initial(3)), xt::xarray<double>{3, 3, 3});
    ok = ok && matches_numpy(ht::min(E, ht::initial(-2.5)), xt::xarray<double>{-2.5});
    ok = ok && matches_numpy(ht::sum(E, 0, ht::initial(1.5), ht::keepdims), xt::xarray<double>{{1.5, 1.5, 1.5}});
    ok = ok && matches_numpy(ht::max(E, 1, ht::initial(3)), xt::xarray<double>::from_shape({0}));
  }
  REQUIRE(ok);
  // NumPy's ValueError (no identity) is a compile-time rule here.
  using X = ht::DNDarray<double>;
  using B = ht::DNDarray<bool>;
  static_assert(!max_masked<X, B> && !min_masked<X, B> && min_masked_initial<X, B>);
  // mean, all and any take no initial; no option given twice.
  static_assert(!mean_initial<X> && !sum_initial_twice<X>);
}

TEST_CASE("a mask that does not broadcast: the same ValueError on every rank", "[expr][reductions][options]") {
  const auto A = ro_ref<double>("A");
  for (const auto& x : layouts(A)) {
    const auto wrong = ht::array(xt::xarray<bool>{true, false, true});
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::sum(x, 0, ht::only_where(wrong)); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::mean(x, ht::only_where(wrong)); }));
    REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::max(x, 1, ht::only_where(wrong), ht::initial(0)); }));
  }
}
