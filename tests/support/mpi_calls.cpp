// PMPI counters of tests/support/mpi_calls.hpp: each wrapper counts, then
// calls the library's own entry. Linked into a test executable, these
// definitions stand in for libmpich's (whose MPI_ names are weak aliases of
// the PMPI_ ones).
#include "support/mpi_calls.hpp"

#include <mpi.h>

#include <atomic>

namespace {
std::atomic<std::int64_t> collectives{0}, sends{0};
int collective(int rc) { return ++collectives, rc; }
}  // namespace

ht::testing::mpi_calls ht::testing::mpi_calls_made() { return {collectives.load(), sends.load()}; }

extern "C" {

int MPI_Allreduce(const void* s, void* r, int c, MPI_Datatype t, MPI_Op op, MPI_Comm comm) {
  return collective(PMPI_Allreduce(s, r, c, t, op, comm));
}
int MPI_Allgatherv(const void* s, int c, MPI_Datatype st, void* r, const int rc[], const int d[], MPI_Datatype rt,
                   MPI_Comm comm) {
  return collective(PMPI_Allgatherv(s, c, st, r, rc, d, rt, comm));
}
int MPI_Alltoallv(const void* s, const int sc[], const int sd[], MPI_Datatype st, void* r, const int rc[],
                  const int rd[], MPI_Datatype rt, MPI_Comm comm) {
  return collective(PMPI_Alltoallv(s, sc, sd, st, r, rc, rd, rt, comm));
}
int MPI_Bcast(void* b, int c, MPI_Datatype t, int root, MPI_Comm comm) {
  return collective(PMPI_Bcast(b, c, t, root, comm));
}
int MPI_Barrier(MPI_Comm comm) { return collective(PMPI_Barrier(comm)); }
int MPI_Reduce_scatter(const void* s, void* r, const int rc[], MPI_Datatype t, MPI_Op op, MPI_Comm comm) {
  return collective(PMPI_Reduce_scatter(s, r, rc, t, op, comm));
}
int MPI_Isend(const void* b, int c, MPI_Datatype t, int dest, int tag, MPI_Comm comm, MPI_Request* req) {
  ++sends;
  return PMPI_Isend(b, c, t, dest, tag, comm, req);
}

}  // extern "C"
