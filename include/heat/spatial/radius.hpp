#ifndef HEAT_SPATIAL_RADIUS_HPP
#define HEAT_SPATIAL_RADIUS_HPP

/// Pairs of rows within a radius (DBSCAN's neighbourhoods), found through a
/// grid of cells instead of all pairs: rank-local kernels, no communication.
///
/// Contract:
/// - A metric M (heat/spatial/metric.hpp) and a radius eps > 0. Rows x and y
///   are neighbours when M's finished distance, computed in double, is
///   <= eps (scikit-learn's radius_neighbors). The kernel compares the raw
///   folded value with raw_radius<M>(eps), the largest double whose finished
///   value is <= eps (finish is increasing): the same verdicts, no square
///   root per pair. Features are folded in order in every lane and products
///   are never fused into an FMA: the verdicts are the same at every SIMD
///   level (simd::dispatch).
/// - The grid covers the first min(d, 3) features with cubic cells of side
///   coordinate_reach<M>(eps): a pair whose values differ by more than that
///   in one feature is farther apart than eps under every metric whose
///   terms never lower the folded value (the concept's rule), so only the
///   3^g cells around a row's cell hold candidates, read as 3^(g-1) runs of
///   rows (cells sorted in ascending order: the three cells along the last
///   grid feature are adjacent). Rows are never compared all against all;
///   memory is O(rows * d) per grid.
/// - Cells are counted from 0 in every feature (floor(x / side)): blocks of
///   different ranks share one grid without a message; cell numbers are
///   clamped to +-2^62 (farther rows share the outermost cells: still
///   correct).
/// - radius_pairs(a, b, raw, same, f) calls f(i, j) for every row i of grid
///   a and row j of grid b within the radius, as row indices of the blocks
///   the grids were made from; never a row with itself. With same (a and b
///   are one grid) each unordered pair once, in either order.

#include "heat/core/simd.hpp"
#include "heat/spatial/metric.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace ht::spatial::detail {

/// The largest difference c in one feature that can still be within eps
/// under M (M's distance of 1-D rows 0 and c, bisected; a cell side).
template <metric M>
double coordinate_reach(double eps) {
  const auto one_d = [](double c) {
    double t = c;
    M::term(t);
    return M::finish(t);
  };
  double lo = 0, hi = eps > 0 ? eps : 1;
  while (one_d(hi) <= eps && hi < 1e300) hi *= 2;
  for (int i = 0; i < 200 && lo < hi; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    (one_d(mid) <= eps ? lo : hi) = mid;
  }
  return hi;  // one_d(hi) > eps: every pair within eps differs by less than hi
}

/// The largest double r >= 0 with M::finish(r) <= eps (bisection over the
/// ordered bit patterns of non-negative doubles); -1 when there is none.
template <metric M>
double raw_radius(double eps) {
  if (!(M::finish(0.0) <= eps)) return -1;
  std::uint64_t lo = 0, hi = std::bit_cast<std::uint64_t>(std::numeric_limits<double>::infinity());
  while (hi - lo > 1) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    (M::finish(std::bit_cast<double>(mid)) <= eps ? lo : hi) = mid;
  }
  return std::bit_cast<double>(lo);
}

using cell_t = std::array<std::int64_t, 3>;

/// The rows of one block sorted by cell, feature by feature (columns).
struct cell_grid {
  std::int64_t d = 0, count = 0, widest = 0;  // features, rows, the most rows in one cell
  std::vector<cell_t> cells;                  // the occupied cells, ascending
  std::vector<std::int64_t> start;            // rows of cells[c]: [start[c], start[c + 1]) in cell order
  std::vector<std::int64_t> order;            // block row of each row in cell order
  std::vector<double> cols;                   // feature j of the r-th row in cell order at j * count + r
};

/// The cell of a row's first min(d, 3) features (the others 0).
template <class T>
cell_t cell_of(const T* x, std::int64_t d, double side) {
  constexpr double clamp = 4.6e18;  // 2^62: far from int64's ends, so that +-1 does not overflow
  cell_t c{0, 0, 0};
  for (std::int64_t j = 0; j < std::min<std::int64_t>(d, 3); ++j) {
    const double k = std::floor(static_cast<double>(x[j]) / side);
    c[static_cast<std::size_t>(j)] = static_cast<std::int64_t>(std::clamp(k, -clamp, clamp));
  }
  return c;
}

/// The positions 0..n-1 of keys (each < box) ordered by key, equal keys by
/// position: a least-significant-digit radix sort, 11 bits a pass, as many
/// passes as box needs (two for up to 2^22 cells).
inline std::vector<std::uint32_t> radix_order(const std::vector<std::uint32_t>& keys, std::uint64_t box) {
  constexpr int bits = 11;
  constexpr std::size_t buckets = std::size_t{1} << bits;
  const std::size_t n = keys.size();
  std::vector<std::uint32_t> pos(n), next(n);
  for (std::size_t i = 0; i < n; ++i) pos[i] = static_cast<std::uint32_t>(i);
  std::vector<std::size_t> count(buckets);
  for (int shift = 0; shift < 32 && (box - 1) >> shift != 0; shift += bits) {
    std::fill(count.begin(), count.end(), 0);
    for (std::size_t i = 0; i < n; ++i) ++count[(keys[i] >> shift) & (buckets - 1)];
    std::size_t at = 0;
    for (auto& c : count) at += std::exchange(c, at);
    for (const std::uint32_t p : pos) next[count[(keys[p] >> shift) & (buckets - 1)]++] = p;
    pos.swap(next);
  }
  return pos;
}

/// The rows sorted by (cell, row). When the block's box of cells holds
/// fewer than 2^32 cells and the rows fit 32 bits (the usual case), a
/// 32-bit key per row (the cell's place in the box) in a radix sort; else
/// (cell, row) records in a comparison sort.
inline std::vector<std::int64_t> cell_order(const std::vector<cell_t>& of) {
  constexpr std::uint64_t limit = std::uint64_t{1} << 32;
  std::vector<std::int64_t> order(of.size());
  if (of.empty()) return order;
  cell_t lo = of[0], hi = of[0];
  for (const cell_t& c : of)
    for (std::size_t j = 0; j < 3; ++j) {
      lo[j] = std::min(lo[j], c[j]);
      hi[j] = std::max(hi[j], c[j]);
    }
  std::uint64_t e[3], box = 1;
  for (std::size_t j = 0; j < 3; ++j) {
    e[j] = static_cast<std::uint64_t>(hi[j]) - static_cast<std::uint64_t>(lo[j]) + 1;  // <= 2^63 + 1
    box = e[j] < limit && box < limit ? box * e[j] : limit;
  }
  if (box < limit && of.size() < limit) {
    std::vector<std::uint32_t> keys(of.size());
    for (std::size_t i = 0; i < of.size(); ++i) {
      std::uint64_t k = 0;
      for (std::size_t j = 0; j < 3; ++j)
        k = k * e[j] + (static_cast<std::uint64_t>(of[i][j]) - static_cast<std::uint64_t>(lo[j]));
      keys[i] = static_cast<std::uint32_t>(k);
    }
    const std::vector<std::uint32_t> rows = radix_order(keys, box);
    std::copy(rows.begin(), rows.end(), order.begin());
    return order;
  }
  std::vector<std::pair<cell_t, std::int64_t>> records(of.size());
  for (std::size_t i = 0; i < of.size(); ++i) records[i] = {of[i], static_cast<std::int64_t>(i)};
  std::sort(records.begin(), records.end());
  for (std::size_t r = 0; r < of.size(); ++r) order[r] = records[r].second;
  return order;
}

/// The grid of `count` rows at x (row-major, d features).
template <class T>
cell_grid make_grid(const T* x, std::int64_t count, std::int64_t d, double side) {
  cell_grid g;
  g.d = d;
  g.count = count;
  std::vector<cell_t> of(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) of[static_cast<std::size_t>(i)] = cell_of(x + i * d, d, side);
  g.order = cell_order(of);
  g.cols.resize(static_cast<std::size_t>(count * d));
  for (std::int64_t r = 0; r < count; ++r) {
    const std::int64_t i = g.order[static_cast<std::size_t>(r)];
    for (std::int64_t j = 0; j < d; ++j)
      g.cols[static_cast<std::size_t>(j * count + r)] = static_cast<double>(x[i * d + j]);
    const cell_t& c = of[static_cast<std::size_t>(i)];
    if (g.cells.empty() || g.cells.back() != c) {
      g.cells.push_back(c);
      g.start.push_back(r);
    }
  }
  g.start.push_back(count);
  for (std::size_t c = 0; c + 1 < g.start.size(); ++c) g.widest = std::max(g.widest, g.start[c + 1] - g.start[c]);
  return g;
}

/// The grid of the block's first `rows` rows, from the block's grid g
/// without sorting again (the same grid as make_grid of those rows: a
/// filter keeps the (cell, row) order).
inline cell_grid leading_grid(const cell_grid& g, std::int64_t rows) {
  cell_grid h;
  h.d = g.d;
  h.count = rows;
  h.order.reserve(static_cast<std::size_t>(rows));
  h.cols.resize(static_cast<std::size_t>(rows * g.d));
  for (std::size_t c = 0; c < g.cells.size(); ++c) {
    const auto before = static_cast<std::int64_t>(h.order.size());
    for (std::int64_t r = g.start[c]; r < g.start[c + 1]; ++r) {
      const std::int64_t i = g.order[static_cast<std::size_t>(r)];
      if (i >= rows) continue;
      const auto at = static_cast<std::int64_t>(h.order.size());
      for (std::int64_t j = 0; j < g.d; ++j)
        h.cols[static_cast<std::size_t>(j * rows + at)] = g.cols[static_cast<std::size_t>(j * g.count + r)];
      h.order.push_back(i);
    }
    const auto after = static_cast<std::int64_t>(h.order.size());
    if (after == before) continue;
    h.cells.push_back(g.cells[c]);
    h.start.push_back(before);
    h.widest = std::max(h.widest, after - before);
  }
  h.start.push_back(rows);
  return h;
}

/// The raw distances under M of row r of a to rows [s0, s1) of b, into out
/// (features folded in order in every lane; products never fused).
template <metric M>
HEAT_SIMD_INLINE void raw_distances(const cell_grid& a, std::int64_t r, const cell_grid& b, std::int64_t s0,
                                    std::int64_t s1, double* out) {
  const double* bc = b.cols.data();
  const double x0 = a.cols[static_cast<std::size_t>(r)];
#pragma omp simd
  for (std::int64_t s = s0; s < s1; ++s) {
    double t = x0 - bc[s];
    M::term(t);
    if constexpr (M::products) simd::round_here(t);
    out[s - s0] = t;
  }
  for (std::int64_t j = 1; j < a.d; ++j) {
    const double xj = a.cols[static_cast<std::size_t>(j * a.count + r)];
    const double* col = bc + j * b.count;
#pragma omp simd
    for (std::int64_t s = s0; s < s1; ++s) {
      double t = xj - col[s], acc = out[s - s0];
      M::term(t);
      if constexpr (M::products) simd::round_here(t);
      M::fold(acc, t);
      out[s - s0] = acc;
    }
  }
}

/// Rows [first, last) of b in cell order; with self, the range starts at
/// a's cell c itself (a and b one grid) and a row r of c pairs only with
/// the rows after it.
struct row_range {
  std::int64_t first = 0, last = 0;
  bool self = false;
};

/// The rows of b in the cells around each cell of a, as at most 9
/// contiguous ranges: the cells that differ from a's cell by -1..+1 in the
/// last grid feature and agree in the others are adjacent in b's ascending
/// cell order, so each column of cells (one step in each other feature) is
/// one range. With same, only cells not before a's cell (each unordered
/// pair once). Asked for a's cells in ascending order, each column's first
/// cell only moves forward in b: it is found by a galloping search from
/// where it was, not a binary search of all of b's cells.
class range_finder {
 public:
  range_finder(const cell_grid& a, const cell_grid& b, bool same) : m_a(a), m_b(b), m_same(same) {
    m_g = static_cast<int>(std::min<std::int64_t>(a.d, 3));
    for (int j = 0; j + 1 < m_g; ++j) m_columns *= 3;
  }

  /// The ranges around a's cell c (c ascending from call to call), into out.
  std::size_t around(std::size_t c, std::array<row_range, 9>& out) {
    const auto& cells = m_b.cells;
    std::size_t k = 0;
    for (int o = 0; o < m_columns; ++o) {
      cell_t lo = m_a.cells[c];
      int order = 0;  // the column against c's: the sign of its first nonzero step
      for (int j = 0, q = o; j + 1 < m_g; ++j, q /= 3) {
        const int step = q % 3 - 1;
        lo[static_cast<std::size_t>(j)] += step;
        if (order == 0) order = step;
      }
      if (m_same && order < 0) continue;
      const bool self = m_same && order == 0;
      cell_t hi = lo;
      if (!self) lo[static_cast<std::size_t>(m_g - 1)] -= 1;
      hi[static_cast<std::size_t>(m_g - 1)] += 1;
      std::size_t& first = m_cursor[static_cast<std::size_t>(o)];
      first = gallop(first, lo);
      std::size_t last = first;
      while (last < cells.size() && cells[last] <= hi) ++last;
      if (first == last) continue;
      out[k++] = {m_b.start[first], m_b.start[last], self};
    }
    return k;
  }

 private:
  /// The first cell of b at or after `from` that is not below key.
  std::size_t gallop(std::size_t from, const cell_t& key) const {
    const auto& cells = m_b.cells;
    std::size_t step = 1, lo = from, hi = from;
    while (hi < cells.size() && cells[hi] < key) {
      lo = hi + 1;
      hi = from + step;
      step *= 2;
    }
    hi = std::min(hi, cells.size());
    return static_cast<std::size_t>(std::lower_bound(cells.begin() + static_cast<std::ptrdiff_t>(lo),
                                                     cells.begin() + static_cast<std::ptrdiff_t>(hi), key) -
                                    cells.begin());
  }

  const cell_grid& m_a;
  const cell_grid& m_b;
  bool m_same;
  int m_g = 0, m_columns = 1;
  std::array<std::size_t, 9> m_cursor{};
};

/// raw_distances for D features known at compile time: one pass over the
/// rows of b, each distance folded in the same order with the same
/// operations as the general loop (the same bits).
template <metric M, int D>
HEAT_SIMD_INLINE void raw_distances_fixed(const cell_grid& a, std::int64_t r, const cell_grid& b, std::int64_t s0,
                                          std::int64_t s1, double* out) {
  double x[D];
  const double* col[D];
  for (int j = 0; j < D; ++j) {
    x[j] = a.cols[static_cast<std::size_t>(j * a.count + r)];
    col[j] = b.cols.data() + j * b.count;
  }
#pragma omp simd
  for (std::int64_t s = s0; s < s1; ++s) {
    double acc = x[0] - col[0][s];
    M::term(acc);
    if constexpr (M::products) simd::round_here(acc);
    for (int j = 1; j < D; ++j) {
      double t = x[j] - col[j][s];
      M::term(t);
      if constexpr (M::products) simd::round_here(t);
      M::fold(acc, t);
    }
    out[s - s0] = acc;
  }
}

/// radius_pairs' walk with D features known (D > 0) or not (D == 0): per
/// cell of a, per range of b around it, per row of the cell, the distances,
/// then the rows within the radius gathered without a branch and reported.
template <metric M, int D, class F>
HEAT_SIMD_INLINE void radius_walk(const cell_grid& a, const cell_grid& b, double raw, bool same, double* dist,
                                  std::int64_t* hits, F& f) {
  std::array<row_range, 9> ranges;
  range_finder finder(a, b, same);
  for (std::size_t c = 0; c < a.cells.size(); ++c) {
    const std::size_t n = finder.around(c, ranges);
    for (std::size_t k = 0; k < n; ++k)
      for (std::int64_t r = a.start[c]; r < a.start[c + 1]; ++r) {
        const std::int64_t s0 = ranges[k].self ? r + 1 : ranges[k].first, s1 = ranges[k].last;
        if constexpr (D > 0)
          raw_distances_fixed<M, D>(a, r, b, s0, s1, dist);
        else
          raw_distances<M>(a, r, b, s0, s1, dist);
        std::int64_t m = 0;
        for (std::int64_t s = s0; s < s1; ++s) {
          hits[m] = s;
          m += dist[s - s0] <= raw ? 1 : 0;
        }
        const std::int64_t i = a.order[static_cast<std::size_t>(r)];
        for (std::int64_t q = 0; q < m; ++q) f(i, b.order[static_cast<std::size_t>(hits[q])]);
      }
  }
}

/// Calls f(i, j) for every row i of a and j of b whose raw distance under M
/// is <= raw (raw_radius<M>(eps)); with same, each pair of a once.
template <metric M, class F>
void radius_pairs(const cell_grid& a, const cell_grid& b, double raw, bool same, F&& f) {
  std::vector<double> dist(static_cast<std::size_t>(3 * b.widest));
  std::vector<std::int64_t> hits(static_cast<std::size_t>(3 * b.widest));
  simd::dispatch(simd::level::avx512, [&]() HEAT_SIMD_BODY {
    if (a.d == 3)
      radius_walk<M, 3>(a, b, raw, same, dist.data(), hits.data(), f);
    else if (a.d == 2)
      radius_walk<M, 2>(a, b, raw, same, dist.data(), hits.data(), f);
    else
      radius_walk<M, 0>(a, b, raw, same, dist.data(), hits.data(), f);
  });
}

}  // namespace ht::spatial::detail

#endif
