// Lasso on float64 .npy files X (n x d) and y (n), read with ht::load_npy
// split 0; prints one JSON line from rank 0: the fit time (best of
// `repeats`), the sweeps, the solver and the objective value
// (1/(2n)) |y - Xw - b|^2 + lam |w|_1 reached.
// Usage: bench_lasso X.npy y.npy lam tol [repeats] [solver: auto|gram|residual]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  if (argc < 5) {
    std::fprintf(stderr, "usage: bench_lasso X.npy y.npy lam tol [repeats] [auto|gram|residual]\n");
    return 2;
  }
  const auto world = ht::comm_world();
  const auto X = ht::load_npy<double>(argv[1], 0);
  const auto y = ht::load_npy<double>(argv[2], 0);
  const double lam = std::atof(argv[3]), tol = std::atof(argv[4]);
  const int repeats = argc > 5 ? std::atoi(argv[5]) : 3;
  ht::regression::Lasso<double> lasso(
      {.lam = lam, .max_iter = 10000, .tol = tol, .solver = argc > 6 ? argv[6] : "auto"});
  const double t = bench::best_seconds(world, repeats, [&] { lasso.fit(X, y); });
  const ht::DNDarray<double> r = y - lasso.predict(X);
  const double n = static_cast<double>(X.shape()[0]);
  const double objective = ht::sum(r * r).item() / (2 * n) + lam * ht::sum(ht::abs(lasso.coef())).item();
  if (world.rank() == 0)
    std::printf(
        "{\"benchmark\": \"lasso\", \"ranks\": %d, \"n\": %lld, \"d\": %lld, \"lam\": %g, \"tol\": %g, "
        "\"arch\": \"%s\", \"openblas_core\": \"%s\", \"solver\": \"%s\", \"n_iter\": %d, \"fit_s\": %.6f, "
        "\"objective\": %.12g}\n",
        world.size(), static_cast<long long>(X.shape()[0]), static_cast<long long>(X.shape()[1]), lam, tol,
        bench::arch(), openblas_get_corename(), lasso.solver().c_str(), lasso.n_iter(), t, objective);
  return 0;
}
