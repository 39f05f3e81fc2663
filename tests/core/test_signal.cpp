// heat/core/signal.hpp: convolve against NumPy's docstring values and a
// direct evaluation of the sum on the whole arrays, at every layout of both
// operands and every mode.
#include "support/testing.hpp"

#include <heat/core/signal.hpp>

#include <string>

using ht::testing::all_ranks;
using ht::testing::global_pattern;
using ht::testing::layouts;
using ht::testing::throws_everywhere;

namespace {

/// sum_j v[j] a[f - j] over the full result, then NumPy's window of the mode.
xt::xarray<double> convolved(const xt::xarray<double>& a, const xt::xarray<double>& v, const std::string& mode) {
  const xt::xarray<double>& s = v.size() > a.size() ? v : a;
  const xt::xarray<double>& k = v.size() > a.size() ? a : v;
  const auto n = static_cast<std::ptrdiff_t>(s.size()), m = static_cast<std::ptrdiff_t>(k.size());
  xt::xarray<double> full = xt::zeros<double>({static_cast<std::size_t>(n + m - 1)});
  for (std::ptrdiff_t f = 0; f < n + m - 1; ++f)
    for (std::ptrdiff_t j = 0; j < m; ++j)
      if (f - j >= 0 && f - j < n) full(f) += k(j) * s(f - j);
  if (mode == "full") return full;
  const std::ptrdiff_t start = mode == "same" ? (m - 1) / 2 : m - 1, len = mode == "same" ? n : n - m + 1;
  return xt::view(full, xt::range(start, start + len));
}

bool close(const ht::DNDarray<double>& got, const xt::xarray<double>& want) {
  const xt::xarray<double> g = got.to_xarray();
  return all_ranks(g.shape() == want.shape() && xt::allclose(g, want, 1e-14, 1e-12));
}

}  // namespace

TEST_CASE("convolve matches NumPy at every layout and mode", "[core][signal]") {
  // NumPy's docstring.
  const auto a = ht::array(xt::xarray<double>{1, 2, 3}, 0), v = ht::array(xt::xarray<double>{0, 1, 0.5});
  REQUIRE(close(ht::convolve(a, v), xt::xarray<double>{0, 1, 2.5, 4, 1.5}));
  REQUIRE(close(ht::convolve(a, v, "same"), xt::xarray<double>{1, 2.5, 4}));
  REQUIRE(close(ht::convolve(a, v, "valid"), xt::xarray<double>{2.5}));
  const auto signal = global_pattern<double>({13});
  for (std::size_t m : {1, 4, 5}) {
    xt::xarray<double> kernel = global_pattern<double>({static_cast<std::int64_t>(m)}) * 0.5 + 1.0;
    for (const auto& s : layouts(signal))
      for (const auto& k : layouts(kernel))
        for (const std::string mode : {"full", "same", "valid"}) {
          CAPTURE(m, mode, ht::to_string(s.split()), ht::to_string(k.split()));
          REQUIRE(close(ht::convolve(s, k, mode), convolved(signal, kernel, mode)));
          // The longer operand second: NumPy swaps them.
          REQUIRE(close(ht::convolve(k, s, mode), convolved(kernel, signal, mode)));
        }
  }
  REQUIRE(ht::convolve(ht::arange<int>(0, 5, 1, 0), ht::ones<int>({2})).shape() == ht::shape_t{6});
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::convolve(a, v, "middle"); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::convolve(a, ht::zeros<double>({0}, 0)); }));
  REQUIRE(throws_everywhere<ht::ValueError>([&] { ht::convolve(ht::ones<double>({2, 2}, 0), v); }));
}
