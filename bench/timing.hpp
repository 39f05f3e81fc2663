#ifndef HEAT_BENCH_TIMING_HPP
#define HEAT_BENCH_TIMING_HPP

#include <heat/heat.hpp>

#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

/// OpenBLAS' kernel family: BLAS-bound figures are comparable only under the same one.
extern "C" char* openblas_get_corename(void);

namespace bench {

/// The -march the benchmark was compiled for (bench/CMakeLists.txt).
inline const char* arch() { return HEAT_BENCH_ARCH_NAME[0] ? HEAT_BENCH_ARCH_NAME : "compiler default"; }

/// A line "Key:   value kB" of /proc/self/status, in MiB (0 where absent).
inline double status_mib(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return std::atof(line.c_str() + prefix.size()) / 1024.0;
  return 0;
}

/// Resident memory now (VmRSS), in MiB.
inline double rss_mib() { return status_mib("VmRSS"); }

/// A rank's memory baseline: its resident size before the benchmark made its
/// inputs (MPI, libraries), and the size of the input block it then holds.
struct footprint {
  double base_mib = rss_mib();
  double block_mib = 0;
  double warm_up_mib = 0;  // what warm_up left resident
  void set_block(double bytes) { block_mib = bytes / (1024.0 * 1024.0); }
  /// Runs f, the benchmark's work on a tiny input, and moves the baseline
  /// past what stays resident after it: code pages first touched, MPI's
  /// first-use buffers; a fixed cost that is not a copy of the input.
  template <class F>
  void warm_up(F&& f) {
    f();
    malloc_trim(0);
    const double now = rss_mib();
    warm_up_mib = now - base_mib;
    base_mib = now;
  }
};

/// What `measure` found: the median, fastest and slowest of the timed runs
/// (each as slow as its slowest rank), the largest peak resident size of any
/// rank while they ran, and the largest ratio over ranks of that peak, less
/// the rank's resident size before its input existed, to its input block
/// (1.0: the input and nothing else; 0 where the block is empty).
struct stats {
  double median_s = 0, min_s = 0, max_s = 0, peak_rss_mib = 0, memory_ratio = 0;
};

/// Runs f `repeats` times between barriers. The peak resident size starts
/// over first (VmHWM via /proc/self/clear_refs, Linux >= 4.0; freed heap
/// pages are handed back before, as glibc keeps a freed block below a live
/// one resident), so that only what f holds beyond the input counts.
template <class F>
stats measure(const ht::communicator& comm, int repeats, const footprint& fp, F&& f) {
  malloc_trim(0);
  std::ofstream("/proc/self/clear_refs") << "5";
  std::vector<double> t;
  for (int i = 0; i < std::max(repeats, 1); ++i) {
    comm.barrier();
    const double t0 = MPI_Wtime();
    f();
    Kokkos::fence();
    t.push_back(ht::allreduce(comm, MPI_Wtime() - t0, ht::reduce_op::max));
  }
  std::sort(t.begin(), t.end());
  const std::size_t m = t.size() / 2;
  const double peak = status_mib("VmHWM");
  const double ratio = fp.block_mib > 0 ? (peak - fp.base_mib) / fp.block_mib : 0;
  return {t.size() % 2 ? t[m] : (t[m - 1] + t[m]) / 2, t.front(), t.back(),
          ht::allreduce(comm, peak, ht::reduce_op::max), ht::allreduce(comm, ratio, ht::reduce_op::max)};
}

/// One JSON object built key by key; benchmarks print one from rank 0.
class json {
 public:
  json& add(const char* key, double v) { return raw(key, number(v)); }
  json& add(const char* key, int v) { return raw(key, std::to_string(v)); }
  json& add(const char* key, std::int64_t v) { return raw(key, std::to_string(v)); }
  json& add(const char* key, const char* v) {
    std::string quoted(1, '"');
    quoted.append(v).push_back('"');
    return raw(key, quoted);
  }
  json& add(const char* key, const std::string& v) { return add(key, v.c_str()); }
  json& add(const char* key, const json& v) { return raw(key, v.str()); }
  /// A measurement's five figures, under this object's own keys.
  json& add(const stats& s) {
    return add("median_s", s.median_s)
        .add("min_s", s.min_s)
        .add("max_s", s.max_s)
        .add("peak_rss_mib", s.peak_rss_mib)
        .add("memory_ratio", s.memory_ratio);
  }
  std::string str() const { return "{" + body_ + "}"; }
  /// Prints the object as one line from rank 0 of comm.
  void print(const ht::communicator& comm) const {
    if (comm.rank() == 0) std::printf("%s\n", str().c_str());
  }

 private:
  static std::string number(double v) {
    char s[32];
    std::snprintf(s, sizeof s, "%.9g", v);
    return s;
  }
  json& raw(const char* key, const std::string& value) {
    body_.append(body_.empty() ? "\"" : ", \"").append(key).append("\": ").append(value);
    return *this;
  }
  std::string body_;
};

/// The fields every benchmark's JSON starts with.
inline json header(const char* name, const ht::communicator& comm, int repeats) {
  return json()
      .add("benchmark", name)
      .add("ranks", comm.size())
      .add("repeats", repeats)
      .add("arch", arch())
      .add("simd", ht::simd::name(ht::simd::active()))
      .add("openblas_core", openblas_get_corename());
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
