#ifndef HEAT_BENCH_TIMING_HPP
#define HEAT_BENCH_TIMING_HPP

#include <heat/heat.hpp>

#include <algorithm>

/// OpenBLAS' kernel family: BLAS-bound figures are comparable only under the same one.
extern "C" char* openblas_get_corename(void);

namespace bench {

/// The -march the benchmark was compiled for (bench/CMakeLists.txt).
inline const char* arch() { return HEAT_BENCH_ARCH_NAME[0] ? HEAT_BENCH_ARCH_NAME : "compiler default"; }

/// The best of `repeats` runs of f, each as slow as its slowest rank.
template <class F>
double best_seconds(const ht::communicator& comm, int repeats, F&& f) {
  double best = 1e300;
  for (int i = 0; i < repeats; ++i) {
    comm.barrier();
    const double t0 = MPI_Wtime();
    f();
    Kokkos::fence();
    best = std::min(best, ht::allreduce(comm, MPI_Wtime() - t0, ht::reduce_op::max));
  }
  return best;
}

}  // namespace bench

#endif
