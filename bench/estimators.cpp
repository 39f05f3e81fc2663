// The estimators beyond K-Means and Lasso on a float64 .npy file (read with
// ht::load_npy, split 0): DBSCAN, PCA, batch-parallel K-Means and spectral
// clustering, GaussianNB and the scalers. Prints one JSON line from rank 0: the fit's times (median,
// min, max of `repeats` fits), the memory (timing.hpp; the baseline after a
// warm-up fit on the first rows) and what the driver checks against the peer
// (DBSCAN: clusters and noise rows; PCA: the explained variances; the
// batch-parallel and spectral fits: inertia, labels; GaussianNB: theta[0, 0]
// and the training accuracy; a scaler: its first scale, range or divisor;
// kNN: a checksum of the predictions, sum of (row + 1) x label).
// Usage:
//   bench_estimators dbscan X.npy eps min_samples [repeats]
//   bench_estimators pca X.npy n_components svd_solver [repeats]
//   bench_estimators batch X.npy k [repeats]
//   bench_estimators spectral X.npy k gamma n_lanczos [repeats]
//   bench_estimators gnb X.npy y.npy [repeats]          (y: int64 labels)
//   bench_estimators scaler X.npy standard|minmax|robust [repeats]   (fit_transform)
//   bench_estimators knn X.npy y.npy Q.npy k [repeats]   (fit, then predict Q)
#include "timing.hpp"

#include <heat/heat.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace {

/// The first rows of X (a warm-up input), split 0.
ht::DNDarray<double> head(const ht::DNDarray<double>& X, std::int64_t rows) {
  return ht::resplit(ht::DNDarray<double>(ht::view(X, xt::range(0, std::min(rows, X.shape()[0])), xt::all())), 0);
}

/// Times fit(X) after a warm-up on the first `warm` rows; extra(json) adds the figures the driver checks.
void run(const char* name, const ht::DNDarray<double>& X, int repeats, std::int64_t warm,
         const std::function<void(const ht::DNDarray<double>&)>& fit, const std::function<void(bench::json&)>& extra,
         bench::json params) {
  const auto world = ht::comm_world();
  bench::footprint fp;
  fp.warm_up([&] { fit(head(X, warm)); });
  fp.set_block(static_cast<double>(X.lsize()) * sizeof(double));
  const auto s = bench::measure(world, repeats, fp, [&] { fit(X); });
  auto out = bench::header(name, world, repeats).add("n", X.shape()[0]).add("d", X.shape()[1]).add("params", params);
  extra(out);
  out.add("cases", bench::json().add("fit", bench::json().add(s))).print(world);
}

}  // namespace

int main(int argc, char** argv) {
  ht::runtime rt(argc, argv);
  const std::string what = argc > 2 ? argv[1] : "";
  const auto need = [&](int n, const char* usage) {
    if (argc >= n) return;
    std::fprintf(stderr, "usage: bench_estimators %s\n", usage);
    std::exit(2);
  };
  const auto repeats_at = [&](int i) { return argc > i ? std::atoi(argv[i]) : 3; };
  if (what == "dbscan") {
    need(5, "dbscan X.npy eps min_samples [repeats]");
    const double eps = std::atof(argv[3]);
    const std::int64_t m = std::atoll(argv[4]);
    const auto X = bench::input(argv[2]);
    ht::cluster::DBSCAN<double> db({.eps = eps, .min_samples = m});
    run(
        "dbscan", X, repeats_at(5), 2000, [&](const ht::DNDarray<double>& x) { db.fit(x); },
        [&](bench::json& j) {
          j.add("n_clusters", db.n_clusters())
              .add("noise", ht::sum(ht::eval(db.labels() < std::int64_t{0}).astype<std::int64_t>()).item());
        },
        bench::json().add("eps", eps).add("min_samples", m));
  } else if (what == "pca") {
    need(5, "pca X.npy n_components svd_solver [repeats]");
    const std::int64_t k = std::atoll(argv[3]);
    const std::string solver = argv[4];
    const auto X = bench::input(argv[2]);
    ht::decomposition::PCA<double> pca({.n_components = k, .svd_solver = solver});
    run(
        "pca", X, repeats_at(5), 5000, [&](const ht::DNDarray<double>& x) { pca.fit(x); },
        [&](bench::json& j) {
          const auto ev = pca.explained_variance().to_xarray();
          j.add("explained_variance_0", ev(0)).add("explained_variance_last", ev(ev.size() - 1));
        },
        bench::json().add("n_components", k).add("svd_solver", solver));
  } else if (what == "batch") {
    need(4, "batch X.npy k [repeats]");
    const std::int64_t k = std::atoll(argv[3]);
    const auto X = bench::input(argv[2]);
    ht::cluster::BatchParallelKMeans<double> km({.n_clusters = k, .random_state = 0});
    run(
        "batch", X, repeats_at(4), 5000, [&](const ht::DNDarray<double>& x) { km.fit(x); },
        [&](bench::json& j) { j.add("inertia", km.inertia()); }, bench::json().add("k", k));
  } else if (what == "spectral") {
    need(6, "spectral X.npy k gamma n_lanczos [repeats]");
    const std::int64_t k = std::atoll(argv[3]), m = std::atoll(argv[5]);
    const double gamma = std::atof(argv[4]);
    const auto X = bench::input(argv[2]);
    ht::cluster::Spectral<double> sc({.n_clusters = k, .gamma = gamma, .n_lanczos = m, .random_state = 0});
    run(
        "spectral", X, repeats_at(6), 2000, [&](const ht::DNDarray<double>& x) { sc.fit(x); },
        [&](bench::json& j) {
          const auto labels = sc.labels().to_xarray();
          std::string text;
          for (const auto l : labels) text += static_cast<char>('0' + l);
          j.add("lanczos_steps", sc.eigenvalues().shape()[0]).add("labels", text);
        },
        bench::json().add("k", k).add("gamma", gamma).add("n_lanczos", m));
  } else if (what == "gnb") {
    need(4, "gnb X.npy y.npy [repeats]");
    const auto X = bench::input(argv[2]);
    const auto y = ht::load_npy<std::int64_t>(argv[3], 0);
    const auto y_head = ht::resplit(
        ht::DNDarray<std::int64_t>(ht::view(y, xt::range(0, std::min<std::int64_t>(5000, y.shape()[0])))), 0);
    ht::naive_bayes::GaussianNB<double> nb;
    run(
        "gnb", X, repeats_at(4), 5000,
        [&](const ht::DNDarray<double>& x) { nb.fit(x, x.shape()[0] == y.shape()[0] ? y : y_head); },
        [&](bench::json& j) {
          const auto right = ht::sum(ht::eval(nb.predict(X) == y).astype<std::int64_t>()).item();
          j.add("theta_00", nb.theta().to_xarray()(0, 0))
              .add("accuracy", static_cast<double>(right) / static_cast<double>(y.shape()[0]));
        },
        bench::json());
  } else if (what == "scaler") {
    need(4, "scaler X.npy standard|minmax|robust [repeats]");
    const auto X = bench::input(argv[2]);
    const std::string kind = argv[3];
    namespace pp = ht::preprocessing;
    pp::StandardScaler<double> standard;
    pp::MinMaxScaler<double> minmax;
    pp::RobustScaler<double> robust;
    const std::function<void(const ht::DNDarray<double>&)> fit =
        kind == "standard"
            ? std::function<void(const ht::DNDarray<double>&)>([&](const auto& x) { standard.fit_transform(x); })
        : kind == "minmax"
            ? std::function<void(const ht::DNDarray<double>&)>([&](const auto& x) { minmax.fit_transform(x); })
            : std::function<void(const ht::DNDarray<double>&)>([&](const auto& x) { robust.fit_transform(x); });
    run(
        "scaler", X, repeats_at(4), 5000, fit,
        [&](bench::json& j) {
          const auto first = kind == "standard" ? standard.scale()
                             : kind == "minmax" ? minmax.data_range()
                                                : robust.scale();
          j.add("attr0", first.to_xarray()(0));
        },
        bench::json().add("scaler", kind));
  } else if (what == "knn") {
    need(6, "knn X.npy y.npy Q.npy k [repeats]");
    const auto X = bench::input(argv[2]);
    const auto y = ht::load_npy<std::int64_t>(argv[3], 0);
    const auto Q = bench::input(argv[4]);
    const std::int64_t k = std::atoll(argv[5]);
    const auto y_head = ht::resplit(
        ht::DNDarray<std::int64_t>(ht::view(y, xt::range(0, std::min<std::int64_t>(5000, y.shape()[0])))), 0);
    ht::classification::KNeighborsClassifier<double> knn({.n_neighbors = k});
    ht::DNDarray<std::int64_t> labels;
    run(
        "knn", X, repeats_at(6), 5000,
        [&](const ht::DNDarray<double>& x) {
          labels = knn.fit(x, x.shape()[0] == y.shape()[0] ? y : y_head).predict(Q);
        },
        [&](bench::json& j) {
          const auto rows = ht::arange<std::int64_t>(1, labels.shape()[0] + 1, 1, 0);
          j.add("checksum", ht::sum(labels * rows).item()).add("queries", Q.shape()[0]);
        },
        bench::json().add("k", k));
  } else {
    need(1000, "dbscan|pca|batch|spectral|gnb|scaler|knn ...");
  }
  return 0;
}
