#ifndef HEAT_ML_CLUSTER_SPECTRAL_HPP
#define HEAT_ML_CLUSTER_SPECTRAL_HPP

/// Spectral clustering as HeAT's heat.cluster.Spectral: a similarity graph
/// of the rows, its normalised Laplacian, the Lanczos process for the
/// eigenvectors of its smallest eigenvalues, K-Means in that embedding.
///
/// Contract:
/// - X is n x d (split 0, split 1 resplit, or replicated). metric "rbf":
///   similarity exp(-gamma |x - y|^2) (HeAT's rbf with sigma =
///   sqrt(1 / (2 gamma))); "euclidean": the distances themselves (HeAT's
///   option); "precomputed" (scikit-learn's): X is the n x n similarity.
/// - The Laplacian (heat/graph/laplacian.hpp) is "norm_sym" in mode
///   `laplacian` ("fully_connected" or "eNeighbour" with `threshold` and
///   `boundary`), as HeAT's Spectral builds it; one n x n array, split 0
///   like X (8 n^2 / P bytes per rank in float64: the similarity is made
///   in place into L).
/// - min(n_lanczos, n) Lanczos steps from the vector of 1/sqrt(n) (HeAT's
///   v0; heat/linalg/lanczos.hpp), fewer when n_clusters is set and the k
///   lowest Ritz pairs converged first (residual <= eigen_tol relative,
///   at least 100 epsilon of T; HeAT always takes all: eigen_tol = 0), T's eigenpairs by LAPACK on every rank
///   alike, ascending; the embedding is V times the first k eigenvectors
///   (n x k, laid out as X; no message). k = n_clusters, or unset: HeAT's
///   eigengap, 1 + the argmax of the differences of the ascending Ritz values.
/// - Labels: KMeans<T> (k-means++ from random_state) on the embedding.
///   Across rank counts the embedding differs in rounding (the Lanczos
///   sums), so labels agree where the clusters are separated (the tests'
///   cases), not bit for bit in general.
/// - Bad input (options, not 2-D, a precomputed matrix not square, NaN or
///   inf in X, n_clusters above the Lanczos basis) throws ValueError on
///   every rank.

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/graph/laplacian.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/linalg/lanczos.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/ml/cluster/kmeans.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/spatial/distance.hpp"

#include <xtensor-blas/xlinalg.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace ht::cluster {

/// Options of Spectral (HeAT's names and defaults; "precomputed" and
/// random_state from scikit-learn).
struct spectral_options {
  std::optional<std::int64_t> n_clusters = std::nullopt;  ///< unset: the eigengap
  double gamma = 1.0;                                     ///< rbf: exp(-gamma |x - y|^2)
  std::string metric = "rbf";                             ///< "rbf", "euclidean" or "precomputed"
  std::string laplacian = "fully_connected";              ///< or "eNeighbour"
  double threshold = 1.0;                                 ///< eNeighbour's bound on the similarity
  std::string boundary = "upper";                         ///< eNeighbour: "upper" or "lower"
  std::int64_t n_lanczos = 300;                           ///< Lanczos steps (at most n are taken)
  double eigen_tol = 1e-10;  ///< with n_clusters: stop once k Ritz residuals are below it (relative); 0: all steps
  std::string assign_labels = "kmeans";                      ///< the only strategy (HeAT's too)
  std::optional<std::uint64_t> random_state = std::nullopt;  ///< of the K-Means in the embedding
};

namespace detail {

template <class T>
struct spectral_fit {
  DNDarray<std::int64_t> labels;  // n, laid out as X
  DNDarray<T> centres;            // k x k: the centres in the embedding, replicated
  DNDarray<T> eigenvalues;        // the Ritz values, ascending, replicated
  DNDarray<T> embedding;          // n x k, laid out as X
  std::int64_t n_clusters = 0;
};

/// The Laplacian's options from Spectral's (named members: nvcc's front end
/// rejects a designated initializer as a call's argument here).
inline graph::laplacian_options laplacian_of(const spectral_options& o) {
  graph::laplacian_options l;
  l.mode = o.laplacian;
  l.threshold_key = o.boundary;
  l.threshold_value = o.threshold;
  return l;
}

/// The similarity of X's rows as the options name it (n x n, split 0 or replicated).
template <class T>
DNDarray<T> similarity(const DNDarray<T>& X, const spectral_options& o) {
  if (o.metric == "precomputed") {
    ht::detail::check(X.shape()[0] == X.shape()[1], "Spectral: a precomputed similarity must be square, got ",
                      to_string(X.shape()));
    return ht::copy(X);
  }
  if (o.metric == "euclidean") return spatial::cdist(X, X);
  return spatial::rbf(X, std::sqrt(1.0 / (2.0 * o.gamma)));
}

/// The embedding: this rank's rows of V times the first k eigenvectors of T.
template <class T>
DNDarray<T> embed(const DNDarray<T>& V, const xt::xarray<T>& vectors, std::int64_t k) {
  const std::int64_t m = V.shape()[1], rows = V.lshape()[0];
  const xt::xarray<T> first = xt::view(vectors, xt::all(), xt::range(0, k));
  const distribution dist(shape_t{V.shape()[0], k}, V.split(), V.comm().size(),
                          V.split() ? V.dist().counts() : std::vector<std::int64_t>{});
  ht::detail::host_result<T> out(dist, V.comm());
  const auto v = ht::detail::host_block(V);
  linalg::detail::gemm<T>(rows, k, m, T(1), v.data(), m, first.data(), k, false, T(0), out.data(), k);
  return out.finish();
}

}  // namespace detail

/// Spectral clustering (see the contract above); scikit-learn-shaped.
template <class T>
class Spectral : public ml::estimator<spectral_options, detail::spectral_fit<T>> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "Spectral works on float or double data");
  using base = ml::estimator<spectral_options, detail::spectral_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit Spectral(spectral_options opts = {}) : base(std::move(opts)) {
    const auto& o = m_opts;
    ht::detail::check(!o.n_clusters || *o.n_clusters >= 1, "n_clusters must be at least 1, got ",
                      o.n_clusters.value_or(0));
    ht::detail::check(o.gamma > 0 && std::isfinite(o.gamma), "gamma must be positive and finite, got ", o.gamma);
    ht::detail::check(o.metric == "rbf" || o.metric == "euclidean" || o.metric == "precomputed",
                      "metric must be \"rbf\", \"euclidean\" or \"precomputed\", got \"", o.metric, "\"");
    ht::detail::check(o.n_lanczos >= 1, "n_lanczos must be at least 1, got ", o.n_lanczos);
    ht::detail::check(o.eigen_tol >= 0, "eigen_tol must be non-negative, got ", o.eigen_tol);
    ht::detail::check(o.assign_labels == "kmeans", "assign_labels must be \"kmeans\", got \"", o.assign_labels, "\"");
    graph::detail::check_options(detail::laplacian_of(o));
  }

  Spectral& fit(const DNDarray<T>& X);
  DNDarray<std::int64_t> fit_predict(const DNDarray<T>& X) { return fit(X).labels(); }

  const DNDarray<std::int64_t>& labels() const { return fitted().labels; }
  /// The K-Means centres in the embedding (k x k).
  const DNDarray<T>& cluster_centers() const { return fitted().centres; }
  /// The Ritz values of the Laplacian, ascending (at most n_lanczos).
  const DNDarray<T>& eigenvalues() const { return fitted().eigenvalues; }
  /// The rows in the space of the k eigenvectors (n x k).
  const DNDarray<T>& embedding() const { return fitted().embedding; }
  std::int64_t n_clusters() const { return fitted().n_clusters; }
};

template <class T>
Spectral<T>& Spectral<T>::fit(const DNDarray<T>& X) {
  this->forget_fit();
  const detail::data<T> D(X, "Spectral.fit");  // 2-D, finite (agreed), split 0 or replicated
  ht::detail::check(D.n >= 2, "Spectral.fit needs at least 2 samples, got ", D.n);
  const auto& o = m_opts;
  linalg::lanczos_result<T> K;
  {
    const DNDarray<T> L = graph::detail::laplacian_in_place(detail::similarity(D.X, o), detail::laplacian_of(o));
    // With n_clusters known, only the k lowest Ritz pairs matter: the
    // process ends once they converged (without, HeAT's eigengap reads them all).
    const double tol = std::max(o.eigen_tol, 100.0 * std::numeric_limits<T>::epsilon());
    const linalg::lanczos_stop stop{o.n_clusters && o.eigen_tol > 0 ? *o.n_clusters : 0, tol};
    K = linalg::lanczos(L, std::min(o.n_lanczos, D.n), std::optional<DNDarray<T>>{}, stop);
  }
  const auto [values, vectors] = xt::linalg::eigh(K.T.to_xarray());  // ascending; T replicated: alike everywhere
  const auto m = static_cast<std::int64_t>(values.size());
  std::int64_t k = o.n_clusters.value_or(1);
  if (!o.n_clusters && m > 1) {
    for (std::int64_t j = 1, best = 0; j + 1 < m; ++j)  // the first largest gap
      if (values(j + 1) - values(j) > values(best + 1) - values(best)) best = j, k = j + 1;
  }
  ht::detail::check(k <= m, "Spectral.fit: n_clusters (", k, ") is larger than the Lanczos basis (", m,
                    " vectors): raise n_lanczos");
  const DNDarray<T> E = detail::embed(K.V, xt::xarray<T>(vectors), k);
  typename KMeans<T>::options kmo;
  kmo.n_clusters = k;
  kmo.init = "k-means++";
  kmo.random_state = o.random_state;
  KMeans<T> km(kmo);
  km.fit(E);
  shape_t vs{m};
  DNDarray<T> ev(distribution::balanced(vs, none, X.comm().size()), X.comm());
  const xt::xarray<T> ascending = values;
  ht::detail::copy_from_host(ev.local_view(), ascending.data(), ascending.size());
  this->set_fitted({km.labels(), km.cluster_centers(), ev, E, k});
  return *this;
}

}  // namespace ht::cluster

#endif
