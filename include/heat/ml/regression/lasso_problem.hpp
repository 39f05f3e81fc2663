#ifndef HEAT_ML_REGRESSION_LASSO_PROBLEM_HPP
#define HEAT_ML_REGRESSION_LASSO_PROBLEM_HPP

/// X and y as Lasso's solvers see them (lasso_problem): this rank's rows of
/// both on the host, aligned; the column means and y's mean (one
/// collective, which also agrees that every value is finite).
///
/// Contract: after construction every rank holds the same n, d, mu, y_mean
/// (zero without an intercept; weighted means with sample weights) and has
/// thrown the same error for bad input (shapes, NaN/inf, negative weights,
/// sums that overflow); root_w holds the local rows' square-rooted weights
/// rescaled to sum to n (scikit-learn's ElasticNet.fit). `sum` adds a buffer over the
/// ranks (nothing for a replicated X).

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/simd.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/ml/regression/coordinate_descent.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ht::regression::detail {

/// The names a problem's errors carry: who (the caller, "Lasso.fit") and
/// its agreement point ("Lasso.fit: values").
struct problem_names {
  const char* who;
  const char* point;
};

template <class T>
struct lasso_problem {
  const char* who;  // names the errors
  const char* point;
  DNDarray<T> X, y;  // X split 0 or replicated, y's rows with X's
  typename local_view_t<T>::HostMirror xh, yh;
  const T *x = nullptr, *yv = nullptr;
  std::int64_t n = 0, d = 0, rows = 0;
  std::vector<double> mu;  // column means, weighted (zero without an intercept)
  double y_mean = 0;
  std::vector<double> root_w;    // this rank's sqrt(weight * n / sum of weights); empty: unweighted
  ht::detail::row_cut pass_cut;  // the rows in slices for row-major passes

  /// sw: per-sample weights (nullptr: none), any layout.
  lasso_problem(problem_names names, const DNDarray<T>& X_in, const DNDarray<T>& y_in, bool intercept,
                const DNDarray<T>* sw = nullptr)
      : who(names.who),
        point(names.point),
        X(checked(names.who, X_in, y_in, sw).split() == 1 ? resplit(X_in, 0) : X_in),
        y(ml::detail::rows_like(X, y_in)),
        xh(ht::detail::host_block(X)),
        yh(ht::detail::host_block(y)),
        x(xh.data()),
        yv(yh.data()),
        n(X.shape()[0]),
        d(X.shape()[1]),
        rows(X.lshape()[0]),
        mu(static_cast<std::size_t>(d), 0.0),
        pass_cut(ht::detail::cut_rows(rows, std::max<std::int64_t>(256, 65536 / (d + 1)))) {
    if (sw) {
      const DNDarray<T> w = ml::detail::rows_like(X, *sw);
      const auto wh = ht::detail::host_block(w);
      root_w.assign(wh.data(), wh.data() + rows);
    }
    means(intercept);
  }

  const communicator& comm() const { return X.comm(); }
  template <class View>
  void sum(const View& v) const {
    if (X.split()) allreduce(comm(), v, reduce_op::sum);
  }
  /// The square root of local row i's rescaled weight (1 unweighted).
  double root(std::int64_t i) const { return root_w.empty() ? 1.0 : root_w[static_cast<std::size_t>(i)]; }

 private:
  static const DNDarray<T>& checked(const char* who, const DNDarray<T>& X, const DNDarray<T>& y,
                                    const DNDarray<T>* sw) {
    ht::detail::check(X.ndim() == 2, who, ": X must be 2-D (samples x features), got shape ", to_string(X.shape()));
    ht::detail::check(y.ndim() == 1, who, ": y must be 1-D, got shape ", to_string(y.shape()));
    ht::detail::check(X.shape()[0] == y.shape()[0], who, ": X has ", X.shape()[0], " samples, y has ", y.shape()[0]);
    ht::detail::check(X.shape()[0] > 0, who, ": no samples");
    ht::detail::check(X.comm() == y.comm(), "operands live on different communicators");
    if (sw) {
      ht::detail::check(sw->ndim() == 1 && sw->shape()[0] == X.shape()[0], who, ": sample_weight has shape ",
                        to_string(sw->shape()), ", X has ", X.shape()[0], " samples");
      ht::detail::check(X.comm() == sw->comm(), "operands live on different communicators");
    }
    return X;
  }

  /// Column sums and the sum of y (this rank's rows, on all its threads)
  /// into a[0, d], weighted when weights are given (then their sum into a[d + 1]).
  void local_sums(double* a) const {
    ht::detail::slice_sums part(pass_cut, d + 2);
    const std::int64_t dd = d;
    const T *xp = x, *yp = yv;
    const double* wp = root_w.empty() ? nullptr : root_w.data();
    ht::detail::for_each_slice(pass_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
      double* sk = part.of(k);
      simd::dispatch(pass_level, [&]() HEAT_SIMD_BODY {
        for (std::int64_t i = lo; i < hi; ++i) {
          const T* xi = xp + i * dd;
          const double wi = wp ? wp[i] : 1.0;
#pragma omp simd
          for (std::int64_t j = 0; j < dd; ++j) sk[j] += wi * xi[j];
          sk[dd] += wi * yp[i];
          sk[dd + 1] += wi;
        }
      });
    });
    part.join_into(a);
  }

  /// The first bad value of this rank's rows (X's, y's or a weight, by
  /// row), refused at `point`.
  void refuse_bad(ht::detail::agreement_point& point) const {
    const std::int64_t at = ml::detail::first_non_finite(x, rows * d), at_y = ml::detail::first_non_finite(yv, rows);
    std::int64_t at_w = rows;
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(root_w.size()) && at_w == rows; ++i)
      if (!(root_w[i] >= 0 && root_w[i] <= std::numeric_limits<double>::max())) at_w = i;
    const std::int64_t row = std::min({at / std::max<std::int64_t>(d, 1), at_y, at_w});
    if (row == rows) return;
    if (at < rows * d && at / d == row)
      ml::detail::refuse_non_finite(point, who, "X", x, at, d, X.offset());
    else if (at_y == row)
      ml::detail::refuse_non_finite(point, who, "y", yv, at_y, 0, X.offset());
    else
      point.fail(ht::detail::error_kind::value,
                 ht::detail::concat(who, ": sample_weight holds ", root_w[at_w], " at row ", X.offset() + at_w,
                                    " (weights must be finite and non-negative)"));
  }

  /// The (weighted) means, and an agreement point's flag riding on their
  /// one collective: a NaN or inf in this rank's rows, or a negative
  /// weight, is refused on every rank; finite values whose sums overflow
  /// are told apart after the collective. Then the weights become the
  /// square roots of themselves rescaled to sum to n.
  void means(bool intercept) {
    ht::detail::agreement_point finite(comm(), point, ht::detail::error_kind::value);
    const auto first = ht::detail::host_buffer<double>("heat::lasso::means", static_cast<std::size_t>(d + 3));
    local_sums(first.data());
    if (!std::all_of(first.data(), first.data() + d + 2, [](double v) { return std::isfinite(v); }) ||
        std::any_of(root_w.begin(), root_w.end(), [](double v) { return !(v >= 0); }))
      refuse_bad(finite);
    first(d + 2) = finite.flag();
    if (X.split()) {
      sum(first);
      finite.conclude(first(d + 2));
    } else {
      finite.conclude();
    }
    for (std::int64_t j = 0; j <= d; ++j)
      ht::detail::check(std::isfinite(first(j)), who, ": the values of ",
                        j < d ? "column " + std::to_string(j) + " of X" : std::string("y"),
                        " overflow float64 when summed (finite values, infinite sum): scale the data");
    const double total = first(d + 1);
    ht::detail::check(std::isfinite(total) && total > 0, who, ": the sample weights sum to ", total,
                      " (a positive, finite sum is needed)");
    for (double& w : root_w) w = std::sqrt(w * (static_cast<double>(n) / total));
    if (!intercept) return;
    for (std::int64_t j = 0; j < d; ++j) mu[j] = first(j) / total;
    y_mean = first(d) / total;
  }
};

}  // namespace ht::regression::detail

#endif
