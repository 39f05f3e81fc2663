// Order statistics by distributed selection (median, percentiles: never a
// sort), HeAT's conjugate gradient, the tall-skinny SVD (TSQR) and HeAT's
// hierarchical SVD (hsvd_rank, rank 10) of a (rows / 10) x 50 matrix, on float64. Prints one JSON line from
// rank 0: per case the times (median, min, max) and memory (timing.hpp).
// Usage: bench_statistics [elements, default 1e7] [rows of the 10-column
//        matrix, default 1e6] [cg size n, default 2000] [repeats, default 3]
// The cg system is A[i][j] = 1 / (1 + |i - j|) + 2 [i == j], b = 1: the
// peers build the same one (the iteration count is in the record).
#include "timing.hpp"

#include <heat/heat.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const auto arg = [&](int i, double fallback) { return argc > i ? std::atof(argv[i]) : fallback; };
  const auto n = static_cast<std::int64_t>(arg(1, 1e7)), rows = static_cast<std::int64_t>(arg(2, 1e6));
  const auto m = static_cast<std::int64_t>(arg(3, 2000));
  const int repeats = static_cast<int>(arg(4, 3));
  const std::vector<double> q{5, 50, 95};
  bench::footprint fp;
  ht::random::seed(0);
  const auto x = ht::random::rand<double>({n}, 0);
  const auto X = ht::random::rand<double>({rows, 10}, 0);
  fp.set_block(static_cast<double>(x.lsize() + X.lsize()) * sizeof(double));
  const auto median = bench::measure(world, repeats, fp, [&] { ht::median(x); });
  const auto pct = bench::measure(world, repeats, fp, [&] { ht::percentile(x, q); });
  const auto pct0 = bench::measure(world, repeats, fp, [&] { ht::percentile(X, q, 0); });
  // The cg system, its solution's residual and the iterations it took.
  const auto i = ht::reshape(ht::arange<double>(0, static_cast<double>(m), 1, 0), {m, 1});
  const auto j = ht::reshape(ht::arange<double>(0, static_cast<double>(m)), {1, m});
  const ht::DNDarray<double> A = 1.0 / (1.0 + ht::abs(i - j)) + 2.0 * (i == j);
  const auto b = ht::ones<double>({m}, 0);
  ht::DNDarray<double> solution;
  const auto cg =
      bench::measure(world, repeats, fp, [&] { solution = ht::linalg::cg(A, b, ht::zeros<double>({m}, 0)); });
  const auto Y = ht::random::rand<double>({std::max<std::int64_t>(rows / 10, 50), 50}, 0);
  const auto svd = bench::measure(world, repeats, fp, [&] { ht::linalg::svd(Y); });
  const auto hsvd = bench::measure(world, repeats, fp, [&] { ht::linalg::hsvd_rank(Y, 10); });
  const double residual = ht::linalg::norm(ht::eval(ht::matmul(A, solution) - b)).item();
  bench::header("statistics", world, repeats)
      .add("elements", n)
      .add("rows", rows)
      .add("cg_n", m)
      .add("cg_residual", residual)
      .add("cases", bench::json()
                        .add("median(x)", bench::json().add(median))
                        .add("percentile(x,[5,50,95])", bench::json().add(pct))
                        .add("percentile(X,[5,50,95],0)", bench::json().add(pct0))
                        .add("cg", bench::json().add(cg))
                        .add("svd(Y)", bench::json().add(svd))
                        .add("hsvd_rank(Y,10)", bench::json().add(hsvd)))
      .print(world);
  return 0;
}
