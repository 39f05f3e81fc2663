// K-Means Lloyd iterations on a float64 .npy file (read with ht::load_npy,
// split 0): the first k rows as starting centres, tol 0, a fixed iteration
// cap; prints one JSON line from rank 0 with the time per iteration (best of
// `repeats` fits, each fit timed as a whole). float32 runs on the same
// values converted. Usage: bench_kmeans file.npy k iterations float32|float64 [repeats]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

template <class T>
void run(const ht::DNDarray<double>& X64, std::int64_t k, int iters, int repeats, const char* type) {
  const auto world = ht::comm_world();
  const ht::DNDarray<T> X = X64.astype<T>();
  const ht::DNDarray<T> first = ht::view(X, xt::range(0, k), xt::all());
  const ht::DNDarray<T> init = ht::resplit(first, ht::none);
  ht::cluster::KMeans<T> km({.n_clusters = k, .init = init, .max_iter = iters, .tol = 0});
  const double t = bench::best_seconds(world, repeats, [&] { km.fit(X); });
  if (world.rank() == 0)
    std::printf(
        "{\"benchmark\": \"kmeans\", \"ranks\": %d, \"n\": %lld, \"d\": %lld, \"k\": %lld, \"type\": \"%s\", "
        "\"arch\": \"%s\", \"n_iter\": %d, \"fit_s\": %.6f, \"per_iter_ms\": %.4f, \"inertia\": %.10g}\n",
        world.size(), static_cast<long long>(X.shape()[0]), static_cast<long long>(X.shape()[1]),
        static_cast<long long>(k), type, bench::arch(), km.n_iter(), t, 1e3 * t / km.n_iter(), km.inertia());
}

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  if (argc < 5) {
    std::fprintf(stderr, "usage: bench_kmeans file.npy k iterations float32|float64 [repeats]\n");
    return 2;
  }
  const auto X = ht::load_npy<double>(argv[1], 0);
  const std::int64_t k = std::atoll(argv[2]);
  const int iters = std::atoi(argv[3]), repeats = argc > 5 ? std::atoi(argv[5]) : 3;
  if (std::string(argv[4]) == "float32")
    run<float>(X, k, iters, repeats, "float32");
  else
    run<double>(X, k, iters, repeats, "float64");
  return 0;
}
