#ifndef HEAT_CORE_MEMORY_HPP
#define HEAT_CORE_MEMORY_HPP

// What happens when the library cannot allocate memory on one rank.
//
// Contract:
// - Every block and every buffer whose size depends on the data (a rank's
//   share after a resplit, the rows a reader parsed, the keys a sort
//   received) is allocated through detail::allocate (detail::uninitialized,
//   detail::host_buffer call it).
// - Inside rank-local work that an agreement point settles
//   (heat/core/agreement.hpp: agreement_point::run, detail::agreed), a failed
//   allocation throws ht::MemoryError; the agreement point then throws it
//   on every rank, before the next collective.
// - Anywhere else a failed allocation cannot be agreed without a collective
//   that the other ranks are not making: with more than one rank in the job
//   it ends the whole job (detail::abort_job, "heat: rank R: out of memory:
//   ..."); a one-rank job gets ht::MemoryError.
// - Tests (only) can make one rank refuse large allocations:
//   HEAT_TEST_ALLOC_LIMIT=<rank>:<bytes> in the environment, or
//   set_allocation_limit; a refused allocation is handled as a failed one.

#include "heat/core/errors.hpp"
#include "heat/core/fatal.hpp"

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

namespace ht::detail {

/// How many agreement points are settling the rank-local work this thread runs now.
inline int& agreed_work_depth() {
  thread_local int depth = 0;
  return depth;
}

/// Marks rank-local work that an agreement point settles, for its lifetime.
class agreed_work {
 public:
  agreed_work() { ++agreed_work_depth(); }
  ~agreed_work() { --agreed_work_depth(); }
  agreed_work(const agreed_work&) = delete;
  agreed_work& operator=(const agreed_work&) = delete;
};

/// The test-only allocation limit: rank (of MPI_COMM_WORLD) refuses
/// allocations of more than bytes; rank < 0: no limit.
struct allocation_limit {
  int rank = -1;
  std::size_t bytes = 0;
};

/// Reads a test setting "<rank>:<number>" from the environment variable
/// name; false when it is unset or malformed.
inline bool rank_and_number(const char* name, int& rank, long long& number) {
  const char* env = std::getenv(name);
  if (!env) return false;
  char* colon = nullptr;
  const long r = std::strtol(env, &colon, 10);
  if (!colon || *colon != ':') return false;
  rank = static_cast<int>(r);
  number = std::strtoll(colon + 1, nullptr, 10);
  return true;
}

inline allocation_limit& allocation_limit_setting() {
  static allocation_limit limit = [] {
    allocation_limit l;
    long long bytes = 0;
    if (rank_and_number("HEAT_TEST_ALLOC_LIMIT", l.rank, bytes)) l.bytes = static_cast<std::size_t>(bytes);
    return l;
  }();
  return limit;
}

/// For tests: rank refuses allocations above bytes from now on (rank < 0 lifts the limit).
inline void set_allocation_limit(int rank, std::size_t bytes) { allocation_limit_setting() = {rank, bytes}; }

inline int world_rank_and_size(int& size) {
  int initialized = 0, finalized = 0, rank = 0;
  size = 1;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (initialized && !finalized) {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
  }
  return rank;
}

/// An allocation of bytes for label failed on this rank: MemoryError inside
/// agreed work or in a one-rank job, else the end of the job.
[[noreturn]] inline void out_of_memory(const std::string& label, std::size_t bytes) {
  int size = 1;
  world_rank_and_size(size);
  const std::string what = concat("out of memory: cannot allocate ", bytes, " bytes for '", label, "'");
  if (agreed_work_depth() > 0 || size == 1) throw MemoryError(what);
  abort_job(what.c_str());
}

/// Runs make() (an allocation of bytes for label) under the policy above.
template <class F>
auto allocate(const std::string& label, std::size_t bytes, F&& make) {
  const allocation_limit& limit = allocation_limit_setting();
  if (limit.rank >= 0 && bytes > limit.bytes) {
    int size = 1;
    if (world_rank_and_size(size) == limit.rank) out_of_memory(label, bytes);
  }
  try {
    return make();
  } catch (const std::bad_alloc&) {
    out_of_memory(label, bytes);
  } catch (const std::runtime_error& e) {
    // Kokkos reports a failed allocation as a runtime_error ("Kokkos failed
    // to allocate memory for label ..."); anything else goes on as it is.
    if (std::string(e.what()).find("allocate") == std::string::npos) throw;
    out_of_memory(label, bytes);
  }
}

}  // namespace ht::detail

#endif
