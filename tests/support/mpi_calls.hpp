#ifndef HEAT_TESTS_SUPPORT_MPI_CALLS_HPP
#define HEAT_TESTS_SUPPORT_MPI_CALLS_HPP

// The MPI calls that communicate, counted on this rank: collectives
// (Allreduce, Allgatherv, Alltoallv, Bcast, Barrier, Reduce_scatter) and
// sends (Isend). tests/support/mpi_calls.cpp defines those MPI functions in
// the test executable that links it (PMPI: each counts, then calls the
// library's PMPI_ entry), so a test can say how many messages a call makes.
// Only the calls heat makes are wrapped (include/heat names no others).

#include <cstdint>

namespace ht::testing {

struct mpi_calls {
  std::int64_t collectives = 0, sends = 0;
};

/// What this rank has called so far.
mpi_calls mpi_calls_made();

/// What this rank called while f ran.
template <class F>
mpi_calls mpi_calls_of(F&& f) {
  const mpi_calls before = mpi_calls_made();
  f();
  const mpi_calls after = mpi_calls_made();
  return {after.collectives - before.collectives, after.sends - before.sends};
}

}  // namespace ht::testing

#endif
