#include "support/testing.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xsort.hpp>
#include <xtensor/xview.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

using ht::testing::all_ranks;
using ht::testing::block_matches;
using ht::testing::global_pattern;

namespace {

/// f(a) (a product) as NumPy's integers give it: wrapping around. int64
/// overflow is undefined in C++ (and in xtensor), so integers go through
/// f in uint64 and the bits are read back.
template <class S, class F>
xt::xarray<S> wrapping(const xt::xarray<S>& a, F f) {
  if constexpr (std::is_integral_v<S>) {
    const xt::xarray<std::uint64_t> u = xt::cast<std::uint64_t>(a);
    const xt::xarray<std::uint64_t> r = f(u);
    return xt::cast<S>(r);
  } else {
    return f(a);
  }
}

/// Axis choices as the library takes them and as xtensor takes them.
struct axis_case {
  ht::axes ours;
  std::vector<std::size_t> theirs;
};

std::vector<axis_case> axis_cases(std::size_t ndim) {
  std::vector<std::size_t> all_axes(ndim);
  for (std::size_t d = 0; d < ndim; ++d) all_axes[d] = d;
  std::vector<axis_case> c{{ht::none, all_axes}, {0, {0}}, {-1, {ndim - 1}}};
  if (ndim == 3) c.push_back({{0, 2}, {0, 2}});
  return c;
}

template <class T>
bool close(const ht::DNDarray<T>& x, const xt::xarray<T>& expected) {
  if constexpr (std::is_floating_point_v<T>) {
    const auto whole = x.to_xarray();
    return whole.shape() == expected.shape() &&
           xt::all(xt::isclose(whole, expected, T(std::is_same_v<T, float> ? 1e-4 : 1e-10), T(1e-6), true));
  } else {
    return block_matches(x, expected);
  }
}

/// xtensor's reduction of a over axes with the result reshaped for keepdims.
template <class R>
xt::xarray<R> keep(xt::xarray<R> r, const std::vector<std::size_t>& shape, const std::vector<std::size_t>& axes) {
  std::vector<std::size_t> s = shape;
  for (auto d : axes) s[d] = 1;
  r.reshape(s);
  return r;
}

}  // namespace

namespace {

/// Every reducer over every split and axis choice against xtensor.
template <class T>
void reductions_match_xtensor() {
  using S = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;
  using F = ht::float_result_t<T>;
  for (const ht::shape_t& shape : {ht::shape_t{5, 4}, ht::shape_t{3, 4, 2}}) {
    const auto a = global_pattern<T>(shape);
    const std::vector<std::size_t> xs(shape.begin(), shape.end());
    const xt::xarray<S> as = xt::cast<S>(a);
    const xt::xarray<F> af = xt::cast<F>(a);
    for (std::int64_t split = -1; split < static_cast<std::int64_t>(shape.size()); ++split) {
      auto x = ht::array(a, split < 0 ? ht::split_t{} : ht::split_t{split});
      for (const auto& ax : axis_cases(shape.size())) {
        const auto& ta = ax.theirs;
        const xt::xarray<S> e_sum = xt::sum(as, ta);
        const xt::xarray<S> e_prod =
            wrapping(as, [&](const auto& v) { return std::decay_t<decltype(v)>(xt::prod(v, ta)); });
        const xt::xarray<T> e_min = xt::amin(a, ta);
        const xt::xarray<T> e_max = xt::amax(a, ta);
        const xt::xarray<std::int64_t> e_nz = xt::sum(xt::cast<std::int64_t>(xt::not_equal(a, T(0))), ta);
        const xt::xarray<F> e_mean = xt::mean(af, ta);
        // The mean is evaluated first: xtensor 0.24 gets the lazy form wrong over all axes.
        const xt::xarray<F> e_center = xt::mean(af, ta, xt::keep_dims);
        const xt::xarray<F> e_var = xt::mean(xt::square(af - e_center), ta);
        std::int64_t n = 1;
        for (auto d : ta) n *= shape[d];
        const xt::xarray<F> e_var1 = e_var * static_cast<F>(n) / static_cast<F>(n - 1);
        const xt::xarray<F> e_std = xt::sqrt(e_var);
        // all/any along axes: every / some element non-zero.
        const xt::xarray<bool> e_all = xt::equal(e_nz, n), e_any = xt::greater(e_nz, 0);
        bool ok = close(ht::sum(x, ax.ours), e_sum) && close(ht::prod(x, ax.ours), e_prod) &&
                  close(ht::min(x, ax.ours), e_min) && close(ht::max(x, ax.ours), e_max) &&
                  close(ht::count_nonzero(x, ax.ours), e_nz) && close(ht::mean(x, ax.ours), e_mean) &&
                  close(ht::var(x, ax.ours), e_var) && close(ht::var(x, ax.ours, 1), e_var1) &&
                  close(ht::std(x, ax.ours), e_std) && close(ht::sum(x, ax.ours, ht::keepdims), keep(e_sum, xs, ta)) &&
                  close(ht::var(x, ax.ours, 0, ht::keepdims), keep(e_var, xs, ta));
        if (ta.size() == shape.size()) {
          const bool all_nonzero = xt::all(xt::not_equal(a, T(0)));
          const bool any_nonzero = xt::any(xt::not_equal(a, T(0)));
          ok = ok && ht::all(x).item() == all_nonzero && ht::any(x).item() == any_nonzero &&
               ht::argmin(x).item() == static_cast<std::int64_t>(xt::argmin(xt::flatten(a))()) &&
               ht::argmax(x).item() == static_cast<std::int64_t>(xt::argmax(xt::flatten(a))());
        } else if (ta.size() == 1) {
          const xt::xarray<std::int64_t> e_amin = xt::cast<std::int64_t>(xt::argmin(a, ta[0]));
          const xt::xarray<std::int64_t> e_amax = xt::cast<std::int64_t>(xt::argmax(a, ta[0]));
          ok = ok && close(ht::argmin(x, ax.ours), e_amin) && close(ht::argmax(x, ax.ours), e_amax);
        }
        CAPTURE(ht::to_string(shape), split, ta);
        REQUIRE(all_ranks(ok));
      }
    }
  }
}

/// Reductions run with the given strategy while it lives; team (the
/// device's) with the device epilogue too (docs/backends.md).
struct strategy_scope {
  explicit strategy_scope(ht::detail::reduce_strategy s) {
    ht::detail::set_reduce_strategy(s);
    ht::detail::set_device_kernels(s == ht::detail::reduce_strategy::team);
  }
  ~strategy_scope() {
    ht::detail::set_reduce_strategy(ht::detail::reduce_strategy::automatic);
    ht::detail::set_device_kernels(false);
  }
};

}  // namespace

TEMPLATE_LIST_TEST_CASE("reductions match xtensor for every split and axis choice", "[reductions]",
                        ht::testing::element_types) {
  reductions_match_xtensor<TestType>();
}

// The device strategy (one team per output and chunk, strided threads, a
// tree in scratch memory) and the device epilogue run on the host backend
// against the same oracle.
TEMPLATE_LIST_TEST_CASE("team reductions (the device strategy) match xtensor", "[reductions][team]",
                        ht::testing::element_types) {
  const strategy_scope team(ht::detail::reduce_strategy::team);
  reductions_match_xtensor<TestType>();
}

TEST_CASE("reductions of lazy expressions", "[reductions]") {
  const auto a = global_pattern<double>({6, 5});
  const auto b = global_pattern<double>({5});
  auto x = ht::array(a, 0);
  auto y = ht::array(b);
  const xt::xarray<double> prod = a * b;
  const double e_sum = xt::sum(prod)();
  const xt::xarray<double> e_mean = xt::mean(prod, {0});
  const bool ok = std::abs(ht::sum(x * y).item() - e_sum) < 1e-10 && close(ht::mean(x * y, 0), e_mean) &&
                  ht::sum(x * y).split() == ht::split_t{} && ht::mean(x * y, 1).split() == 0;
  REQUIRE(all_ranks(ok));
}

TEST_CASE("large reductions: chunked kernels, odd tails, data far from zero", "[reductions]") {
  // Sizes that cut into many chunks with remainders, and values near 1e8
  // whose spread is ~1: a one-pass sum of squares would lose every digit.
  xt::xarray<double> v = xt::empty<double>({50021});
  for (std::size_t i = 0; i < v.size(); ++i) v(i) = 1e8 + std::sin(0.37 * static_cast<double>(i));
  xt::xarray<double> m = xt::empty<double>({12347, 5});
  for (std::size_t i = 0; i < m.size(); ++i) m.flat(i) = 1e8 + std::cos(0.11 * static_cast<double>(i));
  const double e_sum = xt::sum(v)();
  const double e_mean = xt::mean(v)();
  const double e_var = xt::mean(xt::square(v - e_mean))();
  const xt::xarray<double> m_mean = xt::mean(m, {0}, xt::keep_dims);
  const xt::xarray<double> e_mvar = xt::mean(xt::square(m - m_mean), {0});
  const xt::xarray<double> e_msum = xt::sum(m, {0});
  auto rel = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::abs(y); };
  for (const auto strategy : {ht::detail::reduce_strategy::automatic, ht::detail::reduce_strategy::team})
    for (ht::split_t split : {ht::split_t{}, ht::split_t{0}}) {
      const strategy_scope scope(strategy);
      auto x = ht::array(v, split);
      auto y = ht::array(m, split);
      const bool ok = rel(ht::sum(x).item(), e_sum) && rel(ht::mean(x).item(), e_mean) &&
                      rel(ht::var(x).item(), e_var) && rel(ht::std(x).item(), std::sqrt(e_var)) &&
                      close(ht::sum(y, 0), e_msum) && close(ht::var(y, 0), e_mvar) &&
                      xt::all(xt::isclose(ht::mean(y, 0).to_xarray(), xt::mean(m, {0}), 1e-12));
      CAPTURE(split.has_value(), strategy == ht::detail::reduce_strategy::team);
      REQUIRE(all_ranks(ok));
    }
}

TEST_CASE("NaN and inf decide the same way on every rank", "[reductions][nan]") {
  // 9 values; the NaN sits on the last rank's block at np <= 4.
  xt::xarray<double> a = {1.0, -INFINITY, 3.0, 0.5, INFINITY, 2.0, -1.0, NAN, 4.0};
  auto x = ht::array(a, 0);
  const bool nan_wins = std::isnan(ht::min(x).item()) && std::isnan(ht::max(x).item()) &&
                        std::isnan(ht::sum(x).item()) && ht::argmin(x).item() == 7 && ht::argmax(x).item() == 7;
  xt::xarray<double> b = {1.0, -INFINITY, 3.0, 0.5, INFINITY, 2.0, -1.0, -INFINITY, 4.0};
  auto y = ht::array(b, 0);
  const bool infs = ht::min(y).item() == -INFINITY && ht::max(y).item() == INFINITY && ht::argmin(y).item() == 1 &&
                    ht::argmax(y).item() == 4 && std::isnan(ht::sum(y).item());
  REQUIRE(all_ranks(nan_wins && infs));
}

TEST_CASE("empty blocks contribute the identity", "[reductions]") {
  // 3 rows: rank 3 holds none at np = 4; 1 row: all but rank 0 empty.
  const auto a = global_pattern<std::int32_t>({3, 2});
  const auto one = global_pattern<double>({1, 3});
  auto x = ht::array(a, 0);
  auto o = ht::array(one, 0);
  const bool ok = ht::sum(x).item() == xt::sum(xt::cast<std::int64_t>(a))() && ht::min(x).item() == xt::amin(a)() &&
                  ht::argmax(x).item() == static_cast<std::int64_t>(xt::argmax(xt::flatten(a))()) &&
                  ht::max(o).item() == xt::amax(one)() && ht::prod(ht::zeros<float>({0}, 0)).item() == 1.0f &&
                  ht::sum(ht::zeros<double>({0, 3}, 0), 0).shape() == ht::shape_t{3};
  REQUIRE(all_ranks(ok));
}

TEST_CASE("integer sums and products wrap around as NumPy's", "[reductions][scans]") {
  // Values from NumPy 1.24 (int64 accumulators wrap modulo 2^64): a.sum(),
  // a.prod(), a[:3].prod(), np.cumsum(a), np.cumprod(a) of the array below.
  const std::int64_t big = std::int64_t(1) << 62;
  const xt::xarray<std::int64_t> a{big, 3, -5, std::int64_t(1) << 40, 7, std::numeric_limits<std::int64_t>::max()};
  const xt::xarray<std::int64_t> e_cumsum{
      big, 4611686018427387907, 4611686018427387902, 4611687117939015678, 4611687117939015685, -4611684918915760124};
  const xt::xarray<std::int64_t> e_cumprod{big, -4611686018427387904, 4611686018427387904, 0, 0, 0};
  // uint8 sums and products accumulate in int64: no wrap at 256.
  const xt::xarray<std::uint8_t> b{200, 100, 250, 7, 3};
  for (std::int64_t split : {-1, 0}) {
    CAPTURE(split);
    auto x = ht::array(a, split < 0 ? ht::split_t{} : ht::split_t{split});
    auto y = ht::array(b, split < 0 ? ht::split_t{} : ht::split_t{split});
    const bool ok = ht::sum(x).item() == -4611684918915760124 && ht::prod(x).item() == 0 &&
                    ht::prod(ht::view(x, xt::range(0, 3))).item() == 4611686018427387904 &&
                    block_matches(ht::cumsum(x, 0), e_cumsum) && block_matches(ht::cumprod(x, 0), e_cumprod) &&
                    ht::sum(y).item() == 560 && ht::prod(y).item() == 105000000;
    REQUIRE(all_ranks(ok));
  }
}

TEST_CASE("equal and allclose agree on every rank", "[reductions]") {
  const auto a = global_pattern<double>({4, 3});
  auto x = ht::array(a, 0);
  auto y = ht::array(a, 1);
  auto z = ht::array(xt::xarray<double>(a + 1e-9), ht::none);
  const bool ok = ht::equal(x, y) && !ht::equal(x, z) && ht::allclose(x, z) && !ht::allclose(x, z + 1.0) &&
                  !ht::equal(x, ht::zeros<double>({3, 4}));
  REQUIRE(all_ranks(ok));
}

TEST_CASE("reduction errors throw on every rank", "[reductions][errors]") {
  auto x = ht::zeros<double>({4, 3}, 0);
  auto empty = ht::zeros<double>({0, 3}, 0);
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([&] { ht::sum(x, 2); }));
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([&] { ht::sum(x, {0, 0}); }));
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([&] { ht::min(empty); }));
  REQUIRE(ht::testing::throws_everywhere<ht::ValueError>([&] { ht::argmax(x, {0, 1}); }));
}

TEMPLATE_LIST_TEST_CASE("cumsum and cumprod along every axis", "[scans]", ht::testing::element_types) {
  using T = TestType;
  using S = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;
  const ht::shape_t shape{5, 3, 2};
  // Small values keep products exact.
  xt::xarray<T> a = global_pattern<T>(shape);
  for (auto& v : a) v = static_cast<T>(std::is_same_v<T, bool> ? v : static_cast<T>(static_cast<std::int64_t>(v) % 3));
  const xt::xarray<S> as = xt::cast<S>(a);
  bool ok = true;
  for (std::int64_t split = -1; split < 3; ++split) {
    auto x = ht::array(a, split < 0 ? ht::split_t{} : ht::split_t{split});
    for (std::int64_t axis = 0; axis < 3; ++axis) {
      const xt::xarray<S> e_sum = xt::cumsum(as, static_cast<std::ptrdiff_t>(axis));
      const xt::xarray<S> e_prod = wrapping(as, [&](const auto& v) {
        return std::decay_t<decltype(v)>(xt::cumprod(v, static_cast<std::ptrdiff_t>(axis)));
      });
      auto s = ht::cumsum(x, axis);
      const bool same_layout = s.dist() == x.dist(), sums = close(s, e_sum),
                 prods = close(ht::cumprod(x, axis), e_prod);
      ok = ok && same_layout && sums && prods;
    }
    // Lazy input (x + x stays T: for bool it is logical or), negative axis.
    const xt::xarray<T> twice = xt::cast<T>(a + a);
    const xt::xarray<S> e_twice = xt::cumsum(xt::cast<S>(twice), 2);
    ok = ok && close(ht::cumsum(x + x, -1), e_twice);
  }
  REQUIRE(all_ranks(ok));
}
