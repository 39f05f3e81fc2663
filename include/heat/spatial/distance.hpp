#ifndef HEAT_SPATIAL_DISTANCE_HPP
#define HEAT_SPATIAL_DISTANCE_HPP

#include "heat/comm/resplit.hpp"
#include "heat/comm/ring.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/spatial/metric.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace ht::spatial {

/// Euclidean distances between the rows of X (n x d) and Y (m x d): n x m,
/// split 0 like X (split 1 when only Y is split). By the quadratic expansion
/// |x|^2 + |y|^2 - 2 x.y with one local GEMM per block, clamped at zero;
/// squared = true skips the square root. Y split along its rows travels
/// around a ring, so neither operand is gathered on one rank.
template <class T>
DNDarray<T> cdist(const DNDarray<T>& X, const DNDarray<T>& Y, bool squared = false);

/// Distances under any metric (heat/spatial/metric.hpp) between the rows of
/// X and Y, laid out as cdist: sqeuclidean and euclidean by the quadratic
/// expansion above, every other metric term by term (M's fold of M's terms).
template <metric M, class T>
DNDarray<T> cdist(const DNDarray<T>& X, const DNDarray<T>& Y, M);

/// Manhattan (L1) distances between the rows of X and Y, laid out as cdist:
/// cdist(X, Y, cityblock{}) (errors name manhattan).
template <class T>
DNDarray<T> manhattan(const DNDarray<T>& X, const DNDarray<T>& Y);

// ---------------------------------------------------------------------------

namespace detail {

/// The shared plan of every pairwise measure: block(x, rows, y, cols, out,
/// ldo) fills the distances between `rows` rows of x and `cols` rows of y.
template <class T, class Block>
DNDarray<T> pairwise(const char* name, const DNDarray<T>& x_in, const DNDarray<T>& y_in, Block&& block) {
  static_assert(std::is_floating_point_v<T>, "distances are computed in float or double");
  ht::detail::check(x_in.ndim() == 2 && y_in.ndim() == 2, name, " needs 2-D arrays, got ", to_string(x_in.shape()),
                    " and ", to_string(y_in.shape()));
  ht::detail::check(x_in.shape()[1] == y_in.shape()[1], name,
                    ": X and Y have different numbers of features: ", to_string(x_in.shape()), " and ",
                    to_string(y_in.shape()));
  ht::detail::check(x_in.comm() == y_in.comm(), "operands live on different communicators");
  const DNDarray<T> x = x_in.split() == 1 ? resplit(x_in, 0) : x_in;
  const DNDarray<T> y = y_in.split() == 1 ? resplit(y_in, 0) : y_in;
  const communicator& comm = x.comm();
  const int p = comm.size();
  const std::int64_t n = x.shape()[0], m = y.shape()[0], d = x.shape()[1];
  const auto xh = ht::detail::host_block(x);
  if (!x.split() && y.split()) {
    // Only Y split: each rank its columns of the result.
    const std::int64_t cols = y.lshape()[0];
    const auto yh = ht::detail::host_block(y);
    const ht::detail::host_result<T> out(distribution(shape_t{n, m}, 1, p, y.dist().counts()), comm);
    block(xh.data(), n, yh.data(), cols, out.data(), cols);
    return out.finish();
  }
  const std::int64_t rows = x.lshape()[0];
  const ht::detail::host_result<T> out(
      distribution(shape_t{n, m}, x.split(), p, x.split() ? x.dist().counts() : std::vector<std::int64_t>{}), comm);
  if (!y.split()) {
    const auto yh = ht::detail::host_block(y);
    block(xh.data(), rows, yh.data(), m, out.data(), m);
  } else {
    const auto counts = y.dist().counts();
    const auto displs = ht::detail::displs_of(counts);
    std::vector<std::int64_t> sizes(counts.size());
    for (std::size_t r = 0; r < counts.size(); ++r) sizes[r] = counts[r] * d;
    ht::detail::ring(comm, y.local_view(), sizes, [&](const T* blk, int o) {
      const auto uo = static_cast<std::size_t>(o);
      block(xh.data(), rows, blk, counts[uo], out.data() + displs[uo], m);
    });
  }
  return out.finish();
}

}  // namespace detail

template <class T>
DNDarray<T> cdist(const DNDarray<T>& X, const DNDarray<T>& Y, bool squared) {
  const std::int64_t d = X.ndim() == 2 ? X.shape()[1] : 0;
  return detail::pairwise("cdist", X, Y,
                          [&](const T* x, std::int64_t rows, const T* y, std::int64_t cols, T* out, std::int64_t ldo) {
                            std::vector<T> xx(static_cast<std::size_t>(rows)), yy(static_cast<std::size_t>(cols));
                            for (std::int64_t i = 0; i < rows; ++i) {
                              T s = 0;
                              for (std::int64_t k = 0; k < d; ++k) s += x[i * d + k] * x[i * d + k];
                              xx[static_cast<std::size_t>(i)] = s;
                            }
                            for (std::int64_t j = 0; j < cols; ++j) {
                              T s = 0;
                              for (std::int64_t k = 0; k < d; ++k) s += y[j * d + k] * y[j * d + k];
                              yy[static_cast<std::size_t>(j)] = s;
                            }
                            // out = -2 x y^T (OpenBLAS' threads), then the squared norms
                            // added and clamped at zero, rows on all of the rank's threads.
                            linalg::detail::gemm<T>(rows, cols, d, T(-2), x, d, y, d, true, T(0), out, ldo);
                            const auto cut = ht::detail::cut_rows(rows, 65536 / (cols + 1) + 1);
                            ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
                              for (std::int64_t i = lo; i < hi; ++i) {
                                T* o = out + i * ldo;
                                const T xi = xx[static_cast<std::size_t>(i)];
                                for (std::int64_t j = 0; j < cols; ++j) {
                                  const T v = std::max(T(0), o[j] + xi + yy[static_cast<std::size_t>(j)]);
                                  o[j] = squared ? v : std::sqrt(v);
                                }
                              }
                            });
                          });
}

namespace detail {

/// Distances under M term by term (`name` for messages).
template <metric M, class T>
DNDarray<T> termwise(const char* name, const DNDarray<T>& X, const DNDarray<T>& Y) {
  const std::int64_t d = X.ndim() == 2 ? X.shape()[1] : 0;
  return pairwise(name, X, Y,
                  [&](const T* x, std::int64_t rows, const T* y, std::int64_t cols, T* out, std::int64_t ldo) {
                    // Rows on all of the rank's threads.
                    const auto cut = ht::detail::cut_rows(rows, 65536 / (cols * d + 1) + 1);
                    ht::detail::for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
                      for (std::int64_t i = lo; i < hi; ++i)
                        for (std::int64_t j = 0; j < cols; ++j)
                          out[i * ldo + j] = static_cast<T>(distance<M>(x + i * d, y + j * d, d));
                    });
                  });
}

}  // namespace detail

template <metric M, class T>
DNDarray<T> cdist(const DNDarray<T>& X, const DNDarray<T>& Y, M) {
  if constexpr (std::is_same_v<M, sqeuclidean> || std::is_same_v<M, euclidean>)
    return cdist(X, Y, std::is_same_v<M, sqeuclidean>);
  else
    return detail::termwise<M>("cdist", X, Y);
}

template <class T>
DNDarray<T> manhattan(const DNDarray<T>& X, const DNDarray<T>& Y) {
  return detail::termwise<cityblock>("manhattan", X, Y);
}

}  // namespace ht::spatial

#endif
