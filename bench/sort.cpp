// Distributed sort of random float64 against one local std::sort of the
// whole array in the same run. Prints JSON from rank 0.
// Usage: bench_sort [elements, default 10e6] [repeats, default 3]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const std::int64_t n = argc > 1 ? static_cast<std::int64_t>(std::atof(argv[1])) : 10'000'000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  auto x = ht::random::rand<double>({n}, 0);
  // The reference: std::sort of the whole array on rank 0 alone (a fresh copy each time).
  double t_local = 0;
  if (world.rank() == 0) {
    const auto whole = ht::random::rand<double>({n}, ht::none, ht::comm_self());
    const double* src = whole.local_view().data();
    std::vector<double> v(static_cast<std::size_t>(n));
    t_local = bench::best_seconds(ht::comm_self(), repeats, [&] {
      std::copy(src, src + n, v.begin());
      std::sort(v.begin(), v.end());
    });
  }
  t_local = ht::allreduce(world, t_local, ht::reduce_op::max);
  const double t_sort = bench::best_seconds(world, repeats, [&] { auto s = ht::sort(x); });
  const double t_argsort = bench::best_seconds(world, repeats, [&] { auto s = ht::argsort(x); });
  if (world.rank() == 0)
    std::printf(
        "{\"benchmark\": \"sort\", \"arch\": \"%s\", \"ranks\": %d, \"elements\": %lld, \"repeats\": %d,\n"
        " \"local_std_sort_s\": %.4f, \"sort_s\": %.4f, \"argsort_s\": %.4f, \"speedup_over_std_sort\": %.2f}\n",
        bench::arch(), world.size(), static_cast<long long>(n), repeats, t_local, t_sort, t_argsort, t_local / t_sort);
  return 0;
}
