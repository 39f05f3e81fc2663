// The second example: Lasso on scikit-learn's diabetes data that ships in
// examples/data (442 patients x 10 standardised features, then the disease
// progression), read in parallel with ht::load_csv. Rank 0 prints the
// coefficients, the intercept, the fit's R^2 and the time; the predictions
// are written with ht::save_csv; then ElasticNet on a train/test split.
// Run: mpiexec.mpich -n 2 lasso_diabetes [diabetes.csv] [out.csv]
#include <heat/io.hpp>
#include <heat/ml.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const std::string input = argc > 1 ? argv[1] : HEAT_EXAMPLE_DATA "/diabetes.csv";
  const std::string output = argc > 2 ? argv[2] : "diabetes_predictions.csv";
  const char* names[] = {"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"};

  const auto table = ht::load_csv<double>(input, 0, {.sep = ',', .header_lines = 1});
  const ht::DNDarray<double> X = ht::view(table, xt::all(), xt::range(0, 10));
  const ht::DNDarray<double> y = ht::view(table, xt::all(), 10);
  ht::regression::Lasso<double> lasso({.lam = 0.1, .max_iter = 10000, .tol = 1e-8});
  world.barrier();
  const double t0 = MPI_Wtime();
  lasso.fit(X, y);
  const double seconds = ht::allreduce(world, MPI_Wtime() - t0, ht::reduce_op::max);
  const ht::DNDarray<double> yhat = lasso.predict(X);
  ht::save_csv(yhat, output);

  const double residual = ht::sum((y - yhat) * (y - yhat)).item();
  const double spread = ht::sum((y - ht::mean(y).item()) * (y - ht::mean(y).item())).item();
  const auto w = lasso.coef().to_xarray();
  if (world.rank() == 0) {
    std::printf("Lasso (lam = 0.1) on %s: %lld samples x 10 features, %d ranks\n", input.c_str(),
                static_cast<long long>(X.shape()[0]), world.size());
    for (std::size_t j = 0; j < 10; ++j) std::printf("  %-4s % .4f\n", names[j], w(j));
    std::printf("intercept %.4f, R^2 %.4f, %d sweeps (%s solver), %.3f ms; predictions written to %s\n",
                lasso.intercept(), 1 - residual / spread, lasso.n_iter(), lasso.solver().c_str(), 1e3 * seconds,
                output.c_str());
  }

  // Held out: ElasticNet fitted on a shuffled 80 % of the patients
  // (train_test_split, the same rows at any rank count), scored on the rest.
  const auto [Xs, ys] = ht::model_selection::train_test_split(X, y, {.test_size = 0.2, .random_state = 0});
  ht::regression::ElasticNet<double> enet({.alpha = 0.001, .l1_ratio = 0.5, .max_iter = 10000, .tol = 1e-8});
  enet.fit(Xs.train, ys.train);
  const double held_out = enet.score(Xs.test, ys.test);
  if (world.rank() == 0)
    std::printf(
        "ElasticNet (alpha = 0.001, l1_ratio = 0.5) on %lld training rows: R^2 %.4f on the %lld held out, "
        "dual gap %.2e, %s\n",
        static_cast<long long>(Xs.train.shape()[0]), held_out, static_cast<long long>(Xs.test.shape()[0]),
        enet.dual_gap(), enet.converged() ? "converged" : "not converged");
  return 0;
}
