#ifndef HEAT_ML_CLUSTER_DATA_HPP
#define HEAT_ML_CLUSTER_DATA_HPP

/// X as the clustering policies see it (detail::data), and the replicated
/// random draws they share.
///
/// Contract: every policy reads X through data: this rank's rows on the
/// host (row-major), their global indices, the agreed bound of |X| and the
/// communicator; it communicates only through data's sum/rows_at and the
/// library's collectives. Random choices are pure functions of (seed,
/// stream, global row index): the same at every rank count.

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/exact.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/random.hpp"
#include "heat/core/simd.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/spatial/metric.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace ht::cluster::detail {

/// A row's cluster inside a fit: int32, half of the int64 the API returns
/// (at d = 3 in float32 an int64 label is two thirds of the row); the fit
/// widens them once, when labels() asks. Limits k to 2^31 - 1.
using label_t = std::int32_t;

/// The largest |v| of p[0, count) and whether any value is NaN or inf, in
/// one pass on all of the rank's threads (slices of the values,
/// heat/core/host_threads.hpp) at the widest SIMD level: a maximum is the
/// same in any order. Local copies of the values: through `this` GCC reloads
/// them and does not vectorise; no call to fabs, which Kokkos 3.4 does not
/// inline (11 ms for 3 000 000 values, 5 % of a 30-iteration fit).
template <class T>
std::pair<T, bool> magnitude_scan(const T* p, std::int64_t count) {
  const ht::detail::row_cut cut = ht::detail::cut_rows(count, 65536);
  std::vector<T> tops(static_cast<std::size_t>(cut.count));
  std::vector<int> wrongs(static_cast<std::size_t>(cut.count));
  ht::detail::for_each_slice(cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
    simd::dispatch(simd::level::avx512, [&]() HEAT_SIMD_BODY {
      T top = 0;
      int wrong = 0;
#pragma omp simd reduction(max : top) reduction(| : wrong)
      for (std::int64_t i = lo; i < hi; ++i) {
        const T a = p[i] < 0 ? -p[i] : p[i];
        wrong |= !(a <= std::numeric_limits<T>::max());
        top = a > top ? a : top;
      }
      tops[static_cast<std::size_t>(k)] = top;
      wrongs[static_cast<std::size_t>(k)] = wrong;
    });
  });
  T m = 0;
  bool bad = false;
  for (std::int64_t k = 0; k < cut.count; ++k) {
    m = std::max(m, tops[static_cast<std::size_t>(k)]);
    bad = bad || wrongs[static_cast<std::size_t>(k)];
  }
  return {m, bad};
}

/// X as the policies see it.
template <class T>
struct data {
  DNDarray<T> X;  // split 0 or replicated
  typename local_view_t<T>::HostMirror host;
  const T* x = nullptr;  // this rank's rows, row-major
  std::int64_t n = 0, d = 0, rows = 0, first = 0;
  double bound = 0;             // max |x| over all ranks
  bool weighted = false;        // sample weights given (every rank alike)
  std::vector<double> weights;  // this rank's rows' sample weights
  const double* w = nullptr;    // weights.data() (may be null on a rank without rows)
  double wbound = 1;            // the largest weight over all ranks (1 unweighted)

  /// Checks X (and the sample weights, when given: 1-D, n values, any
  /// layout) and agrees on X's bound, the largest weight and finiteness:
  /// one collective (an agreement point riding on the Allreduce of the
  /// bounds: a NaN or inf in a rank's rows, or a negative or non-finite
  /// weight, is refused on every rank).
  data(const DNDarray<T>& in, const char* who, const DNDarray<T>* sample_weight = nullptr)
      : X(in.split() == 1 ? resplit(in, 0) : in), host(ht::detail::host_block(X)), x(host.data()) {
    ht::detail::check(X.ndim() == 2, who, " needs a 2-D array (samples x features), got shape ", to_string(X.shape()));
    n = X.shape()[0];
    d = X.shape()[1];
    rows = X.lshape()[0];
    first = X.offset();
    ht::detail::check(n < ht::detail::exact::max_terms, who, ": at most 2^32 samples, got ", n);
    if (sample_weight) take_weights(*sample_weight, who);
    ht::detail::agreement_point finite(X.comm(), "cluster: X values", ht::detail::error_kind::value);
    const auto [top, bad] = magnitude_scan(x, rows * d);
    if (bad) ml::detail::refuse_non_finite(finite, who, "X", x, ml::detail::first_non_finite(x, rows * d), d, first);
    Kokkos::View<double*, Kokkos::HostSpace> v("heat::cluster::bound", 3);
    v(0) = static_cast<double>(top);
    v(2) = weighted ? refuse_bad_weights(finite, who) : 1.0;
    v(1) = finite.flag();
    if (X.split()) {
      allreduce(X.comm(), v, reduce_op::max);
      finite.conclude(v(1));
    } else {
      finite.conclude();
    }
    bound = v(0);
    wbound = v(2);
    ht::detail::check(wbound > 0, who, ": every sample weight is zero");
  }

  const communicator& comm() const { return X.comm(); }
  /// Sums a buffer over the ranks (a replicated X has every row on every rank).
  template <class View>
  void sum(const View& v) const {
    if (X.split()) allreduce(comm(), v, reduce_op::sum);
  }
  /// The rows at global indices g (row-major), on every rank: one collective.
  std::vector<T> rows_at(const std::vector<std::int64_t>& g) const {
    const auto out = ht::detail::host_buffer<T>("heat::cluster::rows", g.size() * static_cast<std::size_t>(d));
    for (std::size_t r = 0; r < g.size(); ++r)
      if (g[r] >= first && g[r] < first + rows)
        for (std::int64_t j = 0; j < d; ++j) out(r * static_cast<std::size_t>(d) + j) = x[(g[r] - first) * d + j];
    sum(out);
    return {out.data(), out.data() + out.extent(0)};
  }
  /// Whether global row g is one of this rank's (a replicated X: every row).
  bool holds(std::int64_t g) const { return g >= first && g < first + rows; }
  /// The weight of local row i (1 unweighted).
  double weight(std::int64_t i) const { return weighted ? w[i] : 1.0; }
  /// The weights of global rows g, on every rank: one collective (none unweighted).
  std::vector<double> weights_at(const std::vector<std::int64_t>& g) const {
    if (!weighted) return std::vector<double>(g.size(), 1.0);
    const auto out = ht::detail::host_buffer<double>("heat::cluster::weights", g.size());
    for (std::size_t r = 0; r < g.size(); ++r)
      if (holds(g[r])) out(r) = w[g[r] - first];
    sum(out);
    return {out.data(), out.data() + out.extent(0)};
  }

 private:
  /// The weights of this rank's rows (checked: 1-D of n values; any layout).
  void take_weights(const DNDarray<T>& sw, const char* who) {
    ht::detail::check(sw.ndim() == 1 && sw.shape()[0] == n, who, ": sample_weight has shape ", to_string(sw.shape()),
                      ", X has ", n, " samples");
    ht::detail::check(sw.comm() == X.comm(), "operands live on different communicators");
    const DNDarray<T> mine = ml::detail::rows_like(X, sw);
    const auto block = ht::detail::host_block(mine);
    weights.assign(block.data(), block.data() + rows);
    w = weights.data();
    weighted = true;
  }
  /// The largest local weight; the first negative or non-finite one refused at `point`.
  double refuse_bad_weights(ht::detail::agreement_point& point, const char* who) const {
    double top = 0;
    for (std::int64_t i = 0; i < rows; ++i) {
      if (!(w[i] >= 0 && w[i] <= std::numeric_limits<double>::max())) {
        point.fail(ht::detail::error_kind::value,
                   ht::detail::concat(who, ": sample_weight holds ", w[i], " at row ", first + i,
                                      " (weights must be finite and non-negative)"));
        return 0;
      }
      top = std::max(top, w[i]);
    }
    return top;
  }
};

/// The exact-sum scale of distances (as reported: finished) under M between
/// rows and centres whose values are at most `bound` in magnitude, each
/// times a weight of at most `wbound`.
template <spatial::metric M>
int distance_scale(double bound, std::int64_t d, double wbound = 1) {
  return ht::detail::exact::scale_for(M::finish(M::reach(2 * bound, d)) * wbound);
}

/// A uniform double on [0, 1) for (seed, stream, trial, global index): the
/// same at every rank count; branch-free, so a loop over indices vectorises.
KOKKOS_INLINE_FUNCTION double draw_unit(std::uint64_t seed, std::uint32_t stream, std::uint32_t trial, std::int64_t g) {
  const auto w = ht::random::detail::philox(
      {{static_cast<std::uint32_t>(g), static_cast<std::uint32_t>(static_cast<std::uint64_t>(g) >> 32), stream, trial}},
      static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
  return ht::random::detail::unit(w.v[0], w.v[1]);
}

/// A uniform double on (0, 1]: 1 - draw_unit.
KOKKOS_INLINE_FUNCTION double draw(std::uint64_t seed, std::uint32_t stream, std::uint32_t trial, std::int64_t g) {
  return 1.0 - draw_unit(seed, stream, trial, g);
}

/// k distinct indices of [0, n) drawn uniformly (Floyd's algorithm on a
/// replicated stream: no communication).
inline std::vector<std::int64_t> distinct_indices(std::int64_t n, std::int64_t k, std::uint64_t seed,
                                                  std::uint32_t stream) {
  std::vector<std::int64_t> out;
  for (std::int64_t j = n - k; j < n; ++j) {
    const auto t = std::min(j, static_cast<std::int64_t>(draw(seed, stream, 0, j) * static_cast<double>(j + 1)));
    out.push_back(std::find(out.begin(), out.end(), t) == out.end() ? t : j);
  }
  return out;
}

/// Every member's rows (row-major), in rank order, on every member of comm:
/// two Allgatherv (the counts, the rows); each member's count (values) into
/// `counts` when asked.
template <class T>
std::vector<T> allgather_rows(const communicator& comm, const std::vector<T>& mine,
                              std::vector<std::int64_t>* counts_out = nullptr) {
  const int p = comm.size();
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> one("heat::cluster::count", 1),
      all("heat::cluster::counts", static_cast<std::size_t>(p));
  one(0) = static_cast<std::int64_t>(mine.size());
  allgatherv(comm, one, all, std::vector<std::int64_t>(static_cast<std::size_t>(p), 1));
  const std::vector<std::int64_t> counts(all.data(), all.data() + p);
  std::int64_t total = 0;
  for (const auto c : counts) total += c;
  const auto out = ht::detail::host_buffer<T>("heat::cluster::gathered", static_cast<std::size_t>(total));
  const auto send = ht::detail::host_buffer<T>("heat::cluster::mine", mine.size());
  std::copy(mine.begin(), mine.end(), send.data());
  allgatherv(comm, send, out, counts);
  if (counts_out) *counts_out = counts;
  return {out.data(), out.data() + total};
}

/// The pair a trial of weighted sampling keeps: the smallest key, then the lowest index.
struct keyed {
  double key;
  std::int64_t index;
  static void join(const keyed& in, keyed& inout) {
    if (in.key < inout.key || (in.key == inout.key && in.index < inout.index)) inout = in;
  }
};

}  // namespace ht::cluster::detail

#endif
