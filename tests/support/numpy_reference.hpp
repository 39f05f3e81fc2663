#ifndef HEAT_TESTS_SUPPORT_NUMPY_REFERENCE_HPP
#define HEAT_TESTS_SUPPORT_NUMPY_REFERENCE_HPP

// NumPy's (and scipy's) answers the tests compare with: the files
// tests/reference/make_*.py write into tests/reference/numpy/.
#include "support/testing.hpp"

#include <heat/io/npy.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace ht::testing {

/// tests/reference/numpy/<name>.npy, whole on every rank (each reads it alone).
template <class T>
xt::xarray<T> numpy_ref(const std::string& name) {
  return load_npy<T>(std::string(HEAT_TEST_REFERENCE_DIR) + "/numpy/" + name + ".npy", none, comm_self()).to_xarray();
}

/// got's values equal want's within rel of each value (0: exactly), NaN
/// where NaN; shapes equal up to a 0-d result against NumPy's saved (1,).
/// Collective (got's gather); the verdict is agreed by all ranks.
template <class T, class U>
bool matches_numpy(const DNDarray<T>& got, const xt::xarray<U>& want, double rel = 0) {
  const xt::xarray<T> g = got.to_xarray();
  if (!(got.ndim() == 0 && want.size() == 1) &&
      !std::equal(g.shape().begin(), g.shape().end(), want.shape().begin(), want.shape().end()))
    return all_ranks(false);
  bool ok = true;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const double a = static_cast<double>(g.flat(i)), b = static_cast<double>(want.flat(i));
    ok = ok && (std::isnan(a) || std::isnan(b) ? std::isnan(a) == std::isnan(b) : std::abs(a - b) <= rel * std::abs(b));
  }
  return all_ranks(ok);
}

}  // namespace ht::testing

#endif
