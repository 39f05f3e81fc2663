// K-Means Lloyd iterations on a float64 .npy file (read with ht::load_npy,
// split 0) or on random:N:D (each rank draws its own rows, bench/timing.hpp):
// the first k rows as starting centres, tol 0, a fixed iteration cap;
// prints one JSON line from rank 0 with the time per iteration (best of
// `repeats` fits, each fit timed as a whole) and the memory (the float32
// run converts the float64 input and drops it before fitting).
// Usage: bench_kmeans file.npy|random:N:D k iterations float32|float64 [repeats]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>

template <class T>
void run(ht::DNDarray<double> X64, std::int64_t k, int iters, int repeats, const char* type, double base_mib) {
  const auto world = ht::comm_world();
  ht::DNDarray<T> X;
  // (Kokkos 3.4's views do not move: assigning an empty array drops the input.)
  if constexpr (std::is_same_v<T, double>)
    X = X64;
  else
    X = X64.astype<T>();
  X64 = ht::DNDarray<double>();
  const ht::DNDarray<T> first = ht::view(X, xt::range(0, k), xt::all());
  const ht::DNDarray<T> init = ht::resplit(first, ht::none);
  ht::cluster::KMeans<T> km({.n_clusters = k, .init = init, .max_iter = iters, .tol = 0});
  bench::reset_peak();
  const double t = bench::best_seconds(world, repeats, [&] { km.fit(X); });
  const auto mem = bench::memory(world, base_mib, static_cast<double>(X.lsize()) * sizeof(T));
  if (world.rank() == 0)
    std::printf(
        "{\"benchmark\": \"kmeans\", \"ranks\": %d, \"n\": %lld, \"d\": %lld, \"k\": %lld, \"type\": \"%s\", "
        "\"arch\": \"%s\", \"n_iter\": %d, \"fit_s\": %.6f, \"per_iter_ms\": %.4f, \"inertia\": %.10g, "
        "\"peak_rss_mib\": %.1f, \"block_mib\": %.1f, \"memory_ratio\": %.3f}\n",
        world.size(), static_cast<long long>(X.shape()[0]), static_cast<long long>(X.shape()[1]),
        static_cast<long long>(k), type, bench::arch(), km.n_iter(), t, 1e3 * t / km.n_iter(), km.inertia(),
        mem.peak_mib, mem.block_mib, mem.ratio);
}

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  if (argc < 5) {
    std::fprintf(stderr, "usage: bench_kmeans file.npy|random:N:D k iterations float32|float64 [repeats]\n");
    return 2;
  }
  const double base_mib = bench::rss_mib();
  const std::int64_t k = std::atoll(argv[2]);
  const int iters = std::atoi(argv[3]), repeats = argc > 5 ? std::atoi(argv[5]) : 3;
  if (std::string(argv[4]) == "float32")
    run<float>(bench::input(argv[1]), k, iters, repeats, "float32", base_mib);
  else
    run<double>(bench::input(argv[1]), k, iters, repeats, "float64", base_mib);
  return 0;
}
