// Lasso on float64 .npy files X (n x d) and y (n), read with ht::load_npy
// split 0, or on X = random:N:D with y = random: X uniform (each rank draws
// its own rows, bench/timing.hpp) and y = X w + 0.1 noise with 20 non-zero
// coefficients; prints one JSON line from rank 0: the fit's times (median,
// min, max of `repeats`), the sweeps, the solver, the objective value
// (1/(2n)) |y - Xw - b|^2 + lam |w|_1 reached, and the memory (timing.hpp;
// as bench_kmeans, the baseline is taken after a two-sweep warm-up on the
// same input, printed as warm_up_mib).
// Usage: bench_lasso X.npy|random:N:D y.npy|random lam tol [repeats] [solver: auto|gram|residual]
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

/// X and y as the command line names them.
struct problem {
  ht::DNDarray<double> X, y;
  problem(const std::string& x_spec, const std::string& y_spec) : X(bench::input(x_spec)) {
    if (y_spec == "random") {
      // 20 coefficients of +-(1..20) on the first 20 features; the noise from the same stream.
      xt::xarray<double> w = xt::zeros<double>({static_cast<std::size_t>(X.shape()[1])});
      for (std::size_t j = 0; j < w.size() && j < 20; ++j) w(j) = (j % 2 ? -1.0 : 1.0) * static_cast<double>(j + 1);
      y = ht::eval(ht::sum(X * ht::array(w), 1) + 0.1 * ht::random::randn<double>({X.shape()[0]}, 0));
    } else {
      y = ht::load_npy<double>(y_spec, 0);
    }
  }
};

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  if (argc < 5) {
    std::fprintf(stderr, "usage: bench_lasso X.npy|random:N:D y.npy|random lam tol [repeats] [auto|gram|residual]\n");
    return 2;
  }
  const auto world = ht::comm_world();
  const double lam = std::atof(argv[3]), tol = std::atof(argv[4]);
  const int repeats = argc > 5 ? std::atoi(argv[5]) : 3;
  const std::string solver = argc > 6 ? argv[6] : "auto";
  bench::footprint fp;  // before the input exists
  fp.warm_up([&] {
    const problem warm(argv[1], argv[2]);
    ht::regression::Lasso<double>({.lam = lam, .max_iter = 2, .tol = tol, .solver = solver}).fit(warm.X, warm.y);
  });
  const problem P(argv[1], argv[2]);
  const ht::DNDarray<double>&X = P.X, &y = P.y;
  ht::regression::Lasso<double> lasso({.lam = lam, .max_iter = 10000, .tol = tol, .solver = solver});
  fp.set_block(static_cast<double>(X.lsize() + y.lsize()) * sizeof(double));
  const auto fit = bench::measure(world, repeats, fp, [&] { lasso.fit(X, y); });
  const ht::DNDarray<double> r = y - lasso.predict(X);
  const double n = static_cast<double>(X.shape()[0]);
  const double objective = ht::sum(r * r).item() / (2 * n) + lam * ht::sum(ht::abs(lasso.coef())).item();
  bench::header("lasso", world, repeats)
      .add("n", X.shape()[0])
      .add("d", X.shape()[1])
      .add("lam", lam)
      .add("tol", tol)
      .add("solver", lasso.solver())
      .add("n_iter", lasso.n_iter())
      .add("objective", objective)
      .add("warm_up_mib", ht::allreduce(world, fp.warm_up_mib, ht::reduce_op::max))
      .add("cases", bench::json().add("fit", bench::json().add(fit)))
      .print(world);
  return 0;
}
