#ifndef HEAT_ML_NAIVE_BAYES_GAUSSIAN_NB_HPP
#define HEAT_ML_NAIVE_BAYES_GAUSSIAN_NB_HPP

/// Gaussian naive Bayes (scikit-learn's GaussianNB; HeAT's
/// heat.naive_bayes.GaussianNB).
///
/// Contract:
/// - fit(X, y) / partial_fit(X, y, classes): X n x d (split 0, 1 resplit to
///   0, or replicated), y n int64 labels (any layout; laid out with X's
///   rows). The batch's per-class counts, means and variances come from
///   heat/ml/naive_bayes/class_moments.hpp: one Allgather of every rank's
///   per-class summaries (carrying the NaN agreement), merged in rank order
///   (the same bits on every rank). Its slots hold as many classes as
///   partial_fit knows (`classes`, the same on every rank), or in fit
///   default_capacity(d) (16 for d <= 84, fewer for wider X); a rank whose
///   rows hold more classes than that costs one more collective.
/// - scikit-learn's updates exactly: epsilon = var_smoothing x the largest
///   per-feature variance of this batch; partial_fit subtracts the new
///   epsilon from the stored variances, merges each class present (Chan's
///   formula, as _update_mean_variance), adds epsilon back; class_prior is
///   the class counts' shares unless priors are given (their number must be
///   the classes', their sum 1 to numpy.isclose, none negative).
/// - fit = a first partial_fit with the batch's labels as the classes.
///   partial_fit needs `classes` on its first call; later calls may omit
///   them or must repeat them; a label of y outside the classes, another
///   number of features, or a mismatched y is ValueError on every rank.
/// - predict_log_proba(X): the joint log likelihoods minus their logsumexp
///   per row (n x classes, split like X, no message beyond an agreement on
///   NaN in X); predict_proba = exp of it; predict: the class of the largest
///   likelihood (the first on ties), int64, split like X.
/// - Fitted attributes (classes, class_count, class_prior, theta, var,
///   epsilon) replicated and the same bits on every rank; across rank counts
///   equal to rounding (the moments' merge order).

#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/ml/estimator.hpp"
#include "heat/ml/naive_bayes/class_moments.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

namespace ht::naive_bayes {

/// Options of GaussianNB (scikit-learn's names, order and defaults).
struct gaussian_nb_options {
  std::vector<double> priors = {};  ///< empty: the classes' shares of the samples
  double var_smoothing = 1e-9;
};

namespace detail {

/// What the fits so far have left (host, double; the same on every rank).
struct gaussian_nb_state {
  std::vector<std::int64_t> classes;
  std::vector<double> class_count, class_prior, theta, var;  // theta and var: classes x d
  double epsilon = 0;
  std::int64_t n_features = 0;
};

/// scikit-learn's _update_mean_variance: the class's stored (n_past, mu, var)
/// merged with a batch's (n_new, new_mu, new_var), in place (row j0 of d).
inline void update_mean_variance(double n_past, double* mu, double* var, double n_new, const double* new_mu,
                                 const double* new_var, std::int64_t d) {
  if (n_new == 0) return;
  if (n_past == 0) {
    std::copy(new_mu, new_mu + d, mu);
    std::copy(new_var, new_var + d, var);
    return;
  }
  const double n_total = n_past + n_new;
  for (std::int64_t j = 0; j < d; ++j) {
    const double total_mu = (n_new * new_mu[j] + n_past * mu[j]) / n_total;
    const double gap = mu[j] - new_mu[j];
    const double ssd = n_past * var[j] + n_new * new_var[j] + (n_new * n_past / n_total) * gap * gap;
    mu[j] = total_mu;
    var[j] = ssd / n_total;
  }
}

}  // namespace detail

template <class T>
class GaussianNB : public ml::estimator<gaussian_nb_options, detail::gaussian_nb_state> {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "GaussianNB works on float or double data");
  using base = ml::estimator<gaussian_nb_options, detail::gaussian_nb_state>;
  using base::fitted;
  using base::m_opts;

 public:
  explicit GaussianNB(gaussian_nb_options opts = {}) : base(std::move(opts)) {
    ht::detail::check(m_opts.var_smoothing >= 0, "GaussianNB: var_smoothing must be >= 0, got ", m_opts.var_smoothing);
  }

  /// Forgets earlier fits, then learns the classes of y and their statistics.
  GaussianNB& fit(const DNDarray<T>& X, const DNDarray<std::int64_t>& y) {
    this->forget_fit();
    return learn(X, y, std::nullopt, true);
  }
  /// One more batch; `classes` on the first call (scikit-learn's), optional later.
  GaussianNB& partial_fit(const DNDarray<T>& X, const DNDarray<std::int64_t>& y,
                          std::optional<std::vector<std::int64_t>> classes = std::nullopt) {
    return learn(X, y, std::move(classes), false);
  }

  /// n x classes, split like X: log P(class | row).
  DNDarray<T> predict_log_proba(const DNDarray<T>& X) const { return per_row(X, "predict_log_proba", 1); }
  /// n x classes, split like X: P(class | row).
  DNDarray<T> predict_proba(const DNDarray<T>& X) const { return per_row(X, "predict_proba", 2); }
  /// n, split like X: the most likely class of every row.
  DNDarray<std::int64_t> predict(const DNDarray<T>& X) const;

  /// The classes (sorted), their sample counts and priors (replicated).
  DNDarray<std::int64_t> classes() const { return host_vector<std::int64_t>(fitted().classes, shape_t{}); }
  DNDarray<T> class_count() const { return host_vector<T>(fitted().class_count, shape_t{}); }
  DNDarray<T> class_prior() const { return host_vector<T>(fitted().class_prior, shape_t{}); }
  /// classes x d (replicated): the per-class means and variances (+ epsilon).
  DNDarray<T> theta() const { return host_vector<T>(fitted().theta, matrix_shape()); }
  DNDarray<T> var() const { return host_vector<T>(fitted().var, matrix_shape()); }
  double epsilon() const { return fitted().epsilon; }

 private:
  GaussianNB& learn(const DNDarray<T>& X, const DNDarray<std::int64_t>& y,
                    std::optional<std::vector<std::int64_t>> classes, bool refit);
  void start(detail::gaussian_nb_state& s, std::vector<std::int64_t> classes, std::int64_t d) const;
  DNDarray<T> per_row(const DNDarray<T>& X, const char* what, int kind) const;
  /// This rank's rows' joint log likelihoods (rows x classes, row-major).
  std::vector<double> joint_log_likelihood(const T* x, std::int64_t rows) const;
  DNDarray<T> checked_rows(const DNDarray<T>& X, const char* what) const;

  shape_t matrix_shape() const { return {static_cast<std::int64_t>(fitted().classes.size()), fitted().n_features}; }
  template <class U, class V>
  DNDarray<U> host_vector(const std::vector<V>& v, shape_t shape) const {
    if (shape.empty()) shape = {static_cast<std::int64_t>(v.size())};
    DNDarray<U> out(distribution::balanced(shape, none, m_comm->size()), *m_comm);
    std::vector<U> u(v.begin(), v.end());
    ht::detail::copy_from_host(out.local_view(), u.data(), u.size());
    return out;
  }

  std::optional<communicator> m_comm;
};

template <class T>
void GaussianNB<T>::start(detail::gaussian_nb_state& s, std::vector<std::int64_t> classes, std::int64_t d) const {
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  const std::size_t c = classes.size();
  const auto cells = c * static_cast<std::size_t>(d);
  s = {std::move(classes),
       std::vector<double>(c, 0.0),
       std::vector<double>(c, 0.0),
       std::vector<double>(cells, 0.0),
       std::vector<double>(cells, 0.0),
       0.0,
       d};
  if (m_opts.priors.empty()) return;
  const std::vector<double>& p = m_opts.priors;
  ht::detail::check(p.size() == c, "GaussianNB: the number of priors (", p.size(),
                    ") must match the number of classes (", c, ")");
  double sum = 0;
  for (const double v : p) sum += v;
  ht::detail::check(std::fabs(sum - 1.0) <= 1e-8 + 1e-5, "GaussianNB: the sum of the priors should be 1, got ", sum);
  ht::detail::check(std::all_of(p.begin(), p.end(), [](double v) { return v >= 0; }),
                    "GaussianNB: priors must be non-negative");
  s.class_prior = p;
}

template <class T>
GaussianNB<T>& GaussianNB<T>::learn(const DNDarray<T>& X_in, const DNDarray<std::int64_t>& y_in,
                                    std::optional<std::vector<std::int64_t>> classes, bool refit) {
  const char* who = refit ? "GaussianNB.fit" : "GaussianNB.partial_fit";
  ht::detail::check(X_in.ndim() == 2, who, ": X must be 2-D (samples x features), got shape ", to_string(X_in.shape()));
  ht::detail::check(y_in.ndim() == 1 && y_in.shape()[0] == X_in.shape()[0], who, ": y must be 1-D with X's ",
                    X_in.shape()[0], " samples, got shape ", to_string(y_in.shape()));
  ht::detail::check(X_in.comm() == y_in.comm(), "operands live on different communicators");
  ht::detail::check(X_in.shape()[0] >= 1, who, ": X needs at least 1 sample");
  const bool first = !this->is_fitted();
  ht::detail::check(refit || !first || classes.has_value(), who, ": classes must be passed on the first call");
  const std::int64_t d = X_in.shape()[1];
  if (!first)
    ht::detail::check(d == fitted().n_features, who, ": X has ", d, " features, the model was fitted on ",
                      fitted().n_features);
  const DNDarray<T> X = X_in.split() == 1 ? resplit(X_in, 0) : X_in;
  const DNDarray<std::int64_t> y = ml::detail::rows_like(X, y_in);
  const auto xb = ht::detail::host_block(X);
  const auto yb = ht::detail::host_block(y);
  // The classes' number when known (one collective unless a label is unknown), else the default.
  const std::size_t known = first ? (classes ? classes->size() : 0) : fitted().classes.size();
  const std::int64_t capacity = known > 0 ? static_cast<std::int64_t>(known) : detail::default_capacity(d);
  const detail::class_moments batch = detail::gather_class_moments(
      X.comm(), X.split().has_value(), xb.data(), yb.data(), X.lshape()[0], d, X.offset(), who, capacity);
  detail::gaussian_nb_state s = first ? detail::gaussian_nb_state{} : fitted();
  if (first) {
    start(s, classes ? *classes : batch.labels, d);
  } else if (classes) {
    std::vector<std::int64_t> given = *classes;
    std::sort(given.begin(), given.end());
    given.erase(std::unique(given.begin(), given.end()), given.end());
    ht::detail::check(given == s.classes, who, ": classes differ from those of the first call");
  }
  for (const std::int64_t label : batch.labels)
    ht::detail::check(std::binary_search(s.classes.begin(), s.classes.end(), label), who, ": the label ", label,
                      " of y is not one of the classes");
  const double eps = m_opts.var_smoothing *
                     (batch.all_var.empty() ? 0.0 : *std::max_element(batch.all_var.begin(), batch.all_var.end()));
  if (!first)
    for (double& v : s.var) v -= eps;  // scikit-learn removes this batch's epsilon, not the stored one
  for (std::size_t b = 0; b < batch.labels.size(); ++b) {
    const auto i = static_cast<std::size_t>(std::lower_bound(s.classes.begin(), s.classes.end(), batch.labels[b]) -
                                            s.classes.begin());
    const auto row = i * static_cast<std::size_t>(d), brow = b * static_cast<std::size_t>(d);
    const auto n_new = static_cast<double>(batch.count[b]);
    detail::update_mean_variance(s.class_count[i], &s.theta[row], &s.var[row], n_new, &batch.mean[brow],
                                 &batch.var[brow], d);
    s.class_count[i] += n_new;
  }
  for (double& v : s.var) v += eps;
  s.epsilon = eps;
  if (m_opts.priors.empty()) {
    double total = 0;
    for (const double c : s.class_count) total += c;
    for (std::size_t i = 0; i < s.classes.size(); ++i) s.class_prior[i] = s.class_count[i] / total;
  }
  m_comm = X.comm();
  this->set_fitted(std::move(s));
  return *this;
}

template <class T>
std::vector<double> GaussianNB<T>::joint_log_likelihood(const T* x, std::int64_t rows) const {
  const detail::gaussian_nb_state& s = fitted();
  const std::int64_t d = s.n_features, c = static_cast<std::int64_t>(s.classes.size());
  std::vector<double> constant(static_cast<std::size_t>(c)), inv(s.var.size());
  for (std::int64_t k = 0; k < c; ++k) {
    double logdet = 0;
    for (std::int64_t j = 0; j < d; ++j) {
      logdet += std::log(2.0 * std::numbers::pi * s.var[k * d + j]);
      inv[k * d + j] = 1.0 / s.var[k * d + j];
    }
    constant[k] = std::log(s.class_prior[k]) - 0.5 * logdet;
  }
  std::vector<double> out(static_cast<std::size_t>(rows * c));
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t k = 0; k < c; ++k) {
      const double* mu = &s.theta[k * d];
      const double* w = &inv[k * d];
      double q = 0;
#pragma omp simd reduction(+ : q)
      for (std::int64_t j = 0; j < d; ++j) {
        const double g = static_cast<double>(x[i * d + j]) - mu[j];
        q += g * g * w[j];
      }
      out[i * c + k] = constant[k] - 0.5 * q;
    }
  return out;
}

template <class T>
DNDarray<T> GaussianNB<T>::checked_rows(const DNDarray<T>& X, const char* what) const {
  const detail::gaussian_nb_state& s = fitted();
  ht::detail::check(X.ndim() == 2 && X.shape()[1] == s.n_features, "GaussianNB.", what, ": X has shape ",
                    to_string(X.shape()), ", the model was fitted on ", s.n_features, " features");
  const DNDarray<T> x = X.split() == 1 ? resplit(X, 0) : X;
  const auto block = ht::detail::host_block(x);
  ht::detail::agreement_point finite(x.comm(), "naive_bayes: X values", ht::detail::error_kind::value);
  const std::string who = std::string("GaussianNB.") + what;
  ml::detail::refuse_non_finite_rows(finite, who.c_str(), block.data(), x.lshape()[0], s.n_features, x.offset());
  finite.conclude();
  return x;
}

template <class T>
DNDarray<T> GaussianNB<T>::per_row(const DNDarray<T>& X_in, const char* what, int kind) const {
  const DNDarray<T> X = checked_rows(X_in, what);
  const auto c = static_cast<std::int64_t>(fitted().classes.size());
  const std::int64_t rows = X.lshape()[0];
  const auto block = ht::detail::host_block(X);
  const std::vector<double> jll = joint_log_likelihood(block.data(), rows);
  const shape_t shape{X.shape()[0], c};
  ht::detail::host_result<T> out(X.split() ? distribution(shape, 0, X.comm().size(), X.dist().counts())
                                           : distribution::balanced(shape, none, X.comm().size()),
                                 X.comm());
  for (std::int64_t i = 0; i < rows; ++i) {
    const double* r = &jll[i * c];
    const double top = *std::max_element(r, r + c);
    double sum = 0;
    for (std::int64_t k = 0; k < c; ++k) sum += std::exp(r[k] - top);
    const double norm = std::log(sum) + top;  // scipy's logsumexp
    for (std::int64_t k = 0; k < c; ++k)
      out.data()[i * c + k] = static_cast<T>(kind == 1 ? r[k] - norm : std::exp(r[k] - norm));
  }
  return out.finish();
}

template <class T>
DNDarray<std::int64_t> GaussianNB<T>::predict(const DNDarray<T>& X_in) const {
  const DNDarray<T> X = checked_rows(X_in, "predict");
  const auto c = static_cast<std::int64_t>(fitted().classes.size());
  const std::int64_t rows = X.lshape()[0];
  const auto block = ht::detail::host_block(X);
  const std::vector<double> jll = joint_log_likelihood(block.data(), rows);
  const shape_t shape{X.shape()[0]};
  ht::detail::host_result<std::int64_t> out(X.split() ? distribution(shape, 0, X.comm().size(), X.dist().counts())
                                                      : distribution::balanced(shape, none, X.comm().size()),
                                            X.comm());
  for (std::int64_t i = 0; i < rows; ++i) {
    const double* r = &jll[i * c];
    out.data()[i] = fitted().classes[static_cast<std::size_t>(std::max_element(r, r + c) - r)];
  }
  return out.finish();
}

}  // namespace ht::naive_bayes

#endif
