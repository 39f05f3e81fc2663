#ifndef HEAT_EXPR_REDUCE_GEOMETRY_HPP
#define HEAT_EXPR_REDUCE_GEOMETRY_HPP

// Where the elements of a reduction lie, apart from how they are folded.
//
// Contract:
// - Outputs are numbered o in [0, n_out) in row-major order over the kept
//   axes of this rank's block; the folded elements of one output are
//   numbered r in [0, n_red) in row-major order over the reduced axes.
// - kept_coords(o, c) and reduced_coords(r, c) fill the two halves of a
//   local coordinate c; local_index(c) is the element's place in a block of
//   the target's local layout, global_index(c) its flat index over the
//   reduced axes of the global array (what argmin/argmax return).
// - interleavable(): only leading axes are reduced, so element (r, o) sits
//   at local place r * n_out + o (outputs side by side in memory).
// - Everything here is plain data, copied into kernels on any backend.

#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/shape.hpp"
#include "heat/expr/expression.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <vector>

namespace ht::detail {

struct reduce_geometry {
  int ndim = 0;
  int nkept = 0, nred = 0;
  int kept[max_ndim] = {};
  int red[max_ndim] = {};
  std::int64_t extent[max_ndim] = {};         // local extents
  std::int64_t local_stride[max_ndim] = {};   // row-major over the local extents
  std::int64_t global_stride[max_ndim] = {};  // of the reduced axes, for arg indices
  std::int64_t global_shift[max_ndim] = {};   // this rank's offset on the split axis
  std::int64_t n_out = 1;                     // outputs on this rank
  std::int64_t n_red = 1;                     // elements folded into one output on this rank
  std::int64_t n_global = 1;                  // elements folded into one output over all ranks
  bool across = false;                        // the split axis is reduced: partials meet in a collective

  /// The kept coordinates of output o.
  KOKKOS_INLINE_FUNCTION void kept_coords(std::int64_t o, std::int64_t* c) const {
    for (int j = nkept - 1; j >= 0; --j) {
      const int d = kept[j];
      c[d] = o % extent[d];
      o /= extent[d];
    }
  }
  /// The reduced coordinates of folded element r.
  KOKKOS_INLINE_FUNCTION void reduced_coords(std::int64_t r, std::int64_t* c) const {
    for (int j = nred - 1; j > 0; --j) {
      const int d = red[j];
      c[d] = r % extent[d];
      r /= extent[d];
    }
    if (nred > 0) c[red[0]] = r;
  }
  KOKKOS_INLINE_FUNCTION std::int64_t local_index(const std::int64_t* c) const {
    std::int64_t li = 0;
    for (int d = 0; d < ndim; ++d) li += c[d] * local_stride[d];
    return li;
  }
  KOKKOS_INLINE_FUNCTION std::int64_t global_index(const std::int64_t* c) const {
    std::int64_t gi = 0;
    for (int j = 0; j < nred; ++j) gi += (c[red[j]] + global_shift[red[j]]) * global_stride[red[j]];
    return gi;
  }
  bool interleavable() const {
    if (nkept == 0) return false;
    for (int j = 0; j < nkept; ++j)
      if (kept[j] < nred) return false;
    return true;
  }
};

/// The geometry of reducing the target t over the axes in mask.
inline reduce_geometry make_reduce_geometry(const eval_target& t, const std::vector<bool>& mask) {
  const shape_t& gshape = t.dist.gshape();
  const auto n = static_cast<int>(gshape.size());
  const split_t s = t.dist.split();
  reduce_geometry g;
  g.ndim = n;
  std::int64_t gstride = 1, lstride = 1;
  for (int d = n - 1; d >= 0; --d) {
    const auto ud = static_cast<std::size_t>(d);
    g.extent[d] = t.lshape[ud];
    g.local_stride[d] = lstride;
    lstride *= t.lshape[ud];
    if (mask[ud]) {
      g.global_stride[d] = gstride;
      gstride *= gshape[ud];
      g.n_global *= gshape[ud];
      g.global_shift[d] = (s && *s == d) ? t.offset : 0;
    }
  }
  for (int d = 0; d < n; ++d) {
    const auto ud = static_cast<std::size_t>(d);
    if (mask[ud]) {
      g.red[g.nred++] = d;
      g.n_red *= t.lshape[ud];
    } else {
      g.kept[g.nkept++] = d;
      g.n_out *= t.lshape[ud];
    }
  }
  g.across = s && mask[static_cast<std::size_t>(*s)];
  return g;
}

/// The result's distribution: the kept axes (reduced ones as 1 with keep),
/// split where the target is when the split axis is kept.
inline distribution reduce_result_distribution(const eval_target& t, const std::vector<bool>& mask, bool keep) {
  const shape_t& gshape = t.dist.gshape();
  shape_t out_shape;
  for (std::size_t d = 0; d < gshape.size(); ++d)
    if (!mask[d])
      out_shape.push_back(gshape[d]);
    else if (keep)
      out_shape.push_back(1);
  const split_t s = t.dist.split();
  if (!s || mask[static_cast<std::size_t>(*s)]) return distribution(out_shape, none, t.comm.size(), {});
  std::int64_t before = 0;
  for (int d = 0; d < *s; ++d) before += (mask[static_cast<std::size_t>(d)] && !keep);
  return distribution(out_shape, *s - before, t.comm.size(), t.dist.counts());
}

}  // namespace ht::detail

#endif
