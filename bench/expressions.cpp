// Fused expressions against a hand-written STREAM triad and a read of one
// array on the same data. Prints one JSON line from rank 0: per case the
// median, min and max time of the repeats, GB/s, the ratios to the two
// references, the peak memory and its ratio to the input block (timing.hpp).
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

  bench::footprint fp;
  auto a = ht::linspace<double>(1, 2, n, 0);
  auto b = ht::linspace<double>(0.5, 1.5, n, 0);
  auto r = ht::empty_like(a);
  ht::DNDarray<double> m = ht::ones<double>({n / cols, cols}, 0) * 1.5;
  fp.set_block(static_cast<double>(a.lsize() + b.lsize() + r.lsize() + m.lsize()) * sizeof(double));
  const double gb_local = static_cast<double>(a.lsize()) * sizeof(double) / 1e9;

  // The reference: r = a + 2 b over raw pointers, the loop a user would write.
  const auto triad = bench::measure(world, repeats, fp, [&] {
    const double* pa = a.local_view().data();
    const double* pb = b.local_view().data();
    double* pr = r.local_view().data();
    const std::int64_t len = a.lsize();
    for (std::int64_t i = 0; i < len; ++i) pr[i] = pa[i] + 2.0 * pb[i];
  });
  // A second reference for the one-array reductions: a hand-written read of
  // one array with four independent sums (what one stream can do).
  double sink = 0;
  const auto read = bench::measure(world, repeats, fp, [&] {
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
    sink += s0 + s1 + s2 + s3;
  });
  // Each case with the bytes it must move per rank (reads plus writes of float64 arrays).
  bench::json cases;
  auto add = [&](const char* name, const bench::stats& s, double gb) {
    cases.add(name, bench::json()
                        .add(s)
                        .add("GBps", gb / s.median_s)
                        .add("ratio_to_triad", (gb / s.median_s) / (3 * gb_local / triad.median_s))
                        .add("ratio_to_read", (gb / s.median_s) / (gb_local / read.median_s)));
  };
  add("r=a*b+2*sqrt(a)", bench::measure(world, repeats, fp, [&] { r = a * b + 2.0 * ht::sqrt(a); }), 3 * gb_local);
  add("sum(a*b)", bench::measure(world, repeats, fp, [&] { sink += ht::sum(a * b).item(); }), 2 * gb_local);
  add("mean(m,0)", bench::measure(world, repeats, fp, [&] { sink += ht::mean(m, 0).to_xarray()(0); }),
      static_cast<double>(m.lsize()) * sizeof(double) / 1e9);
  add("var(a)", bench::measure(world, repeats, fp, [&] { sink += ht::var(a).item(); }), gb_local);
  // One element by global index, on every rank (HeAT: about 8.6 us for x[0]);
  // the times are per element.
  constexpr int items = 1000;
  auto item = bench::measure(world, repeats, fp, [&] {
    for (int i = 0; i < items; ++i) sink += a(static_cast<std::int64_t>(i) * (n / items));
  });
  for (double* t : {&item.median_s, &item.min_s, &item.max_s}) *t /= items;
  cases.add("a[i]", bench::json().add(item));

  bench::header("expressions", world, repeats)
      .add("elements", n)
      .add("cases", cases)
      .add("references", bench::json()
                             .add("triad", bench::json().add(triad).add("GBps", 3 * gb_local / triad.median_s))
                             .add("read", bench::json().add(read).add("GBps", gb_local / read.median_s)))
      .add("checksum", sink)
      .print(world);
  return 0;
}
