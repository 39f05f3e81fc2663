#ifndef HEAT_COMM_COMMUNICATOR_HPP
#define HEAT_COMM_COMMUNICATOR_HPP

#include "heat/core/errors.hpp"

#include <mpi.h>

#include <string>
#include <vector>

namespace ht {

namespace detail {

/// Throws ht::Error naming the call when an MPI call fails.
inline void mpi_check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw Error(concat(call, " failed: ", std::string(text, static_cast<std::size_t>(len))));
}

/// Communicators made by dup/split; ht::runtime frees them before MPI_Finalize
/// (no MPI call runs in a destructor of a handle that may be copied anywhere).
inline std::vector<MPI_Comm>& owned_comms() {
  static std::vector<MPI_Comm> comms;
  return comms;
}

}  // namespace detail

/// A group of ranks that an array lives on. A cheap handle: copies refer to the same MPI communicator.
class communicator {
 public:
  /// Wraps an existing MPI communicator; the caller keeps ownership.
  explicit communicator(MPI_Comm comm) : m_comm(comm) {
    detail::mpi_check(MPI_Comm_rank(comm, &m_rank), "MPI_Comm_rank");
    detail::mpi_check(MPI_Comm_size(comm, &m_size), "MPI_Comm_size");
  }

  int rank() const { return m_rank; }
  int size() const { return m_size; }
  /// The MPI handle, for calls the library does not wrap.
  MPI_Comm native() const { return m_comm; }
  /// Waits for every rank (collective).
  void barrier() const { detail::mpi_check(MPI_Barrier(m_comm), "MPI_Barrier"); }

  /// A new communicator with the same ranks (collective); freed by ht::runtime at the end.
  communicator dup() const {
    MPI_Comm c;
    detail::mpi_check(MPI_Comm_dup(m_comm, &c), "MPI_Comm_dup");
    detail::owned_comms().push_back(c);
    return communicator(c);
  }

  /// Ranks with the same color form a new communicator, ordered by key then rank (collective).
  communicator split(int color, int key = 0) const {
    // The color is each rank's own: agree on its validity before anyone splits.
    int bad = color < 0 ? 1 : 0;
    detail::mpi_check(MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, m_comm), "MPI_Allreduce");
    detail::check(bad == 0, "communicator::split: every color must be non-negative");
    MPI_Comm c;
    detail::mpi_check(MPI_Comm_split(m_comm, color, key, &c), "MPI_Comm_split");
    detail::owned_comms().push_back(c);
    return communicator(c);
  }

  friend bool operator==(const communicator& a, const communicator& b) { return a.m_comm == b.m_comm; }

 private:
  MPI_Comm m_comm;
  int m_rank = 0;
  int m_size = 1;
};

/// All ranks of the job.
inline communicator comm_world() { return communicator(MPI_COMM_WORLD); }
/// This process alone.
inline communicator comm_self() { return communicator(MPI_COMM_SELF); }

}  // namespace ht

#endif
