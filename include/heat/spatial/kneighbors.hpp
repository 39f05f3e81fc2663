#ifndef HEAT_SPATIAL_KNEIGHBORS_HPP
#define HEAT_SPATIAL_KNEIGHBORS_HPP

/// The k nearest rows of a distributed reference set for every query row
/// (scikit-learn's NearestNeighbors.kneighbors; the search under
/// KNeighborsClassifier), never holding a query x reference matrix.
///
/// Contract:
/// - kneighbors<Metric>(X, Q, k): X n x d (the reference rows), Q m x d (the
///   queries), each split 0, split 1 (resplit to 0) or replicated; k in
///   [1, n] (ValueError on every rank otherwise). Returns the distances
///   (T, finished as cdist reports them) and the global row indices of X
///   (int64), both m x k, split like Q (split 0, or replicated), each row
///   ascending by (distance, index): ties go to the lower index, so the
///   result is the same at every rank count.
/// - Distribution: the blocks of a split X travel around the ring of ranks
///   (heat/comm/ring.hpp, P - 1 point-to-point steps overlapped with the
///   work); each rank offers every visiting row to its own queries' top-k
///   lists. A replicated X: no message. A replicated Q: each rank searches
///   its balanced share of the queries, then one Allgatherv.
/// - Work: queries in tiles of 64 against the visiting block in tiles of
///   2048; for the Euclidean family one BLAS gemm per tile screens the
///   pairs (|q|^2 + |x|^2 - 2 q.x, scikit-learn's formula, on the rows
///   centred at the block's means and rounded to float, with a margin for
///   that rounding; in T where float could overflow) and a pair that may
///   enter a list is decided by its exact distance (summed in double,
///   feature by feature): the lists are an exact search's. Other metrics are summed term by term
///   (heat/spatial/metric.hpp).
/// - The search core (detail::nearest_k) also carries one payload column
///   of the reference rows (a class index: KNeighborsClassifier).

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/comm/ring.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/spatial/metric.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht::spatial {

namespace detail {

/// Every query row's best k so far: (raw distance, global index) ascending,
/// with each one's payload.
struct top_k {
  std::int64_t k;
  std::vector<double> key;
  std::vector<std::int64_t> index, payload;
  top_k(std::int64_t rows, std::int64_t k_)
      : k(k_),
        key(static_cast<std::size_t>(rows * k_), std::numeric_limits<double>::infinity()),
        index(static_cast<std::size_t>(rows * k_), std::numeric_limits<std::int64_t>::max()),
        payload(index.size(), -1) {}
  /// The largest raw distance row's list holds (infinity while not full).
  double bound(std::int64_t row) const { return key[static_cast<std::size_t>(row * k + k - 1)]; }
  /// Offers (v, g) to row's list.
  void offer(std::int64_t row, double v, std::int64_t g, std::int64_t pay) {
    const std::int64_t base = row * k;
    if (!(v < key[base + k - 1] || (v == key[base + k - 1] && g < index[base + k - 1]))) return;
    std::int64_t at = k - 1;
    while (at > 0 && (key[base + at - 1] > v || (key[base + at - 1] == v && index[base + at - 1] > g))) {
      key[base + at] = key[base + at - 1];
      index[base + at] = index[base + at - 1];
      payload[base + at] = payload[base + at - 1];
      --at;
    }
    key[base + at] = v;
    index[base + at] = g;
    payload[base + at] = pay;
  }
};

/// The reference rows of one block: rows of `width` values, the first d the
/// point, the next (when width > d) the payload; global first index `first`.
template <class T>
struct ref_block {
  const T* x;
  std::int64_t rows, width, d, first;
  std::int64_t payload(std::int64_t r) const { return width > d ? static_cast<std::int64_t>(x[r * width + d]) : -1; }
};

/// The rows a screen reads: x (rows x d, row stride `stride`) less
/// `centre`, rounded to S, and the squared norms of the rounded rows.
template <class S>
struct screen_rows {
  std::vector<S> v;
  std::vector<double> norm2;
  template <class T>
  screen_rows(const T* x, std::int64_t rows, std::int64_t stride, std::int64_t d, const std::vector<double>& centre)
      : v(static_cast<std::size_t>(rows * d)), norm2(static_cast<std::size_t>(rows), 0.0) {
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t j = 0; j < d; ++j) {
        const S c = static_cast<S>(static_cast<double>(x[r * stride + j]) - centre[j]);
        v[r * d + j] = c;
        norm2[r] += static_cast<double>(c) * static_cast<double>(c);
      }
  }
};

/// Offers the pairs of queries (qs) and block rows (xs) that the screen
/// keeps, by their exact distance: gemm tiles of 64 x 2048 give
/// |q|^2 + |x|^2 - 2 q.x of the rounded rows, whose error is below
/// slack (|q|^2 + |x|^2) + floor (see offer_block); a pair is kept when that
/// much below it could still enter its list. Rows are checked 16 at a time
/// (a vector compare) before any is offered.
template <class S, class T, class Exact>
void screen_pairs(top_k& best, const screen_rows<S>& qs, const screen_rows<S>& xs, std::int64_t d, double slack,
                  double floor, const ref_block<T>& b, Exact&& exact) {
  constexpr std::int64_t qc = 64, tc = 2048, step = 16;
  const auto qn = static_cast<std::int64_t>(qs.norm2.size());
  const double keep = 1.0 - slack;
  std::vector<double> kx(xs.norm2.size());
  for (std::size_t r = 0; r < kx.size(); ++r) kx[r] = keep * xs.norm2[r];
  std::vector<S> tile(static_cast<std::size_t>(qc * tc));
  for (std::int64_t q0 = 0; q0 < qn; q0 += qc) {
    const std::int64_t qm = std::min(qc, qn - q0);
    for (std::int64_t t0 = 0; t0 < b.rows; t0 += tc) {
      const std::int64_t tm = std::min(tc, b.rows - t0);
      linalg::detail::gemm<S>(qm, tm, d, S(-2), qs.v.data() + q0 * d, d, xs.v.data() + t0 * d, d, true, S(0),
                              tile.data(), tm);
      for (std::int64_t i = 0; i < qm; ++i) {
        const S* row = tile.data() + i * tm;
        const double* kt = kx.data() + t0;
        double limit = best.bound(q0 + i) - keep * qs.norm2[q0 + i] + floor;
        for (std::int64_t r0 = 0; r0 < tm; r0 += step) {
          const std::int64_t r1 = std::min(r0 + step, tm);
          int hits = 0;
          for (std::int64_t r = r0; r < r1; ++r) hits |= static_cast<int>(kt[r] + static_cast<double>(row[r]) <= limit);
          if (!hits) continue;
          for (std::int64_t r = r0; r < r1; ++r)
            if (kt[r] + static_cast<double>(row[r]) <= limit) {
              best.offer(q0 + i, exact(q0 + i, t0 + r), b.first + t0 + r, b.payload(t0 + r));
              limit = best.bound(q0 + i) - keep * qs.norm2[q0 + i] + floor;
            }
        }
      }
    }
  }
}

/// screen_pairs with the rows rounded to S and its margins for S (see offer_block).
template <class S, class T, class Exact>
void screen_in(top_k& best, const T* q, std::int64_t qn, const ref_block<T>& b, const std::vector<double>& centre,
               double largest, Exact&& exact) {
  const std::int64_t d = b.d;
  const double eps = static_cast<double>(std::numeric_limits<S>::epsilon());
  const double floor = 4.0 * static_cast<double>(d) * (2 * largest + 1) * std::numeric_limits<S>::min();
  screen_pairs(best, screen_rows<S>(q, qn, d, d, centre), screen_rows<S>(b.x, b.rows, b.width, d, centre), d,
               4.0 * static_cast<double>(d + 4) * eps, floor, b, exact);
}

/// Offers every row of block b to the lists of the queries q (qn x d).
/// Euclidean family: a screen by gemm (screen_pairs), the exact distance
/// (summed in double) deciding, so the lists are an exact search's. The
/// screen's rows are centred at the block's column means and rounded to
/// float (twice the gemm's speed of double) unless their values could
/// overflow float's products (d M^2 > 1e37, M the largest centred value:
/// then T). Its error: rounding each value to S moves a squared distance
/// by at most 4 u (|q|^2 + |x|^2), the gemm's sum by d u (|q|^2 + |x|^2)
/// (u: S's unit roundoff), values below S's normal range by an absolute
/// amount under 4 d (2 M + 1) min_S: the screen keeps a pair within
/// slack = 4 (d + 4) eps_S (eight times the relative part) and that floor.
template <metric M, class T>
void offer_block(top_k& best, const T* q, std::int64_t qn, const ref_block<T>& b) {
  const std::int64_t d = b.d, w = b.width;
  const auto exact = [&](std::int64_t i, std::int64_t r) {
    return static_cast<double>(raw_distance<M, double>(q + i * d, b.x + r * w, d));
  };
  if constexpr (std::is_base_of_v<sqeuclidean, M>) {
    std::vector<double> centre(static_cast<std::size_t>(d), 0.0);
    for (std::int64_t r = 0; r < b.rows; ++r)
      for (std::int64_t j = 0; j < d; ++j) centre[j] += static_cast<double>(b.x[r * w + j]);
    for (double& c : centre) c /= static_cast<double>(std::max<std::int64_t>(b.rows, 1));
    double largest = 0;
    const auto widest = [&](const T* x, std::int64_t rows, std::int64_t stride) {
      for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t j = 0; j < d; ++j) largest = std::max(largest, std::abs(x[r * stride + j] - centre[j]));
    };
    widest(b.x, b.rows, w);
    widest(q, qn, d);
    if (static_cast<double>(d) * largest * largest <= 1e37)
      screen_in<float>(best, q, qn, b, centre, largest, exact);
    else
      screen_in<T>(best, q, qn, b, centre, largest, exact);
  } else {
    for (std::int64_t i = 0; i < qn; ++i)
      for (std::int64_t r = 0; r < b.rows; ++r) best.offer(i, exact(i, r), b.first + r, b.payload(r));
  }
}

/// The k nearest reference rows of this rank's queries q (qn x d): the
/// reference set is `ref` (rows of `width`, see ref_block), this rank's
/// block of a split set (`split`: its blocks visit every rank, sizes[r]
/// rows on rank r) or the whole replicated set.
template <metric M, class T>
top_k nearest_k(const communicator& comm, bool split, const local_view_t<T>& ref,
                const std::vector<std::int64_t>& sizes, std::int64_t width, std::int64_t d, const T* q, std::int64_t qn,
                std::int64_t k) {
  top_k best(qn, k);
  if (!split) {
    const auto h = ht::detail::host_copy(ref);
    offer_block<M>(best, q, qn, ref_block<T>{h.data(), sizes[0], width, d, 0});
  } else {
    std::vector<std::int64_t> first(sizes.size(), 0), lengths(sizes.size());
    for (std::size_t r = 0; r < sizes.size(); ++r) {
      if (r > 0) first[r] = first[r - 1] + sizes[r - 1];
      lengths[r] = sizes[r] * width;
    }
    ht::detail::ring<T>(comm, ref, lengths, [&](const T* block, int owner) {
      const auto o = static_cast<std::size_t>(owner);
      offer_block<M>(best, q, qn, ref_block<T>{block, sizes[o], width, d, first[o]});
    });
  }
  return best;
}

}  // namespace detail

/// The k nearest rows of X for every row of Q (see the contract).
template <metric M = euclidean, class T>
std::pair<DNDarray<T>, DNDarray<std::int64_t>> kneighbors(const DNDarray<T>& X_in, const DNDarray<T>& Q_in,
                                                          std::int64_t k) {
  ht::detail::check(X_in.ndim() == 2 && Q_in.ndim() == 2 && X_in.shape()[1] == Q_in.shape()[1],
                    "kneighbors: X and Q must be 2-D with the same number of columns, got shapes ",
                    to_string(X_in.shape()), " and ", to_string(Q_in.shape()));
  ht::detail::check(k >= 1 && k <= X_in.shape()[0], "kneighbors: k must be in [1, ", X_in.shape()[0],
                    "] (the reference rows), got ", k);
  ht::detail::check(X_in.comm() == Q_in.comm(), "operands live on different communicators");
  const DNDarray<T> X = X_in.split() == 1 ? resplit(X_in, 0) : X_in;
  const DNDarray<T> Q = Q_in.split() == 1 ? resplit(Q_in, 0) : Q_in;
  const communicator& comm = X.comm();
  const std::int64_t d = X.shape()[1], m = Q.shape()[0];
  // A replicated Q: each rank its balanced share, gathered at the end.
  const distribution share = Q.split() ? Q.dist() : distribution::balanced(shape_t{m, d}, 0, comm.size());
  const auto qh = ht::detail::host_block(Q);
  const std::int64_t qn = share.counts()[static_cast<std::size_t>(comm.rank())];
  const T* q = qh.data() + (Q.split() ? 0 : share.offset(comm.rank()) * d);
  const std::vector<std::int64_t> sizes = X.split() ? X.dist().counts() : std::vector<std::int64_t>{X.shape()[0]};
  detail::top_k best = detail::nearest_k<M>(comm, X.split().has_value(), X.local_view(), sizes, d, d, q, qn, k);
  const distribution out_dist(shape_t{m, k}, 0, comm.size(), share.counts());
  ht::detail::host_result<T> dist(out_dist, comm);
  ht::detail::host_result<std::int64_t> index(out_dist, comm);
  for (std::size_t i = 0; i < best.key.size(); ++i) {
    dist.data()[i] = static_cast<T>(M::finish(best.key[i]));
    index.data()[i] = best.index[i];
  }
  if (Q.split()) return {dist.finish(), index.finish()};
  return {resplit(dist.finish(), none), resplit(index.finish(), none)};
}

}  // namespace ht::spatial

#endif
