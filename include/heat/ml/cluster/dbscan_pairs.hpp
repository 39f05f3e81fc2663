#ifndef HEAT_ML_CLUSTER_DBSCAN_PAIRS_HPP
#define HEAT_ML_CLUSTER_DBSCAN_PAIRS_HPP

/// DBSCAN's neighbour pairs: found block against block around a half ring of
/// ranks and kept by the rank that found them, in chunks; what the other
/// row's rank needs of them (its rows' counts, border candidates) travels
/// as per-row values.
///
/// Contract:
/// - neighbourhoods holds, for this rank's rows, the neighbourhood sizes
///   (the row itself included), its own pairs (two local rows, each
///   unordered pair once) and the pairs it found with other ranks' rows.
///   Rows are 32-bit local rows (data<T> takes at most 2^32 rows): 8 bytes
///   a pair; a pair of two ranks' rows is held by one of them only.
/// - Half ring (find_neighbourhoods): every rank's block visits every rank
///   around the ring (heat/comm/ring.hpp); a rank examines the visiting
///   block when it is less than half the ring ahead, not when more; at
///   exactly half (an even P) the lower rank takes its first half of rows
///   against the block and the higher rank the block's second half. So each
///   pair of two ranks' rows is examined once. The work runs at the caller's
///   agreement point, which also allocates the per-row buffers of the
///   exchanges (a failed allocation is agreed).
/// - exchange_rows: one Alltoallv of per-row int64 values: to each rank
///   this rank examines, a value for each of its rows (nb.out, at
///   nb.out_at[r]); from each rank that examines this one, a value for each
///   of this rank's rows (nb.in, at nb.in_at[r]). Which ranks those are
///   follows from visit_of, so no counts travel first. Used for the counts
///   of the neighbourhood sizes and for the border candidates.
/// - pair_list appends in fixed chunks: what is stored never moves (no
///   reallocation copies); a chunk is 4 MiB of its own huge pages
///   (heat/core/pages.hpp: 2 page faults a chunk, not 1024).

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/comm/ring.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/pages.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/spatial/metric.hpp"
#include "heat/spatial/radius.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace ht::cluster::detail {

/// Pairs of 32-bit values in fixed chunks: appending never moves what is stored.
class pair_list {
 public:
  static constexpr std::size_t chunk = std::size_t{1} << 19;  ///< pairs per chunk (4 MiB)

  void push(std::uint32_t a, std::uint32_t b) {
    if (m_count % chunk == 0) m_chunks.emplace_back("heat::cluster::dbscan::pairs", 2 * chunk * sizeof(std::uint32_t));
    std::uint32_t* at = values(m_chunks.size() - 1) + 2 * (m_count % chunk);
    at[0] = a;
    at[1] = b;
    ++m_count;
  }
  std::size_t size() const { return m_count; }
  /// f(pointer, values) for each chunk's filled part, in order (2 values a pair).
  template <class F>
  void for_each_chunk(F&& f) const {
    for (std::size_t c = 0; c < m_chunks.size(); ++c) f(values(c), 2 * std::min(chunk, m_count - c * chunk));
  }
  /// f(a, b) for every pair, in order.
  template <class F>
  void for_each(F&& f) const {
    for_each_chunk([&](const std::uint32_t* p, std::size_t values) {
      for (std::size_t k = 0; k < values; k += 2) f(p[k], p[k + 1]);
    });
  }

 private:
  std::uint32_t* values(std::size_t c) const { return static_cast<std::uint32_t*>(m_chunks[c].data()); }
  std::vector<ht::detail::page_block> m_chunks;
  std::size_t m_count = 0;
};

/// Which pairs of this rank's rows and the visiting block of `owner` this
/// rank examines (the half ring of the contract).
enum class visit { own, all, mine_low, theirs_high, none };

inline visit visit_of(int me, int owner, int p) {
  const int s = (owner - me + p) % p;
  if (s == 0) return visit::own;
  if (2 * s < p) return visit::all;
  if (2 * s > p) return visit::none;
  return me < owner ? visit::mine_low : visit::theirs_high;
}

/// This rank's rows' neighbourhoods (see the contract above).
struct neighbourhoods {
  std::vector<std::int64_t> size;            ///< per local row, the row itself included
  std::int64_t first = 0;                    ///< this rank's first row (0 for a replicated X)
  std::vector<std::int64_t> counts, displs;  ///< every rank's rows and first row
  pair_list own;                             ///< (local, local), each unordered pair once
  std::vector<pair_list> found;              ///< per rank r: (my local row, r's local row)
  std::vector<std::int64_t> out, in;         ///< per-row values to and from other ranks (exchange_rows)
  std::vector<std::int64_t> out_at, in_at;   ///< where each rank's values start in out and in (-1: none)

  /// f(i, j): two local rows, each unordered pair once.
  template <class F>
  void for_each_own(F&& f) const {
    own.for_each(f);
  }
  /// f(i, r, j): local row i and row j of rank r (r's local row) for every
  /// pair this rank found with another rank's rows.
  template <class F>
  void for_each_found(F&& f) const {
    for (std::size_t r = 0; r < found.size(); ++r)
      found[r].for_each([&](std::uint32_t i, std::uint32_t j) { f(std::int64_t{i}, r, std::int64_t{j}); });
  }
  /// Lays out out and in for `me` of p ranks (rank-local: allocates).
  void lay_out(int me, int p) {
    out_at.assign(static_cast<std::size_t>(p), -1);
    in_at.assign(static_cast<std::size_t>(p), -1);
    std::int64_t o = 0, i = 0;
    for (int r = 0; r < p; ++r) {
      if (r == me) continue;
      if (visit_of(me, r, p) != visit::none) out_at[static_cast<std::size_t>(r)] = std::exchange(o, o + counts[r]);
      if (visit_of(r, me, p) != visit::none) in_at[static_cast<std::size_t>(r)] = std::exchange(i, i + counts[me]);
    }
    out.assign(static_cast<std::size_t>(o), 0);
    in.assign(static_cast<std::size_t>(i), 0);
  }
};

/// This rank's pairs with a visiting block of `count` rows, into `found`;
/// the block's rows' counts into theirs.
template <class T, spatial::metric M>
void visit_block(const data<T>& D, const spatial::detail::cell_grid& own, const T* block, std::int64_t count, visit how,
                 double side, double raw, std::vector<std::int64_t>& size, std::int64_t* theirs, pair_list& found) {
  const std::int64_t d = D.d;
  const auto record = [&](std::int64_t i, std::int64_t j) {
    ++size[static_cast<std::size_t>(i)];
    ++theirs[j];
    found.push(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j));
  };
  if (how == visit::mine_low) {
    const auto low = spatial::detail::leading_grid(own, D.rows / 2);
    spatial::detail::radius_pairs<M>(low, spatial::detail::make_grid(block, count, d, side), raw, false, record);
  } else if (how == visit::theirs_high) {
    const std::int64_t half = count / 2;
    const auto high = spatial::detail::make_grid(block + half * d, count - half, d, side);
    // The half block's rows walk this rank's grid (as mine_low's half walks
    // the block): both ranks of the pair loop over the smaller grid's rows.
    spatial::detail::radius_pairs<M>(high, own, raw, false,
                                     [&](std::int64_t j, std::int64_t i) { record(i, half + j); });
  } else {
    spatial::detail::radius_pairs<M>(own, spatial::detail::make_grid(block, count, d, side), raw, false, record);
  }
}

/// The rows of every rank of `work` visit this rank's rows around the ring;
/// the pairs this rank examines (visit_of) are recorded at the agreement
/// point (rank-local work, so that a failed allocation is agreed).
template <class T, spatial::metric M>
neighbourhoods find_neighbourhoods(const communicator& work, const data<T>& D, const std::vector<std::int64_t>& counts,
                                   double eps, ht::detail::agreement_point& point) {
  const std::int64_t d = D.d, rows = D.rows;
  const double side = spatial::detail::coordinate_reach<M>(eps), raw = spatial::detail::raw_radius<M>(eps);
  neighbourhoods nb;
  nb.first = D.first;
  nb.counts = counts;
  nb.displs = ht::detail::displs_of(counts);
  spatial::detail::cell_grid own;
  point.run([&] {
    nb.size.assign(static_cast<std::size_t>(rows), 1);
    nb.found.resize(counts.size());
    nb.lay_out(work.rank(), work.size());
    own = spatial::detail::make_grid(D.x, rows, d, side);
  });
  std::vector<std::int64_t> sizes(counts.size());
  for (std::size_t r = 0; r < counts.size(); ++r) sizes[r] = counts[r] * d;
  ht::detail::ring(work, D.X.local_view(), sizes, [&](const T* block, int owner) {
    const visit how = visit_of(work.rank(), owner, work.size());
    if (how == visit::none) return;
    point.run([&] {
      const auto o = static_cast<std::size_t>(owner);
      if (how != visit::own)
        return visit_block<T, M>(D, own, block, counts[o], how, side, raw, nb.size, nb.out.data() + nb.out_at[o],
                                 nb.found[o]);
      spatial::detail::radius_pairs<M>(own, own, raw, true, [&](std::int64_t i, std::int64_t j) {
        ++nb.size[static_cast<std::size_t>(i)];
        ++nb.size[static_cast<std::size_t>(j)];
        nb.own.push(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j));
      });
    });
  });
  return nb;
}

/// The exchange of per-row values (see the contract above): nb.out to the
/// ranks this rank examines, nb.in from those that examine it.
inline void exchange_rows(const communicator& work, neighbourhoods& nb) {
  const auto p = static_cast<std::size_t>(work.size());
  if (p == 1) return;
  std::vector<std::int64_t> sendcounts(p, 0), recvcounts(p, 0);
  for (std::size_t r = 0; r < p; ++r) {
    if (nb.out_at[r] >= 0) sendcounts[r] = nb.counts[r];
    if (nb.in_at[r] >= 0) recvcounts[r] = nb.counts[static_cast<std::size_t>(work.rank())];
  }
  using view = Kokkos::View<std::int64_t*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>;
  alltoallv(work, view(nb.out.data(), nb.out.size()), sendcounts, view(nb.in.data(), nb.in.size()), recvcounts, -1);
}

/// The neighbourhood sizes of this rank's rows completed by the counts the
/// ranks that examine it found (exchange_rows; no allocation).
inline void add_counts(const communicator& work, neighbourhoods& nb) {
  exchange_rows(work, nb);
  for (const std::int64_t at : nb.in_at)
    if (at >= 0)
      for (std::size_t i = 0; i < nb.size.size(); ++i) nb.size[i] += nb.in[static_cast<std::size_t>(at) + i];
}

}  // namespace ht::cluster::detail

#endif
