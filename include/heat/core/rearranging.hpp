#ifndef HEAT_CORE_REARRANGING_HPP
#define HEAT_CORE_REARRANGING_HPP

/// NumPy's and HeAT's array rearrangements built on the primitives of
/// heat/core/manipulations.hpp (transpose, flip, concatenate, reshape) and
/// heat/core/indexing.hpp (slices), plus four kernels of their own (repeat,
/// tile, broadcast_to, diagonal/diag).
///
/// Contract (what each communicates; "local": no message):
/// - fliplr, flipud, rot90: flip's and transpose's (local except a flip of
///   the split axis, one exchange); swapaxes, moveaxis: local (the split
///   axis moves with its axis); ravel = flatten.
/// - hstack, vstack (row_stack), column_stack: concatenate's (local unless
///   the joined axis is the split axis); split / hsplit / vsplit / dsplit:
///   local slices, each part keeping the rows its ranks had (parts cut
///   along the split axis are unbalanced, as HeAT's).
/// - repeat: local; the result keeps x's split axis (along it each rank's
///   count grows by its own rows' repeats). axis = none works on the
///   flattened array (reshape's exchange).
/// - tile: local when the split axis is not repeated; else x is replicated
///   first (one Allgatherv of x, smaller than the result) and each rank
///   fills its balanced block. A replicated x gives a replicated result.
/// - roll: local along a non-split axis; along the split axis the two
///   slices are joined by concatenate (one exchange); axis = none rolls the
///   flattened array and restores x's shape and split axis.
/// - broadcast_to: local when the split axis is not broadcast; when x is
///   split along an axis of extent 1 that grows, x is replicated first and
///   the result is balanced along that axis.
/// - diagonal: local at every split (a rank's diagonal entries are those of
///   its rows); the result is split along the axis x's split axis became,
///   the last when it was dim1 or dim2. diag of a 1-D array replicates it
///   (Allgatherv) and fills each rank's rows of the square.
/// - pad with a mode: one take per padded axis (see pad's comment).
/// - Bad input (axes out of range or repeated, unequal split sections,
///   negative repeats, shapes that do not broadcast) is a ValueError on
///   every rank before any message; every operand's metadata is global.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/indexing.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/take.hpp"
#include "heat/expr/expression.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace ht {

namespace detail {

/// x[lo:hi] along axis (other axes whole), rows kept where they are.
template <class T>
DNDarray<T> slab(const DNDarray<T>& x, std::int64_t axis, std::int64_t lo, std::int64_t hi) {
  std::vector<axis_slice> s;
  for (std::int64_t d = 0; d < x.ndim(); ++d)
    s.push_back(d == axis ? axis_slice{lo, 1, std::max<std::int64_t>(hi - lo, 0), false}
                          : axis_slice{0, 1, x.shape()[static_cast<std::size_t>(d)], false});
  return view_node<T>(x, std::move(s)).array();
}

/// The identity permutation of n axes.
inline std::vector<std::int64_t> identity_axes(std::int64_t n) {
  std::vector<std::int64_t> p(static_cast<std::size_t>(n));
  std::iota(p.begin(), p.end(), std::int64_t{0});
  return p;
}

}  // namespace detail

/// Order reversed along axis 1 (at least 2-D) / axis 0 (at least 1-D).
template <class T>
DNDarray<T> fliplr(const DNDarray<T>& x) {
  detail::check(x.ndim() >= 2, "fliplr: the input must be at least 2-D, got ", x.ndim(), "-D");
  return flip(x, 1);
}
template <class T>
DNDarray<T> flipud(const DNDarray<T>& x) {
  detail::check(x.ndim() >= 1, "flipud: the input must be at least 1-D, got a scalar");
  return flip(x, 0);
}

/// The elements in row-major order as a 1-D array (a copy: flatten).
template <class T>
DNDarray<T> ravel(const DNDarray<T>& x) {
  return flatten(x);
}

/// Axes a and b interchanged.
template <class T>
DNDarray<T> swapaxes(const DNDarray<T>& x, std::int64_t a, std::int64_t b) {
  a = normalize_axis(a, x.ndim());
  b = normalize_axis(b, x.ndim());
  auto p = detail::identity_axes(x.ndim());
  std::swap(p[static_cast<std::size_t>(a)], p[static_cast<std::size_t>(b)]);
  return transpose(x, p);
}

/// Axes moved from source to destination, the others in their order (NumPy's moveaxis).
template <class T>
DNDarray<T> moveaxis(const DNDarray<T>& x, std::vector<std::int64_t> source, std::vector<std::int64_t> destination) {
  detail::check(source.size() == destination.size(),
                "moveaxis: `source` and `destination` arguments must have the same number of elements");
  const std::int64_t n = x.ndim();
  std::vector<bool> moved(static_cast<std::size_t>(n), false), taken(static_cast<std::size_t>(n), false);
  for (std::size_t i = 0; i < source.size(); ++i) {
    source[i] = normalize_axis(source[i], n);
    destination[i] = normalize_axis(destination[i], n);
    detail::check(!moved[static_cast<std::size_t>(source[i])] && !taken[static_cast<std::size_t>(destination[i])],
                  "moveaxis: repeated axis");
    moved[static_cast<std::size_t>(source[i])] = taken[static_cast<std::size_t>(destination[i])] = true;
  }
  std::vector<std::int64_t> order;
  for (std::int64_t d = 0; d < n; ++d)
    if (!moved[static_cast<std::size_t>(d)]) order.push_back(d);
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  for (std::size_t i = 0; i < source.size(); ++i) pairs.emplace_back(destination[i], source[i]);
  std::sort(pairs.begin(), pairs.end());
  for (const auto& [dst, src] : pairs) order.insert(order.begin() + dst, src);
  return transpose(x, order);
}
template <class T>
DNDarray<T> moveaxis(const DNDarray<T>& x, std::int64_t source, std::int64_t destination) {
  return moveaxis(x, std::vector<std::int64_t>{source}, std::vector<std::int64_t>{destination});
}

/// Rotated by 90 degrees k times in the plane of axes, from the first towards the second.
template <class T>
DNDarray<T> rot90(const DNDarray<T>& x, std::int64_t k = 1, std::vector<std::int64_t> axes = {0, 1}) {
  detail::check(axes.size() == 2, "rot90: len(axes) must be 2");
  detail::check(x.ndim() >= 2, "rot90: the array must be at least 2-D");
  const std::int64_t a = normalize_axis(axes[0], x.ndim()), b = normalize_axis(axes[1], x.ndim());
  detail::check(a != b, "rot90: axes must be different");
  k = ((k % 4) + 4) % 4;
  if (k == 0) return copy(x);
  if (k == 2) return flip(flip(x, a), b);
  auto p = detail::identity_axes(x.ndim());
  std::swap(p[static_cast<std::size_t>(a)], p[static_cast<std::size_t>(b)]);
  if (k == 1) return transpose(flip(x, b), p);
  return flip(transpose(x, p), b);
}

/// Joined along the second axis (the first for 1-D arrays), NumPy's hstack.
template <class T>
DNDarray<T> hstack(const std::vector<DNDarray<T>>& arrays) {
  detail::check(!arrays.empty(), "need at least one array to concatenate");
  return concatenate(arrays, arrays.front().ndim() == 1 ? 0 : 1);
}
/// Joined along the first axis, 1-D arrays as rows (NumPy's vstack, row_stack).
template <class T>
DNDarray<T> vstack(const std::vector<DNDarray<T>>& arrays) {
  std::vector<DNDarray<T>> rows;
  for (const auto& x : arrays) rows.push_back(x.ndim() == 1 ? expand_dims(x, 0) : x);
  return concatenate(rows, 0);
}
template <class T>
DNDarray<T> row_stack(const std::vector<DNDarray<T>>& arrays) {
  return vstack(arrays);
}
/// 1-D arrays as columns, 2-D arrays as they are, joined along the second axis.
template <class T>
DNDarray<T> column_stack(const std::vector<DNDarray<T>>& arrays) {
  std::vector<DNDarray<T>> cols;
  for (const auto& x : arrays) cols.push_back(x.ndim() == 1 ? expand_dims(x, 1) : x);
  return concatenate(cols, 1);
}

/// The parts of x cut before each index along axis (NumPy's split with
/// indices; negative indices count from the end, indices past the end give
/// empty parts).
template <class T>
std::vector<DNDarray<T>> split(const DNDarray<T>& x, const std::vector<std::int64_t>& indices, std::int64_t axis = 0) {
  axis = normalize_axis(axis, x.ndim());
  const std::int64_t n = x.shape()[static_cast<std::size_t>(axis)];
  std::vector<DNDarray<T>> parts;
  std::int64_t lo = 0;
  for (std::size_t i = 0; i <= indices.size(); ++i) {
    std::int64_t hi = i < indices.size() ? indices[i] : n;
    hi = std::clamp<std::int64_t>(hi < 0 ? hi + n : hi, 0, n);
    parts.push_back(detail::slab(x, axis, std::min(lo, n), hi));
    lo = std::max(lo, hi);
  }
  return parts;
}
/// x cut into `sections` equal parts along axis (ValueError unless they divide it).
template <class T>
std::vector<DNDarray<T>> split(const DNDarray<T>& x, std::int64_t sections, std::int64_t axis = 0) {
  axis = normalize_axis(axis, x.ndim());
  const std::int64_t n = x.shape()[static_cast<std::size_t>(axis)];
  detail::check(sections > 0, "split: number sections must be larger than 0");
  detail::check(n % sections == 0, "split: array split does not result in an equal division");
  std::vector<std::int64_t> at;
  for (std::int64_t i = 1; i < sections; ++i) at.push_back(i * (n / sections));
  return split(x, at, axis);
}
/// split along axis 1 (axis 0 for 1-D), 0 (at least 2-D), 2 (at least 3-D).
template <class T, class S>
std::vector<DNDarray<T>> hsplit(const DNDarray<T>& x, const S& sections) {
  detail::check(x.ndim() >= 1, "hsplit only works on arrays of 1 or more dimensions");
  return split(x, sections, x.ndim() > 1 ? 1 : 0);
}
template <class T, class S>
std::vector<DNDarray<T>> vsplit(const DNDarray<T>& x, const S& sections) {
  detail::check(x.ndim() >= 2, "vsplit only works on arrays of 2 or more dimensions");
  return split(x, sections, 0);
}
template <class T, class S>
std::vector<DNDarray<T>> dsplit(const DNDarray<T>& x, const S& sections) {
  detail::check(x.ndim() >= 3, "dsplit only works on arrays of 3 or more dimensions");
  return split(x, sections, 2);
}

/// Each element repeated repeats[i] times along axis (one count for all
/// when repeats has one entry; the flattened array when axis is none).
template <class T>
DNDarray<T> repeat(const DNDarray<T>& x, std::vector<std::int64_t> repeats, split_t axis = none);
template <class T>
DNDarray<T> repeat(const DNDarray<T>& x, std::int64_t repeats, split_t axis = none) {
  return repeat(x, std::vector<std::int64_t>{repeats}, axis);
}

/// x repeated reps[d] times along each axis (reps shorter than ndim
/// counts from the last axis; longer adds leading axes), NumPy's tile.
template <class T>
DNDarray<T> tile(const DNDarray<T>& x, std::vector<std::int64_t> reps);

/// Elements shifted by shift along axis (around the end); the flattened
/// order when axis is none.
template <class T>
DNDarray<T> roll(const DNDarray<T>& x, std::int64_t shift, split_t axis = none);
/// Several shifts along several axes, one after the other.
template <class T>
DNDarray<T> roll(const DNDarray<T>& x, const std::vector<std::int64_t>& shifts, const std::vector<std::int64_t>& axes);

/// x with the shape `shape` under NumPy's broadcasting rules, as a new array.
template <class T>
DNDarray<T> broadcast_to(const DNDarray<T>& x, const shape_t& shape);
/// The arrays broadcast against each other.
template <class T>
std::vector<DNDarray<T>> broadcast_arrays(const std::vector<DNDarray<T>>& arrays);

/// NumPy's pad modes "edge", "wrap", "reflect" and "symmetric" (the
/// constant mode is pad(x, pad_width, value)): each padded axis is one take
/// of x's indices along it (local along non-split axes, take's exchange
/// along the split axis); pad_width as pad's.
template <class T>
DNDarray<T> pad(const DNDarray<T>& x, std::vector<std::pair<std::int64_t, std::int64_t>> pad_width, const char* mode);
/// Constant padding with NumPy's per-side constant_values: values[d] =
/// {before, after} for axis d (or one pair for all). As NumPy's, the axes are
/// padded in order, each over the earlier axes' padding, so a corner takes
/// the last axis' value: one constant pad per side (a resplit-free move of
/// rows when the side is along the split axis).
template <class T>
DNDarray<T> pad(const DNDarray<T>& x, std::vector<std::pair<std::int64_t, std::int64_t>> pad_width,
                std::vector<std::pair<T, T>> values);

/// The diagonal (offset above the main one when positive) of the planes
/// of axes dim1 and dim2, as the last axis of the result (NumPy's diagonal).
template <class T>
DNDarray<T> diagonal(const DNDarray<T>& x, std::int64_t offset = 0, std::int64_t dim1 = 0, std::int64_t dim2 = 1);
/// The diagonal of a 2-D array, or the square array with a 1-D array on diagonal k.
template <class T>
DNDarray<T> diag(const DNDarray<T>& x, std::int64_t k = 0);

}  // namespace ht

#include "heat/core/rearranging_kernels.hpp"

#endif
