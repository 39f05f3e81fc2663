// Fused expressions against a hand-written STREAM triad on the same data.
// Prints JSON from rank 0: GB/s of each and its ratio to the triad.
// Usage: bench_expressions [global float64 elements, default 50e6] [repeats]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const std::int64_t n = argc > 1 ? static_cast<std::int64_t>(std::atof(argv[1])) : 50'000'000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  constexpr std::int64_t cols = 8;

  auto a = ht::linspace<double>(1, 2, n, 0);
  auto b = ht::linspace<double>(0.5, 1.5, n, 0);
  auto r = ht::empty_like(a);
  ht::DNDarray<double> m = ht::ones<double>({n / cols, cols}, 0) * 1.5;
  const double local = static_cast<double>(a.lsize());
  const double gb_local = local * sizeof(double) / 1e9;

  // The reference: r = a + 2 b over raw pointers, the loop a user would write.
  const double t_triad = bench::best_seconds(world, repeats, [&] {
    const double* pa = a.local_view().data();
    const double* pb = b.local_view().data();
    double* pr = r.local_view().data();
    const std::int64_t len = a.lsize();
    for (std::int64_t i = 0; i < len; ++i) pr[i] = pa[i] + 2.0 * pb[i];
  });
  // A second reference for the one-array reductions: a hand-written read of
  // one array with four independent sums (what one stream can do).
  double read_sink = 0;
  const double t_read = bench::best_seconds(world, repeats, [&] {
    const double* pa = a.local_view().data();
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::int64_t i = 0;
    for (; i + 4 <= a.lsize(); i += 4) {
      s0 += pa[i];
      s1 += pa[i + 1];
      s2 += pa[i + 2];
      s3 += pa[i + 3];
    }
    for (; i < a.lsize(); ++i) s0 += pa[i];
    read_sink += s0 + s1 + s2 + s3;
  });
  const double t_expr = bench::best_seconds(world, repeats, [&] { r = a * b + 2.0 * ht::sqrt(a); });
  double sink = 0;
  const double t_sum = bench::best_seconds(world, repeats, [&] { sink += ht::sum(a * b).item(); });
  const double t_mean = bench::best_seconds(world, repeats, [&] { sink += ht::mean(m, 0).to_xarray()(0); });
  const double t_var = bench::best_seconds(world, repeats, [&] { sink += ht::var(a).item(); });
  // One element by global index, on every rank (HeAT: about 8.6 us for x[0]).
  constexpr int items = 1000;
  const double t_item = bench::best_seconds(world, repeats,
                                            [&] {
                                              for (int i = 0; i < items; ++i)
                                                sink += a(static_cast<std::int64_t>(i) * (n / items));
                                            }) /
                        items;

  // Bytes each one must move per rank: reads plus writes of float64 arrays.
  const double triad = 3 * gb_local / t_triad;
  const double read = gb_local / t_read;
  const double expr = 3 * gb_local / t_expr;
  const double sum = 2 * gb_local / t_sum;
  const double mean = static_cast<double>(m.lsize()) * sizeof(double) / 1e9 / t_mean;
  const double var = gb_local / t_var;
  if (world.rank() == 0)
    std::printf(
        "{\"benchmark\": \"expressions\", \"arch\": \"%s\", \"ranks\": %d, \"elements\": %lld, \"repeats\": %d,\n"
        " \"triad_GBps\": %.3f, \"read_GBps\": %.3f,\n"
        " \"r=a*b+2*sqrt(a)\": {\"GBps\": %.3f, \"ratio\": %.3f, \"seconds\": %.6f},\n"
        " \"sum(a*b)\": {\"GBps\": %.3f, \"ratio\": %.3f, \"seconds\": %.6f},\n"
        " \"mean(m,0)\": {\"GBps\": %.3f, \"ratio\": %.3f, \"ratio_to_read\": %.3f, \"seconds\": %.6f},\n"
        " \"var(a)\": {\"GBps\": %.3f, \"ratio\": %.3f, \"ratio_to_read\": %.3f, \"seconds\": %.6f},\n"
        " \"item_access_us\": %.3f,\n"
        " \"checksum\": %.6e}\n",
        bench::arch(), world.size(), static_cast<long long>(n), repeats, triad, read, expr, expr / triad, t_expr, sum,
        sum / triad, t_sum, mean, mean / triad, mean / read, t_mean, var, var / triad, var / read, t_var, t_item * 1e6,
        sink + read_sink);
  return 0;
}
