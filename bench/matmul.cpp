// Distributed matmul and cdist against one local OpenBLAS call of the same
// size in the same run. Prints JSON from rank 0, with the OpenBLAS kernel.
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
  double t_local = 0;
  {
    auto a = ht::random::rand<double>({n, n}, ht::none, ht::comm_self());
    auto b = ht::random::rand<double>({n, n}, ht::none, ht::comm_self());
    ht::DNDarray<double> c(ht::distribution::balanced({n, n}, ht::none, 1), ht::comm_self());
    if (world.rank() == 0)
      t_local = bench::best_seconds(ht::comm_self(), repeats, [&] {
        ht::linalg::detail::gemm<double>(n, n, n, 1.0, a.local_view().data(), n, b.local_view().data(), n, false, 0.0,
                                         c.local_view().data(), n);
      });
    t_local = ht::allreduce(world, t_local, ht::reduce_op::max);
  }
  std::string cases;
  for (auto [sa, sb, name] :
       {std::tuple{ht::split_t{0}, ht::split_t{}, "(0,none)"}, std::tuple{ht::split_t{0}, ht::split_t{0}, "(0,0)"},
        std::tuple{ht::split_t{0}, ht::split_t{1}, "(0,1)"}}) {
    auto a = ht::random::rand<double>({n, n}, sa);
    auto b = ht::random::rand<double>({n, n}, sb);
    const double t = bench::best_seconds(world, repeats, [&] { auto c = ht::matmul(a, b); });
    const double rate = flops / t / 1e9, local = flops / t_local / 1e9;
    char line[256];
    std::snprintf(line, sizeof line,
                  "%s\n \"%s\": {\"seconds\": %.4f, \"GFLOPs\": %.2f, \"ratio_to_np_x_local\": %.3f}",
                  cases.empty() ? "" : ",", name, t, rate, rate / (world.size() * local));
    cases += line;
  }
  // cdist: rows x 50 split 0 against 1000 replicated rows.
  auto x = ht::random::rand<double>({cdist_rows, 50}, 0);
  auto y = ht::random::rand<double>({1000, 50});
  const double t_cdist = bench::best_seconds(world, repeats, [&] { auto d = ht::spatial::cdist(x, y); });
  if (world.rank() == 0)
    std::printf(
        "{\"benchmark\": \"matmul\", \"arch\": \"%s\", \"openblas_core\": \"%s\", \"ranks\": %d, \"n\": %lld, "
        "\"repeats\": %d,\n \"local_dgemm\": {\"seconds\": %.4f, \"GFLOPs\": %.2f},%s,\n"
        " \"cdist\": {\"rows\": %lld, \"features\": 50, \"centres\": 1000, \"seconds\": %.4f, \"GFLOPs\": %.2f}}\n",
        bench::arch(), openblas_get_corename(), world.size(), static_cast<long long>(n), repeats, t_local,
        flops / t_local / 1e9, cases.c_str(), static_cast<long long>(cdist_rows), t_cdist,
        2.0 * static_cast<double>(cdist_rows) * 1000 * 50 / t_cdist / 1e9);
  return 0;
}
