#ifndef HEAT_ML_PREPROCESSING_STANDARD_SCALER_HPP
#define HEAT_ML_PREPROCESSING_STANDARD_SCALER_HPP

/// StandardScaler (scikit-learn's; HeAT's heat.preprocessing.StandardScaler).
///
/// Contract:
/// - fit(X): X n x d (split 0, 1 or replicated; NaN/inf refused); the
///   columns' means and variances (ddof 0) in one collective
///   (heat/ml/preprocessing/columns.hpp). mean, var and n_samples_seen are
///   always computed (scikit-learn leaves them None when neither with_mean
///   nor with_std is set); scale = sqrt(var) with scikit-learn's constant
///   columns (var <= n eps var + (n mean eps)^2) set to 1, and only with
///   with_std (ValueError without it, scikit-learn's None).
/// - transform(X) = (X - mean) / scale (each part only when asked), split
///   like X, no message; inverse_transform(Y) = Y scale + mean.
/// - Fitted vectors are replicated arrays of T, the same bits on every rank.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/expr/operators.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/ml/preprocessing/columns.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace ht::preprocessing {

/// Options of StandardScaler (scikit-learn's names and defaults).
struct standard_scaler_options {
  bool with_mean = true;
  bool with_std = true;
};

namespace detail {
template <class T>
struct standard_fit {
  DNDarray<T> mean, var;
  std::optional<DNDarray<T>> scale;
  std::int64_t n_samples_seen = 0;
};
}  // namespace detail

template <class T>
class StandardScaler : public ml::estimator<standard_scaler_options, detail::standard_fit<T>> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "StandardScaler works on float or double");
  using base = ml::estimator<standard_scaler_options, detail::standard_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit StandardScaler(standard_scaler_options opts = {}) : base(opts) {}

  StandardScaler& fit(const DNDarray<T>& X_in) {
    this->forget_fit();
    const char* who = "StandardScaler.fit";
    const DNDarray<T> X = detail::fit_input(X_in, who);
    const detail::moments m = detail::column_moments(X, who);
    const double eps = std::numeric_limits<double>::epsilon(), n = static_cast<double>(m.n);
    std::vector<double> root(m.var.size());
    std::vector<bool> constant(m.var.size());
    for (std::size_t j = 0; j < m.var.size(); ++j) {
      root[j] = std::sqrt(m.var[j]);
      const double drift = n * m.mean[j] * eps;
      constant[j] = m.var[j] <= n * eps * m.var[j] + drift * drift;
    }
    std::optional<DNDarray<T>> scale;
    if (m_opts.with_std) scale = detail::replicated<T>(detail::handle_zeros<T>(root, constant), X.comm());
    this->set_fitted({detail::replicated<T>(m.mean, X.comm()), detail::replicated<T>(m.var, X.comm()), scale, m.n});
    return *this;
  }
  DNDarray<T> transform(const DNDarray<T>& X) const {
    const auto& f = fitted();
    detail::transform_input(X, f.mean.shape()[0], "StandardScaler.transform");
    if (m_opts.with_mean && m_opts.with_std) return (X - f.mean) / *f.scale;
    if (m_opts.with_mean) return X - f.mean;
    if (m_opts.with_std) return X / *f.scale;
    return copy(X);
  }
  DNDarray<T> fit_transform(const DNDarray<T>& X) { return fit(X).transform(X); }
  DNDarray<T> inverse_transform(const DNDarray<T>& Y) const {
    const auto& f = fitted();
    detail::transform_input(Y, f.mean.shape()[0], "StandardScaler.inverse_transform");
    if (m_opts.with_mean && m_opts.with_std) return Y * *f.scale + f.mean;
    if (m_opts.with_mean) return Y + f.mean;
    if (m_opts.with_std) return Y * *f.scale;
    return copy(Y);
  }

  /// d, replicated: the columns' means and variances (ddof 0).
  const DNDarray<T>& mean() const { return fitted().mean; }
  const DNDarray<T>& var() const { return fitted().var; }
  /// d, replicated: the divisors; ValueError with with_std = false (scikit-learn's None).
  const DNDarray<T>& scale() const {
    ht::detail::check(fitted().scale.has_value(), "StandardScaler: scale is not computed with with_std = false");
    return *fitted().scale;
  }
  std::int64_t n_samples_seen() const { return fitted().n_samples_seen; }
};

}  // namespace ht::preprocessing

#endif
