// K-Means Lloyd iterations on a float64 .npy file (read with ht::load_npy,
// split 0) or on random:N:D (each rank draws its own rows, bench/timing.hpp):
// the first k rows as starting centres, tol 0, a fixed iteration cap;
// prints one JSON line from rank 0: the fit's times (median, min, max of
// `repeats` fits, each timed as a whole), the median per iteration and the
// memory (timing.hpp; the float32 run converts the float64 input and drops
// it before fitting).
// Usage: bench_kmeans file.npy|random:N:D k iterations float32|float64 [repeats]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>

template <class T>
void run(ht::DNDarray<double> X64, std::int64_t k, int iters, int repeats, const char* type, bench::footprint fp) {
  const auto world = ht::comm_world();
  ht::DNDarray<T> X;
  // (Kokkos 3.4's views do not move: assigning an empty array drops the input.)
  if constexpr (std::is_same_v<T, double>)
    X = X64;
  else
    X = X64.astype<T>();
  X64 = ht::DNDarray<double>();
  fp.set_block(static_cast<double>(X.lsize()) * sizeof(T));
  const ht::DNDarray<T> first = ht::view(X, xt::range(0, k), xt::all());
  const ht::DNDarray<T> init = ht::resplit(first, ht::none);
  ht::cluster::KMeans<T> km({.n_clusters = k, .init = init, .max_iter = iters, .tol = 0});
  const auto fit = bench::measure(world, repeats, fp, [&] { km.fit(X); });
  bench::header("kmeans", world, repeats)
      .add("n", X.shape()[0])
      .add("d", X.shape()[1])
      .add("k", k)
      .add("type", type)
      .add("n_iter", km.n_iter())
      .add("inertia", km.inertia())
      .add("cases",
           bench::json().add("fit", bench::json().add(fit).add("per_iter_ms", 1e3 * fit.median_s / km.n_iter())))
      .print(world);
}

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  if (argc < 5) {
    std::fprintf(stderr, "usage: bench_kmeans file.npy|random:N:D k iterations float32|float64 [repeats]\n");
    return 2;
  }
  const bench::footprint fp;  // before the input exists
  const std::int64_t k = std::atoll(argv[2]);
  const int iters = std::atoi(argv[3]), repeats = argc > 5 ? std::atoi(argv[5]) : 3;
  if (std::string(argv[4]) == "float32")
    run<float>(bench::input(argv[1]), k, iters, repeats, "float32", fp);
  else
    run<double>(bench::input(argv[1]), k, iters, repeats, "float64", fp);
  return 0;
}
