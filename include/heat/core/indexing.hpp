#ifndef HEAT_CORE_INDEXING_HPP
#define HEAT_CORE_INDEXING_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/expr/assign.hpp"
#include "heat/expr/expression.hpp"
#include "heat/expr/operators.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor/xslice.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht {

/// One axis of a slice in global indices: `count` indices first, first +
/// step, ...; `drop` for an integer index (the axis goes away).
struct axis_slice {
  std::int64_t first = 0;
  std::int64_t step = 1;
  std::int64_t count = 0;
  bool drop = false;
};

namespace detail {
struct view_map;
}  // namespace detail

/// A slice of an array by global indices, with xtensor's vocabulary
/// (integers, xt::range(start, stop[, step]), xt::all(), one xt::ellipsis();
/// missing trailing axes are whole). Lazy: usable wherever an array operand is, evaluated
/// when the expression is; `view = expr` writes into the array.
template <class T>
class view_node {
 public:
  using value_type = T;
  view_node(DNDarray<T> base, std::vector<axis_slice> slices);
  /// Copies refer to the same elements; assigning one view to another writes values.
  view_node(const view_node&) = default;

  const shape_t& shape() const { return m_shape; }
  std::int64_t ndim() const { return static_cast<std::int64_t>(m_shape.size()); }
  std::int64_t size() const { return shape_size(m_shape); }

  /// The selected elements as an array (split along the base's split axis
  /// when it is kept, each rank holding the rows it had; else replicated).
  const DNDarray<T>& array() const;
  operator DNDarray<T>() const { return array(); }
  // What the planner asks of an operand.
  split_t split() const { return array().split(); }
  const distribution& dist() const { return array().dist(); }
  const communicator& comm() const { return m_base.comm(); }
  const local_view_t<T>& local_view() const { return array().local_view(); }

  /// Writes a broadcastable expression or a scalar into the selected elements.
  template <class E>
  view_node& operator=(const E& rhs);
  view_node& operator=(const view_node& rhs) { return operator=<view_node>(rhs); }

 private:
  /// When the slice descends along the split axis: the ascending view and the
  /// view axis to flip.
  std::optional<std::pair<view_node, std::int64_t>> descending() const;
  /// The layout a read produces: kept split axis with the rows each rank
  /// has, else replicated.
  distribution layout() const;
  /// This rank's view elements -> its base block, and whether it holds them.
  detail::view_map map(const distribution& layout, bool& holds) const;

  DNDarray<T> m_base;
  std::vector<axis_slice> m_slices;
  shape_t m_shape;
  std::shared_ptr<std::optional<DNDarray<T>>> m_cache = std::make_shared<std::optional<DNDarray<T>>>();
};

template <class T>
struct is_expression<view_node<T>> : std::true_type {};

namespace detail {
template <class... S>
inline constexpr int newaxis_count = (int{std::is_same_v<S, xt::xnewaxis_tag>} + ... + 0);
}  // namespace detail

template <class T, class... S>
requires(detail::newaxis_count<S...> == 0) view_node<T> view(const DNDarray<T>& x, const S&... slices);
/// A view with xt::newaxis() among the slices (NumPy's None): the selected
/// elements, read once, as a new array with an axis of extent 1 at each
/// newaxis' place (the view of the other slices, then expand_dims; the split
/// axis is renumbered). Not writable: write through the view without them.
template <class T, class... S>
requires(detail::newaxis_count<S...> > 0) DNDarray<T> view(const DNDarray<T>& x, const S&... slices);

/// The elements where mask is true, in row-major order: 1-D, split 0 when x
/// is split (each rank keeps its own), replicated otherwise. mask: a bool
/// array or lazy expression of x's shape, or of x's leading k axes (NumPy's
/// lower-dimensional mask): then the selected subarrays, (n, x.shape[k:]...),
/// split 0 when x is split (the mask broadcast over the trailing axes, the
/// elements selected, then reshaped: reshape's exchange).
template <class T, expression M>
DNDarray<T> select(const DNDarray<T>& x, const M& mask);

/// NumPy's copyto(dst, src, where=mask): dst's elements where mask holds
/// become src's (a scalar, or an array or expression of dst's element type
/// broadcast to dst), in place: dst keeps its distribution; one fused
/// kernel (operands split otherwise are aligned as for any expression).
template <class T, class S, class M>
void copyto(DNDarray<T>& dst, const S& src, const M& mask) {
  if constexpr (scalar<S>)
    dst = where(mask, static_cast<T>(src), dst);
  else {
    static_assert(std::is_same_v<typename S::value_type, T>, "copyto: src must have dst's element type");
    dst = where(mask, src, dst);
  }
}
/// x[mask] = value (NumPy's putmask with one value): copyto(x, value, mask).
template <class T, class M>
void putmask(DNDarray<T>& x, const M& mask, T value) {
  copyto(x, value, mask);
}

// ---------------------------------------------------------------------------

namespace detail {

template <class S>
axis_slice to_axis_slice(const S& s, std::int64_t extent) {
  if constexpr (std::is_integral_v<S>) {
    const auto i = static_cast<std::int64_t>(s);
    check<IndexError>(i >= -extent && i < extent, "index ", i, " is out of bounds for axis with size ", extent);
    return {i < 0 ? i + extent : i, 1, 1, true};
  } else if constexpr (std::is_same_v<S, xt::xall_tag>) {
    return {0, 1, extent, false};
  } else {
    const auto r = s.get(static_cast<std::size_t>(extent));
    const auto count = static_cast<std::int64_t>(r.size());
    const std::int64_t first = count > 0 ? static_cast<std::int64_t>(r(0)) : 0;
    const std::int64_t step = count > 1 ? static_cast<std::int64_t>(r(1)) - first : 1;
    return {first, step, count, false};
  }
}

/// How a view's elements map onto the base's local block, for kernels.
struct view_map {
  int ndim = 0;      // base axes
  int out_ndim = 0;  // view axes
  int split = -1;    // base split axis
  std::int64_t first[max_ndim] = {}, step[max_ndim] = {}, base_extent[max_ndim] = {};
  int out_axis[max_ndim] = {};  // view axis of each base axis, -1 when dropped
  std::int64_t out_extent[max_ndim] = {};
  std::int64_t base_offset = 0;  // base's offset on its split axis
  std::int64_t view_offset = 0;  // this rank's first view row on the split axis
  KOKKOS_INLINE_FUNCTION std::int64_t base_index(std::int64_t i) const {
    std::int64_t c[max_ndim];
    for (int k = out_ndim - 1; k >= 0; --k) {
      c[k] = out_extent[k] > 0 ? i % out_extent[k] : 0;
      i = out_extent[k] > 0 ? i / out_extent[k] : 0;
    }
    std::int64_t at = 0;
    for (int d = 0; d < ndim; ++d) {
      std::int64_t g = first[d];
      if (out_axis[d] >= 0) g += (c[out_axis[d]] + (d == split ? view_offset : 0)) * step[d];
      if (d == split) g -= base_offset;
      at = at * base_extent[d] + g;
    }
    return at;
  }
};

/// Rows of a positive-step slice of [0, extent) that fall in [lo, hi).
inline std::int64_t rows_in(const axis_slice& s, std::int64_t lo, std::int64_t hi, std::int64_t& before) {
  auto below = [&](std::int64_t bound) {  // selected indices < bound
    if (bound <= s.first) return std::int64_t{0};
    return std::min(s.count, (bound - s.first + s.step - 1) / s.step);
  };
  before = below(lo);
  return below(hi) - before;
}

}  // namespace detail

template <class T>
view_node<T>::view_node(DNDarray<T> base, std::vector<axis_slice> slices)
    : m_base(std::move(base)), m_slices(std::move(slices)) {
  for (const auto& s : m_slices)
    if (!s.drop) m_shape.push_back(s.count);
}

template <class T>
std::optional<std::pair<view_node<T>, std::int64_t>> view_node<T>::descending() const {
  const split_t s = m_base.split();
  if (!s) return std::nullopt;
  const axis_slice& cut = m_slices[static_cast<std::size_t>(*s)];
  if (cut.step > 0 || cut.count < 2) return std::nullopt;
  std::vector<axis_slice> up = m_slices;
  auto& a = up[static_cast<std::size_t>(*s)];
  a.first += (a.count - 1) * a.step;
  a.step = -a.step;
  std::int64_t axis = 0;
  for (std::int64_t d = 0; d < *s; ++d) axis += !m_slices[static_cast<std::size_t>(d)].drop;
  return std::pair{view_node<T>(m_base, std::move(up)), axis};
}

template <class T>
distribution view_node<T>::layout() const {
  const split_t s = m_base.split();
  const int p = m_base.comm().size();
  if (!s || m_slices[static_cast<std::size_t>(*s)].drop) return distribution(m_shape, none, p, {});
  std::int64_t axis = 0;
  for (std::int64_t d = 0; d < *s; ++d) axis += !m_slices[static_cast<std::size_t>(d)].drop;
  std::vector<std::int64_t> counts;
  for (int r = 0; r < p; ++r) {
    std::int64_t before = 0;
    const std::int64_t lo = m_base.dist().offset(r);
    counts.push_back(detail::rows_in(m_slices[static_cast<std::size_t>(*s)], lo,
                                     lo + m_base.dist().counts()[static_cast<std::size_t>(r)], before));
  }
  return distribution(m_shape, axis, p, counts);
}

template <class T>
detail::view_map view_node<T>::map(const distribution& layout, bool& holds) const {
  const split_t s = m_base.split();
  detail::view_map g;
  g.ndim = static_cast<int>(m_base.ndim());
  g.split = s ? static_cast<int>(*s) : -1;
  g.base_offset = m_base.offset();
  const shape_t out = layout.lshape(m_base.comm().rank());
  for (int d = 0; d < g.ndim; ++d) {
    const auto& sl = m_slices[static_cast<std::size_t>(d)];
    g.first[d] = sl.first;
    g.step[d] = sl.step;
    g.base_extent[d] = m_base.lshape()[static_cast<std::size_t>(d)];
    g.out_axis[d] = sl.drop ? -1 : g.out_ndim++;
    if (!sl.drop) g.out_extent[g.out_axis[d]] = out[static_cast<std::size_t>(g.out_axis[d])];
  }
  holds = true;
  if (s) {
    const auto& sl = m_slices[static_cast<std::size_t>(*s)];
    const std::int64_t mine = m_base.lshape()[static_cast<std::size_t>(*s)];
    if (sl.drop)  // the one rank that holds the selected row
      holds = mine > 0 && m_base.dist().owner(sl.first) == m_base.comm().rank();
    else
      detail::rows_in(sl, m_base.offset(), m_base.offset() + mine, g.view_offset);
  }
  return g;
}

template <class T>
const DNDarray<T>& view_node<T>::array() const {
  if (*m_cache) return **m_cache;
  if (const auto down = descending()) {
    *m_cache = flip(down->first.array(), down->second);
    return **m_cache;
  }
  const distribution dist = layout();
  bool holds = true;
  const detail::view_map g = map(dist, holds);
  DNDarray<T> out(dist, m_base.comm());
  auto src = m_base.local_view();
  auto dst = out.local_view();
  Kokkos::parallel_for(
      "heat::core::view", Kokkos::RangePolicy<execution_space>(0, holds ? out.lsize() : 0),
      KOKKOS_LAMBDA(const std::int64_t i) { dst(i) = src(g.base_index(i)); });
  Kokkos::fence();
  const split_t s = m_base.split();
  if (s && m_slices[static_cast<std::size_t>(*s)].drop) {
    // The row lives on one rank: everyone gets it.
    const int p = m_base.comm().size();
    std::vector<std::int64_t> from(static_cast<std::size_t>(p), 0);
    from[static_cast<std::size_t>(m_base.dist().owner(m_slices[static_cast<std::size_t>(*s)].first))] = out.lsize();
    const local_view_t<T> nothing("heat::view::empty", 0);
    local_view_t<T> all = ht::detail::uninitialized<T>("heat::view::row", dst.extent(0));
    allgatherv(m_base.comm(), holds ? dst : nothing, all, from);
    out = DNDarray<T>(dist, m_base.comm(), all);
  }
  *m_cache = out;
  return **m_cache;
}

template <class T>
template <class E>
view_node<T>& view_node<T>::operator=(const E& rhs) {
  m_cache->reset();
  if (auto down = descending()) {
    if constexpr (is_expression<E>::value) {
      // The values in view order, flipped into the ascending view's order.
      DNDarray<T> values(distribution(m_shape, none, m_base.comm().size(), {}), m_base.comm());
      detail::assign_into(values, rhs, false);
      down->first = flip(values, down->second);
    } else {
      down->first = rhs;
    }
    return *this;
  }
  // rhs is evaluated in the layout a read has; each rank writes its elements.
  DNDarray<T> values(layout(), m_base.comm());
  if constexpr (is_expression<E>::value)
    detail::assign_into(values, rhs, false);
  else
    Kokkos::deep_copy(values.local_view(), static_cast<T>(rhs));
  bool holds = true;
  const detail::view_map g = map(values.dist(), holds);
  auto dst = m_base.local_view();
  auto src = values.local_view();
  Kokkos::parallel_for(
      "heat::core::view_assign", Kokkos::RangePolicy<execution_space>(0, holds ? values.lsize() : 0),
      KOKKOS_LAMBDA(const std::int64_t i) { dst(g.base_index(i)) = src(i); });
  Kokkos::fence();
  return *this;
}

template <class T, class... S>
requires(detail::newaxis_count<S...> == 0) view_node<T> view(const DNDarray<T>& x, const S&... slices) {
  // xt::ellipsis() (at most one) stands for as many whole axes as the other slices leave.
  constexpr std::int64_t ellipses = (std::int64_t{std::is_same_v<S, xt::xellipsis_tag>} + ... + 0);
  static_assert(ellipses <= 1, "view: an index can only have a single ellipsis");
  constexpr auto given = static_cast<std::int64_t>(sizeof...(S)) - ellipses;
  detail::check<IndexError>(given <= x.ndim(), "too many indices for array: array is ", x.ndim(), "-dimensional, but ",
                            given, " were indexed");
  std::vector<axis_slice> out;
  std::int64_t d = 0;
  auto whole = [&] { out.push_back({0, 1, x.shape()[static_cast<std::size_t>(d)], false}), ++d; };
  auto add = [&](const auto& slice) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(slice)>, xt::xellipsis_tag>) {
      for (std::int64_t k = 0; k < x.ndim() - given; ++k) whole();
    } else {
      out.push_back(detail::to_axis_slice(slice, x.shape()[static_cast<std::size_t>(d)]));
      ++d;
    }
  };
  (add(slices), ...);
  while (d < x.ndim()) whole();
  return view_node<T>(x, std::move(out));
}

namespace detail {

/// The slices of a view with its newaxis slices left out, as a tuple.
template <class S>
auto unless_newaxis(const S& slice) {
  if constexpr (std::is_same_v<S, xt::xnewaxis_tag>)
    return std::tuple<>{};
  else
    return std::tuple<S>{slice};
}
/// How many output axes a slice makes: none for an integer, one otherwise;
/// an ellipsis as many as the other slices leave of ndim.
template <class S>
constexpr std::int64_t output_axes(std::int64_t ellipsis_axes) {
  if constexpr (std::is_same_v<S, xt::xellipsis_tag>)
    return ellipsis_axes;
  else if constexpr (std::is_integral_v<S>)
    return 0;
  else
    return 1;
}

}  // namespace detail

template <class T, class... S>
requires(detail::newaxis_count<S...> > 0) DNDarray<T> view(const DNDarray<T>& x, const S&... slices) {
  // The output position of each new axis: the axes the slices before it make.
  constexpr std::int64_t ellipses = (std::int64_t{std::is_same_v<S, xt::xellipsis_tag>} + ... + 0);
  constexpr auto indexed = static_cast<std::int64_t>(sizeof...(S)) - ellipses - detail::newaxis_count<S...>;
  const std::int64_t rest = std::max<std::int64_t>(x.ndim() - indexed, 0);
  std::vector<std::int64_t> at;
  std::int64_t axis = 0;
  ((std::is_same_v<S, xt::xnewaxis_tag> ? (at.push_back(axis), ++axis) : (axis += detail::output_axes<S>(rest))), ...);
  DNDarray<T> out = std::apply([&](const auto&... kept) { return DNDarray<T>(view(x, kept...)); },
                               std::tuple_cat(detail::unless_newaxis(slices)...));
  for (const std::int64_t a : at) out = expand_dims(out, a);
  return out;
}

namespace detail {

template <class T>
auto make_evaluator(const view_node<T>& v, const eval_target& t, eval_info& info) {
  return make_evaluator(v.array(), t, info);
}

/// This rank's elements of x where m holds, in order, on the host's threads:
/// each slice counts its kept elements, then copies them to its place
/// (heat/core/host_threads.hpp). Into a host buffer; their count into n_kept.
template <class T>
Kokkos::View<T*, Kokkos::HostSpace> kept_on_host(const DNDarray<T>& x, const DNDarray<bool>& m, std::int64_t& n_kept) {
  auto hx = ht::detail::host_copy(x.local_view());
  auto hm = ht::detail::host_copy(m.local_view());
  const auto len = static_cast<std::int64_t>(hx.extent(0));
  const detail::row_cut cut = detail::cut_rows(len, std::int64_t{1} << 16);
  std::vector<std::int64_t> at(static_cast<std::size_t>(cut.count + 1), 0);
  detail::for_each_slice(cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
    std::int64_t c = 0;
    for (std::int64_t i = lo; i < hi; ++i) c += hm(i) ? 1 : 0;
    at[static_cast<std::size_t>(k + 1)] = c;
  });
  for (std::int64_t k = 0; k < cut.count; ++k) at[k + 1] += at[k];
  n_kept = at[static_cast<std::size_t>(cut.count)];
  const auto kept = detail::host_buffer<T>("heat::select::kept", static_cast<std::size_t>(n_kept));
  detail::for_each_slice(cut, [&](std::int64_t k, std::int64_t lo, std::int64_t hi) {
    std::int64_t to = at[static_cast<std::size_t>(k)];
    for (std::int64_t i = lo; i < hi; ++i)
      if (hm(i)) kept(to++) = hx(i);
  });
  return kept;
}

/// The same on ht::execution_space (the device kernel): a count, then a
/// scan whose final pass writes each kept element to its place. In the
/// blocks' memory.
template <class T>
local_view_t<T> kept_on_backend(const DNDarray<T>& x, const DNDarray<bool>& m, std::int64_t& n_kept) {
  const local_view_t<T> xv = x.local_view();
  const local_view_t<bool> mv = m.local_view();
  const auto len = static_cast<std::int64_t>(xv.extent(0));
  std::int64_t count = 0;
  Kokkos::parallel_reduce(
      "heat::select::count", Kokkos::RangePolicy<execution_space>(0, len),
      KOKKOS_LAMBDA(const std::int64_t i, std::int64_t& c) { c += mv(i) ? 1 : 0; }, count);
  n_kept = count;
  const local_view_t<T> kept = uninitialized<T>("heat::select::kept", static_cast<std::size_t>(count));
  Kokkos::parallel_scan(
      "heat::select::place", Kokkos::RangePolicy<execution_space>(0, len),
      KOKKOS_LAMBDA(const std::int64_t i, std::int64_t& to, const bool final) {
        if (!mv(i)) return;
        if (final) kept(to) = xv(i);
        ++to;
      });
  Kokkos::fence();
  return kept;
}

/// The elements of x where mask (broadcast to x's shape) holds, row-major.
template <class T, expression M>
DNDarray<T> select_elements(const DNDarray<T>& x, const M& mask) {
  // Row-major order is rank order only when the split axis leads.
  const DNDarray<T> src = x.split() && *x.split() != 0 ? resplit(x, 0) : x;
  DNDarray<bool> m(src.dist(), src.comm());
  detail::assign_into(m, mask, false);
  std::int64_t n_kept = 0;
  local_view_t<T> on_backend;
  Kokkos::View<T*, Kokkos::HostSpace> on_host;
  const bool device = device_kernels();
  if (device)
    on_backend = kept_on_backend(src, m, n_kept);
  else
    on_host = kept_on_host(src, m, n_kept);
  const int p = x.comm().size();
  std::vector<std::int64_t> counts;
  std::int64_t total = n_kept;
  if (src.split()) {
    Kokkos::View<std::int64_t*, Kokkos::HostSpace> mine("heat::select::count", 1),
        all("heat::select::counts", static_cast<std::size_t>(p));
    mine(0) = n_kept;
    allgatherv(x.comm(), mine, all, std::vector<std::int64_t>(static_cast<std::size_t>(p), 1));
    counts.assign(all.data(), all.data() + p);
    total = 0;
    for (auto c : counts) total += c;
  }
  distribution dist({total}, src.split() ? split_t{0} : none, p, counts);
  if (device) return DNDarray<T>(std::move(dist), x.comm(), on_backend);
  DNDarray<T> out(std::move(dist), x.comm());
  ht::detail::copy_from_host(out.local_view(), on_host.data(), static_cast<std::size_t>(n_kept));
  return out;
}

/// A mask of shape ms indexing an array of shape xs: none when ms is xs;
/// a mask of xs' leading axes gives its shape with xs' trailing axes as
/// extent 1 (what it broadcasts from); any other shape is an IndexError.
inline std::optional<shape_t> leading_mask_shape(const shape_t& ms, const shape_t& xs) {
  if (ms == xs) return std::nullopt;
  check<IndexError>(ms.size() < xs.size() && std::equal(ms.begin(), ms.end(), xs.begin()),
                    "boolean index did not match indexed array: shape ", to_string(xs), " but mask shape ",
                    to_string(ms));
  shape_t ones = ms;
  ones.resize(xs.size(), 1);
  return ones;
}

}  // namespace detail

template <class T, expression M>
DNDarray<T> select(const DNDarray<T>& x, const M& mask) {
  static_assert(std::is_same_v<typename M::value_type, bool>, "a mask holds bool");
  const auto ones = detail::leading_mask_shape(detail::shape_of(mask), x.shape());
  if (!ones) return detail::select_elements(x, mask);
  // The selected subarrays: the mask broadcast over x's trailing axes.
  const DNDarray<bool> m = eval(mask);
  const DNDarray<T> flat = detail::select_elements(x, reshape(m, *ones));
  const shape_t rest(x.shape().begin() + static_cast<std::ptrdiff_t>(m.ndim()), x.shape().end());
  const std::int64_t width = shape_size(rest);
  shape_t shape{width > 0 ? flat.shape()[0] / width : detail::select_elements(m, m).shape()[0]};
  shape.insert(shape.end(), rest.begin(), rest.end());
  return reshape(flat, shape, flat.split() ? split_t{0} : none);
}

template <class V>
template <class M>
DNDarray<V> DNDarray<V>::operator[](const M& mask) const {
  return select(*this, mask);
}

/// x[mask] on a non-const array x: an operand like any array, read as
/// select(x, mask) when first used (lazily, as ht::view: `auto s = x[mask]`
/// refers to x; `DNDarray<T> s = x[mask]` keeps the values of now), and a
/// target: `x[mask] = value` sets the selected elements of x to a scalar in
/// place (copyto(x, value, mask): one fused kernel, no message; a mask of
/// x's leading axes covers their subarrays). Use it while x lives.
template <class T, class M>
class mask_node {
 public:
  using value_type = T;
  mask_node(DNDarray<T>& base, const M& mask) : m_base(&base), m_mask(mask) {}

  const DNDarray<T>& array() const {
    if (!*m_cache) *m_cache = select(*m_base, m_mask);
    return **m_cache;
  }
  operator DNDarray<T>() const { return array(); }
  const shape_t& shape() const { return array().shape(); }
  std::int64_t ndim() const { return array().ndim(); }
  std::int64_t size() const { return array().size(); }
  split_t split() const { return array().split(); }
  const distribution& dist() const { return array().dist(); }
  const communicator& comm() const { return m_base->comm(); }
  const local_view_t<T>& local_view() const { return array().local_view(); }
  xt::xarray<T> to_xarray() const { return array().to_xarray(); }

  /// The selected elements set to value. (NumPy's x[mask] = array, values in
  /// selection order, is not offered: copyto(x, src, mask) writes an array of
  /// x's shape.)
  template <class S>
  requires scalar<S> mask_node& operator=(const S& value) {
    if (const auto ones = detail::leading_mask_shape(detail::shape_of(m_mask), m_base->shape()))
      copyto(*m_base, value, reshape(DNDarray<bool>(eval(m_mask)), *ones));
    else
      copyto(*m_base, value, m_mask);
    m_cache->reset();
    return *this;
  }

 private:
  DNDarray<T>* m_base;
  M m_mask;
  std::shared_ptr<std::optional<DNDarray<T>>> m_cache = std::make_shared<std::optional<DNDarray<T>>>();
};

template <class T, class M>
struct is_expression<mask_node<T, M>> : std::true_type {};

template <class V>
template <class M>
mask_node<V, M> DNDarray<V>::operator[](const M& mask) {
  return mask_node<V, M>(*this, mask);
}

namespace detail {

template <class T, class M>
auto make_evaluator(const mask_node<T, M>& v, const eval_target& t, eval_info& info) {
  return make_evaluator(v.array(), t, info);
}

}  // namespace detail

}  // namespace ht

#endif
