#ifndef HEAT_LINALG_BLAS_HPP
#define HEAT_LINALG_BLAS_HPP

#include "heat/core/errors.hpp"

#include <xtensor-blas/xblas.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <type_traits>

// OpenBLAS' thread count, where the program links OpenBLAS (weak: with
// another BLAS these are null and nothing changes).
extern "C" {
void openblas_set_num_threads(int) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
}

namespace ht::linalg::detail {

/// While it lives, BLAS calls run on the calling thread only (OpenBLAS:
/// openblas_set_num_threads(1), restored after): for BLAS called from each
/// of the rank's own threads at once (heat/core/host_threads.hpp), where
/// OpenBLAS' own threads would only compete with them. `on` false: nothing.
class single_threaded_blas {
 public:
  explicit single_threaded_blas(bool on) {
    if (on && ::openblas_set_num_threads && ::openblas_get_num_threads) {
      m_before = ::openblas_get_num_threads();
      if (m_before > 1) ::openblas_set_num_threads(1);
    }
  }
  ~single_threaded_blas() {
    if (m_before > 1) ::openblas_set_num_threads(m_before);
  }
  single_threaded_blas(const single_threaded_blas&) = delete;
  single_threaded_blas& operator=(const single_threaded_blas&) = delete;

 private:
  int m_before = 0;
};

/// C = alpha * op(A) * op(B) + beta * C on host row-major blocks, op(A) m x k,
/// op(B) k x n (transposed when trans_b: B is then n x k). float and double
/// go to BLAS through xtensor-blas' cxxblas front; other element types use a
/// plain loop in their own type (as NumPy's integer matmul does).
template <class T>
void gemm(std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a, std::int64_t lda, const T* b,
          std::int64_t ldb, bool trans_b, T beta, T* c, std::int64_t ldc) {
  if (m == 0 || n == 0) return;
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    // A rank's row count is its own: more rows than an int counts go in
    // pieces, so no rank fails here alone. The other extents are the
    // matrices' global ones, the same on every rank.
    ht::detail::check(n <= INT_MAX && k <= INT_MAX && lda <= INT_MAX && ldb <= INT_MAX && ldc <= INT_MAX,
                      "matrix too large for 32-bit BLAS: ", n, " columns, inner dimension ", k);
    if (m > INT_MAX) {
      for (std::int64_t r = 0; r < m; r += INT_MAX)
        gemm(std::min<std::int64_t>(INT_MAX, m - r), n, k, alpha, a + r * lda, lda, b, ldb, trans_b, beta, c + r * ldc,
             ldc);
      return;
    }
    if (k == 0) {
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < n; ++j) c[i * ldc + j] = beta == T(0) ? T(0) : beta * c[i * ldc + j];
      return;
    }
    cxxblas::gemm(cxxblas::RowMajor, cxxblas::NoTrans, trans_b ? cxxblas::Trans : cxxblas::NoTrans, static_cast<int>(m),
                  static_cast<int>(n), static_cast<int>(k), alpha, a, static_cast<int>(lda), b, static_cast<int>(ldb),
                  beta, c, static_cast<int>(ldc));
  } else {
    for (std::int64_t i = 0; i < m; ++i) {
      T* ci = c + i * ldc;
      for (std::int64_t j = 0; j < n; ++j) ci[j] = beta == T(0) ? T(0) : static_cast<T>(beta * ci[j]);
      for (std::int64_t p = 0; p < k; ++p) {
        const T aip = static_cast<T>(alpha * a[i * lda + p]);
        if constexpr (std::is_same_v<T, bool>) {
          if (!aip) continue;
          for (std::int64_t j = 0; j < n; ++j) ci[j] = ci[j] || (trans_b ? b[j * ldb + p] : b[p * ldb + j]);
        } else {
          for (std::int64_t j = 0; j < n; ++j)
            ci[j] = static_cast<T>(ci[j] + aip * (trans_b ? b[j * ldb + p] : b[p * ldb + j]));
        }
      }
    }
  }
}

/// y = alpha * op(A) x + beta * y for a host row-major m x n block A, op(A)
/// A (y has m entries) or A^T when trans (y has n): float or double through
/// BLAS, no copy of A (gemm with one column packs all of A first). A rank's
/// rows go in pieces an int counts.
template <class T>
void gemv(std::int64_t m, std::int64_t n, T alpha, const T* a, std::int64_t lda, bool trans, const T* x, T beta, T* y) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "gemv takes float or double");
  const std::int64_t out = trans ? n : m;
  if (m == 0 || n == 0) {  // BLAS returns without scaling y then
    for (std::int64_t i = 0; i < out; ++i) y[i] = beta == T(0) ? T(0) : beta * y[i];
    return;
  }
  ht::detail::check(n <= INT_MAX && lda <= INT_MAX, "matrix too large for 32-bit BLAS: ", n, " columns");
  for (std::int64_t r = 0; r < m; r += INT_MAX) {
    const auto rows = static_cast<int>(std::min<std::int64_t>(INT_MAX, m - r));
    cxxblas::gemv<int>(cxxblas::RowMajor, trans ? cxxblas::Trans : cxxblas::NoTrans, rows, static_cast<int>(n), alpha,
                       a + r * lda, static_cast<int>(lda), trans ? x + r : x, 1, r == 0 || !trans ? beta : T(1),
                       trans ? y : y + r, 1);
  }
}

/// C += A^T A for a host row-major m x n block A (C n x n, row-major): the
/// Gram matrix of A's rows, float or double, through BLAS.
template <class T>
void gram_update(std::int64_t m, std::int64_t n, const T* a, std::int64_t lda, T* c, std::int64_t ldc) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "gram_update takes float or double");
  if (m == 0 || n == 0) return;
  // Rows in pieces an int counts (a rank's row count is its own); n is global.
  ht::detail::check(n <= INT_MAX && lda <= INT_MAX && ldc <= INT_MAX, "matrix too large for 32-bit BLAS: ", n,
                    " columns");
  if (m > INT_MAX) {
    for (std::int64_t r = 0; r < m; r += INT_MAX)
      gram_update(std::min<std::int64_t>(INT_MAX, m - r), n, a + r * lda, lda, c, ldc);
    return;
  }
  cxxblas::gemm(cxxblas::RowMajor, cxxblas::Trans, cxxblas::NoTrans, static_cast<int>(n), static_cast<int>(n),
                static_cast<int>(m), T(1), a, static_cast<int>(lda), a, static_cast<int>(lda), T(1), c,
                static_cast<int>(ldc));
}

}  // namespace ht::linalg::detail

#endif
