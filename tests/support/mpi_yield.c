/* Test harness only: lets an MPI rank that waits give its core away.
 *
 * MPICH's ch4:ucx device (Debian's MPICH 4.0) waits for messages by polling
 * without ever yielding. With more ranks than cores (np 3 and 4 on a
 * two-core CI machine) a waiting rank spins through its whole time slice
 * while the rank it waits for is not running: every collective then takes
 * milliseconds, and the suite's oversubscribed runs took 40 times as long
 * as the same work at np 2. Preloaded into the test ranks
 * (tests/support/run_mpi_test.cmake), this wraps UCX's progress call, which
 * MPICH's progress loop makes on every turn, and yields the core when it
 * found nothing to do. Nothing else changes: the same calls, the same
 * messages, in the same order. Where MPICH does not use UCX the wrapper is
 * never called. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sched.h>

typedef unsigned (*progress_fn)(void*);

unsigned ucp_worker_progress(void* worker) {
  static progress_fn real = 0;
  if (!real) real = (progress_fn)dlsym(RTLD_NEXT, "ucp_worker_progress");
  const unsigned events = real(worker);
  if (events == 0) sched_yield();
  return events;
}
