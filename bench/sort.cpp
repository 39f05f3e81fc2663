// Distributed sort and argsort of random float64, and one local std::sort of
// the whole array on rank 0 in the same run. Prints one JSON line from rank
// 0: per case the times (median, min, max) and memory (timing.hpp).
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
  bench::footprint fp;
  auto x = ht::random::rand<double>({n}, 0);
  fp.set_block(static_cast<double>(x.lsize()) * sizeof(double));
  // The reference: std::sort of the whole array on rank 0 alone (a fresh copy
  // each time); only rank 0 prints, so only its figures count.
  bench::stats local;
  if (world.rank() == 0) {
    const auto whole = ht::random::rand<double>({n}, ht::none, ht::comm_self());
    const double* src = whole.local_view().data();
    std::vector<double> v(static_cast<std::size_t>(n));
    local = bench::measure(ht::comm_self(), repeats, bench::footprint{}, [&] {
      std::copy(src, src + n, v.begin());
      std::sort(v.begin(), v.end());
    });
  }
  world.barrier();
  const auto sort = bench::measure(world, repeats, fp, [&] { auto s = ht::sort(x); });
  const auto argsort = bench::measure(world, repeats, fp, [&] { auto s = ht::argsort(x); });
  bench::header("sort", world, repeats)
      .add("elements", n)
      .add("cases", bench::json().add("sort", bench::json().add(sort)).add("argsort", bench::json().add(argsort)))
      .add("references", bench::json().add("local_std_sort", bench::json().add(local)))
      .print(world);
  return 0;
}
