#ifndef HEAT_ML_PREPROCESSING_NORMALIZER_HPP
#define HEAT_ML_PREPROCESSING_NORMALIZER_HPP

/// Normalizer (scikit-learn's; HeAT's heat.preprocessing.Normalizer): each
/// row divided by its norm.
///
/// Contract:
/// - norm "l2" (default), "l1" or "max" (the largest |value|), else
///   ValueError on every rank at construction.
/// - Stateless as scikit-learn's: fit(X) only checks X (2-D) and records its
///   number of features, which transform then checks; transform works
///   without a fit.
/// - transform(X): the row norms as a reduction over axis 1 (no message for
///   split 0 or replicated X, one Allreduce for split 1), norms below 10 eps
///   of T counted as 1 (scikit-learn's _handle_zeros_in_scale, so zero rows
///   stay zero), then X / norm in one fused kernel, split like X. NaN or inf
///   in a row gives that row NaN (scikit-learn refuses them).

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/ml/preprocessing/columns.hpp"

#include <cstdint>
#include <limits>
#include <string>

namespace ht::preprocessing {

/// Options of Normalizer (scikit-learn's names and defaults).
struct normalizer_options {
  std::string norm = "l2";
};

template <class T>
class Normalizer : public ml::estimator<normalizer_options, std::int64_t> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "Normalizer works on float or double");
  using base = ml::estimator<normalizer_options, std::int64_t>;
  using base::m_opts;

 public:
  explicit Normalizer(normalizer_options opts = {}) : base(std::move(opts)) {
    ht::detail::check(m_opts.norm == "l1" || m_opts.norm == "l2" || m_opts.norm == "max",
                      "Normalizer: norm must be \"l1\", \"l2\" or \"max\", got \"", m_opts.norm, "\"");
  }

  Normalizer& fit(const DNDarray<T>& X) {
    this->forget_fit();
    ht::detail::check(X.ndim() == 2, "Normalizer.fit: X must be 2-D (samples x features), got shape ",
                      to_string(X.shape()));
    this->set_fitted(X.shape()[1]);
    return *this;
  }
  DNDarray<T> transform(const DNDarray<T>& X) const {
    if (this->is_fitted())
      detail::transform_input(X, this->fitted(), "Normalizer.transform");
    else
      ht::detail::check(X.ndim() == 2, "Normalizer.transform: X must be 2-D (samples x features), got shape ",
                        to_string(X.shape()));
    const DNDarray<T> norms = m_opts.norm == "l1"   ? DNDarray<T>(ht::sum(ht::abs(X), 1, ht::keepdims))
                              : m_opts.norm == "l2" ? DNDarray<T>(ht::sqrt(ht::sum(X * X, 1, ht::keepdims)))
                                                    : DNDarray<T>(ht::max(ht::abs(X), 1, ht::keepdims));
    const T tiny = 10 * std::numeric_limits<T>::epsilon();
    return X / ht::where(norms < tiny, T(1), norms);
  }
  DNDarray<T> fit_transform(const DNDarray<T>& X) { return fit(X).transform(X); }
};

}  // namespace ht::preprocessing

#endif
