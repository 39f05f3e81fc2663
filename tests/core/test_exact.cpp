#include "support/testing.hpp"

#include <heat/core/exact.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace exact = ht::detail::exact;

namespace {

/// The exact sum of values, added in the given order.
double exact_sum(const std::vector<double>& v, int scale) {
  std::int64_t lo = 0, hi = 0;
  for (const double x : v) exact::add(lo, hi, x, std::ldexp(1.0, scale));
  return exact::value(lo, hi, static_cast<std::int64_t>(v.size()), scale);
}

}  // namespace

TEST_CASE("exact sums: the same bits in any order and any split of the terms", "[core][exact]") {
  std::mt19937_64 gen(5);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> v(20000);
  for (auto& x : v) x = u(gen) * std::pow(10.0, static_cast<int>(gen() % 7) - 3);  // magnitudes 1e-3 .. 1e3
  double bound = 0;
  for (const double x : v) bound = std::max(bound, std::fabs(x));
  const int scale = exact::scale_for(bound);
  const double forward = exact_sum(v, scale);
  std::vector<double> shuffled = v;
  std::shuffle(shuffled.begin(), shuffled.end(), gen);
  bool ok = exact_sum(shuffled, scale) == forward;
  std::reverse(shuffled.begin(), shuffled.end());
  ok = ok && exact_sum(shuffled, scale) == forward;
  // Partial limb sums added later (as an MPI sum of per-rank limbs does).
  std::int64_t a[2] = {0, 0}, b[2] = {0, 0};
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::int64_t* s = i % 3 == 0 ? a : b;
    exact::add(s[0], s[1], v[i], std::ldexp(1.0, scale));
  }
  ok = ok && exact::value(a[0] + b[0], a[1] + b[1], static_cast<std::int64_t>(v.size()), scale) == forward;
  // And it is the sum: within a few units of 2^-scale per term of the long double sum.
  long double precise = 0;
  for (const double x : v) precise += x;
  ok = ok && std::fabs(static_cast<double>(precise) - forward) <= v.size() * std::ldexp(1.0, -scale) + 1e-12;
  // Plain double sums depend on the order (what the exact sums are for).
  double plain = 0;
  for (const double x : v) plain += x;
  CAPTURE(forward, plain, static_cast<double>(precise));
  REQUIRE(ok);
}

TEST_CASE("exact sums: signs, zero and the bound itself", "[core][exact]") {
  const int scale = exact::scale_for(3.0);
  REQUIRE(exact_sum({3.0, -3.0, 1.5, -0.25}, scale) == 1.25);
  REQUIRE(exact_sum({-3.0, -3.0}, scale) == -6.0);
  REQUIRE(exact_sum({}, scale) == 0.0);
  REQUIRE(exact::scale_for(0.0) == 0);
  REQUIRE(std::ldexp(3.0, exact::scale_for(3.0)) < std::ldexp(1.0, 62));
}
