#ifndef HEAT_ML_PREPROCESSING_MINMAX_SCALER_HPP
#define HEAT_ML_PREPROCESSING_MINMAX_SCALER_HPP

/// MinMaxScaler and MaxAbsScaler (scikit-learn's; HeAT's heat.preprocessing).
///
/// Contract:
/// - fit(X): X n x d (split 0, 1 or replicated; NaN/inf refused); the
///   columns' minima and maxima in one Allreduce
///   (heat/ml/preprocessing/columns.hpp).
/// - MinMaxScaler: data_range = data_max - data_min; scale = (high - low) /
///   data_range (a range below 10 eps of T counts as 1); min = low - data_min
///   scale; transform(X) = X scale + min (clipped to feature_range with
///   clip); inverse_transform(Y) = (Y - min) / scale. feature_range must
///   have low < high (ValueError on every rank).
/// - MaxAbsScaler: max_abs = max(|data_min|, |data_max|); scale = max_abs (a
///   value below 10 eps of T counts as 1); transform(X) = X / scale;
///   inverse_transform(Y) = Y scale.
/// - transform keeps X's split and sends no message; fitted vectors are
///   replicated arrays of T.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/expr/operators.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/ml/preprocessing/columns.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ht::preprocessing {

/// Options of MinMaxScaler (scikit-learn's names and defaults).
struct minmax_scaler_options {
  std::array<double, 2> feature_range = {0, 1};
  bool clip = false;
};

/// Options of MaxAbsScaler (none: scikit-learn's only option is copy).
struct maxabs_scaler_options {};

namespace detail {
template <class T>
struct minmax_fit {
  DNDarray<T> data_min, data_max, data_range, scale, min;
  std::int64_t n_samples_seen = 0;
};
template <class T>
struct maxabs_fit {
  DNDarray<T> max_abs, scale;
  std::int64_t n_samples_seen = 0;
};
}  // namespace detail

template <class T>
class MinMaxScaler : public ml::estimator<minmax_scaler_options, detail::minmax_fit<T>> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "MinMaxScaler works on float or double");
  using base = ml::estimator<minmax_scaler_options, detail::minmax_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit MinMaxScaler(minmax_scaler_options opts = {}) : base(opts) {
    ht::detail::check(m_opts.feature_range[0] < m_opts.feature_range[1],
                      "MinMaxScaler: the minimum of the feature range must be smaller than its maximum, got (",
                      m_opts.feature_range[0], ", ", m_opts.feature_range[1], ")");
  }

  MinMaxScaler& fit(const DNDarray<T>& X_in) {
    this->forget_fit();
    const DNDarray<T> X = detail::fit_input(X_in, "MinMaxScaler.fit");
    const auto [lo, hi] = detail::column_extremes(X, "MinMaxScaler.fit");
    const double low = m_opts.feature_range[0], high = m_opts.feature_range[1];
    std::vector<double> range(lo.size()), scale(lo.size()), min(lo.size());
    for (std::size_t j = 0; j < lo.size(); ++j) range[j] = hi[j] - lo[j];
    const std::vector<double> divisor = detail::handle_zeros<T>(range);
    for (std::size_t j = 0; j < lo.size(); ++j) {
      scale[j] = (high - low) / divisor[j];
      min[j] = low - lo[j] * scale[j];
    }
    const communicator& c = X.comm();
    this->set_fitted({detail::replicated<T>(lo, c), detail::replicated<T>(hi, c), detail::replicated<T>(range, c),
                      detail::replicated<T>(scale, c), detail::replicated<T>(min, c), X.shape()[0]});
    return *this;
  }
  DNDarray<T> transform(const DNDarray<T>& X) const {
    const auto& f = fitted();
    detail::transform_input(X, f.scale.shape()[0], "MinMaxScaler.transform");
    if (!m_opts.clip) return X * f.scale + f.min;
    return ht::clip(X * f.scale + f.min, static_cast<T>(m_opts.feature_range[0]),
                    static_cast<T>(m_opts.feature_range[1]));
  }
  DNDarray<T> fit_transform(const DNDarray<T>& X) { return fit(X).transform(X); }
  DNDarray<T> inverse_transform(const DNDarray<T>& Y) const {
    const auto& f = fitted();
    detail::transform_input(Y, f.scale.shape()[0], "MinMaxScaler.inverse_transform");
    return (Y - f.min) / f.scale;
  }

  /// d, replicated: the fitted columns' minima, maxima and ranges.
  const DNDarray<T>& data_min() const { return fitted().data_min; }
  const DNDarray<T>& data_max() const { return fitted().data_max; }
  const DNDarray<T>& data_range() const { return fitted().data_range; }
  /// d, replicated: transform's factor and offset.
  const DNDarray<T>& scale() const { return fitted().scale; }
  const DNDarray<T>& min() const { return fitted().min; }
  std::int64_t n_samples_seen() const { return fitted().n_samples_seen; }
};

template <class T>
class MaxAbsScaler : public ml::estimator<maxabs_scaler_options, detail::maxabs_fit<T>> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "MaxAbsScaler works on float or double");
  using base = ml::estimator<maxabs_scaler_options, detail::maxabs_fit<T>>;
  using base::fitted;

 public:
  explicit MaxAbsScaler(maxabs_scaler_options opts = {}) : base(opts) {}

  MaxAbsScaler& fit(const DNDarray<T>& X_in) {
    this->forget_fit();
    const DNDarray<T> X = detail::fit_input(X_in, "MaxAbsScaler.fit");
    const auto [lo, hi] = detail::column_extremes(X, "MaxAbsScaler.fit");
    std::vector<double> top(lo.size());
    for (std::size_t j = 0; j < lo.size(); ++j) top[j] = std::max(std::abs(lo[j]), std::abs(hi[j]));
    const communicator& c = X.comm();
    this->set_fitted(
        {detail::replicated<T>(top, c), detail::replicated<T>(detail::handle_zeros<T>(top), c), X.shape()[0]});
    return *this;
  }
  DNDarray<T> transform(const DNDarray<T>& X) const {
    detail::transform_input(X, fitted().scale.shape()[0], "MaxAbsScaler.transform");
    return X / fitted().scale;
  }
  DNDarray<T> fit_transform(const DNDarray<T>& X) { return fit(X).transform(X); }
  DNDarray<T> inverse_transform(const DNDarray<T>& Y) const {
    detail::transform_input(Y, fitted().scale.shape()[0], "MaxAbsScaler.inverse_transform");
    return Y * fitted().scale;
  }

  /// d, replicated: the columns' largest |value| and transform's divisors.
  const DNDarray<T>& max_abs() const { return fitted().max_abs; }
  const DNDarray<T>& scale() const { return fitted().scale; }
  std::int64_t n_samples_seen() const { return fitted().n_samples_seen; }
};

}  // namespace ht::preprocessing

#endif
