#ifndef HEAT_SPATIAL_RADIUS_HPP
#define HEAT_SPATIAL_RADIUS_HPP

/// Pairs of rows within a radius (DBSCAN's neighbourhoods), found through a
/// grid of cells instead of all pairs: rank-local kernels, no communication.
///
/// Contract:
/// - A metric M (heat/spatial/metric.hpp) and a radius eps > 0. Rows x and y
///   are neighbours when M's finished distance, computed in double, is
///   <= eps (scikit-learn's radius_neighbors).
/// - The grid covers the first min(d, 3) features with cubic cells of side
///   coordinate_reach<M>(eps): a pair whose values differ by more than that
///   in one feature is farther apart than eps under every metric whose
///   terms never lower the folded value (the concept's rule), so only the
///   3^g cells around a row's cell hold candidates. Rows are never compared
///   all against all; memory is O(rows) per grid.
/// - Cells are counted from 0 in every feature (floor(x / side)): blocks of
///   different ranks share one grid without a message; cell numbers are
///   clamped to +-2^62 (farther rows share the outermost cells: still
///   correct).
/// - radius_pairs(a, b, eps, f) calls f(i, j) for every row i of grid a
///   and row j of grid b within eps (row indices of the blocks the grids
///   were made from), the rows of a in cell order.

#include "heat/spatial/metric.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
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

using cell_t = std::array<std::int64_t, 3>;

/// The rows of one block sorted by cell.
template <class T>
struct cell_grid {
  std::int64_t d = 0;
  std::vector<cell_t> cells;        // the occupied cells, ascending
  std::vector<std::int64_t> start;  // rows of cells[c]: [start[c], start[c + 1]) in cell order
  std::vector<std::int64_t> order;  // block row of each row in cell order
  std::vector<T> rows;              // the rows in cell order, row-major
};

/// The cell of row x (the first min(d, 3) features; the others 0).
inline cell_t cell_of(const double* x, std::int64_t d, double side) {
  constexpr double clamp = 4.6e18;  // 2^62: far from int64's ends, so that +-1 does not overflow
  cell_t c{0, 0, 0};
  for (std::int64_t j = 0; j < std::min<std::int64_t>(d, 3); ++j) {
    const double k = std::floor(x[j] / side);
    c[static_cast<std::size_t>(j)] = static_cast<std::int64_t>(std::clamp(k, -clamp, clamp));
  }
  return c;
}

/// The grid of `count` rows at x (row-major, d features).
template <class T>
cell_grid<T> make_grid(const T* x, std::int64_t count, std::int64_t d, double side) {
  cell_grid<T> g;
  g.d = d;
  std::vector<cell_t> of(static_cast<std::size_t>(count));
  std::vector<double> row(static_cast<std::size_t>(std::min<std::int64_t>(d, 3)));
  for (std::int64_t i = 0; i < count; ++i) {
    for (std::size_t j = 0; j < row.size(); ++j) row[j] = static_cast<double>(x[i * d + static_cast<std::int64_t>(j)]);
    of[static_cast<std::size_t>(i)] = cell_of(row.data(), d, side);
  }
  g.order.resize(static_cast<std::size_t>(count));
  std::iota(g.order.begin(), g.order.end(), std::int64_t{0});
  std::stable_sort(g.order.begin(), g.order.end(), [&](std::int64_t a, std::int64_t b) {
    return of[static_cast<std::size_t>(a)] < of[static_cast<std::size_t>(b)];
  });
  g.rows.resize(static_cast<std::size_t>(count * d));
  for (std::int64_t r = 0; r < count; ++r) {
    const std::int64_t i = g.order[static_cast<std::size_t>(r)];
    std::copy(x + i * d, x + (i + 1) * d, g.rows.begin() + r * d);
    const cell_t& c = of[static_cast<std::size_t>(i)];
    if (g.cells.empty() || g.cells.back() != c) {
      g.cells.push_back(c);
      g.start.push_back(r);
    }
  }
  g.start.push_back(count);
  return g;
}

/// Calls f(i, j) for every row i of a and j of b within eps under M.
template <metric M, class T, class F>
void radius_pairs(const cell_grid<T>& a, const cell_grid<T>& b, double eps, F&& f) {
  const std::int64_t d = a.d;
  const int g = static_cast<int>(std::min<std::int64_t>(d, 3));
  int around = 1;
  for (int j = 0; j < g; ++j) around *= 3;
  for (std::size_t c = 0; c < a.cells.size(); ++c) {
    for (int o = 0; o < around; ++o) {
      cell_t near = a.cells[c];
      for (int j = 0, q = o; j < g; ++j, q /= 3) near[static_cast<std::size_t>(j)] += q % 3 - 1;
      const auto it = std::lower_bound(b.cells.begin(), b.cells.end(), near);
      if (it == b.cells.end() || *it != near) continue;
      const auto cb = static_cast<std::size_t>(it - b.cells.begin());
      for (std::int64_t r = a.start[c]; r < a.start[c + 1]; ++r) {
        const T* x = a.rows.data() + r * d;
        for (std::int64_t s = b.start[cb]; s < b.start[cb + 1]; ++s)
          if (M::finish(raw_distance<M, double>(x, b.rows.data() + s * d, d)) <= eps)
            f(a.order[static_cast<std::size_t>(r)], b.order[static_cast<std::size_t>(s)]);
      }
    }
  }
}

}  // namespace ht::spatial::detail

#endif
