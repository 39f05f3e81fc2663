// K-Means Lloyd iterations on a float64 .npy file (read with ht::load_npy,
// split 0) or on random:N:D (each rank draws its own rows, bench/timing.hpp):
// the first k rows as starting centres, tol 0, a fixed iteration cap;
// prints one JSON line from rank 0: the fit's times (median, min, max of
// `repeats` fits, each timed as a whole), the median per iteration and the
// memory (timing.hpp; the float32 run converts the float64 input and drops
// it before fitting). The memory baseline is taken after a warm-up, two
// iterations on the same input that is then dropped: the ratio leaves out
// what a first fit leaves resident for good (code pages, MPI's buffers;
// printed as warm_up_mib), a fixed cost that is no copy of the input.
// Usage: bench_kmeans file.npy|random:N:D k iterations float32|float64 [repeats]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>

/// The input as T (the float64 one dropped) and K-Means from its first k rows.
template <class T>
struct problem {
  ht::DNDarray<T> X;
  ht::cluster::KMeans<T> km;
  problem(ht::DNDarray<double> X64, std::int64_t k, int iters) : X(convert(X64)), km(options(X, k, iters)) {}

 private:
  static ht::DNDarray<T> convert(ht::DNDarray<double>& X64) {
    ht::DNDarray<T> out;
    if constexpr (std::is_same_v<T, double>)
      out = X64;
    else
      out = X64.astype<T>();
    X64 = ht::DNDarray<double>();  // (Kokkos 3.4's views do not move: assigning an empty array drops the input.)
    return out;
  }
  static typename ht::cluster::KMeans<T>::options options(const ht::DNDarray<T>& X, std::int64_t k, int iters) {
    const ht::DNDarray<T> first = ht::view(X, xt::range(0, k), xt::all());
    return {.n_clusters = k, .init = ht::resplit(first, ht::none), .max_iter = iters, .tol = 0};
  }
};

template <class T>
void run(const std::string& spec, std::int64_t k, int iters, int repeats, const char* type) {
  const auto world = ht::comm_world();
  bench::footprint fp;  // before the input exists
  fp.warm_up([&] {
    problem<T> warm(bench::input(spec), k, 2);
    warm.km.fit(warm.X);
  });
  problem<T> P(bench::input(spec), k, iters);
  const ht::DNDarray<T>& X = P.X;
  ht::cluster::KMeans<T>& km = P.km;
  fp.set_block(static_cast<double>(X.lsize()) * sizeof(T));
  const auto fit = bench::measure(world, repeats, fp, [&] { km.fit(X); });
  bench::header("kmeans", world, repeats)
      .add("n", X.shape()[0])
      .add("d", X.shape()[1])
      .add("k", k)
      .add("type", type)
      .add("n_iter", km.n_iter())
      .add("inertia", km.inertia())
      .add("warm_up_mib", ht::allreduce(world, fp.warm_up_mib, ht::reduce_op::max))
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
  const std::int64_t k = std::atoll(argv[2]);
  const int iters = std::atoi(argv[3]), repeats = argc > 5 ? std::atoi(argv[5]) : 3;
  if (std::string(argv[4]) == "float32")
    run<float>(argv[1], k, iters, repeats, "float32");
  else
    run<double>(argv[1], k, iters, repeats, "float64");
  return 0;
}
