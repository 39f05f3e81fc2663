#ifndef HEAT_CORE_MANIPULATIONS_HPP
#define HEAT_CORE_MANIPULATIONS_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/comm/rows.hpp"
#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/host.hpp"
#include "heat/core/shape.hpp"

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <numeric>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht {

/// Axes permuted (reversed when axes is empty), as a new array. No message:
/// every rank keeps its elements and the split axis moves with the others.
template <class T>
DNDarray<T> transpose(const DNDarray<T>& x, std::vector<std::int64_t> axes = {});

/// A new axis of extent 1 at position axis (in [-ndim-1, ndim]); shares x's block.
template <class T>
DNDarray<T> expand_dims(const DNDarray<T>& x, std::int64_t axis);

/// Axes of extent 1 removed (all of them, or the one given). Shares x's block
/// unless the split axis goes: the array is then replicated (Allgatherv).
template <class T>
DNDarray<T> squeeze(const DNDarray<T>& x, split_t axis = none);

/// The same elements in row-major order with another shape (one extent may
/// be -1). Split arrays keep their split axis where it still exists (else 0);
/// elements move with one Alltoallv, none when every rank keeps its range.
template <class T>
DNDarray<T> reshape(const DNDarray<T>& x, shape_t shape);

/// reshape, then the result split along new_split (HeAT's new_split).
template <class T>
DNDarray<T> reshape(const DNDarray<T>& x, shape_t shape, split_t new_split);

/// reshape to one dimension.
template <class T>
DNDarray<T> flatten(const DNDarray<T>& x);

/// Arrays joined along axis (their other extents equal); split like the first.
template <class T>
DNDarray<T> concatenate(const std::vector<DNDarray<T>>& arrays, std::int64_t axis = 0);

template <class T>
DNDarray<T> concatenate(std::initializer_list<DNDarray<T>> arrays, std::int64_t axis = 0) {
  return concatenate(std::vector<DNDarray<T>>(arrays), axis);
}

/// Arrays of one shape joined along a new axis.
template <class T>
DNDarray<T> stack(const std::vector<DNDarray<T>>& arrays, std::int64_t axis = 0);
template <class T>
DNDarray<T> stack(std::initializer_list<DNDarray<T>> arrays, std::int64_t axis = 0) {
  return stack(std::vector<DNDarray<T>>(arrays), axis);
}

/// Order reversed along axis (all axes with none).
template <class T>
DNDarray<T> flip(const DNDarray<T>& x, split_t axis = none);

/// Constant padding: pad_width[d] = {before, after} per axis, or one pair for all.
template <class T>
DNDarray<T> pad(const DNDarray<T>& x, std::vector<std::pair<std::int64_t, std::int64_t>> pad_width, T value = T(0));

/// n-th discrete difference along axis (out[i] = x[i + 1] - x[i], n times).
template <class T>
DNDarray<T> diff(const DNDarray<T>& x, std::int64_t n = 1, std::int64_t axis = -1);
/// diff of x with prepend before and append after it along axis (NumPy's
/// options: each of x's shape but along axis, or 0-d: one slab of its value).
template <class T>
DNDarray<T> diff(const DNDarray<T>& x, std::int64_t n, std::int64_t axis,
                 const std::optional<std::type_identity_t<DNDarray<T>>>& prepend,
                 const std::optional<std::type_identity_t<DNDarray<T>>>& append = std::nullopt);

/// Lower / upper triangle of the last two axes (diagonal k and below / above),
/// zeros elsewhere; a 1-D array gives the n x n triangle of its rows (NumPy's).
template <class T>
DNDarray<T> tril(const DNDarray<T>& x, std::int64_t k = 0);
template <class T>
DNDarray<T> triu(const DNDarray<T>& x, std::int64_t k = 0);

// ---------------------------------------------------------------------------

namespace detail {

/// Fixed-size axis data for kernels.
struct axes_info {
  int ndim = 0;
  std::int64_t extent[max_ndim] = {};
  std::int64_t v[max_ndim] = {};
  KOKKOS_INLINE_FUNCTION void unravel(std::int64_t l, std::int64_t* c) const {
    for (int d = ndim - 1; d >= 0; --d) {
      c[d] = extent[d] > 0 ? l % extent[d] : 0;
      l = extent[d] > 0 ? l / extent[d] : 0;
    }
  }
};

inline axes_info info_of(const shape_t& extent, const shape_t& values = {}) {
  axes_info a;
  a.ndim = static_cast<int>(extent.size());
  for (std::size_t d = 0; d < extent.size(); ++d) {
    a.extent[d] = extent[d];
    a.v[d] = d < values.size() ? values[d] : 0;
  }
  return a;
}

/// out's local block, element by element: f(local coordinates) in one kernel.
template <class T, class F>
void fill_local(const DNDarray<T>& out, const char* label, F f) {
  const axes_info g = info_of(out.lshape());
  auto v = out.local_view();
  Kokkos::parallel_for(
      label, Kokkos::RangePolicy<execution_space>(0, out.lsize()), KOKKOS_LAMBDA(const std::int64_t l) {
        std::int64_t c[max_ndim];
        g.unravel(l, c);
        v(l) = f(c);
      });
  Kokkos::fence();
}

inline std::vector<std::int64_t> displs_of(const std::vector<std::int64_t>& counts) {
  std::vector<std::int64_t> d(counts.size() + 1, 0);
  std::partial_sum(counts.begin(), counts.end(), d.begin() + 1);
  return d;
}

/// Same array, new metadata over the same local block.
template <class T>
DNDarray<T> relabel(const DNDarray<T>& x, const shape_t& shape, split_t split, std::vector<std::int64_t> counts) {
  return DNDarray<T>(distribution(shape, split, x.comm().size(), std::move(counts)), x.comm(), x.local_view());
}

/// Local blocks of arrays (same local extents except along axis) joined along axis.
template <class T>
DNDarray<T> concat_blocks(const std::vector<DNDarray<T>>& parts, std::int64_t axis, const distribution& dist,
                          const communicator& comm) {
  DNDarray<T> out(dist, comm);
  std::int64_t at = 0;
  for (const auto& part : parts) {
    const axes_info g = info_of(part.lshape());
    const axes_info o = info_of(out.lshape());
    auto src = part.local_view();
    auto dst = out.local_view();
    const std::int64_t start = at;
    const int ax = static_cast<int>(axis);
    Kokkos::parallel_for(
        "heat::core::concatenate", Kokkos::RangePolicy<execution_space>(0, part.lsize()),
        KOKKOS_LAMBDA(const std::int64_t l) {
          std::int64_t c[max_ndim];
          g.unravel(l, c);
          c[ax] += start;
          std::int64_t k = 0;
          for (int d = 0; d < o.ndim; ++d) k = k * o.extent[d] + c[d];
          dst(k) = src(l);
        });
    at += part.lshape()[static_cast<std::size_t>(axis)];
  }
  Kokkos::fence();
  return out;
}

}  // namespace detail

template <class T>
DNDarray<T> transpose(const DNDarray<T>& x, std::vector<std::int64_t> axes) {
  const std::int64_t n = x.ndim();
  if (axes.empty())
    for (std::int64_t d = n - 1; d >= 0; --d) axes.push_back(d);
  detail::check(static_cast<std::int64_t>(axes.size()) == n, "axes don't match array: ", axes.size(), " axes for ", n,
                " dimensions");
  std::vector<bool> seen(static_cast<std::size_t>(n), false);
  for (auto& a : axes) {
    a = normalize_axis(a, n);
    detail::check(!seen[static_cast<std::size_t>(a)], "repeated axis in transpose");
    seen[static_cast<std::size_t>(a)] = true;
  }
  shape_t shape(static_cast<std::size_t>(n));
  split_t split = none;
  const shape_t st = detail::strides_of(x.lshape());
  detail::axes_info perm_stride;
  perm_stride.ndim = static_cast<int>(n);
  for (std::int64_t d = 0; d < n; ++d) {
    const auto a = static_cast<std::size_t>(axes[static_cast<std::size_t>(d)]);
    shape[static_cast<std::size_t>(d)] = x.shape()[a];
    perm_stride.v[d] = st[a];
    if (x.split() && static_cast<std::int64_t>(a) == *x.split()) split = d;
  }
  DNDarray<T> out(distribution(shape, split, x.comm().size(), x.dist().counts()), x.comm());
  auto src = x.local_view();
  detail::fill_local(
      out, "heat::core::transpose", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t k = 0;
        for (int d = 0; d < perm_stride.ndim; ++d) k += c[d] * perm_stride.v[d];
        return src(k);
      });
  return out;
}

template <class V>
DNDarray<V> DNDarray<V>::T() const {
  return transpose(*this);
}

template <class T>
DNDarray<T> expand_dims(const DNDarray<T>& x, std::int64_t axis) {
  axis = normalize_axis(axis, x.ndim() + 1);
  shape_t shape = x.shape();
  shape.insert(shape.begin() + axis, 1);
  split_t split = x.split();
  if (split && *split >= axis) ++*split;
  return detail::relabel(x, shape, split, x.dist().counts());
}

template <class T>
DNDarray<T> squeeze(const DNDarray<T>& x, split_t axis) {
  std::vector<bool> drop(static_cast<std::size_t>(x.ndim()), false);
  if (axis) {
    const auto a = static_cast<std::size_t>(normalize_axis(*axis, x.ndim()));
    detail::check(x.shape()[a] == 1, "cannot select an axis to squeeze out which has size not equal to one");
    drop[a] = true;
  } else {
    for (std::size_t d = 0; d < drop.size(); ++d) drop[d] = x.shape()[d] == 1;
  }
  const DNDarray<T> src = x.split() && drop[static_cast<std::size_t>(*x.split())] ? resplit(x, none) : x;
  shape_t shape;
  split_t split = none;
  for (std::size_t d = 0; d < drop.size(); ++d) {
    if (drop[d]) continue;
    if (src.split() && *src.split() == static_cast<std::int64_t>(d)) split = static_cast<std::int64_t>(shape.size());
    shape.push_back(x.shape()[d]);
  }
  return detail::relabel(src, shape, split, src.dist().counts());
}

template <class T>
DNDarray<T> reshape(const DNDarray<T>& x, shape_t shape) {
  std::int64_t known = 1, unknown = -1;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == -1) {
      detail::check(unknown < 0, "can only specify one unknown dimension");
      unknown = static_cast<std::int64_t>(d);
    } else {
      detail::check(shape[d] >= 0, "negative extent in shape ", to_string(shape));
      known *= shape[d];
    }
  }
  if (unknown >= 0) {
    detail::check(known > 0 && x.size() % known == 0, "cannot reshape array of size ", x.size(), " into shape ",
                  to_string(shape));
    shape[static_cast<std::size_t>(unknown)] = x.size() / known;
  }
  check_shape(shape);
  detail::check(shape_size(shape) == x.size(), "cannot reshape array of size ", x.size(), " into shape ",
                to_string(shape));
  const auto n = static_cast<std::int64_t>(shape.size());
  if (!x.split()) return detail::relabel(x, shape, none, {});
  if (n == 0) return detail::relabel(resplit(x, none), shape, none, {});
  const split_t want = *x.split() < n ? *x.split() : 0;
  // Split 0 on both sides: every rank holds one contiguous range of the
  // row-major order, so the move is one of flat ranges.
  const DNDarray<T> src = *x.split() == 0 ? x : resplit(x, 0);
  const distribution target = distribution::balanced(shape, 0, x.comm().size());
  const std::int64_t in_inner =
      src.shape().empty() ? 1 : shape_size(src.shape()) / std::max<std::int64_t>(src.shape()[0], 1);
  const std::int64_t out_inner = shape[0] > 0 ? shape_size(shape) / shape[0] : 1;
  const std::int64_t unit = std::max<std::int64_t>(1, std::gcd(in_inner, out_inner));
  const auto in_displs = detail::displs_of(src.dist().counts());
  std::vector<std::int64_t> out_displs = detail::displs_of(target.counts());
  bool same = true;
  for (std::size_t r = 0; r < in_displs.size(); ++r) {
    out_displs[r] = out_displs[r] * out_inner / unit;
    same = same && out_displs[r] == in_displs[r] * in_inner / unit;
  }
  // Every rank keeps its range: new metadata over the same block.
  DNDarray<T> out = same ? detail::relabel(src, shape, 0, target.counts()) : DNDarray<T>(target, x.comm());
  if (!same) {
    detail::move_rows(
        x.comm(), src.local_view(), unit,
        [&](int r) {
          const auto k = static_cast<std::size_t>(r);
          return std::vector<detail::row_run>{
              {0, (in_displs[k + 1] - in_displs[k]) * in_inner / unit, in_displs[k] * in_inner / unit}};
        },
        out_displs, out.local_view());
  }
  return want == 0 ? out : resplit(out, want);
}

template <class T>
DNDarray<T> reshape(const DNDarray<T>& x, shape_t shape, split_t new_split) {
  DNDarray<T> out = reshape(x, std::move(shape));
  new_split = normalize_split(new_split, out.ndim());
  return out.split() == new_split ? out : resplit(out, new_split);
}

template <class T>
DNDarray<T> flatten(const DNDarray<T>& x) {
  return reshape(x, {x.size()});
}

template <class T>
DNDarray<T> concatenate(const std::vector<DNDarray<T>>& arrays, std::int64_t axis) {
  detail::check(!arrays.empty(), "need at least one array to concatenate");
  const DNDarray<T>& first = arrays.front();
  const std::int64_t n = first.ndim();
  detail::check(n > 0, "zero-dimensional arrays cannot be concatenated");
  axis = normalize_axis(axis, n);
  const auto a = static_cast<std::size_t>(axis);
  shape_t shape = first.shape();
  shape[a] = 0;
  for (const auto& x : arrays) {
    detail::check(x.comm() == first.comm(), "arrays live on different communicators");
    bool fits = x.ndim() == n;
    for (std::size_t d = 0; fits && d < shape.size(); ++d) fits = d == a || x.shape()[d] == first.shape()[d];
    detail::check(fits, "all the input array dimensions except for the concatenation axis must match exactly: ",
                  to_string(first.shape()), " and ", to_string(x.shape()), " along axis ", axis);
    shape[a] += x.shape()[a];
  }
  split_t split = none;
  for (const auto& x : arrays)
    if (!split && x.split()) split = x.split();
  const communicator& comm = first.comm();
  const int p = comm.size();
  if (!split || *split != axis) {
    // Blocks along another axis: every part takes the first split part's
    // counts, then each rank joins its blocks.
    std::vector<std::int64_t> counts;
    if (split) {
      for (const auto& x : arrays)
        if (x.split() == split) {
          counts = x.dist().counts();
          break;
        }
    }
    std::vector<DNDarray<T>> parts;
    for (const auto& x : arrays) {
      const distribution want(x.shape(), split, p, counts);
      parts.push_back(
          x.dist() == want ? x : DNDarray<T>(want, comm, detail::redistribute(comm, x.local_view(), x.dist(), want)));
    }
    return detail::concat_blocks(parts, axis, distribution(shape, split, p, counts), comm);
  }
  if (axis != 0) {
    // Rows along a later axis are not contiguous: join along the front.
    std::vector<std::int64_t> perm{axis}, back(static_cast<std::size_t>(n));
    for (std::int64_t d = 0; d < n; ++d)
      if (d != axis) perm.push_back(d);
    for (std::int64_t d = 0; d < n; ++d) back[static_cast<std::size_t>(perm[static_cast<std::size_t>(d)])] = d;
    std::vector<DNDarray<T>> moved;
    for (const auto& x : arrays) moved.push_back(transpose(x, perm));
    return transpose(concatenate(moved, 0), back);
  }
  // Along the split axis: each rank joins its own rows, then rows move to
  // the balanced layout of the result.
  std::vector<DNDarray<T>> parts;
  for (const auto& x : arrays) parts.push_back(x.split() == split ? x : resplit(x, split));
  std::vector<std::int64_t> local_counts(static_cast<std::size_t>(p), 0);
  for (const auto& x : parts)
    for (int r = 0; r < p; ++r)
      local_counts[static_cast<std::size_t>(r)] += x.dist().counts()[static_cast<std::size_t>(r)];
  const DNDarray<T> joined = detail::concat_blocks(parts, axis, distribution(shape, split, p, local_counts), comm);
  const distribution target = distribution::balanced(shape, split, p);
  DNDarray<T> out(target, comm);
  std::int64_t inner = 1;
  for (std::size_t d = a + 1; d < shape.size(); ++d) inner *= shape[d];
  detail::move_rows(
      comm, joined.local_view(), inner,
      [&](int r) {
        std::vector<detail::row_run> runs;
        std::int64_t local = 0, global = 0;
        for (const auto& x : parts) {
          const std::int64_t c = x.dist().counts()[static_cast<std::size_t>(r)];
          runs.push_back({local, c, global + x.dist().offset(r)});
          local += c;
          global += x.shape()[a];
        }
        return runs;
      },
      detail::displs_of(target.counts()), out.local_view());
  return out;
}

template <class T>
DNDarray<T> stack(const std::vector<DNDarray<T>>& arrays, std::int64_t axis) {
  detail::check(!arrays.empty(), "need at least one array to stack");
  axis = normalize_axis(axis, arrays.front().ndim() + 1);
  std::vector<DNDarray<T>> parts;
  for (const auto& x : arrays) {
    detail::check(x.shape() == arrays.front().shape(),
                  "all input arrays must have the same shape: ", to_string(arrays.front().shape()), " and ",
                  to_string(x.shape()));
    parts.push_back(expand_dims(x, axis));
  }
  return concatenate(parts, axis);
}

template <class T>
DNDarray<T> flip(const DNDarray<T>& x, split_t axis) {
  const std::int64_t n = x.ndim();
  std::vector<bool> rev(static_cast<std::size_t>(n), !axis.has_value());
  if (axis) rev[static_cast<std::size_t>(normalize_axis(*axis, n))] = true;
  // Axes other than the split axis are reversed inside each block.
  detail::axes_info g = detail::info_of(x.lshape());
  for (std::int64_t d = 0; d < n; ++d) g.v[d] = rev[static_cast<std::size_t>(d)] && x.split() != d;
  DNDarray<T> local(x.dist(), x.comm());
  auto src = x.local_view();
  detail::fill_local(
      local, "heat::core::flip", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t k = 0;
        for (int d = 0; d < g.ndim; ++d) k = k * g.extent[d] + (g.v[d] ? g.extent[d] - 1 - c[d] : c[d]);
        return src(k);
      });
  if (!x.split() || !rev[static_cast<std::size_t>(*x.split())]) return local;
  // Along the split axis rows move: global row i goes to N - 1 - i; the
  // result keeps x's counts.
  const auto s = static_cast<std::size_t>(*x.split());
  const std::int64_t rows = x.shape()[s];
  std::int64_t row_len = 1;
  for (std::size_t d = s + 1; d < x.shape().size(); ++d) row_len *= x.shape()[d];
  std::int64_t outer = 1;
  for (std::size_t d = 0; d < s; ++d) outer *= x.shape()[d];
  if (outer != 1) {
    // Split axis not leading: move it to the front, flip there, move back.
    std::vector<std::int64_t> perm{static_cast<std::int64_t>(s)};
    for (std::int64_t d = 0; d < n; ++d)
      if (d != static_cast<std::int64_t>(s)) perm.push_back(d);
    std::vector<std::int64_t> back(static_cast<std::size_t>(n));
    for (std::int64_t d = 0; d < n; ++d) back[static_cast<std::size_t>(perm[static_cast<std::size_t>(d)])] = d;
    return transpose(flip(transpose(local, perm), 0), back);
  }
  const auto counts = x.dist().counts();
  DNDarray<T> out(x.dist(), x.comm());
  detail::move_rows(
      x.comm(), local.local_view(), row_len,
      [&](int r) {
        return std::vector<detail::row_run>{
            {0, counts[static_cast<std::size_t>(r)], rows - 1 - x.dist().offset(r), true}};
      },
      detail::displs_of(counts), out.local_view());
  return out;
}

template <class T>
DNDarray<T> pad(const DNDarray<T>& x, std::vector<std::pair<std::int64_t, std::int64_t>> pad_width, T value) {
  const std::int64_t n = x.ndim();
  if (pad_width.size() == 1) pad_width.assign(static_cast<std::size_t>(n), pad_width.front());
  detail::check(static_cast<std::int64_t>(pad_width.size()) == n, "pad_width needs one pair per axis (", n,
                ") or one pair for all, got ", pad_width.size());
  shape_t shape = x.shape();
  detail::axes_info g = detail::info_of(x.lshape());
  for (std::size_t d = 0; d < shape.size(); ++d) {
    detail::check(pad_width[d].first >= 0 && pad_width[d].second >= 0, "pad widths must be non-negative");
    shape[d] += pad_width[d].first + pad_width[d].second;
    if (x.split() != static_cast<std::int64_t>(d)) g.v[d] = pad_width[d].first;
  }
  // Pad the axes each rank holds whole, inside its block.
  const std::vector<std::int64_t> counts = x.dist().counts();
  shape_t inner_shape = shape;
  if (x.split()) inner_shape[static_cast<std::size_t>(*x.split())] = x.shape()[static_cast<std::size_t>(*x.split())];
  DNDarray<T> local(distribution(inner_shape, x.split(), x.comm().size(), counts), x.comm());
  auto src = x.local_view();
  detail::fill_local(
      local, "heat::core::pad", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t k = 0;
        for (int d = 0; d < g.ndim; ++d) {
          const std::int64_t i = c[d] - g.v[d];
          if (i < 0 || i >= g.extent[d]) return value;
          k = k * g.extent[d] + i;
        }
        return src(k);
      });
  if (!x.split()) return local;
  const auto s = static_cast<std::size_t>(*x.split());
  const std::int64_t before = pad_width[s].first, after = pad_width[s].second;
  if (before == 0 && after == 0) return local;
  // Along the split axis: rows move to the balanced layout of the result,
  // whose padding rows are filled there.
  std::int64_t outer = 1, row_len = 1;
  for (std::size_t d = 0; d < s; ++d) outer *= shape[d];
  for (std::size_t d = s + 1; d < shape.size(); ++d) row_len *= shape[d];
  if (outer != 1) {
    std::vector<std::int64_t> perm{static_cast<std::int64_t>(s)}, back(static_cast<std::size_t>(n));
    for (std::int64_t d = 0; d < n; ++d)
      if (d != static_cast<std::int64_t>(s)) perm.push_back(d);
    for (std::int64_t d = 0; d < n; ++d) back[static_cast<std::size_t>(perm[static_cast<std::size_t>(d)])] = d;
    std::vector<std::pair<std::int64_t, std::int64_t>> only(static_cast<std::size_t>(n), {0, 0});
    only[0] = {before, after};
    return transpose(pad(transpose(local, perm), only, value), back);
  }
  const distribution target = distribution::balanced(shape, static_cast<std::int64_t>(s), x.comm().size());
  DNDarray<T> out(target, x.comm());
  Kokkos::deep_copy(out.local_view(), value);
  detail::move_rows(
      x.comm(), local.local_view(), row_len,
      [&](int r) {
        return std::vector<detail::row_run>{{0, counts[static_cast<std::size_t>(r)], before + x.dist().offset(r)}};
      },
      detail::displs_of(target.counts()), out.local_view());
  return out;
}

template <class T>
DNDarray<T> diff(const DNDarray<T>& x, std::int64_t n, std::int64_t axis) {
  detail::check(n >= 0, "order must be non-negative but got ", n);
  detail::check(x.ndim() > 0, "diff requires input that is at least one dimensional");
  axis = normalize_axis(axis, x.ndim());
  if (n == 0) return x;
  const auto a = static_cast<std::size_t>(axis);
  shape_t shape = x.shape();
  shape[a] = std::max<std::int64_t>(0, shape[a] - 1);
  if (x.split() == axis) {
    // Along the split axis: each rank needs the row after its block, held by
    // the next rank that has rows (found from the shared counts).
    const auto counts = x.dist().counts();
    const auto displs = detail::displs_of(counts);
    const int p = x.comm().size(), me = x.comm().rank();
    std::int64_t outer = 1, row_len = 1;
    for (std::size_t d = 0; d < a; ++d) outer *= x.shape()[d];
    for (std::size_t d = a + 1; d < x.shape().size(); ++d) row_len *= x.shape()[d];
    if (outer != 1) {
      std::vector<std::int64_t> perm{axis}, back(static_cast<std::size_t>(x.ndim()));
      for (std::int64_t d = 0; d < x.ndim(); ++d)
        if (d != axis) perm.push_back(d);
      for (std::int64_t d = 0; d < x.ndim(); ++d) back[static_cast<std::size_t>(perm[static_cast<std::size_t>(d)])] = d;
      return transpose(diff(transpose(x, perm), n, 0), back);
    }
    auto halo_of = [&](int r) {  // the rank holding the row after r's block, or -1
      const std::int64_t next = displs[static_cast<std::size_t>(r) + 1];
      if (counts[static_cast<std::size_t>(r)] == 0 || next >= x.shape()[a]) return -1;
      return x.dist().owner(next);
    };
    local_view_t<T> halo("heat::diff::halo", static_cast<std::size_t>(row_len));
    detail::exchange<T> ex(x.comm());
    auto host_src = ht::detail::host_copy(x.local_view());
    auto host_halo = Kokkos::create_mirror_view(halo);
    for (int r = 0; r < p; ++r)
      if (r != me && halo_of(r) == me) ex.send(host_src.data(), row_len, r);
    const int from = halo_of(me);
    if (from >= 0 && from != me) ex.recv(host_halo.data(), row_len, from);
    ex.wait();
    Kokkos::deep_copy(halo, host_halo);
    std::vector<std::int64_t> out_counts(counts);
    for (int r = 0; r < p; ++r)
      if (counts[static_cast<std::size_t>(r)] > 0 && halo_of(r) < 0) --out_counts[static_cast<std::size_t>(r)];
    DNDarray<T> out(distribution(shape, axis, p, out_counts), x.comm());
    auto src = x.local_view();
    const std::int64_t local_rows = counts[static_cast<std::size_t>(me)];
    auto v = out.local_view();
    Kokkos::parallel_for(
        "heat::core::diff", Kokkos::RangePolicy<execution_space>(0, out.lsize()), KOKKOS_LAMBDA(const std::int64_t l) {
          const std::int64_t row = l / row_len, e = l % row_len;
          const T next = row + 1 < local_rows ? src((row + 1) * row_len + e) : halo(e);
          v(l) = static_cast<T>(next - src(l));
        });
    Kokkos::fence();
    return diff(out, n - 1, axis);
  }
  shape_t lshape = x.lshape();
  lshape[a] = std::max<std::int64_t>(0, lshape[a] - 1);
  DNDarray<T> out(distribution(shape, x.split(), x.comm().size(), x.dist().counts()), x.comm());
  const shape_t st = detail::strides_of(x.lshape());
  const std::int64_t step = st[a];
  const detail::axes_info si = detail::info_of(x.lshape(), st);
  auto src = x.local_view();
  detail::fill_local(
      out, "heat::core::diff", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t k = 0;
        for (int d = 0; d < si.ndim; ++d) k += c[d] * si.v[d];
        return static_cast<T>(src(k + step) - src(k));
      });
  return diff(out, n - 1, axis);
}

template <class T>
DNDarray<T> diff(const DNDarray<T>& x, std::int64_t n, std::int64_t axis,
                 const std::optional<std::type_identity_t<DNDarray<T>>>& prepend,
                 const std::optional<std::type_identity_t<DNDarray<T>>>& append) {
  detail::check(x.ndim() > 0, "diff requires input that is at least one dimensional");
  axis = normalize_axis(axis, x.ndim());
  // A 0-d value becomes one slab along axis; other shapes must be x's but along axis.
  auto slab_of = [&](const DNDarray<T>& v) {
    if (v.ndim() > 0) return v;
    shape_t s = x.shape();
    s[static_cast<std::size_t>(axis)] = 1;
    return full<T>(s, v.item(), x.split() == split_t{axis} ? none : x.split(), x.comm());
  };
  std::vector<DNDarray<T>> parts;
  if (prepend) parts.push_back(slab_of(*prepend));
  parts.push_back(x);
  if (append) parts.push_back(slab_of(*append));
  return diff(parts.size() == 1 ? x : concatenate(parts, axis), n, axis);
}

namespace detail {

/// NumPy's triangle of a vector: the n x n array of its rows, masked
/// (split along the columns as the vector was: no message).
template <class T, bool Lower>
DNDarray<T> vector_triangle(const DNDarray<T>& x, std::int64_t k) {
  const std::int64_t len = x.shape()[0];
  DNDarray<T> out(distribution({len, len}, x.split() ? split_t{1} : none, x.comm().size(),
                               x.split() ? x.dist().counts() : std::vector<std::int64_t>{}),
                  x.comm());
  const std::int64_t sj = x.offset();
  auto src = x.local_view();
  fill_local(
      out, Lower ? "heat::core::tril" : "heat::core::triu", KOKKOS_LAMBDA(const std::int64_t* c) {
        const std::int64_t j = c[1] + sj;
        const bool keep = Lower ? j - c[0] <= k : j - c[0] >= k;
        return keep ? src(c[1]) : T(0);
      });
  return out;
}

template <class T, bool Lower>
DNDarray<T> triangle(const DNDarray<T>& x, std::int64_t k) {
  check(x.ndim() >= 1, Lower ? "tril" : "triu", " needs at least one dimension");
  if (x.ndim() == 1) return vector_triangle<T, Lower>(x, k);
  const auto n = static_cast<int>(x.ndim());
  DNDarray<T> out(x.dist(), x.comm());
  std::int64_t shift[max_ndim] = {};
  if (x.split()) shift[*x.split()] = x.offset();
  const std::int64_t si = shift[n - 2], sj = shift[n - 1];
  auto src = x.local_view();
  const axes_info g = info_of(x.lshape());
  auto v = out.local_view();
  Kokkos::parallel_for(
      Lower ? "heat::core::tril" : "heat::core::triu", Kokkos::RangePolicy<execution_space>(0, x.lsize()),
      KOKKOS_LAMBDA(const std::int64_t l) {
        std::int64_t c[max_ndim];
        g.unravel(l, c);
        const std::int64_t i = c[n - 2] + si, j = c[n - 1] + sj;
        const bool keep = Lower ? j - i <= k : j - i >= k;
        v(l) = keep ? src(l) : T(0);
      });
  Kokkos::fence();
  return out;
}

}  // namespace detail

template <class T>
DNDarray<T> tril(const DNDarray<T>& x, std::int64_t k) {
  return detail::triangle<T, true>(x, k);
}
template <class T>
DNDarray<T> triu(const DNDarray<T>& x, std::int64_t k) {
  return detail::triangle<T, false>(x, k);
}

}  // namespace ht

#endif
