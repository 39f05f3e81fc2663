// The classification example: scikit-learn's iris data that ships in
// examples/data (150 flowers x 4 measurements, and their species), read in
// parallel with ht::load_csv; the even rows train, the odd rows test. The
// measurements are standardised (ht::preprocessing::StandardScaler, fitted
// on the training rows), then GaussianNB and a 5-nearest-neighbour
// classifier are fitted and scored. Rank 0 prints each one's test accuracy
// and time. Run: mpiexec.mpich -n 2 classify_iris [iris.csv] [iris_species.csv]
#include <heat/io.hpp>
#include <heat/ml.hpp>

#include <cstdio>
#include <string>

namespace {

/// The share of equal labels, on every rank.
double accuracy(const ht::DNDarray<std::int64_t>& got, const ht::DNDarray<std::int64_t>& want) {
  return static_cast<double>(ht::sum(ht::eval(got == want).astype<std::int64_t>()).item()) /
         static_cast<double>(want.shape()[0]);
}

}  // namespace

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const std::string features = argc > 1 ? argv[1] : HEAT_EXAMPLE_DATA "/iris.csv";
  const std::string species = argc > 2 ? argv[2] : HEAT_EXAMPLE_DATA "/iris_species.csv";

  const auto X = ht::load_csv<double>(features, 0, {.sep = ',', .header_lines = 1});
  const auto y = ht::load_csv<double>(species, 0, {.sep = ',', .header_lines = 1}).astype<std::int64_t>();
  const auto labels = ht::reshape(y, {y.shape()[0]});
  const auto n = X.shape()[0];
  const ht::DNDarray<double> train = ht::view(X, xt::range(0, n, 2), xt::all());
  const ht::DNDarray<double> test = ht::view(X, xt::range(1, n, 2), xt::all());
  const ht::DNDarray<std::int64_t> y_train = ht::view(labels, xt::range(0, n, 2));
  const ht::DNDarray<std::int64_t> y_test = ht::view(labels, xt::range(1, n, 2));

  ht::preprocessing::StandardScaler<double> scaler;
  const ht::DNDarray<double> train_s = scaler.fit_transform(train);
  const ht::DNDarray<double> test_s = scaler.transform(test);

  world.barrier();
  double t0 = MPI_Wtime();
  ht::naive_bayes::GaussianNB<double> nb;
  const double nb_accuracy = accuracy(nb.fit(train_s, y_train).predict(test_s), y_test);
  const double nb_seconds = ht::allreduce(world, MPI_Wtime() - t0, ht::reduce_op::max);
  t0 = MPI_Wtime();
  ht::classification::KNeighborsClassifier<double> knn({.n_neighbors = 5});
  const double knn_accuracy = accuracy(knn.fit(train_s, y_train).predict(test_s), y_test);
  const double knn_seconds = ht::allreduce(world, MPI_Wtime() - t0, ht::reduce_op::max);

  const auto mean = scaler.mean().to_xarray();
  if (world.rank() == 0) {
    std::printf("iris (%s): %lld training and %lld test flowers, %d ranks\n", features.c_str(),
                static_cast<long long>(train.shape()[0]), static_cast<long long>(test.shape()[0]), world.size());
    std::printf("standardised by the training means %.3f %.3f %.3f %.3f\n", mean(0), mean(1), mean(2), mean(3));
    std::printf("GaussianNB:                test accuracy %.3f, %.3f ms\n", nb_accuracy, 1e3 * nb_seconds);
    std::printf("KNeighborsClassifier (k=5): test accuracy %.3f, %.3f ms\n", knn_accuracy, 1e3 * knn_seconds);
  }
  return 0;
}
