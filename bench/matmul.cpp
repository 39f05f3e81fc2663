// Distributed matmul (three layouts) and cdist, and one local OpenBLAS call
// of the same size on rank 0 in the same run. Prints one JSON line from rank
// 0 with the OpenBLAS kernel: per case the times (median, min, max), GFLOP/s
// and memory (timing.hpp); the memory block is the case's two inputs.
// Usage: bench_matmul [n, default 4000] [repeats, default 3] [cdist rows, default 200000]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" void openblas_set_num_threads(int);

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  openblas_set_num_threads(1);  // one rank per core
  const auto world = ht::comm_world();
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 4000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::int64_t cdist_rows = argc > 3 ? std::atoll(argv[3]) : 200000;
  const double flops = 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);

  // The reference: one local dgemm of the whole size, on rank 0 alone.
  bench::json references;
  {
    bench::footprint fp;
    auto a = ht::random::rand<double>({n, n}, ht::none, ht::comm_self());
    auto b = ht::random::rand<double>({n, n}, ht::none, ht::comm_self());
    ht::DNDarray<double> c(ht::distribution::balanced({n, n}, ht::none, 1), ht::comm_self());
    bench::stats local;
    if (world.rank() == 0)
      local = bench::measure(ht::comm_self(), repeats, fp, [&] {
        ht::linalg::detail::gemm<double>(n, n, n, 1.0, a.local_view().data(), n, b.local_view().data(), n, false, 0.0,
                                         c.local_view().data(), n);
      });
    // (Only rank 0 prints: its figures are the ones that count.)
    references.add("local_dgemm", bench::json().add(local).add("GFLOPs", flops / local.median_s / 1e9));
  }
  bench::json cases;
  for (auto [sa, sb, name] : {std::tuple{ht::split_t{0}, ht::split_t{}, "matmul(0,none)"},
                              std::tuple{ht::split_t{0}, ht::split_t{0}, "matmul(0,0)"},
                              std::tuple{ht::split_t{0}, ht::split_t{1}, "matmul(0,1)"}}) {
    bench::footprint fp;
    auto a = ht::random::rand<double>({n, n}, sa);
    auto b = ht::random::rand<double>({n, n}, sb);
    fp.set_block(static_cast<double>(a.lsize() + b.lsize()) * sizeof(double));
    const auto s = bench::measure(world, repeats, fp, [&] { auto c = ht::matmul(a, b); });
    cases.add(name, bench::json().add(s).add("GFLOPs", flops / s.median_s / 1e9));
  }
  // cdist: rows x 50 split 0 against 1000 replicated rows.
  bench::footprint fp;
  auto x = ht::random::rand<double>({cdist_rows, 50}, 0);
  auto y = ht::random::rand<double>({1000, 50});
  fp.set_block(static_cast<double>(x.lsize() + y.lsize()) * sizeof(double));
  const auto cdist = bench::measure(world, repeats, fp, [&] { auto d = ht::spatial::cdist(x, y); });
  cases.add("cdist", bench::json().add(cdist).add(
                         "GFLOPs", 2.0 * static_cast<double>(cdist_rows) * 1000 * 50 / cdist.median_s / 1e9));
  bench::header("matmul", world, repeats)
      .add("n", n)
      .add("cdist_rows", cdist_rows)
      .add("cases", cases)
      .add("references", references)
      .print(world);
  return 0;
}
