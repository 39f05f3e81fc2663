#ifndef HEAT_BENCH_TIMING_HPP
#define HEAT_BENCH_TIMING_HPP

#include <heat/heat.hpp>

#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

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

/// A line "Key:   value kB" of /proc/self/status, in MiB (0 where absent).
inline double status_mib(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return std::atof(line.c_str() + prefix.size()) / 1024.0;
  return 0;
}

/// Resident memory now and at its peak (VmRSS, VmHWM), in MiB.
inline double rss_mib() { return status_mib("VmRSS"); }
inline double peak_rss_mib() { return status_mib("VmHWM"); }
/// Starts the peak over from the resident size now (Linux >= 4.0), so that
/// what made the input does not count; first hands freed heap pages back
/// (glibc keeps a freed block below a live one resident).
inline void reset_peak() {
  malloc_trim(0);
  std::ofstream("/proc/self/clear_refs") << "5";
}

/// What a benchmark's JSON says about memory: the largest peak resident
/// size of any rank since reset_peak(), the largest input block, and the
/// largest ratio of a rank's peak, less its resident size before the input
/// was made (MPI, libraries), to its block (1.0: the input and nothing else).
struct memory_report {
  double peak_mib = 0, block_mib = 0, ratio = 0;
};
inline memory_report memory(const ht::communicator& comm, double base_mib, double block_bytes) {
  const double peak = peak_rss_mib(), block = block_bytes / (1024.0 * 1024.0);
  const double ratio = block > 0 ? (peak - base_mib) / block : 0;
  return {ht::allreduce(comm, peak, ht::reduce_op::max), ht::allreduce(comm, block, ht::reduce_op::max),
          ht::allreduce(comm, ratio, ht::reduce_op::max)};
}

/// The benchmark input named on the command line: a float64 .npy file read
/// split 0, or "random:N:D", N x D values that every rank draws for its own
/// rows only (uniform on [0, 1), ht::random with seed 0: the same values at
/// every rank count, no reader and no node holding the whole array; the
/// weak-scaling runs use it, bench/slurm).
inline ht::DNDarray<double> input(const std::string& spec) {
  if (spec.rfind("random:", 0) != 0) return ht::load_npy<double>(spec, 0);
  const auto colon = spec.find(':', 7);
  ht::detail::check(colon != std::string::npos, "random input: expected random:N:D, got ", spec);
  const std::int64_t n = std::atoll(spec.c_str() + 7), d = std::atoll(spec.c_str() + colon + 1);
  ht::random::seed(0);
  return ht::random::rand<double>({n, d}, 0);
}

}  // namespace bench

#endif
