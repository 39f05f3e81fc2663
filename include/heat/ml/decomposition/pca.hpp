#ifndef HEAT_ML_DECOMPOSITION_PCA_HPP
#define HEAT_ML_DECOMPOSITION_PCA_HPP

/// Principal component analysis (scikit-learn's PCA with svd_solver "full",
/// "covariance_eigh" or "randomized"; HeAT's heat.decomposition.PCA, also
/// "hierarchical").
///
/// Contract:
/// - fit(X): X n x d (split 0, split 1 resplit, or replicated); the column
///   means (one Allreduce), then S and Vt of the centred X's thin SVD
///   (heat/linalg/svd.hpp's shifted_s_vt: for a tall X TSQR's R alone of
///   X - mean, each chunk of a rank's rows centred as geqrf takes it in
///   cache, one Allgatherv of the ranks' d x d factors; no centred copy, no
///   Q and no U; LAPACK on the whole for a wide X).
///   Every attribute is replicated and, for a given X, the same on every
///   rank; across rank counts equal to rounding (TSQR's tree).
/// - svd_solver "randomized" (a count of components): linalg::rsvd of the
///   centred X (heat/linalg/rsvd.hpp: n_oversamples, iterated_power as
///   scikit-learn's n_iter, random_state); the explained variance ratios and
///   the noise variance against X's total variance (one more Allreduce), as
///   scikit-learn's.
/// - svd_solver "covariance_eigh" (scikit-learn 1.5's): no centred copy
///   and no SVD of X: X^T X of each rank's rows (BLAS) summed in one
///   Allreduce, C = (X^T X - n mean mean^T) / (n - 1), LAPACK's eigh of the
///   d x d C on every rank alike; S = sqrt(max(eigenvalue, 0) (n - 1)),
///   descending, the first min(n, d) kept. One pass over X: for n >> d the
///   fastest exact solver, with scikit-learn's caveat: C squares X's
///   condition, so singular values below sqrt(eps) of the largest lose
///   their relative accuracy.
/// - svd_solver "hierarchical" (HeAT's default): linalg::hsvd_rank of the
///   centred X with safetyshift 0 (a count; unset: min(n, d), then exact),
///   or hsvd_rtol with rtol sqrt(1 - fraction) (a fraction: the components
///   then explain at least that fraction of the variance; all of hsvd's are
///   kept, as HeAT's). Components sorted by decreasing singular value;
///   variances, ratios and noise as the randomized solver's.
/// - n_components: a count in [1, min(n, d)], a fraction in (0, 1) (the
///   fewest components whose explained variance ratios sum past it, as
///   scikit-learn), or unset (min(n, d)).
/// - Signs: each component's largest |value| positive (scikit-learn's
///   svd_flip deciding by the components, its PCA's since 1.5).
/// - transform(X) = (X - mean) components^T (divided by sqrt of the
///   explained variances with whiten), n x k split like X, no message;
///   inverse_transform(Y) = Y (times sqrt of the variances) components + mean.
/// - Bad input (not 2-D, fewer than 2 samples, NaN/inf, a count outside
///   [1, min(n, d)], a fraction outside (0, 1), another number of features
///   in transform) throws ValueError on every rank.

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/host.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/linalg/hsvd.hpp"
#include "heat/linalg/matmul.hpp"
#include "heat/linalg/rsvd.hpp"
#include "heat/linalg/svd.hpp"
#include "heat/ml/estimator.hpp"

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xview.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ht::decomposition {

/// How many components to keep: a count, a fraction of the variance, or
/// (default) all min(n, d).
struct n_components_t {
  std::int64_t count = -1;  ///< -1: not a count
  double fraction = 0;      ///< in (0, 1) when set
  n_components_t() = default;
  n_components_t(int c) : count(c) {}
  n_components_t(std::int64_t c) : count(c) {}
  n_components_t(double f) : fraction(f) {}
  bool all() const { return count < 0 && fraction == 0; }
};

/// Options of PCA (scikit-learn's names and defaults).
struct pca_options {
  n_components_t n_components{};
  bool whiten = false;
  /// "full" (exact), "covariance_eigh" (exact, eigh of X^T X), "randomized" (linalg::rsvd; a count) or
  /// "hierarchical" (linalg::hsvd)
  std::string svd_solver = "full";
  std::optional<std::int64_t> iterated_power = std::nullopt;  ///< randomized: power iterations (unset: 'auto')
  std::int64_t n_oversamples = 10;                            ///< randomized: extra test vectors
  std::optional<std::uint64_t> random_state = std::nullopt;   ///< randomized: the test vectors' seed
};

namespace detail {

/// What a PCA fit leaves (replicated).
template <class T>
struct pca_fit {
  DNDarray<T> components;                                                           // k x d
  DNDarray<T> explained_variance, explained_variance_ratio, singular_values, mean;  // k, k, k, d
  double noise_variance = 0;
  std::int64_t n_components = 0, n_samples = 0;
};

/// The number of components kept: the count, the fraction's (the first k
/// whose cumulative ratio exceeds it, as numpy.searchsorted(side="right")
/// + 1), or all.
inline std::int64_t components_kept(const n_components_t& want, const std::vector<double>& ratio) {
  const auto m = static_cast<std::int64_t>(ratio.size());
  if (want.all()) return m;
  if (want.count >= 0) {
    ht::detail::check(want.count >= 1 && want.count <= m, "PCA.fit: n_components must be in [1, ", m,
                      "] (min(n_samples, n_features)), got ", want.count);
    return want.count;
  }
  double sum = 0;
  for (std::int64_t k = 0; k < m; ++k) {
    sum += ratio[static_cast<std::size_t>(k)];
    if (sum > want.fraction) return k + 1;
  }
  return m;
}

/// S and Vt of linalg::rsvd of X at the given rank with the options' settings.
template <class T>
std::pair<DNDarray<T>, DNDarray<T>> randomized_s_vt(const DNDarray<T>& X, std::int64_t rank, const pca_options& o) {
  linalg::rsvd_options r;
  r.n_oversamples = o.n_oversamples;
  r.n_iter = o.iterated_power;
  r.random_state = o.random_state;
  auto f = linalg::rsvd(X, rank, r);
  return {f.S, f.Vt};
}

/// S and Vt of the hierarchical SVD of X (HeAT's PCA: safety shift 0; a
/// count through hsvd_rank, a fraction f through hsvd_rtol with rtol
/// sqrt(1 - f)), sorted by decreasing S.
template <class T>
std::pair<DNDarray<T>, DNDarray<T>> hierarchical_s_vt(const DNDarray<T>& X, const n_components_t& want) {
  linalg::hsvd_options o;
  o.safetyshift = 0;
  const std::int64_t all = std::min(X.shape()[0], X.shape()[1]);
  ht::detail::check(want.count <= all, "PCA.fit: n_components must be in [1, ", all,
                    "] (min(n_samples, n_features)), got ", want.count);
  const auto f = want.fraction > 0 ? linalg::hsvd_rtol(X, std::sqrt(1.0 - want.fraction), o)
                                   : linalg::hsvd_rank(X, want.all() ? all : want.count, o);
  const xt::xarray<T> s = f.S.to_xarray(), vt = f.Vt.to_xarray();
  std::vector<std::size_t> order(s.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s(a) > s(b); });
  xt::xarray<T> s2 = s, vt2 = vt;
  for (std::size_t i = 0; i < order.size(); ++i) {
    s2(i) = s(order[i]);
    xt::row(vt2, i) = xt::row(vt, order[i]);
  }
  return {linalg::detail::replicated(s2, X.comm()), linalg::detail::replicated(vt2, X.comm())};
}

/// S and Vt from the eigendecomposition of X's covariance matrix (see the
/// contract above); mu: X's column means (replicated).
template <class T>
std::pair<DNDarray<T>, DNDarray<T>> covariance_s_vt(const DNDarray<T>& X, const DNDarray<T>& mu) {
  const std::int64_t n = X.shape()[0], d = X.shape()[1];
  const communicator& comm = X.comm();
  const auto x = ht::detail::host_block(X);
  Kokkos::View<T*, Kokkos::HostSpace> g("heat::pca::gram", static_cast<std::size_t>(d * d));
  linalg::detail::gram_update(X.lshape()[0], d, x.data(), d, g.data(), d);
  if (X.split()) allreduce(comm, g, reduce_op::sum);
  const xt::xarray<T> m = mu.to_xarray();
  xt::xarray<T> c = xt::xarray<T>::from_shape({static_cast<std::size_t>(d), static_cast<std::size_t>(d)});
  for (std::int64_t i = 0; i < d; ++i)
    for (std::int64_t j = 0; j < d; ++j)
      c(i, j) = (g(i * d + j) - static_cast<T>(n) * m(i) * m(j)) / static_cast<T>(n - 1);
  // NaN or inf in any rank's rows reach the replicated C: refused alike on every rank.
  ht::detail::check(std::all_of(c.begin(), c.end(), [](T v) { return std::isfinite(v); }),
                    "PCA.fit: X holds NaN or inf");
  const auto [w, v] = ht::detail::agreed(comm, "PCA: eigh", ht::detail::error_kind::value, [&] {
    const auto [values, vectors] = xt::linalg::eigh(c);
    return std::make_pair(xt::xarray<T>(values), xt::xarray<T>(vectors));
  });
  const std::int64_t k = std::min(n, d);
  xt::xarray<T> s = xt::xarray<T>::from_shape({static_cast<std::size_t>(k)});
  xt::xarray<T> vt = xt::xarray<T>::from_shape({static_cast<std::size_t>(k), static_cast<std::size_t>(d)});
  for (std::int64_t r = 0; r < k; ++r) {  // eigh's values ascend
    const auto col = static_cast<std::size_t>(d - 1 - r);
    s(r) = std::sqrt(std::max(w(col), T(0)) * static_cast<T>(n - 1));
    xt::row(vt, static_cast<std::size_t>(r)) = xt::col(v, col);
  }
  linalg::detail::flip_signs(vt, static_cast<T*>(nullptr), 0);
  return {linalg::detail::replicated(s, comm), linalg::detail::replicated(vt, comm)};
}

/// The first `count` values of a host vector as a replicated 1-D array.
template <class T>
DNDarray<T> replicated_head(const std::vector<double>& v, std::int64_t count, const communicator& comm) {
  xt::xarray<T> a = xt::xarray<T>::from_shape({static_cast<std::size_t>(count)});
  for (std::int64_t i = 0; i < count; ++i) a(i) = static_cast<T>(v[static_cast<std::size_t>(i)]);
  return linalg::detail::replicated(a, comm);
}

}  // namespace detail

template <class T>
class PCA : public ml::estimator<pca_options, detail::pca_fit<T>> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "PCA works on float or double data");
  using base = ml::estimator<pca_options, detail::pca_fit<T>>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit PCA(pca_options opts = {}) : base(std::move(opts)) {
    const n_components_t& c = m_opts.n_components;
    ht::detail::check(c.all() || c.count >= 1 || (c.count < 0 && c.fraction > 0 && c.fraction < 1),
                      "n_components must be a count >= 1 or a fraction in (0, 1), got ",
                      c.count >= 0 ? static_cast<double>(c.count) : c.fraction);
    const std::string& solver = m_opts.svd_solver;
    ht::detail::check(
        solver == "full" || solver == "covariance_eigh" || solver == "randomized" || solver == "hierarchical",
        "svd_solver must be \"full\", \"covariance_eigh\", \"randomized\" or \"hierarchical\", got \"", solver, "\"");
    ht::detail::check(m_opts.svd_solver != "randomized" || c.count >= 1,
                      "svd_solver \"randomized\" needs n_components as a count");
    ht::detail::check(m_opts.iterated_power.value_or(0) >= 0 && m_opts.n_oversamples >= 0,
                      "iterated_power and n_oversamples must be non-negative");
  }

  PCA& fit(const DNDarray<T>& X);
  /// (X - mean) components^T (whitened when asked): n x k, split like X.
  DNDarray<T> transform(const DNDarray<T>& X) const;
  DNDarray<T> fit_transform(const DNDarray<T>& X) { return fit(X).transform(X); }
  /// Y components (Y unwhitened first) + mean: n x d, split like Y.
  DNDarray<T> inverse_transform(const DNDarray<T>& Y) const;

  /// k x d, replicated: the principal axes, by decreasing variance.
  const DNDarray<T>& components() const { return fitted().components; }
  const DNDarray<T>& explained_variance() const { return fitted().explained_variance; }
  const DNDarray<T>& explained_variance_ratio() const { return fitted().explained_variance_ratio; }
  const DNDarray<T>& singular_values() const { return fitted().singular_values; }
  /// d, replicated: the column means of the fitted X.
  const DNDarray<T>& mean() const { return fitted().mean; }
  /// The mean variance of the components left out (0 when none is).
  double noise_variance() const { return fitted().noise_variance; }
  std::int64_t n_components() const { return fitted().n_components; }
};

template <class T>
PCA<T>& PCA<T>::fit(const DNDarray<T>& X_in) {
  this->forget_fit();
  ht::detail::check(X_in.ndim() == 2, "PCA.fit: X must be 2-D (samples x features), got shape ",
                    to_string(X_in.shape()));
  const std::int64_t n = X_in.shape()[0], d = X_in.shape()[1];
  ht::detail::check(n >= 2 && d >= 1, "PCA.fit: needs at least 2 samples and 1 feature, got shape ",
                    to_string(X_in.shape()));
  const DNDarray<T> X = X_in.split() == 1 ? resplit(X_in, 0) : X_in;
  const communicator& comm = X.comm();
  DNDarray<T> mu = ht::mean(X, 0);  // one Allreduce; NaN/inf reach the SVD's replicated factor
  const bool randomized = m_opts.svd_solver == "randomized", hierarchical = m_opts.svd_solver == "hierarchical";
  const bool covariance = m_opts.svd_solver == "covariance_eigh", truncated = randomized || hierarchical;
  // The centred copy of X for the randomized and hierarchical solvers; the
  // full solver centres each chunk as it factors it (no copy, no Q, no U).
  const std::optional<DNDarray<T>> centred = truncated ? std::optional<DNDarray<T>>(DNDarray<T>(X - mu)) : std::nullopt;
  const auto [S, Vt] =
      covariance     ? detail::covariance_s_vt(X, mu)
      : randomized   ? detail::randomized_s_vt(*centred, std::min(m_opts.n_components.count, std::min(n, d)), m_opts)
      : hierarchical ? detail::hierarchical_s_vt(*centred, m_opts.n_components)
                     : linalg::detail::shifted_s_vt(X, mu.to_xarray().data());
  const xt::xarray<T> s = S.to_xarray(), vt = Vt.to_xarray();
  const auto m = static_cast<std::int64_t>(s.size());
  std::vector<double> variance(static_cast<std::size_t>(m)), ratio(static_cast<std::size_t>(m));
  double total = 0;
  for (std::int64_t i = 0; i < m; ++i) {
    variance[i] = static_cast<double>(s(i)) * static_cast<double>(s(i)) / static_cast<double>(n - 1);
    total += variance[i];
  }
  // Randomized and hierarchical: the total variance from X itself (scikit-learn's), one Allreduce.
  const double kept = total;
  if (truncated) total = static_cast<double>(ht::sum(*centred * *centred).item()) / static_cast<double>(n - 1);
  for (std::int64_t i = 0; i < m; ++i) ratio[i] = total > 0 ? variance[i] / total : 0.0;
  const std::int64_t k = hierarchical ? m : detail::components_kept(m_opts.n_components, ratio);
  double noise = 0;
  for (std::int64_t i = k; i < m; ++i) noise += variance[i] / static_cast<double>(m - k);
  if (truncated && std::min(n, d) > k) noise = (total - kept) / static_cast<double>(std::min(n, d) - k);
  std::vector<double> singular(s.begin(), s.end());
  const xt::xarray<T> axes = xt::view(vt, xt::range(0, k), xt::all());
  this->set_fitted({linalg::detail::replicated(axes, comm), detail::replicated_head<T>(variance, k, comm),
                    detail::replicated_head<T>(ratio, k, comm), detail::replicated_head<T>(singular, k, comm),
                    mu.split() ? resplit(mu, none) : mu, noise, k, n});
  return *this;
}

template <class T>
DNDarray<T> PCA<T>::transform(const DNDarray<T>& X) const {
  const auto& f = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == f.mean.shape()[0], "PCA.transform: X has shape ",
                    to_string(X.shape()), ", the model has ", f.mean.shape()[0], " features");
  const DNDarray<T> x = X.split() == 1 ? resplit(X, 0) : X;
  const DNDarray<T> centred = x - f.mean;
  DNDarray<T> out = matmul(centred, transpose(f.components));
  if (m_opts.whiten) out = out / ht::sqrt(f.explained_variance);
  return out;
}

template <class T>
DNDarray<T> PCA<T>::inverse_transform(const DNDarray<T>& Y) const {
  const auto& f = fitted();
  ht::detail::check(Y.ndim() == 2 && Y.shape()[1] == f.n_components, "PCA.inverse_transform: Y has shape ",
                    to_string(Y.shape()), ", the model has ", f.n_components, " components");
  const DNDarray<T> y = Y.split() == 1 ? resplit(Y, 0) : Y;
  const DNDarray<T> scaled = m_opts.whiten ? DNDarray<T>(y * ht::sqrt(f.explained_variance)) : y;
  DNDarray<T> out = matmul(scaled, f.components);
  out = out + f.mean;
  return out;
}

}  // namespace ht::decomposition

#endif
