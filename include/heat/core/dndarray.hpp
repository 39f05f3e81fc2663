#ifndef HEAT_CORE_DNDARRAY_HPP
#define HEAT_CORE_DNDARRAY_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/shape.hpp"
#include "heat/core/types.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <utility>
#include <vector>

namespace ht {

template <class F, class... Args>
class function_node;

/// A natively distributed N-d array: one axis (split) is cut into contiguous
/// blocks, one per rank, or none and every rank holds the whole array.
/// Copies are shallow (they share the local block, like a Kokkos::View);
/// ht::copy and astype make deep ones.
template <class T, class M>
class mask_node;

template <class V>
class DNDarray {
  static_assert(element_type<V>, "DNDarray holds bool, (u)int8, int16, int32, int64, float or double");

 public:
  using value_type = V;
  using view_type = local_view_t<V>;

  /// An empty one-dimensional replicated array on every rank.
  DNDarray() : DNDarray(distribution::balanced({0}, none, comm_world().size()), comm_world()) {}
  /// Uninitialised storage for this rank's block of dist.
  DNDarray(distribution dist, communicator comm)
      : DNDarray(dist, comm,
                 detail::uninitialized<V>("heat::DNDarray", static_cast<std::size_t>(dist.lsize(comm.rank())))) {}
  /// Adopts data as this rank's block of dist.
  DNDarray(distribution dist, communicator comm, view_type data)
      : m_dist(std::move(dist)), m_comm(comm), m_lshape(m_dist.lshape(comm.rank())), m_data(std::move(data)) {
    detail::check<Error>(m_dist.nranks() == m_comm.size(), "distribution made for ", m_dist.nranks(),
                         " ranks, communicator has ", m_comm.size());
    detail::check<Error>(static_cast<std::int64_t>(m_data.extent(0)) == shape_size(m_lshape), "local block has ",
                         m_data.extent(0), " elements, the distribution gives this rank ", shape_size(m_lshape));
  }

  /// The elements where a bool mask (array or lazy expression of this shape,
  /// or of its leading axes) is true, as a copy (heat/core/indexing.hpp
  /// defines it).
  template <class M>
  DNDarray operator[](const M& mask) const;
  /// The same on a non-const array, which `x[mask] = value` also writes
  /// (heat/core/indexing.hpp's mask_node).
  template <class M>
  mask_node<V, M> operator[](const M& mask);

  /// The array with its axes reversed, as a new array (no message: the split
  /// axis moves with them; heat/core/manipulations.hpp defines it).
  DNDarray T() const;

  /// Evaluates a lazy expression into a new array (one fused kernel;
  /// heat/expr/assign.hpp defines it).
  template <class F, class... A>
  DNDarray(const function_node<F, A...>& e);
  /// Writes a lazy expression into this array when the result has its shape
  /// and distribution (shallow copies see the new values, as with a View),
  /// else makes this array the new result. Alias-safe.
  template <class F, class... A>
  DNDarray& operator=(const function_node<F, A...>& e);

  /// Global shape.
  const shape_t& shape() const { return m_dist.gshape(); }
  /// Global shape (HeAT's name).
  const shape_t& gshape() const { return m_dist.gshape(); }
  /// This rank's block shape.
  const shape_t& lshape() const { return m_lshape; }
  split_t split() const { return m_dist.split(); }
  std::int64_t ndim() const { return m_dist.ndim(); }
  std::int64_t size() const { return m_dist.size(); }
  std::int64_t lsize() const { return static_cast<std::int64_t>(m_data.extent(0)); }
  const communicator& comm() const { return m_comm; }
  /// Who holds which block (the same on every rank).
  const distribution& dist() const { return m_dist; }
  /// This rank's first index along the split axis (0 when replicated).
  std::int64_t offset() const { return m_dist.offset(m_comm.rank()); }

  /// Per-rank extents and offsets along the split axis; ValueError when replicated.
  std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> counts_displs() const {
    detail::check(split().has_value(), "counts_displs: the array is not distributed (split=None)");
    return {m_dist.counts(), m_dist.displs()};
  }

  /// Every rank holds its balanced share. Decided from metadata every rank holds: no message.
  bool is_balanced() const { return m_dist.is_balanced(); }
  /// Redistributes in place to the balanced layout (collective).
  DNDarray& balance_() { return redistribute_(distribution::balanced(shape(), split(), m_comm.size())); }
  /// Changes the split axis in place (collective); a negative axis counts from the end.
  DNDarray& resplit_(split_t new_split) {
    return redistribute_(distribution::balanced(shape(), new_split, m_comm.size()));
  }

  /// A converted deep copy with the same distribution.
  template <class U>
  DNDarray<U> astype() const {
    DNDarray<U> out(m_dist, m_comm);
    auto dst = out.local_view();
    auto src = m_data;
    Kokkos::parallel_for(
        "heat::core::astype", Kokkos::RangePolicy<execution_space>(0, static_cast<std::size_t>(lsize())),
        KOKKOS_LAMBDA(const std::size_t i) { dst(i) = static_cast<U>(src(i)); });
    Kokkos::fence();
    return out;
  }

  /// This rank's block as an xtensor expression: a zero-copy adaptor when the
  /// host can read the block, a host copy otherwise.
  auto larray() const {
    std::vector<std::size_t> s(m_lshape.begin(), m_lshape.end());
    if constexpr (host_accessible) {
      return xt::adapt(m_data.data(), static_cast<std::size_t>(lsize()), xt::no_ownership(), s);
    } else {
      xt::xarray<V> out = xt::empty<V>(s);
      Kokkos::deep_copy(
          Kokkos::View<V*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(out.data(), static_cast<std::size_t>(lsize())),
          m_data);
      return out;
    }
  }

  /// This rank's block, flat and row-major.
  const view_type& local_view() const { return m_data; }

  /// The whole array on every rank (collective: an Allgatherv when split).
  xt::xarray<V> to_xarray() const {
    const distribution replicated(shape(), none, m_comm.size(), {});
    const view_type whole = split() ? detail::redistribute(m_comm, m_data, m_dist, replicated) : m_data;
    std::vector<std::size_t> s(shape().begin(), shape().end());
    // `whole` was allocated at the resplit's agreement point; this second
    // copy of it failing ends the job (heat/core/memory.hpp).
    xt::xarray<V> out = xt::empty<V>(s);
    Kokkos::deep_copy(
        Kokkos::View<V*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(out.data(), static_cast<std::size_t>(size())),
        whole);
    return out;
  }

  /// The value of a one-element array, on every rank (collective when split).
  V item() const {
    detail::check(size() == 1, "item: the array must have exactly one element, it has shape ", to_string(shape()));
    return at(shape_t(static_cast<std::size_t>(ndim()), 0));
  }

  /// One element by global index (negative counts from the end), on every
  /// rank: its owner broadcasts it (collective when split).
  template <std::integral... I>
  V operator()(I... index) const {
    return at(shape_t{static_cast<std::int64_t>(index)...});
  }

  /// operator() with the indices in a vector.
  V at(shape_t index) const {
    detail::check<IndexError>(static_cast<std::int64_t>(index.size()) == ndim(), "array is ", ndim(),
                              "-dimensional, but ", index.size(), index.size() == 1 ? " index was" : " indices were",
                              " given");
    for (std::size_t d = 0; d < index.size(); ++d) {
      const std::int64_t n = shape()[d];
      detail::check<IndexError>(index[d] >= -n && index[d] < n, "index ", index[d], " is out of bounds for axis ", d,
                                " with size ", n);
      if (index[d] < 0) index[d] += n;
    }
    const int me = m_comm.rank();
    const int owner = split() ? m_dist.owner(index[static_cast<std::size_t>(*split())]) : me;
    V value{};
    if (owner == me) {
      if (split()) index[static_cast<std::size_t>(*split())] -= offset();
      std::int64_t flat = 0;
      for (std::size_t d = 0; d < index.size(); ++d) flat = flat * m_lshape[d] + index[d];
      Kokkos::deep_copy(Kokkos::View<V, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(&value),
                        Kokkos::subview(m_data, static_cast<std::size_t>(flat)));
    }
    if (split()) bcast(m_comm, Kokkos::View<V*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(&value, 1), owner);
    return value;
  }

 private:
  DNDarray& redistribute_(const distribution& target) {
    if (!detail::same_blocks(m_dist, target)) m_data = detail::redistribute(m_comm, m_data, m_dist, target);
    m_dist = target;
    m_lshape = m_dist.lshape(m_comm.rank());
    return *this;
  }

  distribution m_dist;
  communicator m_comm;
  shape_t m_lshape;
  view_type m_data;
};

/// A new array with the given split (collective): Alltoallv between split
/// axes, Allgatherv to replicate, local cut from replicated.
template <class T>
DNDarray<T> resplit(const DNDarray<T>& x, split_t new_split) {
  const distribution target = distribution::balanced(x.shape(), new_split, x.comm().size());
  return DNDarray<T>(target, x.comm(), detail::redistribute(x.comm(), x.local_view(), x.dist(), target));
}

/// A deep copy with the same distribution.
template <class T>
DNDarray<T> copy(const DNDarray<T>& x) {
  DNDarray<T> out(x.dist(), x.comm());
  Kokkos::deep_copy(out.local_view(), x.local_view());
  return out;
}

}  // namespace ht

#endif
