// heat/expr/math.hpp against NumPy's answers (tests/reference/make_math.py)
// at every layout of both operands: float64 within 4 ulp (exact where
// NumPy's loop is exact arithmetic: signed zeros checked), integers and
// bools exactly, float32 within 4 float32 ulp.
#include "support/testing.hpp"

#include "support/numpy_reference.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

using ht::testing::all_ranks;
using ht::testing::layouts;
using ht::testing::numpy_ref;

namespace {

/// Whether got equals want: NaN where NaN, infinities equal, finite values
/// within ulps units in the last place (0: exactly, with the zero's sign).
template <class T>
bool agrees(const ht::DNDarray<T>& got, const xt::xarray<T>& want, int ulps = 4) {
  const xt::xarray<T> g = got.to_xarray();
  if (g.shape() != want.shape()) return false;
  for (std::size_t i = 0; i < g.size(); ++i) {
    const T a = g.flat(i), b = want.flat(i);
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(b) || std::isnan(a)) {
        if (std::isnan(a) != std::isnan(b)) return false;
        continue;
      }
      if (std::isinf(b) || std::isinf(a) || ulps == 0) {
        if (a != b || std::signbit(a) != std::signbit(b)) return false;
        continue;
      }
      if (std::abs(a - b) > ulps * std::numeric_limits<T>::epsilon() * std::abs(b)) return false;
    } else {
      if (a != b) return false;
    }
  }
  return true;
}

template <class T>
std::vector<std::pair<ht::DNDarray<T>, ht::DNDarray<T>>> layout_pairs(const xt::xarray<T>& a, const xt::xarray<T>& b) {
  std::vector<std::pair<ht::DNDarray<T>, ht::DNDarray<T>>> out;
  for (const auto& x : layouts(a))
    for (const auto& y : layouts(b)) out.emplace_back(x, y);
  return out;
}

}  // namespace

TEST_CASE("floating binary functions match NumPy at every layout", "[expr][math]") {
  const auto fa = numpy_ref<double>("math_fa"), fb = numpy_ref<double>("math_fb");
  for (const auto& [x, y] : layout_pairs(fa, fb)) {
    CAPTURE(ht::to_string(x.split()), ht::to_string(y.split()), x.lshape()[0], y.lshape()[0]);
    REQUIRE(all_ranks(agrees<double>(ht::floor_divide(x, y), numpy_ref<double>("math_f_floor_divide"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::floordiv(x, y), numpy_ref<double>("math_f_floor_divide"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::fmod(x, y), numpy_ref<double>("math_f_fmod"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::copysign(x, y), numpy_ref<double>("math_f_copysign"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::hypot(x, y), numpy_ref<double>("math_f_hypot"))));
    REQUIRE(all_ranks(agrees<double>(ht::logaddexp(x, y), numpy_ref<double>("math_f_logaddexp"))));
    REQUIRE(all_ranks(agrees<double>(ht::logaddexp2(x, y), numpy_ref<double>("math_f_logaddexp2"))));
    REQUIRE(all_ranks(agrees<double>(ht::atan2(x, y), numpy_ref<double>("math_f_arctan2"))));
    REQUIRE(all_ranks(agrees<bool>(ht::isclose(x, y), numpy_ref<bool>("math_f_isclose"))));
    REQUIRE(all_ranks(agrees<bool>(ht::isclose(x, y, 1e-5, 1e-8, true), numpy_ref<bool>("math_f_isclose_nan"))));
    REQUIRE(all_ranks(agrees<bool>(ht::isclose(x, y, 1e-3, 0.2), numpy_ref<bool>("math_f_isclose_tol"))));
    const auto [quotient, remainder] = ht::divmod(x, y);
    REQUIRE(all_ranks(agrees<double>(quotient, numpy_ref<double>("math_f_floor_divide"), 0)));
    REQUIRE(all_ranks(agrees<double>(remainder, numpy_ref<double>("math_f_remainder"))));
  }
}

TEST_CASE("floating unary functions match NumPy at every layout", "[expr][math]") {
  const auto fa = numpy_ref<double>("math_fa");
  for (const auto& x : layouts(fa)) {
    CAPTURE(ht::to_string(x.split()), x.lshape()[0]);
    REQUIRE(all_ranks(agrees<double>(ht::fabs(x), numpy_ref<double>("math_f_fabs"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::deg2rad(x), numpy_ref<double>("math_f_deg2rad"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::radians(x), numpy_ref<double>("math_f_deg2rad"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::rad2deg(x), numpy_ref<double>("math_f_rad2deg"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::degrees(x), numpy_ref<double>("math_f_rad2deg"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::arcsinh(x), numpy_ref<double>("math_f_arcsinh"))));
    REQUIRE(all_ranks(agrees<double>(ht::asinh(x), numpy_ref<double>("math_f_arcsinh"))));
    REQUIRE(all_ranks(agrees<double>(ht::arccosh(x), numpy_ref<double>("math_f_arccosh"))));
    REQUIRE(all_ranks(agrees<double>(ht::acosh(x), numpy_ref<double>("math_f_arccosh"))));
    REQUIRE(all_ranks(agrees<double>(ht::arctanh(x), numpy_ref<double>("math_f_arctanh"))));
    REQUIRE(all_ranks(agrees<double>(ht::atanh(x), numpy_ref<double>("math_f_arctanh"))));
    REQUIRE(all_ranks(agrees<bool>(ht::signbit(x), numpy_ref<bool>("math_f_signbit"))));
    REQUIRE(all_ranks(agrees<bool>(ht::isposinf(x), numpy_ref<bool>("math_f_isposinf"))));
    REQUIRE(all_ranks(agrees<bool>(ht::isneginf(x), numpy_ref<bool>("math_f_isneginf"))));
    REQUIRE(all_ranks(agrees<double>(ht::sgn(x), numpy_ref<double>("math_f_sign"), 0)));
    const auto [frac, whole] = ht::modf(x);
    REQUIRE(all_ranks(agrees<double>(frac, numpy_ref<double>("math_f_modf_frac"), 0)));
    REQUIRE(all_ranks(agrees<double>(whole, numpy_ref<double>("math_f_modf_whole"), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::nan_to_num(x), numpy_ref<double>("math_f_nan_to_num"), 0)));
    REQUIRE(all_ranks(
        agrees<double>(ht::nan_to_num(x, -1.0, 1e10, -2e10), numpy_ref<double>("math_f_nan_to_num_given"), 0)));
    // The inverse trigonometric aliases are the arc functions.
    REQUIRE(all_ranks(agrees<double>(ht::asin(x), ht::eval(ht::arcsin(x)).to_xarray(), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::acos(x), ht::eval(ht::arccos(x)).to_xarray(), 0)));
    REQUIRE(all_ranks(agrees<double>(ht::atan(x), ht::eval(ht::arctan(x)).to_xarray(), 0)));
  }
}

TEST_CASE("integer functions match NumPy at every layout", "[expr][math]") {
  const auto ia = numpy_ref<std::int64_t>("math_ia"), ib = numpy_ref<std::int64_t>("math_ib");
  const auto sc = numpy_ref<std::int64_t>("math_sc");
  using I = std::int64_t;
  for (const auto& [x, y] : layout_pairs(ia, ib)) {
    CAPTURE(ht::to_string(x.split()), ht::to_string(y.split()), x.lshape()[0], y.lshape()[0]);
    REQUIRE(all_ranks(agrees<I>(ht::floor_divide(x, y), numpy_ref<I>("math_i_floor_divide"))));
    REQUIRE(all_ranks(agrees<I>(ht::fmod(x, y), numpy_ref<I>("math_i_fmod"))));
    REQUIRE(all_ranks(agrees<I>(ht::gcd(x, y), numpy_ref<I>("math_i_gcd"))));
    REQUIRE(all_ranks(agrees<I>(ht::lcm(x, y), numpy_ref<I>("math_i_lcm"))));
    REQUIRE(all_ranks(agrees<I>(ht::bitwise_and(x, y), numpy_ref<I>("math_i_bitwise_and"))));
    REQUIRE(all_ranks(agrees<I>(ht::bitwise_or(x, y), numpy_ref<I>("math_i_bitwise_or"))));
    REQUIRE(all_ranks(agrees<I>(ht::bitwise_xor(x, y), numpy_ref<I>("math_i_bitwise_xor"))));
    REQUIRE(all_ranks(agrees<I>(ht::invert(x), numpy_ref<I>("math_i_invert"))));
    REQUIRE(all_ranks(agrees<I>(ht::bitwise_not(x), numpy_ref<I>("math_i_invert"))));
    REQUIRE(all_ranks(agrees<bool>(ht::isclose(x, y, 1e-5, 1.0), numpy_ref<bool>("math_i_isclose"))));
    const auto [quotient, remainder] = ht::divmod(x, y);
    REQUIRE(all_ranks(agrees<I>(quotient, numpy_ref<I>("math_i_floor_divide"))));
    REQUIRE(all_ranks(agrees<I>(remainder, numpy_ref<I>("math_i_remainder"))));
    // Integers are unchanged by nan_to_num, never infinite, signed by their sign.
    REQUIRE(all_ranks(agrees<I>(ht::nan_to_num(x), ia)));
    REQUIRE(all_ranks(agrees<bool>(ht::isposinf(x) || ht::isneginf(x), xt::zeros<bool>(ia.shape()))));
    REQUIRE(all_ranks(agrees<bool>(ht::signbit(x), xt::xarray<bool>(ia < 0))));
  }
  for (const auto& [x, s] : layout_pairs(ia, sc)) {
    REQUIRE(all_ranks(agrees<I>(ht::left_shift(x, s), numpy_ref<I>("math_s_left_shift"))));
    REQUIRE(all_ranks(agrees<I>(ht::right_shift(x, s), numpy_ref<I>("math_s_right_shift"))));
  }
}

TEST_CASE("float32 functions compute in float32 as NumPy's loops", "[expr][math]") {
  const xt::xarray<float> ga = xt::cast<float>(numpy_ref<double>("math_fa"));
  const xt::xarray<float> gb = xt::cast<float>(numpy_ref<double>("math_fb"));
  for (const auto& [x, y] : layout_pairs(ga, gb)) {
    REQUIRE(all_ranks(agrees<float>(ht::deg2rad(x), numpy_ref<float>("math_g_deg2rad"), 0)));
    REQUIRE(all_ranks(agrees<float>(ht::rad2deg(x), numpy_ref<float>("math_g_rad2deg"), 0)));
    REQUIRE(all_ranks(agrees<float>(ht::arcsinh(x), numpy_ref<float>("math_g_arcsinh"))));
    REQUIRE(all_ranks(agrees<float>(ht::logaddexp(x, y), numpy_ref<float>("math_g_logaddexp"))));
    REQUIRE(all_ranks(agrees<float>(ht::hypot(x, y), numpy_ref<float>("math_g_hypot"))));
    REQUIRE(all_ranks(agrees<float>(ht::floor_divide(x, y), numpy_ref<float>("math_g_floor_divide"), 0)));
    REQUIRE(all_ranks(agrees<bool>(ht::isclose(x, y), numpy_ref<bool>("math_g_isclose"))));
  }
}

TEST_CASE("scalars, small integers and the reductions built on the functions", "[expr][math]") {
  const xt::xarray<std::int8_t> a{{1, -2, 3}, {-128, 127, 64}};
  for (const auto& x : layouts(a)) {
    // int8 shifts wrap in int8 as NumPy's: 64 << 1 = -128, -128 >> 7 = -1.
    REQUIRE(all_ranks(agrees<std::int8_t>(ht::left_shift(x, 1), xt::xarray<std::int8_t>{{2, -4, 6}, {0, -2, -128}})));
    REQUIRE(all_ranks(agrees<std::int8_t>(ht::right_shift(x, 7), xt::xarray<std::int8_t>{{0, -1, 0}, {-1, 0, 0}})));
    REQUIRE(all_ranks(
        agrees<std::int8_t>(ht::floor_divide(x, -1), xt::xarray<std::int8_t>{{-1, 2, -3}, {-128, -127, -64}})));
    // int8 computes in float32 (NumPy's loop for int8 is the float16 one; heat has no float16).
    static_assert(std::is_same_v<decltype(ht::hypot(x, x))::value_type, float>);
  }
  // NumPy's power docstring: np.power(np.arange(6), 3); a scalar base (NumPy's weak
  // Python float: float64): np.power(2.0, np.arange(6)).
  for (const auto& x : layouts(xt::xarray<std::int64_t>{0, 1, 2, 3, 4, 5})) {
    REQUIRE(all_ranks(agrees<std::int64_t>(ht::pow(x, 3), xt::xarray<std::int64_t>{0, 1, 8, 27, 64, 125})));
    REQUIRE(all_ranks(agrees<double>(ht::pow(2.0, x), xt::xarray<double>{1, 2, 4, 8, 16, 32}, 0)));
  }
  // nansum / nanprod (NumPy's docstring examples) and allclose's equal_nan.
  const xt::xarray<double> n{{1.0, NAN}, {2.0, 3.0}};
  xt::xarray<double> kept{1.0, 5.0};
  kept.reshape({2, 1});
  for (const auto& x : layouts(n)) {
    REQUIRE(ht::nansum(x).item() == 6.0);
    REQUIRE(all_ranks(agrees<double>(ht::nansum(x, 0), xt::xarray<double>{3.0, 3.0}, 0)));
    REQUIRE(all_ranks(agrees<double>(ht::nanprod(x, 1), xt::xarray<double>{1.0, 6.0}, 0)));
    REQUIRE(all_ranks(agrees<double>(ht::nansum(x, 1, ht::keepdims), kept, 0)));
    REQUIRE_FALSE(ht::allclose(x, x));
    REQUIRE(ht::allclose(x, x, 1e-5, 1e-8, true));
  }
  // NumPy's isclose docstring: [1e10, 1e-7] vs [1.00001e10, 1e-8] -> [True, False].
  const auto p = ht::array(xt::xarray<double>{1e10, 1e-7}, 0), q = ht::array(xt::xarray<double>{1.00001e10, 1e-8}, 0);
  REQUIRE(all_ranks(agrees<bool>(ht::isclose(p, q), xt::xarray<bool>{true, false})));
  REQUIRE(all_ranks(agrees<bool>(ht::isclose(p, 1e10), xt::xarray<bool>{true, false})));
  REQUIRE(all_ranks(agrees<bool>(ht::isclose(1e-7, q, 1e-5, 1e-7), xt::xarray<bool>{false, true})));
  REQUIRE(ht::allclose(ht::array(xt::xarray<double>{INFINITY, 1.0}, 0), ht::array(xt::xarray<double>{INFINITY, 1.0})));
}
