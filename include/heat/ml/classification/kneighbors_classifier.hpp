#ifndef HEAT_ML_CLASSIFICATION_KNEIGHBORS_CLASSIFIER_HPP
#define HEAT_ML_CLASSIFICATION_KNEIGHBORS_CLASSIFIER_HPP

/// k-nearest-neighbour classification (scikit-learn's
/// KNeighborsClassifier; HeAT's heat.classification.KNeighborsClassifier).
///
/// Contract:
/// - Options: n_neighbors >= 1; weights "uniform" or "distance"; metric
///   "euclidean" (also "minkowski", scikit-learn's default with p = 2),
///   "sqeuclidean", "manhattan" (also "cityblock") or "chebyshev": each a
///   struct of heat/spatial/metric.hpp, dispatched by name (a new metric is
///   one line in detail::with_metric). Anything else: ValueError on every
///   rank at construction.
/// - fit(X, y): X n x d (split 0, split 1 resplit to 0, or replicated; NaN
///   or inf refused at one agreement point), y n int64 labels (any layout,
///   laid out with X's rows). The classes are ht::unique(y) (sorted,
///   replicated); the fit keeps X's rows with each row's class index as an
///   extra column (one copy of X: the rows travel with their labels).
/// - kneighbors(Q[, k]): spatial::kneighbors' search (heat/spatial/kneighbors.hpp:
///   the training blocks around the ring, exact distances, ties to the lower
///   index): distances and training-row indices, m x k, split like Q.
/// - predict_proba(Q): per query the neighbours' classes weighted (uniform:
///   1; distance: 1 / distance, and where a neighbour is at distance 0 only
///   those count, scikit-learn's rule), divided by their sum: m x classes,
///   split like Q. predict(Q): the class of the largest weight (the
///   smallest class on ties, scikit-learn's mode), int64, split like Q.
///   No message beyond the search's ring and an agreement on NaN in Q.
/// - n_neighbors larger than the training rows, another number of
///   features, NaN in Q: ValueError on every rank.

#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/sorting.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/spatial/kneighbors.hpp"
#include "heat/spatial/metric.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ht::classification {

/// Options of KNeighborsClassifier (scikit-learn's names and defaults, "euclidean" for its minkowski p = 2).
struct kneighbors_options {
  std::int64_t n_neighbors = 5;
  std::string weights = "uniform";
  std::string metric = "euclidean";
};

namespace detail {

/// f.template operator()<M>() for the metric named (see the contract).
template <class F>
decltype(auto) with_metric(const std::string& name, F&& f) {
  if (name == "euclidean" || name == "minkowski") return f.template operator()<spatial::euclidean>();
  if (name == "sqeuclidean") return f.template operator()<spatial::sqeuclidean>();
  if (name == "manhattan" || name == "cityblock") return f.template operator()<spatial::cityblock>();
  if (name == "chebyshev") return f.template operator()<spatial::chebyshev>();
  throw ValueError("KNeighborsClassifier: unknown metric \"" + name + "\"");
}

inline bool known_metric(const std::string& name) {
  for (const char* m : {"euclidean", "minkowski", "sqeuclidean", "manhattan", "cityblock", "chebyshev"})
    if (name == m) return true;
  return false;
}

/// What a fit keeps: X's rows with their class index as a last column.
template <class T>
struct knn_fit {
  DNDarray<T> rows;  // n x (d + 1), split 0 or replicated
  std::vector<std::int64_t> classes;
  std::int64_t n = 0, d = 0;
};

}  // namespace detail

template <class T>
class KNeighborsClassifier : public ml::estimator<kneighbors_options, detail::knn_fit<T>> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "KNeighborsClassifier works on float or double");
  using base = ml::estimator<kneighbors_options, detail::knn_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit KNeighborsClassifier(kneighbors_options opts = {}) : base(std::move(opts)) {
    ht::detail::check(m_opts.n_neighbors >= 1, "KNeighborsClassifier: n_neighbors must be >= 1, got ",
                      m_opts.n_neighbors);
    ht::detail::check(m_opts.weights == "uniform" || m_opts.weights == "distance",
                      "KNeighborsClassifier: weights must be \"uniform\" or \"distance\", got \"", m_opts.weights,
                      "\"");
    ht::detail::check(detail::known_metric(m_opts.metric), "KNeighborsClassifier: unknown metric \"", m_opts.metric,
                      "\"");
  }

  KNeighborsClassifier& fit(const DNDarray<T>& X, const DNDarray<std::int64_t>& y);
  /// Distances (T) and training-row indices (int64) of the k nearest rows, m x k, split like Q.
  std::pair<DNDarray<T>, DNDarray<std::int64_t>> kneighbors(const DNDarray<T>& Q,
                                                            std::optional<std::int64_t> k = {}) const;
  /// m x classes, split like Q.
  DNDarray<T> predict_proba(const DNDarray<T>& Q) const;
  /// m, split like Q.
  DNDarray<std::int64_t> predict(const DNDarray<T>& Q) const;

  /// The classes seen by fit (sorted, replicated).
  DNDarray<std::int64_t> classes() const {
    const auto& c = fitted().classes;
    DNDarray<std::int64_t> out(
        distribution::balanced(shape_t{static_cast<std::int64_t>(c.size())}, none, comm().size()), comm());
    ht::detail::copy_from_host(out.local_view(), c.data(), c.size());
    return out;
  }

 private:
  const communicator& comm() const { return fitted().rows.comm(); }
  /// The search for Q's rows (this rank's share): lists of k, and Q's distribution of m x `width` results.
  std::pair<spatial::detail::top_k, distribution> search(const DNDarray<T>& Q, std::int64_t k, const char* who) const;
  /// Each query's class weights (rows x classes, row-major) from its lists.
  std::vector<double> votes(const spatial::detail::top_k& best, std::int64_t rows) const;
  template <class U>
  DNDarray<U> finish(ht::detail::host_result<U>& out, bool replicated) const {
    return replicated ? resplit(out.finish(), none) : out.finish();
  }
};

template <class T>
KNeighborsClassifier<T>& KNeighborsClassifier<T>::fit(const DNDarray<T>& X_in, const DNDarray<std::int64_t>& y_in) {
  this->forget_fit();
  const char* who = "KNeighborsClassifier.fit";
  ht::detail::check(X_in.ndim() == 2, who, ": X must be 2-D (samples x features), got shape ", to_string(X_in.shape()));
  ht::detail::check(y_in.ndim() == 1 && y_in.shape()[0] == X_in.shape()[0], who, ": y must be 1-D with X's ",
                    X_in.shape()[0], " samples, got shape ", to_string(y_in.shape()));
  ht::detail::check(X_in.shape()[0] >= 1, who, ": X needs at least 1 sample");
  ht::detail::check(X_in.comm() == y_in.comm(), "operands live on different communicators");
  const DNDarray<T> X = X_in.split() == 1 ? resplit(X_in, 0) : X_in;
  const DNDarray<std::int64_t> y = ml::detail::rows_like(X, y_in);
  const std::int64_t n = X.shape()[0], d = X.shape()[1], rows = X.lshape()[0];
  const auto xb = ht::detail::host_block(X);
  {
    ht::detail::agreement_point finite(X.comm(), "KNeighborsClassifier: X values", ht::detail::error_kind::value);
    ml::detail::refuse_non_finite_rows(finite, who, xb.data(), rows, d, X.offset());
    finite.conclude();
  }
  const xt::xarray<std::int64_t> u = ht::unique(y).to_xarray();
  std::vector<std::int64_t> classes(u.begin(), u.end());
  const auto yb = ht::detail::host_block(y);
  const shape_t shape{n, d + 1};
  ht::detail::host_result<T> kept(X.split() ? distribution(shape, 0, X.comm().size(), X.dist().counts())
                                            : distribution::balanced(shape, none, X.comm().size()),
                                  X.comm());
  for (std::int64_t i = 0; i < rows; ++i) {
    std::copy(xb.data() + i * d, xb.data() + (i + 1) * d, kept.data() + i * (d + 1));
    kept.data()[i * (d + 1) + d] =
        static_cast<T>(std::lower_bound(classes.begin(), classes.end(), yb.data()[i]) - classes.begin());
  }
  this->set_fitted({kept.finish(), std::move(classes), n, d});
  return *this;
}

template <class T>
std::pair<spatial::detail::top_k, distribution> KNeighborsClassifier<T>::search(const DNDarray<T>& Q_in, std::int64_t k,
                                                                                const char* who) const {
  const auto& f = fitted();
  ht::detail::check(Q_in.ndim() == 2 && Q_in.shape()[1] == f.d, who, ": X has shape ", to_string(Q_in.shape()),
                    ", the model was fitted on ", f.d, " features");
  ht::detail::check(k >= 1 && k <= f.n, who, ": n_neighbors must be in [1, ", f.n, "] (the fitted samples), got ", k);
  const DNDarray<T> Q = Q_in.split() == 1 ? resplit(Q_in, 0) : Q_in;
  const communicator& c = comm();
  const std::int64_t m = Q.shape()[0];
  const distribution share = Q.split() ? Q.dist() : distribution::balanced(shape_t{m, f.d}, 0, c.size());
  const auto qh = ht::detail::host_block(Q);
  const std::int64_t qn = share.counts()[static_cast<std::size_t>(c.rank())];
  const T* q = qh.data() + (Q.split() ? 0 : share.offset(c.rank()) * f.d);
  {
    ht::detail::agreement_point finite(c, "KNeighborsClassifier: X values", ht::detail::error_kind::value);
    ml::detail::refuse_non_finite_rows(finite, who, q, qn, f.d, share.offset(c.rank()));
    finite.conclude();
  }
  const std::vector<std::int64_t> sizes = f.rows.split() ? f.rows.dist().counts() : std::vector<std::int64_t>{f.n};
  auto best = detail::with_metric(m_opts.metric, [&]<class M>() {
    return spatial::detail::nearest_k<M>(c, f.rows.split().has_value(), f.rows.local_view(), sizes, f.d + 1, f.d, q, qn,
                                         k);
  });
  return {std::move(best), share};
}

template <class T>
std::pair<DNDarray<T>, DNDarray<std::int64_t>> KNeighborsClassifier<T>::kneighbors(
    const DNDarray<T>& Q, std::optional<std::int64_t> k_in) const {
  const std::int64_t k = k_in.value_or(m_opts.n_neighbors);
  const auto found = search(Q, k, "KNeighborsClassifier.kneighbors");
  const spatial::detail::top_k& best = found.first;  // a lambda below reads it: no structured binding (clang < 16)
  const distribution& share = found.second;
  const distribution out_dist(shape_t{share.gshape()[0], k}, 0, comm().size(), share.counts());
  ht::detail::host_result<T> dist(out_dist, comm());
  ht::detail::host_result<std::int64_t> index(out_dist, comm());
  for (std::size_t i = 0; i < best.key.size(); ++i) {
    dist.data()[i] =
        static_cast<T>(detail::with_metric(m_opts.metric, [&]<class M>() { return M::finish(best.key[i]); }));
    index.data()[i] = best.index[i];
  }
  return {finish(dist, !Q.split()), finish(index, !Q.split())};
}

template <class T>
std::vector<double> KNeighborsClassifier<T>::votes(const spatial::detail::top_k& best, std::int64_t rows) const {
  const auto c = static_cast<std::int64_t>(fitted().classes.size());
  const std::int64_t k = best.k;
  std::vector<double> out(static_cast<std::size_t>(rows * c), 0.0);
  for (std::int64_t i = 0; i < rows; ++i) {
    bool zero = false;
    std::vector<double> w(static_cast<std::size_t>(k), 1.0);
    if (m_opts.weights == "distance") {
      for (std::int64_t r = 0; r < k; ++r) {
        w[r] = detail::with_metric(m_opts.metric, [&]<class M>() { return M::finish(best.key[i * k + r]); });
        zero = zero || w[r] == 0;
      }
      for (double& v : w) v = zero ? (v == 0 ? 1.0 : 0.0) : 1.0 / v;
    }
    for (std::int64_t r = 0; r < k; ++r) out[i * c + best.payload[i * k + r]] += w[r];
  }
  return out;
}

template <class T>
DNDarray<T> KNeighborsClassifier<T>::predict_proba(const DNDarray<T>& Q) const {
  const auto [best, share] = search(Q, m_opts.n_neighbors, "KNeighborsClassifier.predict_proba");
  const auto c = static_cast<std::int64_t>(fitted().classes.size());
  const std::int64_t rows = share.counts()[static_cast<std::size_t>(comm().rank())];
  const std::vector<double> v = votes(best, rows);
  ht::detail::host_result<T> out(distribution(shape_t{share.gshape()[0], c}, 0, comm().size(), share.counts()), comm());
  for (std::int64_t i = 0; i < rows; ++i) {
    double total = 0;
    for (std::int64_t j = 0; j < c; ++j) total += v[i * c + j];
    for (std::int64_t j = 0; j < c; ++j) out.data()[i * c + j] = static_cast<T>(v[i * c + j] / total);
  }
  return finish(out, !Q.split());
}

template <class T>
DNDarray<std::int64_t> KNeighborsClassifier<T>::predict(const DNDarray<T>& Q) const {
  const auto [best, share] = search(Q, m_opts.n_neighbors, "KNeighborsClassifier.predict");
  const auto c = static_cast<std::int64_t>(fitted().classes.size());
  const std::int64_t rows = share.counts()[static_cast<std::size_t>(comm().rank())];
  const std::vector<double> v = votes(best, rows);
  ht::detail::host_result<std::int64_t> out(distribution(shape_t{share.gshape()[0]}, 0, comm().size(), share.counts()),
                                            comm());
  for (std::int64_t i = 0; i < rows; ++i)
    out.data()[i] = fitted().classes[static_cast<std::size_t>(std::max_element(&v[i * c], &v[i * c] + c) - &v[i * c])];
  return finish(out, !Q.split());
}

}  // namespace ht::classification

#endif
