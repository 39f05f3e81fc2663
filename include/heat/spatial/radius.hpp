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
///   3^g cells around a row's cell hold candidates. Rows are never compared
///   all against all; memory is O(rows * d) per grid.
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
#include <cstdint>
#include <limits>
#include <numeric>
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

/// The grid of `count` rows at x (row-major, d features).
template <class T>
cell_grid make_grid(const T* x, std::int64_t count, std::int64_t d, double side) {
  cell_grid g;
  g.d = d;
  g.count = count;
  std::vector<cell_t> of(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) of[static_cast<std::size_t>(i)] = cell_of(x + i * d, d, side);
  g.order.resize(static_cast<std::size_t>(count));
  std::iota(g.order.begin(), g.order.end(), std::int64_t{0});
  std::stable_sort(g.order.begin(), g.order.end(), [&](std::int64_t a, std::int64_t b) {
    return of[static_cast<std::size_t>(a)] < of[static_cast<std::size_t>(b)];
  });
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

/// The cells of b around a's cell c (those after it only, when same).
inline std::vector<std::size_t> cells_around(const cell_grid& a, std::size_t c, const cell_grid& b, bool same) {
  const int g = static_cast<int>(std::min<std::int64_t>(a.d, 3));
  int around = 1;
  for (int j = 0; j < g; ++j) around *= 3;
  std::vector<std::size_t> out;
  for (int o = 0; o < around; ++o) {
    cell_t near = a.cells[c];
    for (int j = 0, q = o; j < g; ++j, q /= 3) near[static_cast<std::size_t>(j)] += q % 3 - 1;
    if (same && near < a.cells[c]) continue;
    const auto it = std::lower_bound(b.cells.begin(), b.cells.end(), near);
    if (it != b.cells.end() && *it == near) out.push_back(static_cast<std::size_t>(it - b.cells.begin()));
  }
  return out;
}

/// Calls f(i, j) for every row i of a and j of b whose raw distance under M
/// is <= raw (raw_radius<M>(eps)); with same, each pair of a once.
template <metric M, class F>
void radius_pairs(const cell_grid& a, const cell_grid& b, double raw, bool same, F&& f) {
  std::vector<double> dist(static_cast<std::size_t>(b.widest));
  simd::dispatch(simd::level::avx512, [&]() HEAT_SIMD_BODY {
    for (std::size_t c = 0; c < a.cells.size(); ++c)
      for (const std::size_t cb : cells_around(a, c, b, same))
        for (std::int64_t r = a.start[c]; r < a.start[c + 1]; ++r) {
          const std::int64_t s0 = same && cb == c ? r + 1 : b.start[cb], s1 = b.start[cb + 1];
          raw_distances<M>(a, r, b, s0, s1, dist.data());
          for (std::int64_t s = s0; s < s1; ++s)
            if (dist[static_cast<std::size_t>(s - s0)] <= raw)
              f(a.order[static_cast<std::size_t>(r)], b.order[static_cast<std::size_t>(s)]);
        }
  });
}

}  // namespace ht::spatial::detail

#endif
