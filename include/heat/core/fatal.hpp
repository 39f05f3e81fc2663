#ifndef HEAT_CORE_FATAL_HPP
#define HEAT_CORE_FATAL_HPP

// Ending the whole job from one rank. Used where a rank cannot go on and the
// others must not be left waiting in their next collective: an uncaught
// exception, exit() while ht::runtime lives, an allocation that fails
// outside any agreement point (heat/core/memory.hpp).

#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace ht::detail {

/// Prints "heat: rank R: <what>" to stderr, gives the launcher a moment to
/// forward it, then aborts every rank (MPI_Abort; std::abort when MPI is not
/// running). Never returns.
[[noreturn]] inline void abort_job(const char* what) {
  int initialized = 0, finalized = 0, rank = -1;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  const bool mpi_alive = initialized && !finalized;
  if (mpi_alive) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::fprintf(stderr, "heat: rank %d: %s\n", rank, what);
  std::fflush(stderr);
  // The launcher tears the job down on MPI_Abort and can drop output it has
  // not forwarded yet (seen about once in 20 runs under load): give it a moment.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  if (mpi_alive) MPI_Abort(MPI_COMM_WORLD, 1);
  std::abort();
}

}  // namespace ht::detail

#endif
