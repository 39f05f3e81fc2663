// Fault injection (heat/core/agreement.hpp): one chosen rank fails at the
// n-th agreement point of an operation, for n = 1, 2, ... until the
// operation runs through. At every step every rank must throw the same
// typed ht::Error with the same message, and the next collectives on the
// same communicator must give the right answers. The points each operation
// passes are its contract (listed below): an agreement dropped from one
// place changes the list and fails the test. Registered at np = 1..4; the
// failing rank is the first and the last.
#include "support/testing.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

using ht::detail::inject_fault;
using ht::detail::injected_fault;

/// What one walk saw: the points in order (the text before ": injected").
struct walk_result {
  std::vector<std::string> points;
  std::string report;
  bool ok = true;
};

/// The right answers after a failure: a reduction and a resplit.
bool communicator_usable() {
  const auto world = ht::comm_world();
  const bool sums = ht::sum(ht::ones<double>({5}, 0)).item() == 5.0;
  const auto r = ht::resplit(ht::reshape(ht::arange<double>(0, 12, 1, 0), {3, 4}), 1).to_xarray();
  bool same = r.size() == 12;
  for (std::size_t i = 0; i < r.size(); ++i) same = same && r.flat(i) == static_cast<double>(i);
  return ht::testing::all_ranks(sums && same && world.size() == ht::allreduce(world, 1, ht::reduce_op::sum));
}

/// Walks a fault on rank `victim` over every agreement point of op.
walk_result walk(const std::string& name, const std::function<void()>& op, int victim) {
  const auto world = ht::comm_world();
  walk_result w;
  for (std::int64_t n = 1; n < 200; ++n) {
    inject_fault(victim, n);
    std::string type = "(nothing thrown)", message;
    bool is_error = false;  // an ht::Error, typed
    try {
      op();
    } catch (const ht::Error& e) {
      type = typeid(e).name();
      message = e.what();
      is_error = true;
    } catch (const std::exception& e) {
      type = typeid(e).name();
      message = e.what();
    }
    const bool fired = injected_fault().fired;
    inject_fault(-1, 0);
    // Every rank counted the same points.
    if (!ht::testing::all_ranks(fired == ht::testing::all_ranks(fired))) {
      w.ok = false;
      w.report += name + ": the ranks disagree on whether point " + std::to_string(n) + " was reached\n";
      break;
    }
    if (!fired) {
      // Past the last point: the operation ran through.
      if (!ht::testing::all_ranks(type == "(nothing thrown)")) {
        w.ok = false;
        w.report += name + ": threw " + type + " \"" + message + "\" without a fault\n";
      }
      break;
    }
    const auto at = message.find(": injected fault at agreement point " + std::to_string(n));
    const auto h = static_cast<std::int64_t>(std::hash<std::string>{}(type + '\n' + message) >> 1);
    const bool same = ht::allreduce(world, h, ht::reduce_op::min) == ht::allreduce(world, h, ht::reduce_op::max);
    const bool right = ht::testing::all_ranks(is_error && at != std::string::npos && same);
    const bool usable = communicator_usable();
    if (right) w.points.push_back(message.substr(0, at));
    if (!right || !usable) {
      w.ok = false;
      w.report += name + " (rank " + std::to_string(victim) + " fails at point " + std::to_string(n) + "): threw " +
                  type + " \"" + message + "\"" + (same ? "" : ", ranks disagree") +
                  (usable ? "" : ", communicator broken") + "\n";
      break;
    }
  }
  return w;
}

/// Whether the points seen match the expected ones in order; an expected
/// entry ending in '*' stands for any number (0 included) of that point
/// (a resplit that the data may leave with nothing to move).
bool matches(const std::vector<std::string>& seen, const std::vector<std::string>& expected) {
  std::size_t i = 0;
  for (const auto& e : expected) {
    if (!e.empty() && e.back() == '*') {
      const std::string point = e.substr(0, e.size() - 1);
      while (i < seen.size() && seen[i] == point) ++i;
    } else if (i < seen.size() && seen[i] == e) {
      ++i;
    } else {
      return false;
    }
  }
  return i == seen.size();
}

/// Walks op with the first and the last rank failing; both must see the
/// expected points, in order.
bool check_walk(const std::string& name, const std::function<void()>& op, const std::vector<std::string>& expected,
                std::string& report) {
  const int p = ht::comm_world().size();
  bool ok = true;
  for (const int victim : {0, p - 1}) {
    walk_result w = walk(name, op, victim);
    report += w.report;
    if (!matches(w.points, expected)) {
      std::string seen;
      for (const auto& s : w.points) seen += "  " + s + "\n";
      report += name + " (rank " + std::to_string(victim) + "): the agreement points were\n" + seen;
    }
    ok = ok && w.ok && matches(w.points, expected);
  }
  return ok;
}

const std::vector<std::string> reader_open = {"reader: check path", "reader: open"};
const std::vector<std::string> writer_open = {"writer: check path", "writer: open"};

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("fault injection: readers and writers", "[errors][injection][io]") {
  const std::string dir = ht::testing::scratch_path("injection");
  if (ht::comm_world().rank() == 0) std::filesystem::create_directories(dir);
  ht::comm_world().barrier();
  const auto x = ht::reshape(ht::arange<double>(0, 30, 1, 0), {10, 3});
  ht::save(x, dir + "/x.npy");
  ht::save(x, dir + "/x.csv");
  // A resplit moves data, and has its point, only at more than one rank.
  const std::vector<std::string> resplit =
      ht::comm_world().size() > 1 ? std::vector<std::string>{"resplit: buffers"} : std::vector<std::string>{};
  std::string report;
  bool ok = true;
  // load_npy: int32 from float64 converts (the values point).
  ok = check_walk(
           "load_npy", [&] { ht::load_npy<std::int32_t>(dir + "/x.npy", 0); },
           reader_open + std::vector<std::string>{"load_npy: header", "load_npy: read", "load_npy: values"}, report) &&
       ok;
  ok = check_walk(
           "load_npy to split 1", [&] { ht::load_npy<double>(dir + "/x.npy", 1); },
           reader_open + std::vector<std::string>{"load_npy: header", "load_npy: read"} + resplit, report) &&
       ok;
  // load_csv balances the rows it read (nothing to move when they came balanced).
  const std::vector<std::string> csv_balance = {"resplit: buffers*"};
  ok = check_walk(
           "load_csv", [&] { ht::load_csv<double>(dir + "/x.csv", 0); },
           reader_open + std::vector<std::string>{"load_csv: read", "load_csv: parse", "load_csv: block"} + csv_balance,
           report) &&
       ok;
  ok = check_walk(
           "ht::load(.csv)", [&] { ht::load<double>(dir + "/x.csv", 0); },
           reader_open + std::vector<std::string>{"load_csv: read", "load_csv: parse", "load_csv: block"} + csv_balance,
           report) &&
       ok;
  ok = check_walk(
           "save_npy", [&] { ht::save_npy(x, dir + "/y.npy"); },
           writer_open + std::vector<std::string>{"save_npy: write"}, report) &&
       ok;
  const auto x1 = ht::resplit(x, 1);
  ok = check_walk(
           "save_npy of split 1", [&] { ht::save_npy(x1, dir + "/y.npy"); },
           resplit + writer_open + std::vector<std::string>{"save_npy: write"}, report) &&
       ok;
  ok = check_walk(
           "save_csv", [&] { ht::save_csv(x, dir + "/y.csv"); },
           std::vector<std::string>{"save_csv: format"} + writer_open + std::vector<std::string>{"save_csv: write"},
           report) &&
       ok;
  ok = check_walk(
           "ht::save(.npy)", [&] { ht::save(x, dir + "/z.npy"); },
           writer_open + std::vector<std::string>{"save_npy: write"}, report) &&
       ok;
#ifdef HEAT_HAVE_HDF5
  ht::save(x, dir + "/x.h5");
  ok = check_walk(
           "load_hdf5", [&] { ht::load_hdf5<double>(dir + "/x.h5", "data", 0); },
           std::vector<std::string>{"reader: check path", "load_hdf5: open", "load_hdf5: dataset", "load_hdf5: read"},
           report) &&
       ok;
  ok =
      check_walk(
          "save_hdf5", [&] { ht::save_hdf5(x, dir + "/y.h5", "data"); },
          std::vector<std::string>{"writer: check path", "save_hdf5: create", "save_hdf5: dataset", "save_hdf5: write"},
          report) &&
      ok;
#endif
  ht::comm_world().barrier();
  if (ht::comm_world().rank() == 0) std::filesystem::remove_all(dir);
  INFO(report);
  REQUIRE(ok);
}

TEST_CASE("fault injection: resplit, is_split arrays, sort, unique", "[errors][injection][core]") {
  const auto x = ht::reshape(ht::arange<double>(0, 30, 1, 0), {10, 3});
  const int p = ht::comm_world().size();
  // A resplit moves data, and has its point, only at more than one rank.
  const std::vector<std::string> resplit =
      p > 1 ? std::vector<std::string>{"resplit: buffers"} : std::vector<std::string>{};
  std::string report;
  bool ok = true;
  ok = check_walk(
           "resplit 0 -> 1", [&] { ht::resplit(x, 1); }, resplit, report) &&
       ok;
  ok = check_walk(
           "resplit 0 -> none", [&] { ht::resplit(x, ht::none); }, resplit, report) &&
       ok;
  // Cutting a replicated array sends nothing: only the first resplit has a point.
  ok = check_walk(
           "resplit none -> 0", [&] { ht::resplit(ht::resplit(x, ht::none), 0); }, resplit, report) &&
       ok;
  const xt::xarray<double> whole = x.to_xarray();
  ok = check_walk(
           "balance_ of all rows on the last rank", [&] { ht::testing::on_last_rank(whole, 0).balance_(); },
           std::vector<std::string>{"array(is_split): block"} + resplit, report) &&
       ok;
  ok = check_walk(
           "array(is_split)",
           [&] {
             ht::array(xt::xarray<double>{1.0, 2.0}, ht::is_split(0));
           },
           {"array(is_split): block"}, report) &&
       ok;
  // The sorted values and indices are balanced afterwards (if the data left them uneven).
  const ht::DNDarray<double> descending = ht::arange<double>(0, 20, 1, 0) * -1.0;
  ok = check_walk(
           "sort", [&] { ht::sort(descending, 0); }, {"sort: buckets", "resplit: buffers*"}, report) &&
       ok;
  ok = check_walk(
           "unique", [&] { ht::unique(descending); }, {"unique: values"}, report) &&
       ok;
  // take along the split axis: one point before its exchange; indices split
  // or replicated alike.
  const auto picks = ht::array(xt::xarray<std::int64_t>{9, 0, 4, 4, -1}, 0);
  const auto all_picks = ht::array(xt::xarray<std::int64_t>{9, 0, 4, 4, -1});
  ok = check_walk(
           "take split indices", [&] { ht::take(x, picks, 0); }, {"take: indices"}, report) &&
       ok;
  ok = check_walk(
           "take replicated indices", [&] { ht::take(x, all_picks, 0); }, {"take: indices"}, report) &&
       ok;
  INFO(report);
  REQUIRE(ok);
}

TEST_CASE("fault injection: hierarchical SVD", "[errors][injection][linalg]") {
  // One point for the leaves' factors, one per merge level (none for one
  // leaf: a replicated A, computed alike on every rank, or one rank).
  xt::xarray<double> a = xt::zeros<double>({12, 8});
  for (std::size_t i = 0; i < a.size(); ++i) a.flat(i) = std::sin(1.0 + static_cast<double>(i * i % 17));
  std::string report;
  bool ok = true;
  for (const ht::split_t s : {ht::split_t{0}, ht::split_t{1}, ht::split_t{}}) {
    const auto A = ht::array(a, s);
    const std::string layout = s ? " (split " + std::to_string(*s) + ")" : std::string(" (replicated)");
    ok = check_walk(
             "hsvd_rank" + layout, [&] { ht::linalg::hsvd_rank(A, 3, {.safetyshift = 1}); },
             {"hsvd: local factor", "hsvd: merge*"}, report) &&
         ok;
    ok = check_walk(
             "hsvd_rtol" + layout, [&] { ht::linalg::hsvd_rtol(A, 0.1, {.safetyshift = 1}); },
             {"hsvd: local factor", "hsvd: merge*"}, report) &&
         ok;
  }
  INFO(report);
  REQUIRE(ok);
}

TEST_CASE("fault injection: KMeans, BatchParallelKMeans, DBSCAN, Lasso and ElasticNet fits",
          "[errors][injection][ml]") {
  const xt::xarray<double> X{{0, 0}, {0.5, 0.2}, {0.1, 0.4}, {5, 5}, {5.5, 5.2}, {5.1, 4.8}, {9, 0}, {9.2, 0.3}};
  const xt::xarray<double> y{1, 2, 3, 4, 5, 6, 7, 8};
  std::string report;
  bool ok = true;
  for (const ht::split_t s : {ht::split_t{0}, ht::split_t{}}) {
    const auto Xd = ht::array(X, s), yd = ht::array(y, s);
    const std::string layout = s ? " (split 0)" : " (replicated)";
    for (const char* init : {"random", "k-means++", "k-means||"})
      ok = check_walk(
               std::string("KMeans.fit init ") + init + layout,
               [&] { ht::cluster::KMeans<double>({.n_clusters = 3, .init = init, .random_state = 7}).fit(Xd); },
               {"cluster: X values"}, report) &&
           ok;
    ok = check_walk(
             "KMedians.fit" + layout,
             [&] { ht::cluster::KMedians<double>({.n_clusters = 3, .random_state = 7}).fit(Xd); },
             {"cluster: X values"}, report) &&
         ok;
    // Local fits and merges run on one rank alone: each is settled at a
    // point on the job's communicator (one merge level per factor of
    // n_procs_to_merge; none on one rank).
    for (const int m : {2, 4})
      ok = check_walk(
               "BatchParallelKMeans.fit n_procs_to_merge " + std::to_string(m) + layout,
               [&] {
                 ht::cluster::BatchParallelKMeans<double>({.n_clusters = 2, .random_state = 7, .n_procs_to_merge = m})
                     .fit(Xd);
               },
               {"cluster: X values", "BatchParallel: local fit", "BatchParallel: merge*"}, report) &&
           ok;
    ok = check_walk(
             "DBSCAN.fit" + layout, [&] { ht::cluster::DBSCAN<double>({.eps = 1, .min_samples = 2}).fit(Xd); },
             {"cluster: X values", "DBSCAN: neighbourhoods", "DBSCAN: components", "DBSCAN: crossings",
              "DBSCAN: labels"},
             report) &&
         ok;
    for (const char* solver : {"gram", "residual"})
      ok = check_walk(
               std::string("Lasso.fit ") + solver + layout,
               [&] { ht::regression::Lasso<double>({.lam = 0.1, .solver = solver}).fit(Xd, yd); },
               {"Lasso.fit: values"}, report) &&
           ok;
    // ElasticNet and KMeans with weights (the other layout: a replicated X
    // gathers split weights first), the paths, KMeans' n_init and
    // kmeans_plusplus: one point each, before their collectives.
    const auto wd = ht::array(xt::xarray<double>{1, 2, 1, 0.5, 1, 1, 3, 1}, s ? ht::split_t{} : ht::split_t{0});
    for (const char* solver : {"gram", "residual"}) {
      ok = check_walk(
               std::string("ElasticNet.fit weighted ") + solver + layout,
               [&] { ht::regression::ElasticNet<double>({.alpha = 0.1, .solver = solver}).fit(Xd, yd, wd); },
               {"resplit: buffers*", "ElasticNet.fit: values"}, report) &&
           ok;
      ok = check_walk(
               std::string("enet_path ") + solver + layout,
               [&] { ht::regression::enet_path(Xd, yd, {.n_alphas = 3, .solver = solver}); }, {"enet_path: values"},
               report) &&
           ok;
    }
    ok = check_walk(
             "KMeans.fit n_init 3" + layout,
             [&] { ht::cluster::KMeans<double>({.n_clusters = 3, .random_state = 7, .n_init = 3}).fit(Xd); },
             {"cluster: X values"}, report) &&
         ok;
    ok = check_walk(
             "KMeans.fit weighted" + layout,
             [&] { ht::cluster::KMeans<double>({.n_clusters = 3, .random_state = 7}).fit(Xd, wd); },
             {"resplit: buffers*", "cluster: X values"}, report) &&
         ok;
    ok = check_walk(
             "kmeans_plusplus" + layout, [&] { ht::cluster::kmeans_plusplus(Xd, 3, std::uint64_t{7}); },
             {"cluster: X values"}, report) &&
         ok;
  }
  INFO(report);
  REQUIRE(ok);
}

TEST_CASE("fault injection: the scalers, GaussianNB and KNeighborsClassifier", "[errors][injection][ml]") {
  // One point each: the values of X, riding on the fit's statistics
  // collective (a separate one before RobustScaler's selection, GaussianNB's
  // prediction and the neighbour searches; KNeighborsClassifier's fit then
  // passes unique's for the classes of a split y).
  const xt::xarray<double> X{{0, 0}, {0.5, 0.2}, {0.1, 0.4}, {5, 5}, {5.5, 5.2}, {5.1, 4.8}, {9, 0}, {9.2, 0.3}};
  const xt::xarray<std::int64_t> y{3, 3, 3, 5, 5, 5, 8, 8};
  std::string report;
  bool ok = true;
  for (const ht::split_t s : {ht::split_t{0}, ht::split_t{}}) {
    const auto Xd = ht::array(X, s);
    const auto yd = ht::array(y, s);
    const std::string layout = s ? " (split 0)" : " (replicated)";
    const std::vector<std::string> values{"preprocessing: X values"};
    ok = check_walk(
             "StandardScaler.fit" + layout, [&] { ht::preprocessing::StandardScaler<double>().fit(Xd); }, values,
             report) &&
         ok;
    ok = check_walk(
             "MinMaxScaler.fit" + layout, [&] { ht::preprocessing::MinMaxScaler<double>().fit(Xd); }, values, report) &&
         ok;
    ok = check_walk(
             "MaxAbsScaler.fit" + layout, [&] { ht::preprocessing::MaxAbsScaler<double>().fit(Xd); }, values, report) &&
         ok;
    ok = check_walk(
             "RobustScaler.fit" + layout, [&] { ht::preprocessing::RobustScaler<double>().fit(Xd); }, values, report) &&
         ok;
    ok = check_walk(
             "GaussianNB.fit" + layout, [&] { ht::naive_bayes::GaussianNB<double>().fit(Xd, yd); },
             {"naive_bayes: X values"}, report) &&
         ok;
    ok = check_walk(
             "KNeighborsClassifier.fit" + layout,
             [&] { ht::classification::KNeighborsClassifier<double>({.n_neighbors = 3}).fit(Xd, yd); },
             s ? std::vector<std::string>{"KNeighborsClassifier: X values", "unique: values"}
               : std::vector<std::string>{"KNeighborsClassifier: X values"},
             report) &&
         ok;
    // Replicated queries: each rank answers its share, gathered by a resplit.
    ht::classification::KNeighborsClassifier<double> knn({.n_neighbors = 3});
    knn.fit(Xd, yd);
    ok = check_walk(
             "KNeighborsClassifier.predict" + layout, [&] { knn.predict(Xd); },
             {"KNeighborsClassifier: X values", "resplit: buffers*"}, report) &&
         ok;
    ht::naive_bayes::GaussianNB<double> nb;
    nb.fit(Xd, yd);
    ok = check_walk(
             "GaussianNB.predict_proba" + layout, [&] { nb.predict_proba(Xd); }, {"naive_bayes: X values"}, report) &&
         ok;
  }
  INFO(report);
  REQUIRE(ok);
}
