#ifndef HEAT_ML_PREPROCESSING_ROBUST_SCALER_HPP
#define HEAT_ML_PREPROCESSING_ROBUST_SCALER_HPP

/// RobustScaler (scikit-learn's; HeAT's heat.preprocessing.RobustScaler):
/// centred by the median, scaled by a quantile range.
///
/// Contract:
/// - fit(X): X n x d (split 0, 1 or replicated; NaN/inf refused at one
///   agreement point); every column's median and the two quantiles of
///   quantile_range (NumPy's percentile, method "linear") by one distributed
///   radix select (heat/core/selection.hpp: 13 to 16 Allreduces, the first
///   of d x 2^16 counts for large columns, the others of d x 6 x 16; no
///   sort, no gather of the data; two passes over X for large columns),
///   exact values of X, the same bits on every rank and at every rank count.
/// - center = the medians (with_centering); scale = q_high - q_low (below
///   10 eps of T: 1), divided by norm.ppf(q_high) - norm.ppf(q_low) with
///   unit_variance (with_scaling); ValueError when asked for one not
///   computed (scikit-learn's None).
/// - quantile_range must satisfy 0 <= low <= high <= 100 (ValueError on
///   every rank at construction).
/// - transform(X) = (X - center) / scale (each part only when asked), split
///   like X, no message; inverse_transform(Y) = Y scale + center.

#include "heat/comm/collectives.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/quantiles.hpp"
#include "heat/core/selection.hpp"
#include "heat/expr/operators.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/ml/preprocessing/columns.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace ht::preprocessing {

/// Options of RobustScaler (scikit-learn's names and defaults).
struct robust_scaler_options {
  bool with_centering = true;
  bool with_scaling = true;
  std::array<double, 2> quantile_range = {25.0, 75.0};
  bool unit_variance = false;
};

namespace detail {

template <class T>
struct robust_fit {
  std::optional<DNDarray<T>> center, scale;
  std::int64_t n_features = 0;
};

/// The standard normal distribution's quantile function (scipy's
/// norm.ppf): Acklam's rational approximation refined by two Newton steps
/// on erfc (relative error near 1e-16); -inf at 0, inf at 1.
inline double normal_ppf(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                          1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                          -1.328068155288572e+01};
  constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                          -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
  const double tail = 0.02425;
  double x;
  if (p < tail || p > 1 - tail) {
    const double q = std::sqrt(-2 * std::log(p < tail ? p : 1 - p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > tail) x = -x;
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const double sqrt_2pi = 2.5066282746310002;
  for (int step = 0; step < 2; ++step) {  // Newton on Phi(x) - p, Phi by erfc (accurate in both tails)
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    x -= e * sqrt_2pi * std::exp(0.5 * x * x);
  }
  return x;
}

/// Every column's median and its quantiles at `low` and `high` percent
/// (d x 3, row-major: q_low, median, q_high) by one radix select.
template <class T>
std::vector<double> column_quantiles(const DNDarray<T>& X, double low, double high) {
  const std::int64_t n = X.shape()[0], d = X.shape()[1];
  const double at[3] = {low / 100.0, 0.5, high / 100.0};
  std::vector<std::int64_t> rank(static_cast<std::size_t>(d * 6));
  std::vector<double> gamma(3);
  for (int q = 0; q < 3; ++q) {
    const double pos = static_cast<double>(n - 1) * at[q];
    const auto below = static_cast<std::int64_t>(std::floor(pos));
    gamma[q] = pos - static_cast<double>(below);
    for (std::int64_t j = 0; j < d; ++j) {
      rank[j * 6 + 2 * q] = below;
      rank[j * 6 + 2 * q + 1] = std::min(below + 1, n - 1);
    }
  }
  const auto block = ht::detail::host_block(X);
  const std::vector<double> v = ht::detail::select_ranks(
      block.data(), X.lshape()[0], d, 1, [](std::int64_t) { return std::int64_t{0}; }, std::move(rank), 6,
      [&](const auto& hist) {
        if (X.split()) allreduce(X.comm(), hist, reduce_op::sum);
      });
  std::vector<double> out(static_cast<std::size_t>(d * 3));
  for (std::int64_t j = 0; j < d; ++j) {
    out[j * 3] = ht::detail::lerp(v[j * 6], v[j * 6 + 1], gamma[0]);
    // NumPy's median: the middle value, or the mean of the middle two for an even count.
    out[j * 3 + 1] = gamma[1] == 0 ? v[j * 6 + 2] : (v[j * 6 + 2] + v[j * 6 + 3]) / 2;
    out[j * 3 + 2] = ht::detail::lerp(v[j * 6 + 4], v[j * 6 + 5], gamma[2]);
  }
  return out;
}

}  // namespace detail

template <class T>
class RobustScaler : public ml::estimator<robust_scaler_options, detail::robust_fit<T>> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "RobustScaler works on float or double");
  using base = ml::estimator<robust_scaler_options, detail::robust_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit RobustScaler(robust_scaler_options opts = {}) : base(opts) {
    const auto [low, high] = m_opts.quantile_range;
    ht::detail::check(0 <= low && low <= high && high <= 100, "RobustScaler: invalid quantile range (", low, ", ", high,
                      "): needs 0 <= low <= high <= 100");
  }

  RobustScaler& fit(const DNDarray<T>& X_in);
  DNDarray<T> transform(const DNDarray<T>& X) const {
    const auto& f = fitted();
    detail::transform_input(X, f.n_features, "RobustScaler.transform");
    if (f.center && f.scale) return (X - *f.center) / *f.scale;
    if (f.center) return X - *f.center;
    if (f.scale) return X / *f.scale;
    return copy(X);
  }
  DNDarray<T> fit_transform(const DNDarray<T>& X) { return fit(X).transform(X); }
  DNDarray<T> inverse_transform(const DNDarray<T>& Y) const {
    const auto& f = fitted();
    detail::transform_input(Y, f.n_features, "RobustScaler.inverse_transform");
    if (f.center && f.scale) return Y * *f.scale + *f.center;
    if (f.center) return Y + *f.center;
    if (f.scale) return Y * *f.scale;
    return copy(Y);
  }

  /// d, replicated: the medians; ValueError with with_centering = false.
  const DNDarray<T>& center() const {
    ht::detail::check(fitted().center.has_value(), "RobustScaler: center is not computed with with_centering = false");
    return *fitted().center;
  }
  /// d, replicated: the quantile ranges; ValueError with with_scaling = false.
  const DNDarray<T>& scale() const {
    ht::detail::check(fitted().scale.has_value(), "RobustScaler: scale is not computed with with_scaling = false");
    return *fitted().scale;
  }
};

template <class T>
RobustScaler<T>& RobustScaler<T>::fit(const DNDarray<T>& X_in) {
  this->forget_fit();
  const char* who = "RobustScaler.fit";
  const DNDarray<T> X = detail::fit_input(X_in, who);
  const std::int64_t d = X.shape()[1];
  {
    const auto block = ht::detail::host_block(X);
    ht::detail::agreement_point finite(X.comm(), "preprocessing: X values", ht::detail::error_kind::value);
    ml::detail::refuse_non_finite_rows(finite, who, block.data(), X.lshape()[0], d, X.offset());
    finite.conclude();
  }
  const auto [low, high] = m_opts.quantile_range;
  const std::vector<double> q = detail::column_quantiles(X, low, high);
  detail::robust_fit<T> f;
  f.n_features = d;
  std::vector<double> median(static_cast<std::size_t>(d)), range(static_cast<std::size_t>(d));
  for (std::int64_t j = 0; j < d; ++j) {
    median[j] = q[j * 3 + 1];
    range[j] = q[j * 3 + 2] - q[j * 3];
  }
  if (m_opts.with_centering) f.center = detail::replicated<T>(median, X.comm());
  if (m_opts.with_scaling) {
    range = detail::handle_zeros<T>(range);
    if (m_opts.unit_variance) {
      const double adjust = detail::normal_ppf(high / 100.0) - detail::normal_ppf(low / 100.0);
      for (double& r : range) r /= adjust;
    }
    f.scale = detail::replicated<T>(range, X.comm());
  }
  this->set_fitted(std::move(f));
  return *this;
}

}  // namespace ht::preprocessing

#endif
