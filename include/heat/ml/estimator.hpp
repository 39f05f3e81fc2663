#ifndef HEAT_ML_ESTIMATOR_HPP
#define HEAT_ML_ESTIMATOR_HPP

/// What every estimator of heat/ml shares.
///
/// Contract of an estimator (scikit-learn's shape):
/// - It is built from an options struct with scikit-learn's names and
///   defaults; the constructor checks the options (detail::check: every
///   rank holds them, every rank throws the same ValueError).
/// - fit(...) returns *this and replaces the last fit's result whole (a fit
///   that throws leaves the estimator unfitted); the attributes read the
///   result and throw ValueError before the first fit (scikit-learn's
///   NotFittedError).
/// - Values a rank holds alone (its rows) are checked at an agreement point
///   (heat/core/agreement.hpp) riding on the fit's first collective:
///   NaN/inf are refused with the same message on every rank, naming the
///   first bad value (refuse_non_finite).

#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace ht::ml {

/// The base of an estimator with options O and a fit result R.
template <class O, class R>
class estimator {
 public:
  using options = O;
  const O& get_options() const { return m_opts; }
  /// Whether fit has run (and succeeded) since construction.
  bool is_fitted() const { return m_fitted.has_value(); }

 protected:
  explicit estimator(O opts) : m_opts(std::move(opts)) {}
  /// The last fit's result; ValueError before the first fit.
  const R& fitted() const {
    ht::detail::check(m_fitted.has_value(), "this estimator is not fitted yet: call fit first");
    return *m_fitted;
  }
  /// Drops the last fit's result (a fit calls it before its own work).
  void forget_fit() { m_fitted.reset(); }
  void set_fitted(R result) { m_fitted.emplace(std::move(result)); }
  R& fitted_mutable() { return *m_fitted; }

  O m_opts;

 private:
  std::optional<R> m_fitted;
};

namespace detail {

/// The index of the first value of p[0, count) that is NaN or inf; count when none.
template <class T>
std::int64_t first_non_finite(const T* p, std::int64_t count) {
  return std::find_if(p, p + count, [](T v) { return !std::isfinite(static_cast<double>(v)); }) - p;
}

/// Records at `point` that a rank's values hold a NaN or inf: "who: name
/// holds v at row r[, column c] (NaN and inf are refused)". Values are rows
/// of `width` (0: a vector, no column named) starting at global row `first`;
/// `at` indexes p. The point concludes at the caller's next collective.
template <class T>
void refuse_non_finite(ht::detail::agreement_point& point, const char* who, const char* name, const T* p,
                       std::int64_t at, std::int64_t width, std::int64_t first) {
  std::string message =
      ht::detail::concat(who, ": ", name, " holds ", p[at], " at row ", first + (width > 0 ? at / width : at));
  if (width > 0) message += ht::detail::concat(", column ", at % width);
  point.fail(ht::detail::error_kind::value, message + " (NaN and inf are refused)");
}

/// Refuses at `point` the first NaN or inf of this rank's rows x (rows x
/// d, row-major, the first at global row `first`), named as X's (the check
/// every estimator makes before its first collective).
template <class T>
void refuse_non_finite_rows(ht::detail::agreement_point& point, const char* who, const T* x, std::int64_t rows,
                            std::int64_t d, std::int64_t first) {
  const std::int64_t bad = first_non_finite(x, rows * d);
  if (bad < rows * d) refuse_non_finite(point, who, "X", x, bad, d, first);
}

/// Per-sample values y (1-D, any layout) laid out with X's rows (X split 0
/// or replicated): y itself when its blocks already match, else replicated
/// (one Allgatherv) and sliced to this rank's rows.
template <class T, class U>
DNDarray<U> rows_like(const DNDarray<T>& X, const DNDarray<U>& y) {
  if (y.split() == X.split() && (!X.split() || y.dist().counts() == X.dist().counts())) return y;
  const DNDarray<U> all = y.split() ? resplit(y, none) : y;
  if (!X.split()) return all;
  return DNDarray<U>(distribution(shape_t{X.shape()[0]}, 0, X.comm().size(), X.dist().counts()), X.comm(),
                     Kokkos::subview(all.local_view(), std::make_pair(X.offset(), X.offset() + X.lshape()[0])));
}

}  // namespace detail

}  // namespace ht::ml

#endif
