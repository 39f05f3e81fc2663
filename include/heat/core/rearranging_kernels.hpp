#ifndef HEAT_CORE_REARRANGING_KERNELS_HPP
#define HEAT_CORE_REARRANGING_KERNELS_HPP

/// The definitions of heat/core/rearranging.hpp's repeat, tile, roll,
/// broadcast_to and diagonal/diag (their contract is there): each plans the
/// result's distribution from the global metadata, moves what must move
/// (resplit or concatenate), then fills its block in one kernel.

#include "heat/core/rearranging.hpp"

#include <cstdlib>
#include <numeric>
#include <string>

namespace ht {

namespace detail {

/// A host vector of indices on the execution space.
inline local_view_t<std::int64_t> device_indices(const std::vector<std::int64_t>& v, const char* label) {
  local_view_t<std::int64_t> d(std::string(label), v.size());
  copy_from_host(d, v.data(), v.size());
  return d;
}

}  // namespace detail

template <class T>
DNDarray<T> repeat(const DNDarray<T>& x, std::vector<std::int64_t> repeats, split_t axis) {
  if (!axis) return repeat(flatten(x), std::move(repeats), split_t{0});
  const std::int64_t ax = normalize_axis(*axis, x.ndim());
  const auto a = static_cast<std::size_t>(ax);
  const std::int64_t n = x.shape()[a];
  detail::check(repeats.size() == 1 || static_cast<std::int64_t>(repeats.size()) == n,
                "repeat: operands could not be broadcast together with shape (", n, ",) (", repeats.size(), ",)");
  for (const auto r : repeats) detail::check(r >= 0, "repeat: repeats may not contain negative values");
  if (repeats.size() == 1) repeats.assign(static_cast<std::size_t>(n), repeats.front());
  const bool along_split = x.split() == split_t{ax};
  shape_t shape = x.shape();
  shape[a] = std::accumulate(repeats.begin(), repeats.end(), std::int64_t{0});
  std::vector<std::int64_t> counts = x.split() ? x.dist().counts() : std::vector<std::int64_t>{};
  if (along_split)
    for (std::size_t r = 0; r < counts.size(); ++r) {
      const auto first = repeats.begin() + x.dist().displs()[r];
      counts[r] = std::accumulate(first, first + x.dist().counts()[r], std::int64_t{0});
    }
  DNDarray<T> out(distribution(shape, x.split(), x.comm().size(), counts), x.comm());
  // The source row of each of this rank's result rows along the axis.
  const std::int64_t lo = along_split ? x.offset() : 0;
  std::vector<std::int64_t> source;
  for (std::int64_t i = 0; i < x.lshape()[a]; ++i)
    source.insert(source.end(), static_cast<std::size_t>(repeats[static_cast<std::size_t>(lo + i)]), i);
  const auto from = detail::device_indices(source, "heat::repeat::rows");
  const detail::axes_info src = detail::info_of(x.lshape());
  auto v = x.local_view();
  const int axi = static_cast<int>(ax);
  detail::fill_local(
      out, "heat::core::repeat", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t k = 0;
        for (int d = 0; d < src.ndim; ++d) k = k * src.extent[d] + (d == axi ? from(c[d]) : c[d]);
        return v(k);
      });
  return out;
}

template <class T>
DNDarray<T> tile(const DNDarray<T>& x, std::vector<std::int64_t> reps) {
  for (const auto r : reps) detail::check(r >= 0, "tile: negative repetitions are not allowed");
  DNDarray<T> y = x;
  while (y.ndim() < static_cast<std::int64_t>(reps.size())) y = expand_dims(y, 0);
  while (static_cast<std::int64_t>(reps.size()) < y.ndim()) reps.insert(reps.begin(), 1);
  shape_t shape = y.shape();
  for (std::size_t d = 0; d < shape.size(); ++d) shape[d] *= reps[d];
  const split_t s = y.split();
  const int p = y.comm().size();
  const bool local = !s || reps[static_cast<std::size_t>(*s)] == 1;
  const DNDarray<T> src = local ? y : resplit(y, none);
  const distribution dist =
      s && local ? distribution(shape, s, p, y.dist().counts()) : distribution::balanced(shape, s, p);
  DNDarray<T> out(dist, y.comm());
  const detail::axes_info whole = detail::info_of(src.shape()), block = detail::info_of(src.lshape());
  const int sd = s ? static_cast<int>(*s) : -1;
  const std::int64_t out_off = out.offset(), src_off = src.offset();
  auto v = src.local_view();
  detail::fill_local(
      out, "heat::core::tile", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t k = 0;
        for (int d = 0; d < block.ndim; ++d) {
          const std::int64_t g = c[d] + (d == sd ? out_off : 0);
          const std::int64_t e = whole.extent[d] > 0 ? g % whole.extent[d] : 0;
          k = k * block.extent[d] + e - (d == sd ? src_off : 0);
        }
        return v(k);
      });
  return out;
}

template <class T>
DNDarray<T> roll(const DNDarray<T>& x, std::int64_t shift, split_t axis) {
  if (!axis) {
    if (x.size() == 0) return copy(x);
    const DNDarray<T> r = reshape(roll(flatten(x), shift, split_t{0}), x.shape());
    return r.split() == x.split() ? r : resplit(r, x.split());
  }
  const std::int64_t ax = normalize_axis(*axis, x.ndim());
  const std::int64_t n = x.shape()[static_cast<std::size_t>(ax)];
  const std::int64_t s = n == 0 ? 0 : ((shift % n) + n) % n;
  if (s == 0) return copy(x);
  if (x.split() == split_t{ax}) return concatenate({detail::slab(x, ax, n - s, n), detail::slab(x, ax, 0, n - s)}, ax);
  DNDarray<T> out(x.dist(), x.comm());
  const detail::axes_info block = detail::info_of(x.lshape());
  const int axi = static_cast<int>(ax);
  auto v = x.local_view();
  detail::fill_local(
      out, "heat::core::roll", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t k = 0;
        for (int d = 0; d < block.ndim; ++d) k = k * block.extent[d] + (d == axi ? (c[d] + n - s) % n : c[d]);
        return v(k);
      });
  return out;
}

template <class T>
DNDarray<T> roll(const DNDarray<T>& x, const std::vector<std::int64_t>& shifts, const std::vector<std::int64_t>& axes) {
  detail::check(shifts.size() == axes.size() || shifts.size() == 1,
                "roll: shift and axis must have the same number of entries (or one shift)");
  DNDarray<T> out = x;
  for (std::size_t i = 0; i < axes.size(); ++i) out = roll(out, shifts[shifts.size() == 1 ? 0 : i], axes[i]);
  return axes.empty() ? copy(x) : out;
}

template <class T>
DNDarray<T> broadcast_to(const DNDarray<T>& x, const shape_t& shape) {
  const auto n = static_cast<std::int64_t>(shape.size());
  const std::int64_t lead = n - x.ndim();
  detail::check(lead >= 0, "broadcast_to: input operand has more dimensions than allowed by the axis remapping");
  detail::axes_info grows = detail::info_of(x.shape());
  for (std::int64_t j = 0; j < x.ndim(); ++j) {
    const std::int64_t have = x.shape()[static_cast<std::size_t>(j)], want = shape[static_cast<std::size_t>(j + lead)];
    detail::check(have == want || have == 1,
                  "operands could not be broadcast together with remapped shapes: ", to_string(x.shape()),
                  " and requested shape ", to_string(shape));
    grows.v[j] = have != want;
  }
  const int p = x.comm().size();
  const bool local = !x.split() || !grows.v[*x.split()];
  const DNDarray<T> src = local ? x : resplit(x, none);
  const split_t s = x.split() ? split_t{*x.split() + lead} : none;
  const distribution dist =
      x.split() && local ? distribution(shape, s, p, x.dist().counts()) : distribution::balanced(shape, s, p);
  DNDarray<T> out(dist, x.comm());
  const detail::axes_info block = detail::info_of(src.lshape());
  const int lead_d = static_cast<int>(lead);
  auto v = src.local_view();
  detail::fill_local(
      out, "heat::core::broadcast_to", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t k = 0;
        for (int j = 0; j < block.ndim; ++j) k = k * block.extent[j] + (grows.v[j] ? 0 : c[j + lead_d]);
        return v(k);
      });
  return out;
}

template <class T>
std::vector<DNDarray<T>> broadcast_arrays(const std::vector<DNDarray<T>>& arrays) {
  shape_t shape;
  for (const auto& x : arrays) shape = detail::broadcast_shapes(shape, x.shape());
  std::vector<DNDarray<T>> out;
  for (const auto& x : arrays) out.push_back(broadcast_to(x, shape));
  return out;
}

namespace detail {

/// The source index of padded position i (pad `before` in front of n values) under NumPy's mode.
inline std::int64_t padded_source(std::int64_t i, std::int64_t before, std::int64_t n, const std::string& mode) {
  const std::int64_t j = i - before;
  if (mode == "edge") return std::clamp<std::int64_t>(j, 0, n - 1);
  if (mode == "wrap") return ((j % n) + n) % n;
  if (mode == "symmetric") {  // the edge repeated: period 2n
    const std::int64_t r = ((j % (2 * n)) + 2 * n) % (2 * n);
    return r < n ? r : 2 * n - 1 - r;
  }
  if (n == 1) return 0;  // reflect: the edge not repeated, period 2n - 2
  const std::int64_t r = ((j % (2 * n - 2)) + 2 * n - 2) % (2 * n - 2);
  return r < n ? r : 2 * n - 2 - r;
}

}  // namespace detail

template <class T>
DNDarray<T> pad(const DNDarray<T>& x, std::vector<std::pair<std::int64_t, std::int64_t>> pad_width,
                std::vector<std::pair<T, T>> values) {
  const auto n = static_cast<std::size_t>(x.ndim());
  if (pad_width.size() == 1) pad_width.assign(n, pad_width.front());
  if (values.size() == 1) values.assign(n, values.front());
  detail::check(pad_width.size() == n && values.size() == n,
                "pad: pad_width and constant_values need one pair per axis (", n, ") or one pair for all, got ",
                pad_width.size(), " and ", values.size());
  for (const auto& [before, after] : pad_width)
    detail::check(before >= 0 && after >= 0, "pad widths must be non-negative");
  DNDarray<T> out = x;
  for (std::size_t d = 0; d < n; ++d) {
    std::vector<std::pair<std::int64_t, std::int64_t>> side(n, {0, 0});
    side[d] = {pad_width[d].first, 0};
    out = pad(out, side, values[d].first);
    side[d] = {0, pad_width[d].second};
    out = pad(out, side, values[d].second);
  }
  return out;
}

template <class T>
DNDarray<T> pad(const DNDarray<T>& x, std::vector<std::pair<std::int64_t, std::int64_t>> pad_width, const char* mode) {
  const std::string m(mode);
  detail::check(m == "edge" || m == "wrap" || m == "reflect" || m == "symmetric", "pad: mode '", m,
                "' is not supported (constant: pad(x, pad_width, value); edge, wrap, reflect, symmetric)");
  const std::int64_t nd = x.ndim();
  if (pad_width.size() == 1) pad_width.assign(static_cast<std::size_t>(nd), pad_width.front());
  detail::check(static_cast<std::int64_t>(pad_width.size()) == nd, "pad_width needs one pair per axis (", nd,
                ") or one pair for all, got ", pad_width.size());
  for (const auto& [before, after] : pad_width)
    detail::check(before >= 0 && after >= 0, "pad: index can't contain negative values");
  DNDarray<T> out = x;
  for (std::int64_t d = 0; d < nd; ++d) {
    const auto [before, after] = pad_width[static_cast<std::size_t>(d)];
    const std::int64_t n = x.shape()[static_cast<std::size_t>(d)];
    if (before == 0 && after == 0) continue;
    detail::check(n > 0, "pad: can't extend an empty axis ", d, " using modes other than 'constant'");
    detail::host_result<std::int64_t> idx(distribution({before + n + after}, none, x.comm().size(), {}), x.comm());
    for (std::int64_t i = 0; i < before + n + after; ++i) idx.data()[i] = detail::padded_source(i, before, n, m);
    out = take(out, idx.finish(), d);
  }
  return out;
}

template <class T>
DNDarray<T> diagonal(const DNDarray<T>& x, std::int64_t offset, std::int64_t dim1, std::int64_t dim2) {
  detail::check(x.ndim() >= 2, "diagonal requires an array of at least two dimensions");
  dim1 = normalize_axis(dim1, x.ndim());
  dim2 = normalize_axis(dim2, x.ndim());
  detail::check(dim1 != dim2, "diagonal: axis1 and axis2 cannot be the same");
  const std::int64_t a1 = std::max<std::int64_t>(-offset, 0), a2 = std::max<std::int64_t>(offset, 0);
  const std::int64_t m = std::max<std::int64_t>(
      0, std::min(x.shape()[static_cast<std::size_t>(dim1)] - a1, x.shape()[static_cast<std::size_t>(dim2)] - a2));
  shape_t shape;
  detail::axes_info keep;  // keep.v[j]: x's axis of the result's axis j
  for (std::int64_t d = 0; d < x.ndim(); ++d)
    if (d != dim1 && d != dim2) {
      keep.v[keep.ndim++] = d;
      shape.push_back(x.shape()[static_cast<std::size_t>(d)]);
    }
  shape.push_back(m);
  const auto last = static_cast<std::int64_t>(shape.size()) - 1;
  split_t split = none;
  std::vector<std::int64_t> counts;
  if (const split_t s = x.split(); s && *s != dim1 && *s != dim2) {
    split = std::find(keep.v, keep.v + keep.ndim, *s) - keep.v;
    counts = x.dist().counts();
  } else if (s) {  // a rank's diagonal entries are those of its rows
    split = last;
    const std::int64_t a = *s == dim1 ? a1 : a2;
    for (std::size_t r = 0; r < x.dist().counts().size(); ++r) {
      const std::int64_t lo = x.dist().displs()[r], hi = lo + x.dist().counts()[r];
      counts.push_back(std::clamp<std::int64_t>(hi - a, 0, m) - std::clamp<std::int64_t>(lo - a, 0, m));
    }
  }
  DNDarray<T> out(distribution(shape, split, x.comm().size(), counts), x.comm());
  const detail::axes_info block = detail::info_of(x.lshape());
  const std::int64_t i_off = split == split_t{last} ? out.offset() : 0, x_off = x.offset();
  const int s = x.split() ? static_cast<int>(*x.split()) : -1, d1 = static_cast<int>(dim1), d2 = static_cast<int>(dim2),
            li = static_cast<int>(last);
  auto v = x.local_view();
  detail::fill_local(
      out, "heat::core::diagonal", KOKKOS_LAMBDA(const std::int64_t* c) {
        std::int64_t xc[max_ndim];
        for (int j = 0; j < keep.ndim; ++j) xc[keep.v[j]] = c[j];
        const std::int64_t i = c[li] + i_off;
        xc[d1] = i + a1 - (s == d1 ? x_off : 0);
        xc[d2] = i + a2 - (s == d2 ? x_off : 0);
        std::int64_t k = 0;
        for (int d = 0; d < block.ndim; ++d) k = k * block.extent[d] + xc[d];
        return v(k);
      });
  return out;
}

template <class T>
DNDarray<T> diag(const DNDarray<T>& x, std::int64_t k) {
  detail::check(x.ndim() == 1 || x.ndim() == 2, "diag: input must be 1- or 2-d, got ", x.ndim(), "-d");
  if (x.ndim() == 2) return diagonal(x, k, 0, 1);
  const DNDarray<T> whole = x.split() ? resplit(x, none) : x;
  const std::int64_t n = x.shape()[0] + std::abs(k);
  DNDarray<T> out(distribution::balanced({n, n}, x.split() ? split_t{0} : none, x.comm().size()), x.comm());
  const std::int64_t off = out.offset();
  auto v = whole.local_view();
  detail::fill_local(
      out, "heat::core::diag", KOKKOS_LAMBDA(const std::int64_t* c) {
        const std::int64_t r = c[0] + off, col = c[1];
        return col - r == k ? v(k >= 0 ? r : col) : T(0);
      });
  return out;
}

}  // namespace ht

#endif
