#ifndef HEAT_LINALG_MATMUL_HPP
#define HEAT_LINALG_MATMUL_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/comm/ring.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/indexing.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/types.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/linalg/blas.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace ht {

/// Matrix product like NumPy's `a @ b` for 1-D and 2-D operands of any split
/// combination, and stacks of matrices (N-d: the last two axes, the batch axes
/// broadcast; detail::matmul_stacks says what moves). Local blocks by BLAS
/// (float, double) or a plain loop; split operands are never gathered on one
/// rank: row or column blocks of b travel around a ring, or partial products
/// over split inner dimensions are summed with one Reduce_scatter. See
/// docs/linalg.md for the plan of each case.
template <class TA, class TB>
DNDarray<promote_t<TA, TB>> matmul(const DNDarray<TA>& a, const DNDarray<TB>& b);

/// Inner product of two vectors (a 0-d array), else matmul.
template <class TA, class TB>
DNDarray<promote_t<TA, TB>> dot(const DNDarray<TA>& a, const DNDarray<TB>& b);

// ---------------------------------------------------------------------------

namespace detail {

/// 2-D times 2-D, both of element type T.
template <class T>
DNDarray<T> matmul2(const DNDarray<T>& a, const DNDarray<T>& b) {
  const communicator& comm = a.comm();
  const int p = comm.size();
  const std::int64_t n = a.shape()[0], k = a.shape()[1], m = b.shape()[1];
  const split_t sa = a.split(), sb = b.split();
  if (sa == 1 && sb == 1) return matmul2(resplit(a, 0), b);  // one Alltoallv of a, then the ring below
  using host_view = Kokkos::View<T*, Kokkos::HostSpace>;
  const auto ah = host_block(a);
  if (sa == 0 || (!sa && !sb)) {
    // C keeps a's rows: local rows times all of b.
    const std::int64_t rows = a.lshape()[0];
    const host_result<T> c(distribution(shape_t{n, m}, sa, p, sa ? a.dist().counts() : std::vector<std::int64_t>{}),
                           comm);
    if (!sb) {
      const auto bh = host_block(b);
      linalg::detail::gemm<T>(rows, m, k, T(1), ah.data(), k, bh.data(), m, false, T(0), c.data(), m);
    } else {
      const auto counts = b.dist().counts();
      const auto displs = displs_of(counts);
      std::vector<std::int64_t> sizes(counts.size());
      for (std::size_t r = 0; r < counts.size(); ++r) sizes[r] = counts[r] * (*sb == 0 ? m : k);
      bool first = true;
      ring(comm, b.local_view(), sizes, [&](const T* blk, int o) {
        const auto uo = static_cast<std::size_t>(o);
        if (*sb == 0) {  // rows [displs[o], +counts[o]) of b: C += A(:, those columns) * block
          linalg::detail::gemm<T>(rows, m, counts[uo], T(1), ah.data() + displs[uo], k, blk, m, false,
                                  first ? T(0) : T(1), c.data(), m);
          first = false;
        } else {  // columns of b: C(:, those columns) = A * block
          linalg::detail::gemm<T>(rows, counts[uo], k, T(1), ah.data(), k, blk, counts[uo], false, T(0),
                                  c.data() + displs[uo], m);
        }
      });
    }
    return c.finish();
  }
  if (!sa && sb == 1) {
    // C keeps b's columns.
    const std::int64_t cols = b.lshape()[1];
    const auto bh = host_block(b);
    const host_result<T> c(distribution(shape_t{n, m}, 1, p, b.dist().counts()), comm);
    linalg::detail::gemm<T>(n, cols, k, T(1), ah.data(), k, bh.data(), cols, false, T(0), c.data(), cols);
    return c.finish();
  }
  // The inner dimension is split (a by columns and/or b by rows): each rank
  // multiplies its slice of k, the partial n x m products are summed and
  // scattered by rows with one Reduce_scatter.
  host_view part("heat::matmul::partial", static_cast<std::size_t>(n * m));
  if (sa == 1) {
    const std::int64_t kr = a.lshape()[1], k0 = a.offset();
    if (!sb) {
      const auto bh = host_block(b);
      linalg::detail::gemm<T>(n, m, kr, T(1), ah.data(), kr, bh.data() + k0 * m, m, false, T(0), part.data(), m);
    } else {
      const distribution want(b.shape(), 0, p, a.dist().counts());
      const DNDarray<T> bb =
          b.dist() == want ? b : DNDarray<T>(want, comm, redistribute(comm, b.local_view(), b.dist(), want));
      const auto bh = host_block(bb);
      linalg::detail::gemm<T>(n, m, kr, T(1), ah.data(), kr, bh.data(), m, false, T(0), part.data(), m);
    }
  } else {  // a replicated, b split along rows
    const std::int64_t kr = b.lshape()[0], k0 = b.offset();
    const auto bh = host_block(b);
    linalg::detail::gemm<T>(n, m, kr, T(1), ah.data() + k0, k, bh.data(), m, false, T(0), part.data(), m);
  }
  const host_result<T> c(distribution::balanced(shape_t{n, m}, 0, p), comm);
  std::vector<std::int64_t> counts = c.array.dist().counts();
  for (auto& r : counts) r *= m;
  reduce_scatter(comm, part, c.block, counts, std::is_same_v<T, bool> ? reduce_op::lor : reduce_op::sum);
  return c.finish();
}

/// Matrix f (row-major over the broadcast batch shape) of the stack x, its
/// batch axes of extent 1 broadcast: a 2-D view of x.
template <class T>
DNDarray<T> matrix_of(const DNDarray<T>& x, const shape_t& batch, std::int64_t f) {
  const std::int64_t lead = static_cast<std::int64_t>(batch.size()) - (x.ndim() - 2);
  std::vector<axis_slice> s(static_cast<std::size_t>(x.ndim()));
  for (std::int64_t d = static_cast<std::int64_t>(batch.size()) - 1; d >= 0; --d) {
    const std::int64_t c = f % batch[static_cast<std::size_t>(d)];
    f /= batch[static_cast<std::size_t>(d)];
    if (d >= lead) {
      const std::int64_t extent = x.shape()[static_cast<std::size_t>(d - lead)];
      s[static_cast<std::size_t>(d - lead)] = {extent == 1 ? 0 : c, 1, 1, true};
    }
  }
  for (std::int64_t d = x.ndim() - 2; d < x.ndim(); ++d)
    s[static_cast<std::size_t>(d)] = {0, 1, x.shape()[static_cast<std::size_t>(d)], false};
  return view_node<T>(x, std::move(s)).array();
}

/// Whether each rank can multiply its own matrices of the stack a by b's:
/// a split along a batch axis (or replicated) and b one replicated matrix,
/// or b a stack of a's shape laid out as a.
template <class T>
bool local_stacks(const DNDarray<T>& a, const DNDarray<T>& b) {
  const bool a_batch_split = !a.split() || *a.split() < a.ndim() - 2;
  if (b.ndim() == 2) return a_batch_split && !b.split();
  shape_t ab(a.shape().begin(), a.shape().end() - 2), bb(b.shape().begin(), b.shape().end() - 2);
  return a_batch_split && ab == bb && a.split() == b.split() && a.dist().counts() == b.dist().counts();
}

/// The matrices of the stacks a (..., n, k) and b (..., k, m), their batch
/// axes broadcast: each rank multiplies its own when local_stacks says so
/// (no message); otherwise matrix by matrix through the 2-D plan (views of
/// each pair, then stacked and reshaped: the 2-D plan's messages per matrix).
template <class T>
DNDarray<T> matmul_stacks(const DNDarray<T>& a, const DNDarray<T>& b) {
  const shape_t ab(a.shape().begin(), a.shape().end() - 2), bb(b.shape().begin(), b.shape().end() - 2);
  const shape_t batch = broadcast_shapes(ab, bb);
  const std::int64_t n = a.shape()[a.ndim() - 2], k = a.shape().back(), m = b.shape().back();
  shape_t shape = batch;
  shape.push_back(n);
  shape.push_back(m);
  if (ab == batch && local_stacks(a, b)) {
    host_result<T> c(distribution(shape, a.split(), a.comm().size(), a.dist().counts()), a.comm());
    const auto ah = host_block(a);
    const auto bh = host_block(b);
    const std::int64_t count = n * k == 0 ? 0 : a.lsize() / (n * k);
    for (std::int64_t i = 0; i < count; ++i)
      linalg::detail::gemm<T>(n, m, k, T(1), ah.data() + i * n * k, k, bh.data() + (b.ndim() == 2 ? 0 : i * k * m), m,
                              false, T(0), c.data() + i * n * m, m);
    return c.finish();
  }
  const std::int64_t total = shape_size(batch);
  std::vector<DNDarray<T>> products;
  for (std::int64_t f = 0; f < total; ++f) products.push_back(matmul2(matrix_of(a, batch, f), matrix_of(b, batch, f)));
  if (products.empty()) return DNDarray<T>(distribution::balanced(shape, none, a.comm().size()), a.comm());
  return reshape(stack(products, 0), shape);
}

}  // namespace detail

template <class TA, class TB>
DNDarray<promote_t<TA, TB>> matmul(const DNDarray<TA>& a, const DNDarray<TB>& b) {
  using R = promote_t<TA, TB>;
  detail::check(a.ndim() >= 1 && b.ndim() >= 1, "matmul: input operand does not have enough dimensions (",
                to_string(a.shape()), " @ ", to_string(b.shape()), ")");
  detail::check(a.comm() == b.comm(), "operands live on different communicators");
  const std::int64_t ka = a.shape().back(), kb = b.shape()[b.ndim() == 1 ? 0 : b.ndim() - 2];
  detail::check(ka == kb, "matmul: mismatch in the inner dimension: ", to_string(a.shape()), " @ ",
                to_string(b.shape()), " (", ka, " != ", kb, ")");
  const DNDarray<R> ar = [&] {
    if constexpr (std::is_same_v<TA, R>)
      return a;
    else
      return a.template astype<R>();
  }();
  const DNDarray<R> br = [&] {
    if constexpr (std::is_same_v<TB, R>)
      return b;
    else
      return b.template astype<R>();
  }();
  if (a.ndim() == 1 && b.ndim() == 1) return sum(ar * br).template astype<R>();
  if (a.ndim() > 2 || b.ndim() > 2) {
    // Stacks of matrices; 1-D operands as NumPy's: a row, or a column, removed after.
    const DNDarray<R> c =
        detail::matmul_stacks(a.ndim() == 1 ? expand_dims(ar, 0) : ar, b.ndim() == 1 ? expand_dims(br, 1) : br);
    if (a.ndim() == 1) return squeeze(c, c.ndim() - 2);
    if (b.ndim() == 1) return squeeze(c, c.ndim() - 1);
    return c;
  }
  const DNDarray<R> c =
      detail::matmul2(a.ndim() == 1 ? expand_dims(ar, 0) : ar, b.ndim() == 1 ? expand_dims(br, 1) : br);
  if (a.ndim() == 1) return squeeze(c, 0);
  if (b.ndim() == 1) return squeeze(c, 1);
  return c;
}

/// dot with a scalar operand: the product (NumPy's), as a new array.
template <scalar S, class T>
auto dot(S s, const DNDarray<T>& x) {
  return eval(s * x);
}
template <class T, scalar S>
auto dot(const DNDarray<T>& x, S s) {
  return eval(x * s);
}

template <class TA, class TB>
DNDarray<promote_t<TA, TB>> dot(const DNDarray<TA>& a, const DNDarray<TB>& b) {
  // NumPy's words for operands that do not line up.
  if (a.ndim() >= 1 && b.ndim() >= 1 && a.ndim() <= 2 && b.ndim() <= 2)
    detail::check(a.shape().back() == b.shape()[0], "dot: shapes ", to_string(a.shape()), " and ", to_string(b.shape()),
                  " not aligned: ", a.shape().back(), " (dim ", a.ndim() - 1, ") != ", b.shape()[0], " (dim 0)");
  return matmul(a, b);
}

}  // namespace ht

#endif
