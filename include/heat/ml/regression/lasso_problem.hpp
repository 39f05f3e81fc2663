#ifndef HEAT_ML_REGRESSION_LASSO_PROBLEM_HPP
#define HEAT_ML_REGRESSION_LASSO_PROBLEM_HPP

/// X and y as Lasso's solvers see them (lasso_problem): this rank's rows of
/// both on the host, aligned; the column means and y's mean (one
/// collective, which also agrees that every value is finite).
///
/// Contract: after construction every rank holds the same n, d, mu, y_mean
/// (zero without an intercept) and has thrown the same error for bad input
/// (shapes, NaN/inf, sums that overflow). `sum` adds a buffer over the
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
#include <string>
#include <vector>

namespace ht::regression::detail {

template <class T>
struct lasso_problem {
  DNDarray<T> X, y;  // X split 0 or replicated, y's rows with X's
  typename local_view_t<T>::HostMirror xh, yh;
  const T *x = nullptr, *yv = nullptr;
  std::int64_t n = 0, d = 0, rows = 0;
  std::vector<double> mu;  // column means (zero without an intercept)
  double y_mean = 0;
  ht::detail::row_cut pass_cut;  // the rows in slices for row-major passes

  lasso_problem(const DNDarray<T>& X_in, const DNDarray<T>& y_in, bool intercept)
      : X(checked(X_in, y_in).split() == 1 ? resplit(X_in, 0) : X_in),
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
    means(intercept);
  }

  const communicator& comm() const { return X.comm(); }
  template <class View>
  void sum(const View& v) const {
    if (X.split()) allreduce(comm(), v, reduce_op::sum);
  }

 private:
  static const DNDarray<T>& checked(const DNDarray<T>& X, const DNDarray<T>& y) {
    ht::detail::check(X.ndim() == 2, "Lasso.fit: X must be 2-D (samples x features), got shape ", to_string(X.shape()));
    ht::detail::check(y.ndim() == 1, "Lasso.fit: y must be 1-D, got shape ", to_string(y.shape()));
    ht::detail::check(X.shape()[0] == y.shape()[0], "Lasso.fit: X has ", X.shape()[0], " samples, y has ",
                      y.shape()[0]);
    ht::detail::check(X.shape()[0] > 0, "Lasso.fit: no samples");
    ht::detail::check(X.comm() == y.comm(), "operands live on different communicators");
    return X;
  }

  /// Column sums and the sum of y (this rank's rows, on all its threads) into a[0, d].
  void local_sums(double* a) const {
    ht::detail::slice_sums part(pass_cut, d + 1);
    const std::int64_t dd = d;
    const T *xp = x, *yp = yv;
    ht::detail::for_each_slice(pass_cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
      double* sk = part.of(k);
      simd::dispatch(pass_level, [&]() HEAT_SIMD_BODY {
        for (std::int64_t i = lo; i < hi; ++i) {
          const T* xi = xp + i * dd;
#pragma omp simd
          for (std::int64_t j = 0; j < dd; ++j) sk[j] += xi[j];
          sk[dd] += yp[i];
        }
      });
    });
    part.join_into(a);
  }

  /// The means, and an agreement point's flag riding on their one
  /// collective: a NaN or inf in this rank's rows (the first one, X's or
  /// y's, by row) is refused on every rank; finite values whose sums
  /// overflow are told apart after the collective.
  void means(bool intercept) {
    ht::detail::agreement_point finite(comm(), "Lasso.fit: values", ht::detail::error_kind::value);
    const auto first = ht::detail::host_buffer<double>("heat::lasso::means", static_cast<std::size_t>(d + 2));
    local_sums(first.data());
    if (!std::all_of(first.data(), first.data() + d + 1, [](double v) { return std::isfinite(v); })) {
      const std::int64_t at = ml::detail::first_non_finite(x, rows * d), at_y = ml::detail::first_non_finite(yv, rows);
      if (at < rows * d && at / d <= at_y)
        ml::detail::refuse_non_finite(finite, "Lasso.fit", "X", x, at, d, X.offset());
      else if (at_y < rows)
        ml::detail::refuse_non_finite(finite, "Lasso.fit", "y", yv, at_y, 0, X.offset());
    }
    first(d + 1) = finite.flag();
    if (X.split()) {
      sum(first);
      finite.conclude(first(d + 1));
    } else {
      finite.conclude();
    }
    for (std::int64_t j = 0; j <= d; ++j)
      ht::detail::check(std::isfinite(first(j)), "Lasso.fit: the values of ",
                        j < d ? "column " + std::to_string(j) + " of X" : std::string("y"),
                        " overflow float64 when summed (finite values, infinite sum): scale the data");
    if (!intercept) return;
    for (std::int64_t j = 0; j < d; ++j) mu[j] = first(j) / static_cast<double>(n);
    y_mean = first(d) / static_cast<double>(n);
  }
};

}  // namespace ht::regression::detail

#endif
