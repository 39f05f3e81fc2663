#ifndef HEAT_TESTS_ML_REFERENCES_HPP
#define HEAT_TESTS_ML_REFERENCES_HPP

// What the estimator tests compare with: scikit-learn's results
// (tests/reference/make_sklearn.py) and the data sets the examples ship.
#include "support/testing.hpp"

#include <heat/io/csv.hpp>
#include <heat/io/npy.hpp>

#include <algorithm>
#include <string>

namespace ht::testing {

/// tests/reference/sklearn/<name>.npy. Each rank reads the whole (small)
/// file alone: the chunked runs would otherwise make thousands of 5-byte
/// collective reads.
template <class T>
xt::xarray<T> sklearn_ref(const std::string& name) {
  return load_npy<T>(std::string(HEAT_TEST_REFERENCE_DIR) + "/sklearn/" + name + ".npy", none, comm_self()).to_xarray();
}

/// Whether got has want's shape and lies within rel of want's largest
/// magnitude (or of `floor`, when larger: the mean of centred data is
/// rounding, measured against the data's magnitude).
template <class T>
bool near(const xt::xarray<T>& got, const xt::xarray<double>& want, double rel, double floor = 1e-300) {
  if (got.shape() != want.shape()) return false;
  const double scale = std::max(floor, static_cast<double>(xt::amax(xt::abs(want))()));
  return xt::amax(xt::abs(xt::cast<double>(got) - want))() <= rel * scale;
}

/// examples/data/<name> (a CSV file with one header line), whole.
inline xt::xarray<double> example_data(const std::string& name) {
  return load_csv<double>(std::string(HEAT_TEST_REFERENCE_DIR) + "/../../examples/data/" + name, none,
                          {.header_lines = 1})
      .to_xarray();
}

/// A clustering fit's results as plain arrays, compared bit for bit.
struct fit_snapshot {
  xt::xarray<double> centres;
  xt::xarray<std::int64_t> labels;
  double inertia = 0;
  std::int64_t n_iter = 0;
  template <class Estimator>
  static fit_snapshot of(const Estimator& est) {
    return {est.cluster_centers().to_xarray(), est.labels().to_xarray(), est.inertia(), est.n_iter()};
  }
  bool operator==(const fit_snapshot& o) const {
    return centres == o.centres && labels == o.labels && inertia == o.inertia && n_iter == o.n_iter;
  }
};

}  // namespace ht::testing

#endif
