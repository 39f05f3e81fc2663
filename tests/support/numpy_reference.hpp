#ifndef HEAT_TESTS_SUPPORT_NUMPY_REFERENCE_HPP
#define HEAT_TESTS_SUPPORT_NUMPY_REFERENCE_HPP

// NumPy's (and scipy's) answers the tests compare with: the files
// tests/reference/make_*.py write into tests/reference/numpy/.
#include <heat/io/npy.hpp>

#include <string>

namespace ht::testing {

/// tests/reference/numpy/<name>.npy, whole on every rank (each reads it alone).
template <class T>
xt::xarray<T> numpy_ref(const std::string& name) {
  return load_npy<T>(std::string(HEAT_TEST_REFERENCE_DIR) + "/numpy/" + name + ".npy", none, comm_self()).to_xarray();
}

}  // namespace ht::testing

#endif
