#ifndef HEAT_CORE_FACTORIES_HPP
#define HEAT_CORE_FACTORIES_HPP

#include "heat/comm/collectives.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xexpression.hpp>

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace ht {

/// Uninitialised array of the given global shape, balanced along split.
template <class T = float>
DNDarray<T> empty(const shape_t& shape, split_t split = none, const communicator& comm = comm_world()) {
  return DNDarray<T>(distribution::balanced(shape, split, comm.size()), comm);
}

/// Array filled with value.
template <class T = float>
DNDarray<T> full(const shape_t& shape, T value, split_t split = none, const communicator& comm = comm_world()) {
  DNDarray<T> out = empty<T>(shape, split, comm);
  Kokkos::deep_copy(out.local_view(), value);
  return out;
}

template <class T = float>
DNDarray<T> zeros(const shape_t& shape, split_t split = none, const communicator& comm = comm_world()) {
  return full<T>(shape, T(0), split, comm);
}

template <class T = float>
DNDarray<T> ones(const shape_t& shape, split_t split = none, const communicator& comm = comm_world()) {
  return full<T>(shape, T(1), split, comm);
}

/// Same shape, distribution and communicator as x, uninitialised.
template <class T>
DNDarray<T> empty_like(const DNDarray<T>& x) {
  return DNDarray<T>(x.dist(), x.comm());
}

template <class T>
DNDarray<T> full_like(const DNDarray<T>& x, T value) {
  DNDarray<T> out = empty_like(x);
  Kokkos::deep_copy(out.local_view(), value);
  return out;
}

template <class T>
DNDarray<T> zeros_like(const DNDarray<T>& x) {
  return full_like(x, T(0));
}

template <class T>
DNDarray<T> ones_like(const DNDarray<T>& x) {
  return full_like(x, T(1));
}

/// Values start, start + step, ... below stop (above it for a negative step), 1-D.
template <class T = float>
DNDarray<T> arange(double start, double stop, double step = 1, split_t split = none,
                   const communicator& comm = comm_world());
/// arange(0, stop).
template <class T = float>
DNDarray<T> arange(double stop) {
  return arange<T>(0, stop);
}
/// num values evenly spaced over [start, stop], 1-D.
template <class T = float>
DNDarray<T> linspace(double start, double stop, std::int64_t num, split_t split = none,
                     const communicator& comm = comm_world());
/// base raised to linspace(start, stop, num).
template <class T = float>
DNDarray<T> logspace(double start, double stop, std::int64_t num, split_t split = none, double base = 10.0,
                     const communicator& comm = comm_world());
/// Whether linspace / logspace include stop (NumPy's endpoint; a tag so that
/// an integer split is never taken for it).
struct endpoint {
  explicit endpoint(bool include) : value(include) {}
  bool value;
};
/// num values evenly spaced over [start, stop], or [start, stop) without the endpoint.
template <class T = float>
DNDarray<T> linspace(double start, double stop, std::int64_t num, endpoint end, split_t split = none,
                     const communicator& comm = comm_world());
/// base raised to linspace(start, stop, num, end).
template <class T = float>
DNDarray<T> logspace(double start, double stop, std::int64_t num, endpoint end, split_t split = none,
                     double base = 10.0, const communicator& comm = comm_world());
/// n x n identity.
template <class T = float>
DNDarray<T> eye(std::int64_t n, split_t split = none, const communicator& comm = comm_world());
/// n x m with ones on diagonal k (above the main one when positive), NumPy's eye(N, M, k).
template <class T = float>
DNDarray<T> eye(std::int64_t n, std::int64_t m, std::int64_t k, split_t split = none,
                const communicator& comm = comm_world());
/// Two-dimensional array with ones on the main diagonal; shape {n, m}.
template <class T = float>
DNDarray<T> eye(const shape_t& shape, split_t split = none, const communicator& comm = comm_world());

/// Tag of ht::array's second form: every rank passes its own block along axis.
struct is_split {
  explicit is_split(std::int64_t a) : axis(a) {}
  std::int64_t axis;
};

/// Every rank passes the whole array; each keeps its balanced block of it.
/// The element type is T, or the expression's when T is void.
template <class T = void, class E>
auto array(const xt::xexpression<E>& e, split_t split = none, const communicator& comm = comm_world());
/// Every rank passes its own block along axis; the global shape is inferred
/// (one Allgatherv of the block shapes). The blocks keep their sizes: call
/// balance_() for the balanced layout. Blocks that differ outside the split
/// axis throw ValueError on every rank.
template <class T = void, class E>
auto array(const xt::xexpression<E>& local_block, is_split axis, const communicator& comm = comm_world());

// ---------------------------------------------------------------------------

namespace detail {

/// An array whose element at global flat index g is f(g), computed in one
/// kernel from each rank's own indices: no communication.
template <class T, class F>
DNDarray<T> generate(const shape_t& shape, split_t split, const communicator& comm, F f) {
  DNDarray<T> out = empty<T>(shape, split, comm);
  // Local flat index l -> global flat index: blocks of `local_rows * inner`
  // elements sit at stride `rows * inner` in the global array, shifted by
  // `offset * inner`.
  std::int64_t inner = 1, local_rows = 1, rows = 1;
  if (out.split()) {
    const auto s = static_cast<std::size_t>(*out.split());
    for (std::size_t d = s + 1; d < shape.size(); ++d) inner *= shape[d];
    local_rows = out.lshape()[s];
    rows = shape[s];
  }
  const std::int64_t block = local_rows * inner, stride = rows * inner, shift = out.offset() * inner;
  const bool distributed = out.split().has_value();
  auto v = out.local_view();
  Kokkos::parallel_for(
      "heat::core::generate", Kokkos::RangePolicy<execution_space>(0, static_cast<std::int64_t>(out.lsize())),
      KOKKOS_LAMBDA(const std::int64_t l) {
        const std::int64_t g = distributed ? (l / block) * stride + shift + l % block : l;
        v(l) = f(g);
      });
  Kokkos::fence();
  return out;
}

template <class T>
void fill_from_host(const DNDarray<T>& out, const T* data, std::int64_t outer, std::int64_t stride,
                    std::int64_t shift) {
  auto h = Kokkos::create_mirror_view(out.local_view());
  const std::int64_t block = outer == 0 ? 0 : out.lsize() / outer;
  for (std::int64_t o = 0; o < outer; ++o)
    std::copy(data + o * stride + shift, data + o * stride + shift + block, h.data() + o * block);
  Kokkos::deep_copy(out.local_view(), h);
}

}  // namespace detail

template <class T>
DNDarray<T> arange(double start, double stop, double step, split_t split, const communicator& comm) {
  detail::check(step != 0, "arange: step must not be zero");
  const double n = std::ceil((stop - start) / step);
  detail::check(std::isfinite(n), "arange: the number of values is not finite");
  return detail::generate<T>(
      {n > 0 ? static_cast<std::int64_t>(n) : 0}, split, comm,
      KOKKOS_LAMBDA(const std::int64_t g) { return static_cast<T>(start + g * step); });
}

template <class T>
DNDarray<T> linspace(double start, double stop, std::int64_t num, endpoint end, split_t split,
                     const communicator& comm) {
  detail::check(num >= 0, "linspace: number of samples, ", num, ", must be non-negative");
  const std::int64_t div = end.value ? num - 1 : num;
  const double step = div > 0 ? (stop - start) / static_cast<double>(div) : 0.0;
  const bool last_is_stop = end.value;
  // With the endpoint the last value is stop exactly, as NumPy makes it (one value is start).
  return detail::generate<T>(
      {num}, split, comm, KOKKOS_LAMBDA(const std::int64_t g) {
        return static_cast<T>(last_is_stop && g > 0 && g == num - 1 ? stop : start + g * step);
      });
}

template <class T>
DNDarray<T> linspace(double start, double stop, std::int64_t num, split_t split, const communicator& comm) {
  return linspace<T>(start, stop, num, endpoint(true), split, comm);
}

template <class T>
DNDarray<T> logspace(double start, double stop, std::int64_t num, endpoint end, split_t split, double base,
                     const communicator& comm) {
  detail::check(num >= 0, "logspace: number of samples, ", num, ", must be non-negative");
  const std::int64_t div = end.value ? num - 1 : num;
  const double step = div > 0 ? (stop - start) / static_cast<double>(div) : 0.0;
  const bool last_is_stop = end.value;
  return detail::generate<T>(
      {num}, split, comm, KOKKOS_LAMBDA(const std::int64_t g) {
        return static_cast<T>(kx::pow(base, last_is_stop && g > 0 && g == num - 1 ? stop : start + g * step));
      });
}

template <class T>
DNDarray<T> logspace(double start, double stop, std::int64_t num, split_t split, double base,
                     const communicator& comm) {
  return logspace<T>(start, stop, num, endpoint(true), split, base, comm);
}

template <class T>
DNDarray<T> eye(std::int64_t n, split_t split, const communicator& comm) {
  return eye<T>(shape_t{n, n}, split, comm);
}

template <class T>
DNDarray<T> eye(const shape_t& shape, split_t split, const communicator& comm) {
  detail::check(shape.size() == 2, "eye: shape must be two-dimensional, got ", to_string(shape));
  return eye<T>(shape[0], shape[1], 0, split, comm);
}

template <class T>
DNDarray<T> eye(std::int64_t n, std::int64_t m, std::int64_t k, split_t split, const communicator& comm) {
  detail::check(n >= 0 && m >= 0, "eye: negative dimensions are not allowed");
  return detail::generate<T>(
      {n, m}, split, comm, KOKKOS_LAMBDA(const std::int64_t g) { return static_cast<T>(g % m - g / m == k); });
}

template <class T, class E>
auto array(const xt::xexpression<E>& e, split_t split, const communicator& comm) {
  using V = std::conditional_t<std::is_void_v<T>, typename E::value_type, T>;
  static_assert(element_type<V>, "ht::array: the element type must be one DNDarray holds");
  const xt::xarray<V> whole = e.derived_cast();
  const shape_t shape(whole.shape().begin(), whole.shape().end());
  DNDarray<V> out = empty<V>(shape, split, comm);
  std::int64_t outer = 1, stride = out.size(), shift = 0;
  if (out.split()) {
    const auto s = static_cast<std::size_t>(*out.split());
    std::int64_t inner = 1;
    for (std::size_t d = s + 1; d < shape.size(); ++d) inner *= shape[d];
    for (std::size_t d = 0; d < s; ++d) outer *= shape[d];
    stride = shape[s] * inner;
    shift = out.offset() * inner;
  }
  detail::fill_from_host(out, whole.data(), outer, stride, shift);
  return out;
}

template <class T, class E>
auto array(const xt::xexpression<E>& local_block, is_split axis, const communicator& comm) {
  using V = std::conditional_t<std::is_void_v<T>, typename E::value_type, T>;
  static_assert(element_type<V>, "ht::array: the element type must be one DNDarray holds");
  // This rank's block, evaluated, and its storage: sizes only the caller
  // knows, so the allocation is agreed; the flag rides in the shape table.
  detail::agreement_point alloc(comm, "array(is_split): block", detail::error_kind::memory);
  xt::xarray<V> block;
  local_view_t<V> storage;
  alloc.run([&] {
    block = local_block.derived_cast();
    storage = detail::uninitialized<V>("heat::DNDarray", block.size());
  });
  // Each rank's record: its number of dimensions (-1: it failed), then its extents.
  constexpr std::size_t width = max_ndim + 1;
  const auto p = static_cast<std::size_t>(comm.size());
  std::vector<std::int64_t> mine(width, 0), table(width * p, 0);
  mine[0] = alloc.failed() ? -1 : static_cast<std::int64_t>(block.dimension());
  for (std::size_t d = 0; d < block.dimension() && d < max_ndim; ++d)
    mine[d + 1] = static_cast<std::int64_t>(block.shape()[d]);
  using host_view = Kokkos::View<std::int64_t*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>;
  allgatherv(comm, host_view(mine.data(), width), host_view(table.data(), table.size()),
             std::vector<std::int64_t>(p, static_cast<std::int64_t>(width)));
  bool any_failed = false;
  for (std::size_t r = 0; r < p; ++r) any_failed = any_failed || table[r * width] < 0;
  alloc.conclude(any_failed ? 1.0 : 0.0);

  // Every rank checks the same table: they all throw the same error, or none does.
  auto shape_of = [&](std::size_t r) {
    return shape_t(table.begin() + static_cast<std::ptrdiff_t>(r * width + 1),
                   table.begin() + static_cast<std::ptrdiff_t>(r * width + 1 + table[r * width]));
  };
  const std::int64_t ndim = table[0];
  for (std::size_t r = 0; r < p; ++r) {
    detail::check(table[r * width] <= max_ndim, "is_split: rank ", r, " passes a block of ", table[r * width],
                  " dimensions; at most ", max_ndim, " are supported");
    detail::check(table[r * width] == ndim, "is_split: the local blocks differ in dimensions: rank 0 has ", ndim,
                  ", rank ", r, " has ", table[r * width]);
  }
  const std::int64_t s = normalize_axis(axis.axis, ndim);
  std::vector<std::int64_t> counts(p);
  shape_t gshape = shape_of(0);
  for (std::size_t r = 0; r < p; ++r) {
    shape_t sr = shape_of(r);
    counts[r] = sr[static_cast<std::size_t>(s)];
    sr[static_cast<std::size_t>(s)] = gshape[static_cast<std::size_t>(s)];
    detail::check(sr == gshape, "is_split: the local blocks must agree outside the split axis ", s,
                  ": rank 0 has shape ", to_string(shape_of(0)), ", rank ", r, " has ", to_string(shape_of(r)));
  }
  gshape[static_cast<std::size_t>(s)] = 0;
  for (auto c : counts) gshape[static_cast<std::size_t>(s)] += c;
  DNDarray<V> out(distribution(gshape, s, comm.size(), counts), comm, storage);
  detail::fill_from_host(out, block.data(), 1, 0, 0);
  return out;
}

}  // namespace ht

#endif
