#ifndef HEAT_EXPR_REDUCE_EPILOGUE_HPP
#define HEAT_EXPR_REDUCE_EPILOGUE_HPP

// What follows a reduction's kernel: the chunks of each output joined, the
// ranks' accumulators combined (one collective, only when the split axis is
// reduced) and finished into the result array.
//
// Contract:
// - join_partials joins output o's chunks in chunk order (earlier chunk
//   first), the order the host kernels' single pass would have taken.
// - One allreduce_with over all outputs' accumulators, combined in rank
//   order, so every rank gets the same bits.
// - This is the reduction family's backend dispatch point for the epilogue
//   (docs/backends.md): on the host (join_partials, finish_reduction: one
//   copy of n_out * chunks accumulators) or, where ht::detail::
//   device_kernels() says, on the device (finish_on_backend: the chunks
//   joined and the outputs finished by one thread per output where the
//   accumulators are; only the n_out joined accumulators visit the host,
//   and only for the collective, whose join runs there). Both join in the
//   same order with the same functions: the same bits.

#include "heat/comm/collectives.hpp"
#include "heat/core/config.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/host.hpp"
#include "heat/expr/reduce/geometry.hpp"
#include "heat/expr/reduce/kernels.hpp"
#include "heat/expr/reduce/reducers.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>

namespace ht::detail {

/// Each output's accumulator on this rank, on the host.
template <class Red>
Kokkos::View<typename Red::acc*, Kokkos::HostSpace> join_partials(const partials_t<Red>& partial, std::int64_t n_out,
                                                                  std::int64_t chunks) {
  using A = typename Red::acc;
  const auto hp = host_copy(partial);
  const auto accs = host_buffer<A>("heat::reduce::acc", static_cast<std::size_t>(n_out));
  for (std::int64_t o = 0; o < n_out; ++o) {
    A a = hp(static_cast<std::size_t>(o * chunks));
    for (std::int64_t k = 1; k < chunks; ++k) {
      A next = hp(static_cast<std::size_t>(o * chunks + k));
      Red::join(a, next);  // next = a (earlier chunk) joined with next
      a = next;
    }
    accs(static_cast<std::size_t>(o)) = a;
  }
  return accs;
}

/// The result array: every output's accumulator combined over ranks (when
/// g.across) and finished.
template <class Red>
DNDarray<typename Red::result> finish_reduction(const Kokkos::View<typename Red::acc*, Kokkos::HostSpace>& accs,
                                                const reduce_geometry& g, const distribution& dist,
                                                const communicator& comm, std::int64_t ddof) {
  if (g.across) allreduce_with<reducer::combine<Red>>(comm, accs);
  DNDarray<typename Red::result> out(dist, comm);
  auto ho = Kokkos::create_mirror_view(out.local_view());
  for (std::int64_t o = 0; o < g.n_out; ++o)
    ho(static_cast<std::size_t>(o)) = Red::finish(accs(static_cast<std::size_t>(o)), g.n_global, ddof);
  Kokkos::deep_copy(out.local_view(), ho);
  return out;
}

/// The epilogue where the partials are (the device version of
/// join_partials and finish_reduction).
template <class Red>
DNDarray<typename Red::result> finish_on_backend(const partials_t<Red>& partial, std::int64_t chunks,
                                                 const reduce_geometry& g, const distribution& dist,
                                                 const communicator& comm, std::int64_t ddof) {
  using A = typename Red::acc;
  const partials_t<Red> accs(Kokkos::view_alloc(Kokkos::WithoutInitializing, "heat::reduce::acc"),
                             static_cast<std::size_t>(g.n_out));
  Kokkos::parallel_for(
      "heat::reduce::join", Kokkos::RangePolicy<execution_space>(0, g.n_out), KOKKOS_LAMBDA(const std::int64_t o) {
        A a = partial(o * chunks);
        for (std::int64_t k = 1; k < chunks; ++k) {
          A next = partial(o * chunks + k);
          Red::join(a, next);  // as join_partials: earlier chunk first
          a = next;
        }
        accs(o) = a;
      });
  if (g.across) {
    const auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), accs);
    allreduce_with<reducer::combine<Red>>(comm, h);
    Kokkos::deep_copy(accs, h);
  }
  DNDarray<typename Red::result> out(dist, comm);
  const auto ov = out.local_view();
  const std::int64_t n = g.n_global;
  Kokkos::parallel_for(
      "heat::reduce::finish", Kokkos::RangePolicy<execution_space>(0, g.n_out),
      KOKKOS_LAMBDA(const std::int64_t o) { ov(o) = Red::finish(accs(o), n, ddof); });
  Kokkos::fence();
  return out;
}

}  // namespace ht::detail

#endif
