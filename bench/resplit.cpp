// Resplit throughput: an n x n float64 array moved between split axes, and
// ht::copy into a new array (what any operation that returns a new array
// pays, page faults included); the reference is a copy of the local block
// into existing memory (memory bandwidth). Prints one JSON line from rank 0:
// per case the times (median, min, max), GB/s of the rank's block and
// memory (timing.hpp; a new array of the block's size makes 2.0).
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
  bench::footprint fp;
  auto a = ht::array(xt::reshape_view(xt::arange<double>(static_cast<double>(n * n)), {un, un}), 0);
  const double block_bytes = static_cast<double>(a.lsize()) * sizeof(double);
  fp.set_block(block_bytes);
  const double gb = block_bytes / 1e9;

  auto copy_block = ht::empty_like(a);
  const auto copy =
      bench::measure(world, repeats, fp, [&] { Kokkos::deep_copy(copy_block.local_view(), a.local_view()); });
  copy_block = ht::DNDarray<double>();
  bench::json cases;
  auto add = [&](const char* name, const bench::stats& s) {
    cases.add(name, bench::json().add(s).add("GBps", gb / s.median_s));
  };
  add("copy", bench::measure(world, repeats, fp, [&] { auto c = ht::copy(a); }));
  add("resplit(0->1)", bench::measure(world, repeats, fp, [&] { auto b = ht::resplit(a, 1); }));
  {
    auto b = ht::resplit(a, 1);
    add("resplit(1->0)", bench::measure(world, repeats, fp, [&] { auto c = ht::resplit(b, 0); }));
  }
  add("resplit(0->none)", bench::measure(world, repeats, fp, [&] { auto c = ht::resplit(a, ht::none); }));
  bench::header("resplit", world, repeats)
      .add("n", n)
      .add("block_bytes", block_bytes)
      .add("cases", cases)
      .add("references",
           bench::json().add("copy_into_existing", bench::json().add(copy).add("GBps", gb / copy.median_s)))
      .print(world);
  return 0;
}
