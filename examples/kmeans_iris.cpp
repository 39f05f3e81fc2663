// The README's main job: K-Means on the iris measurements that ship in
// examples/data (150 flowers x 4 features, read in parallel with
// ht::load_csv), k = 3, k-means++ with a fixed seed. Rank 0 prints the
// centres, the cluster sizes, the inertia and the time; the labels are
// written with ht::save_csv. Run: mpiexec.mpich -n 2 kmeans_iris [iris.csv] [labels.csv]
#include <heat/io.hpp>
#include <heat/ml.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const auto world = ht::comm_world();
  const std::string input = argc > 1 ? argv[1] : HEAT_EXAMPLE_DATA "/iris.csv";
  const std::string output = argc > 2 ? argv[2] : "iris_labels.csv";

  const auto X = ht::load_csv<double>(input, 0, {.sep = ',', .header_lines = 1});
  ht::cluster::KMeans<double> km(
      {.n_clusters = 3, .init = "k-means++", .max_iter = 300, .tol = 1e-10, .random_state = 42});
  world.barrier();
  const double t0 = MPI_Wtime();
  km.fit(X);
  const double seconds = ht::allreduce(world, MPI_Wtime() - t0, ht::reduce_op::max);
  ht::save_csv(km.labels(), output);

  const auto centres = km.cluster_centers().to_xarray();
  std::vector<std::int64_t> sizes;
  for (std::int64_t c = 0; c < 3; ++c) sizes.push_back(ht::sum(km.labels() == c).item());
  if (world.rank() == 0) {
    std::printf("K-Means on %s: %lld samples x %lld features, %d ranks\n", input.c_str(),
                static_cast<long long>(X.shape()[0]), static_cast<long long>(X.shape()[1]), world.size());
    std::printf("centres (sepal length, sepal width, petal length, petal width):\n");
    for (std::size_t c = 0; c < 3; ++c)
      std::printf("  %zu: %.4f %.4f %.4f %.4f   size %lld\n", c, centres(c, 0), centres(c, 1), centres(c, 2),
                  centres(c, 3), static_cast<long long>(sizes[c]));
    std::printf("inertia %.6f after %d iterations, %.3f ms; labels written to %s\n", km.inertia(), km.n_iter(),
                1e3 * seconds, output.c_str());
  }
  return 0;
}
