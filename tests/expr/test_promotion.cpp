#include "support/testing.hpp"

#include <cstdint>
#include <type_traits>

// HeAT's promotion table, checked at compile time.
using std::int16_t, std::int32_t, std::int64_t, std::int8_t, std::uint8_t, std::is_same_v, ht::promote_t;

static_assert(is_same_v<promote_t<uint8_t, int8_t>, int16_t>);
static_assert(is_same_v<promote_t<int8_t, uint8_t>, int16_t>);
static_assert(is_same_v<promote_t<uint8_t, int16_t>, int16_t>);
static_assert(is_same_v<promote_t<uint8_t, int64_t>, int64_t>);
static_assert(is_same_v<promote_t<int32_t, float>, float>);
static_assert(is_same_v<promote_t<int16_t, float>, float>);
static_assert(is_same_v<promote_t<int64_t, float>, double>);
static_assert(is_same_v<promote_t<float, int64_t>, double>);
static_assert(is_same_v<promote_t<int64_t, double>, double>);
static_assert(is_same_v<promote_t<bool, int8_t>, int8_t>);
static_assert(is_same_v<promote_t<bool, float>, float>);
static_assert(is_same_v<promote_t<bool, bool>, bool>);
static_assert(is_same_v<promote_t<int32_t, int64_t>, int64_t>);
static_assert(is_same_v<promote_t<float, double>, double>);
static_assert(is_same_v<promote_t<uint8_t, uint8_t>, uint8_t>);
// Weak scalars.
static_assert(is_same_v<ht::weak_scalar_t<float, double>, float>);
static_assert(is_same_v<ht::weak_scalar_t<int32_t, double>, double>);
static_assert(is_same_v<ht::weak_scalar_t<int8_t, int64_t>, int8_t>);
static_assert(is_same_v<ht::weak_scalar_t<bool, int>, int32_t>);
static_assert(is_same_v<ht::weak_scalar_t<uint8_t, bool>, uint8_t>);
// Math of integers.
static_assert(is_same_v<ht::float_result_t<int16_t>, float>);
static_assert(is_same_v<ht::float_result_t<int32_t>, double>);
static_assert(is_same_v<ht::float_result_t<float>, float>);

TEST_CASE("expression result types follow the promotion rules", "[promotion]") {
  auto f = ht::zeros<float>({2});
  auto i = ht::zeros<std::int32_t>({2});
  auto b = ht::zeros<bool>({2});
  STATIC_REQUIRE(is_same_v<decltype(f * 2.0)::value_type, float>);
  STATIC_REQUIRE(is_same_v<decltype(i * 0.5)::value_type, double>);
  STATIC_REQUIRE(is_same_v<decltype(i + f)::value_type, float>);
  STATIC_REQUIRE(is_same_v<decltype(i / i)::value_type, double>);
  STATIC_REQUIRE(is_same_v<decltype(f / i)::value_type, float>);
  STATIC_REQUIRE(is_same_v<decltype(i < f)::value_type, bool>);
  STATIC_REQUIRE(is_same_v<decltype(b + i)::value_type, int32_t>);
  STATIC_REQUIRE(is_same_v<decltype(ht::sqrt(i))::value_type, double>);
  STATIC_REQUIRE(is_same_v<decltype(ht::where(b, i, 1.5))::value_type, double>);
  REQUIRE(ht::eval(i * 0.5).shape() == ht::shape_t{2});
}
