#ifndef HEAT_ML_PREPROCESSING_COLUMNS_HPP
#define HEAT_ML_PREPROCESSING_COLUMNS_HPP

/// What the scalers of heat/ml/preprocessing share: the fit's view of X and
/// its per-column statistics, each in one collective.
///
/// Contract:
/// - fit_input: X must be 2-D with at least one sample (ValueError on every
///   rank); a split-1 X is resplit to split 0 (one Alltoallv) for the fit,
///   whose statistics are per column over all rows.
/// - A NaN or inf in a rank's rows is refused at an agreement point riding on
///   the statistics' collective: the same ValueError on every rank, naming
///   the first bad value. (scikit-learn's scalers skip NaN as missing; heat
///   refuses it, as its other estimators do.)
/// - column_moments: count, mean and variance (ddof 0) of every column in
///   double, from each rank's shifted sums merged with Chan's formula
///   (heat/expr/reduce/reducers.hpp's moments) in one allreduce_with: the
///   same bits on every rank.
/// - column_extremes: every column's minimum and maximum in one Allreduce.
/// - handle_zeros: scikit-learn's _handle_zeros_in_scale (a scale below
///   10 eps of T, or a constant column's, becomes 1).
/// - transform_input: X 2-D with the fitted number of columns (ValueError on
///   every rank); any split (the fitted vectors are replicated and broadcast
///   onto the block without a message).

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/expr/reduce/reducers.hpp"
#include "heat/ml/estimator.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <limits>
#include <vector>

namespace ht::preprocessing::detail {

/// X for a fit: checked, split 0 or replicated.
template <class T>
DNDarray<T> fit_input(const DNDarray<T>& X, const char* who) {
  ht::detail::check(X.ndim() == 2, who, ": X must be 2-D (samples x features), got shape ", to_string(X.shape()));
  ht::detail::check(X.shape()[0] >= 1, who, ": X needs at least 1 sample, got shape ", to_string(X.shape()));
  return X.split() == 1 ? resplit(X, 0) : X;
}

/// Checks that X is 2-D with d columns.
template <class T>
void transform_input(const DNDarray<T>& X, std::int64_t d, const char* who) {
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == d, who, ": X has shape ", to_string(X.shape()),
                    ", the scaler was fitted on ", d, " features");
}

/// Every column's count, mean and variance (see the contract).
struct moments {
  std::int64_t n = 0;
  std::vector<double> mean, var;
};

template <class T>
moments column_moments(const DNDarray<T>& X, const char* who) {
  using red = ht::detail::red_var<double>;
  using acc = typename red::acc;
  const std::int64_t rows = X.lshape()[0], d = X.shape()[1];
  const auto block = ht::detail::host_block(X);
  const T* x = block.data();
  ht::detail::agreement_point finite(X.comm(), "preprocessing: X values", ht::detail::error_kind::value);
  ml::detail::refuse_non_finite_rows(finite, who, x, rows, d, X.offset());
  // One accumulator per column (shifted by the block's first row), and one
  // more whose count carries the failure flag (its sums are 0: Chan's join adds the counts).
  Kokkos::View<acc*, Kokkos::HostSpace> accs("heat::preprocessing::moments", static_cast<std::size_t>(d + 1));
  for (std::int64_t j = 0; j <= d; ++j) accs(j) = acc{0, 0.0, 0.0, 0.0};
  if (rows > 0) {
    std::vector<double> shift(x, x + d), s1(static_cast<std::size_t>(d), 0.0), s2(static_cast<std::size_t>(d), 0.0);
    for (std::int64_t i = 0; i < rows; ++i)
      for (std::int64_t j = 0; j < d; ++j) {
        const double v = static_cast<double>(x[i * d + j]) - shift[j];
        s1[j] += v;
        s2[j] += v * v;
      }
    for (std::int64_t j = 0; j < d; ++j) accs(j) = acc{rows, shift[j], s1[j], s2[j]};
  }
  accs(d).n = finite.failed() ? 1 : 0;
  if (X.split()) {
    allreduce_with<ht::detail::reducer::combine<red>>(X.comm(), accs);
    finite.conclude(static_cast<double>(accs(d).n));
  } else {
    finite.conclude();
  }
  moments m{X.shape()[0], std::vector<double>(static_cast<std::size_t>(d)),
            std::vector<double>(static_cast<std::size_t>(d))};
  for (std::int64_t j = 0; j < d; ++j) {
    const acc& a = accs(j);
    m.mean[j] = a.shift + a.s1 / static_cast<double>(a.n);
    m.var[j] = red::finish(a, a.n, 0);
  }
  return m;
}

/// Every column's minimum and maximum (see the contract).
template <class T>
std::pair<std::vector<double>, std::vector<double>> column_extremes(const DNDarray<T>& X, const char* who) {
  const std::int64_t rows = X.lshape()[0], d = X.shape()[1];
  const auto block = ht::detail::host_block(X);
  const T* x = block.data();
  ht::detail::agreement_point finite(X.comm(), "preprocessing: X values", ht::detail::error_kind::value);
  ml::detail::refuse_non_finite_rows(finite, who, x, rows, d, X.offset());
  // [min_j..., -max_j..., -flag]: one Allreduce with MIN.
  Kokkos::View<double*, Kokkos::HostSpace> v("heat::preprocessing::extremes", static_cast<std::size_t>(2 * d + 1));
  Kokkos::deep_copy(v, std::numeric_limits<double>::infinity());
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < d; ++j) {
      const double a = static_cast<double>(x[i * d + j]);
      v(j) = a < v(j) ? a : v(j);
      v(d + j) = -a < v(d + j) ? -a : v(d + j);
    }
  v(2 * d) = -finite.flag();
  if (X.split()) {
    allreduce(X.comm(), v, reduce_op::min);
    finite.conclude(-v(2 * d));
  } else {
    finite.conclude();
  }
  std::vector<double> lo(static_cast<std::size_t>(d)), hi(static_cast<std::size_t>(d));
  for (std::int64_t j = 0; j < d; ++j) {
    lo[j] = v(j);
    hi[j] = -v(d + j);
  }
  return {lo, hi};
}

/// scikit-learn's _handle_zeros_in_scale: scales below 10 eps of T (or
/// marked constant) become 1.
template <class T>
std::vector<double> handle_zeros(std::vector<double> scale, const std::vector<bool>& constant = {}) {
  for (std::size_t j = 0; j < scale.size(); ++j)
    if (constant.empty() ? scale[j] < 10 * static_cast<double>(std::numeric_limits<T>::epsilon()) : constant[j])
      scale[j] = 1.0;
  return scale;
}

/// A host vector as a replicated 1-D array of T.
template <class T>
DNDarray<T> replicated(const std::vector<double>& v, const communicator& comm) {
  DNDarray<T> out(distribution::balanced(shape_t{static_cast<std::int64_t>(v.size())}, none, comm.size()), comm);
  std::vector<T> t(v.begin(), v.end());
  ht::detail::copy_from_host(out.local_view(), t.data(), t.size());
  return out;
}

}  // namespace ht::preprocessing::detail

#endif
