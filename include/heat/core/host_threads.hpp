#ifndef HEAT_CORE_HOST_THREADS_HPP
#define HEAT_CORE_HOST_THREADS_HPP

// Rank-local host loops over rows, on all of the rank's threads (Kokkos'
// DefaultHostExecutionSpace: one thread on Serial, OMP_NUM_THREADS on
// OpenMP), for the kernels that can only run on the host (BLAS neighbours,
// GCC vector extensions, the Lasso sweeps).
//
// Contract:
// - cut_rows(n, min_rows[, max_count]) cuts [0, n) into at most max_count
//   (<= max_row_slices) slices of
//   equal length (the last one shorter), each at least min_rows long. The cut
//   depends only on n and min_rows, never on the thread count: sums kept per
//   slice and joined in slice order (join_slices) give the same bits with
//   one thread or sixteen, and the same as the one-slice loop when n is small.
// - for_each_slice(cut, f) calls f(slice, first, last) once for every slice,
//   spread over the threads; f writes only its slice's outputs and must not
//   throw (an exception cannot leave a parallel region): allocate before.
// - sort_in_slices: a sort of one block on all threads (slices sorted, then
//   merged pairwise).
// - Not for use inside another parallel region.
// - Tests reach the sliced paths with small inputs through
//   HEAT_TEST_FINE_SLICES=1 (ctest's *_slices_np2 entries).

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace ht::detail {

inline constexpr std::int64_t max_row_slices = 16;

struct row_cut {
  std::int64_t n = 0;      // rows
  std::int64_t count = 1;  // slices
  std::int64_t len = 0;    // rows per slice (the last may hold fewer)
  std::int64_t first(std::int64_t k) const { return std::min(n, k * len); }
  std::int64_t last(std::int64_t k) const { return std::min(n, (k + 1) * len); }
};

/// For tests: slices as fine as cut_rows may make them (min_rows taken as
/// 1), so small test inputs reach the threaded paths; HEAT_TEST_FINE_SLICES=1
/// in the environment, or set_fine_slices.
inline bool& fine_slices_setting() {
  static bool fine = [] {
    const char* env = std::getenv("HEAT_TEST_FINE_SLICES");
    return env && env[0] == '1';
  }();
  return fine;
}
inline void set_fine_slices(bool fine) { fine_slices_setting() = fine; }

inline row_cut cut_rows(std::int64_t n, std::int64_t min_rows, std::int64_t max_count = max_row_slices) {
  if (fine_slices_setting()) min_rows = 1;
  row_cut c;
  c.n = std::max<std::int64_t>(n, 0);
  c.count = std::clamp<std::int64_t>(c.n / std::max<std::int64_t>(min_rows, 1), 1,
                                     std::clamp<std::int64_t>(max_count, 1, max_row_slices));
  c.len = (c.n + c.count - 1) / c.count;
  return c;
}

/// The cut with slice lengths rounded up to a multiple of granule (fewer
/// slices, none shorter than granule but the last): for work done granule
/// rows at a time, such as BLAS calls on row chunks.
inline row_cut align_cut(row_cut c, std::int64_t granule) {
  granule = std::max<std::int64_t>(granule, 1);
  c.len = std::max<std::int64_t>((c.len + granule - 1) / granule * granule, granule);
  c.count = std::max<std::int64_t>((c.n + c.len - 1) / c.len, 1);
  return c;
}

template <class F>
void for_each_slice(const row_cut& cut, F&& f) {
  if (cut.count == 1) {
    f(std::int64_t{0}, std::int64_t{0}, cut.n);
    return;
  }
  Kokkos::parallel_for("heat::host_rows", Kokkos::RangePolicy<Kokkos::DefaultHostExecutionSpace>(0, cut.count),
                       [&](const std::int64_t k) { f(k, cut.first(k), cut.last(k)); });
}

/// Sorts data[0, n) on all of the rank's threads: slices of at least 2^16
/// elements sorted by sort_slice(first, count, scratch_first), then merged
/// pairwise by comp, round by round, through scratch (resized to n when
/// there are several slices; scratch_first is null while it is empty). comp must be a strict total order (ties
/// broken, as heat's sort keys are): the result is then the one sorted
/// sequence, whatever the cut. Neither sort_slice nor comp may throw.
template <class T, class SortSlice, class Comp>
void sort_in_slices(T* data, std::int64_t n, std::vector<T>& scratch, SortSlice&& sort_slice, Comp comp) {
  const row_cut cut = cut_rows(n, std::int64_t{1} << 16);
  if (cut.count > 1 && scratch.size() < static_cast<std::size_t>(n)) scratch.resize(static_cast<std::size_t>(n));
  for_each_slice(cut, [&](std::int64_t, std::int64_t lo, std::int64_t hi) {
    sort_slice(data + lo, hi - lo, scratch.empty() ? nullptr : scratch.data() + lo);
  });
  T *from = data, *to = scratch.data();
  for (std::int64_t width = cut.len; width < n; width *= 2) {
    const std::int64_t pairs = (n + 2 * width - 1) / (2 * width);
    for_each_slice(cut_rows(pairs, 1), [&](std::int64_t, std::int64_t p0, std::int64_t p1) {
      for (std::int64_t q = p0; q < p1; ++q) {
        const std::int64_t a = q * 2 * width, m = std::min(n, a + width), b = std::min(n, a + 2 * width);
        std::merge(from + a, from + m, from + m, from + b, to + a, comp);
      }
    });
    std::swap(from, to);
  }
  if (from != data) {
    for_each_slice(cut,
                   [&](std::int64_t, std::int64_t lo, std::int64_t hi) { std::copy(from + lo, from + hi, data + lo); });
  }
}

/// Per-slice accumulators: width values per slice, zero-initialised;
/// join_slices adds them into out (width values) in slice order.
struct slice_sums {
  std::int64_t width;
  std::vector<double> values;
  slice_sums(const row_cut& cut, std::int64_t w) : width(w), values(static_cast<std::size_t>(cut.count * w), 0.0) {}
  double* of(std::int64_t k) { return values.data() + k * width; }
  void join_into(double* out) const {
    const auto count = static_cast<std::int64_t>(values.size()) / std::max<std::int64_t>(width, 1);
    for (std::int64_t k = 0; k < count; ++k)
      for (std::int64_t j = 0; j < width; ++j) out[j] += values[static_cast<std::size_t>(k * width + j)];
  }
};

}  // namespace ht::detail

#endif
