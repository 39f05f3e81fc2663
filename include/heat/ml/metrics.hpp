#ifndef HEAT_ML_METRICS_HPP
#define HEAT_ML_METRICS_HPP

/// Scores of predictions, distributed (scikit-learn's sklearn.metrics):
/// accuracy_score, confusion_matrix, r2_score, adjusted_rand_score.
///
/// Contract:
/// - Inputs are 1-D arrays of one length (ValueError on every rank
///   otherwise), any layout each: y_pred is laid out with y_true's rows
///   (ml::detail::rows_like: nothing moves when their blocks match).
/// - Labels are int64; results are plain values the same on every rank,
///   or (confusion_matrix) a replicated array.
/// - Messages: accuracy_score one Allreduce; r2_score two (the sums of
///   squares, y_true's moments); confusion_matrix and adjusted_rand_score
///   count each rank's (true, predicted) pairs, then one Allgather of how
///   many distinct pairs each rank holds and one Allgatherv of them; every
///   rank merges the same table (sparse: no n_classes^2 buffer for ARI).
/// - scikit-learn's edge cases: r2_score is 1 for a perfect prediction of a
///   constant y and 0 for an imperfect one (its force_finite); ARI is 1 when
///   the two labelings agree on every pair (one cluster each, or all
///   singletons, included), its pair counts exact in 128-bit integers, the
///   final ratio in double. NaN or inf in r2_score's inputs: ValueError on every
///   rank (the reduced sums carry it).

#include "heat/comm/collectives.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/ml/estimator.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace ht::metrics {

namespace detail {

/// y_pred with y_true's rows, both checked 1-D of one length.
template <class T>
DNDarray<T> aligned(const DNDarray<T>& y_true, const DNDarray<T>& y_pred, const char* who) {
  ht::detail::check(y_true.ndim() == 1 && y_pred.ndim() == 1 && y_true.shape()[0] == y_pred.shape()[0], who,
                    ": y_true and y_pred must be 1-D of one length, got shapes ", to_string(y_true.shape()), " and ",
                    to_string(y_pred.shape()));
  ht::detail::check(y_true.comm() == y_pred.comm(), "operands live on different communicators");
  return ml::detail::rows_like(y_true, y_pred);
}

/// Every (true, predicted) pair's count over all ranks, ordered by the pair.
inline std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> pair_counts(const DNDarray<std::int64_t>& a_in,
                                                                                 const DNDarray<std::int64_t>& b_in,
                                                                                 const char* who) {
  const DNDarray<std::int64_t> b = aligned(a_in, b_in, who);
  const auto ah = ht::detail::host_block(a_in), bh = ht::detail::host_block(b);
  std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> mine;
  for (std::int64_t i = 0; i < a_in.lshape()[0]; ++i) ++mine[{ah.data()[i], bh.data()[i]}];
  if (!a_in.split()) return mine;  // every rank holds every pair
  const communicator& comm = a_in.comm();
  const auto p = static_cast<std::size_t>(comm.size());
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> one("heat::metrics::n", 1), sizes("heat::metrics::sizes", p);
  one(0) = static_cast<std::int64_t>(mine.size()) * 3;
  allgatherv(comm, one, sizes, std::vector<std::int64_t>(p, 1));
  std::vector<std::int64_t> counts(sizes.data(), sizes.data() + p);
  std::int64_t total = 0;
  for (const std::int64_t c : counts) total += c;
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> send("heat::metrics::send", static_cast<std::size_t>(one(0))),
      recv("heat::metrics::recv", static_cast<std::size_t>(total));
  std::size_t at = 0;
  for (const auto& [pair, n] : mine) {
    send(at++) = pair.first;
    send(at++) = pair.second;
    send(at++) = n;
  }
  allgatherv(comm, send, recv, counts);
  std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> all;
  for (std::int64_t i = 0; i < total; i += 3) all[{recv(i), recv(i + 1)}] += recv(i + 2);
  return all;
}

}  // namespace detail

/// The share of rows where y_pred equals y_true.
inline double accuracy_score(const DNDarray<std::int64_t>& y_true, const DNDarray<std::int64_t>& y_pred) {
  const DNDarray<std::int64_t> p = detail::aligned(y_true, y_pred, "accuracy_score");
  ht::detail::check(y_true.shape()[0] >= 1, "accuracy_score: no samples");
  const auto right = ht::sum(ht::eval(y_true == p).astype<std::int64_t>()).item();
  return static_cast<double>(right) / static_cast<double>(y_true.shape()[0]);
}

/// C x C counts (replicated): row i the rows whose true label is the i-th
/// of the sorted labels of both inputs, column j those predicted as the j-th.
inline DNDarray<std::int64_t> confusion_matrix(const DNDarray<std::int64_t>& y_true,
                                               const DNDarray<std::int64_t>& y_pred) {
  const auto pairs = detail::pair_counts(y_true, y_pred, "confusion_matrix");
  std::vector<std::int64_t> labels;
  for (const auto& [pair, n] : pairs) {
    labels.push_back(pair.first);
    labels.push_back(pair.second);
  }
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  const auto c = static_cast<std::int64_t>(labels.size());
  std::vector<std::int64_t> table(static_cast<std::size_t>(c * c), 0);
  const auto index = [&](std::int64_t v) { return std::lower_bound(labels.begin(), labels.end(), v) - labels.begin(); };
  for (const auto& [pair, n] : pairs) table[index(pair.first) * c + index(pair.second)] = n;
  DNDarray<std::int64_t> out(distribution::balanced(shape_t{c, c}, none, y_true.comm().size()), y_true.comm());
  ht::detail::copy_from_host(out.local_view(), table.data(), table.size());
  return out;
}

/// The coefficient of determination 1 - sum (y - y_pred)^2 / sum (y - mean y)^2.
template <class T>
double r2_score(const DNDarray<T>& y_true, const DNDarray<T>& y_pred) {
  const DNDarray<T> p = detail::aligned(y_true, y_pred, "r2_score");
  ht::detail::check(y_true.shape()[0] >= 2, "r2_score: needs at least 2 samples, got ", y_true.shape()[0]);
  const double residual = static_cast<double>(ht::sum((y_true - p) * (y_true - p)).item());
  const double total = static_cast<double>(ht::var(y_true).item()) * static_cast<double>(y_true.shape()[0]);
  ht::detail::check(std::isfinite(residual) && std::isfinite(total), "r2_score: y_true or y_pred holds NaN or inf");
  if (total == 0) return residual == 0 ? 1.0 : 0.0;
  return 1.0 - residual / total;
}

/// The Rand index of two labelings adjusted for chance (scikit-learn's, from its pair confusion matrix).
inline double adjusted_rand_score(const DNDarray<std::int64_t>& labels_true,
                                  const DNDarray<std::int64_t>& labels_pred) {
  const auto pairs = detail::pair_counts(labels_true, labels_pred, "adjusted_rand_score");
  using wide = __int128;
  std::map<std::int64_t, wide> rows, cols;
  wide squares = 0;
  for (const auto& [pair, n] : pairs) {
    rows[pair.first] += n;
    cols[pair.second] += n;
    squares += static_cast<wide>(n) * n;
  }
  wide row_squares = 0, col_squares = 0;
  for (const auto& [label, n] : rows) row_squares += n * n;
  for (const auto& [label, n] : cols) col_squares += n * n;
  const wide n = labels_true.shape()[0];
  const wide tp = squares - n, fp = col_squares - squares, fn = row_squares - squares;
  const wide tn = n * n - fp - fn - squares;
  if (fn == 0 && fp == 0) return 1.0;
  const wide num = 2 * (tp * tn - fn * fp), den = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  // Each in double (exact below 2^53), then one division: no long double (valgrind emulates it in 64 bits).
  return static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace ht::metrics

#endif
