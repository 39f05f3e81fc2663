// Resplit throughput: an n x n float64 array moved between split axes. Two
// references from the same run: a copy of the local block into existing
// memory (memory bandwidth) and into a new array (what any operation that
// returns a new array pays, page faults included). Prints JSON from rank 0.
// Usage: bench_resplit [n] [repeats]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 4000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;

  const auto un = static_cast<std::size_t>(n);
  auto a = ht::array(xt::reshape_view(xt::arange<double>(static_cast<double>(n * n)), {un, un}), 0);
  const double block_bytes = static_cast<double>(a.lsize()) * sizeof(double);

  auto copy_block = ht::empty_like(a);
  const double t_copy =
      bench::best_seconds(world, repeats, [&] { Kokkos::deep_copy(copy_block.local_view(), a.local_view()); });
  const double t_new = bench::best_seconds(world, repeats, [&] { auto c = ht::copy(a); });
  const double t_0_to_1 = bench::best_seconds(world, repeats, [&] { auto b = ht::resplit(a, 1); });
  auto b = ht::resplit(a, 1);
  const double t_1_to_0 = bench::best_seconds(world, repeats, [&] { auto c = ht::resplit(b, 0); });
  const double t_0_to_none = bench::best_seconds(world, repeats, [&] { auto c = ht::resplit(a, ht::none); });

  if (world.rank() == 0) {
    const double gb = block_bytes / 1e9;
    std::printf(
        "{\"benchmark\": \"resplit\", \"arch\": \"%s\", \"ranks\": %d, \"n\": %lld, \"block_bytes\": %.0f, "
        "\"repeats\": %d,\n"
        " \"copy_GBps\": %.3f, \"copy_to_new_array_GBps\": %.3f, \"resplit_0_to_1_GBps\": %.3f,\n"
        " \"resplit_1_to_0_GBps\": %.3f, \"resplit_0_to_none_s\": %.6f, \"ratio_0_to_1_vs_new_copy\": %.3f}\n",
        bench::arch(), world.size(), static_cast<long long>(n), block_bytes, repeats, gb / t_copy, gb / t_new,
        gb / t_0_to_1, gb / t_1_to_0, t_0_to_none, t_new / t_0_to_1);
  }
  return 0;
}
