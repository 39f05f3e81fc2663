#ifndef HEAT_GRAPH_LAPLACIAN_HPP
#define HEAT_GRAPH_LAPLACIAN_HPP

/// Graph Laplacians of a similarity matrix (HeAT's heat.graph.Laplacian)
/// and the RBF similarity (HeAT's ht.spatial.rbf).
///
/// Contract:
/// - rbf(X, sigma): exp(-|x - y|^2 / (2 sigma^2)) between the rows of X
///   (n x n, laid out as cdist(X, X): split 0 when X is split), computed in
///   place on cdist's squared distances: one n x n array.
/// - laplacian(S, options): S is n x n, split 0 (split 1 is resplit) or
///   replicated, float or double. As HeAT: S's diagonal is taken as 0; in
///   mode "eNeighbour" entries not below (threshold_key "upper") or not
///   above ("lower") threshold_value become 0, the others stay (weighted)
///   or become 1 (the diagonal's 0 too when it passes: a self-loop, as
///   HeAT's ht.int(S < value) makes it); definition "norm_sym": L = I - D^-1/2 S D^-1/2 with the
///   degrees D the row sums (a degree of 0 taken as 1: an isolated vertex),
///   "simple": L = D - S. The result is laid out as S.
/// - Messages: none for the row sums (each rank holds whole rows); one
///   Allgatherv of the n degrees for "norm_sym" when S is split.
/// - Bad options or a non-square S throw ValueError on every rank.

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/host.hpp"
#include "heat/spatial/distance.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace ht::graph {

/// How a Laplacian is made from a similarity (HeAT's names and defaults).
struct laplacian_options {
  std::string definition = "norm_sym";   ///< "norm_sym" or "simple"
  std::string mode = "fully_connected";  ///< "fully_connected" or "eNeighbour"
  std::string threshold_key = "upper";   ///< eNeighbour: keep entries below ("upper") or above ("lower") the value
  double threshold_value = 1.0;
  bool weighted = true;  ///< eNeighbour: keep the similarity (true) or 1
};

namespace detail {

inline void check_options(const laplacian_options& o) {
  ht::detail::check(o.definition == "norm_sym" || o.definition == "simple",
                    "Laplacian: definition must be \"norm_sym\" or \"simple\", got \"", o.definition, "\"");
  ht::detail::check(o.mode == "fully_connected" || o.mode == "eNeighbour",
                    "Laplacian: mode must be \"fully_connected\" or \"eNeighbour\", got \"", o.mode, "\"");
  ht::detail::check(o.threshold_key == "upper" || o.threshold_key == "lower",
                    "Laplacian: threshold_key must be \"upper\" or \"lower\", got \"", o.threshold_key, "\"");
}

/// S's rows on this rank, made L in place (S's memory: a similarity the
/// caller made for this and drops). Returns S.
template <class T>
DNDarray<T> laplacian_in_place(DNDarray<T> S, const laplacian_options& o) {
  check_options(o);
  ht::detail::check(S.ndim() == 2 && S.shape()[0] == S.shape()[1], "Laplacian needs a square similarity, got ",
                    to_string(S.shape()));
  if (S.split() == 1) S = resplit(S, 0);
  const std::int64_t n = S.shape()[0], rows = S.lshape()[0], first = S.offset();
  auto h = ht::detail::host_block(S);
  T* s = h.data();
  const bool upper = o.threshold_key == "upper", eps = o.mode == "eNeighbour";
  const auto t = static_cast<T>(o.threshold_value);
  std::vector<T> degree(static_cast<std::size_t>(rows), T(0));
  for (std::int64_t i = 0; i < rows; ++i) {
    T* row = s + i * n;
    row[first + i] = T(0);
    T sum = 0;
    for (std::int64_t j = 0; j < n; ++j) {
      if (eps && !(upper ? row[j] < t : row[j] > t))
        row[j] = T(0);
      else if (eps && !o.weighted)
        row[j] = T(1);
      sum += row[j];
    }
    degree[static_cast<std::size_t>(i)] = sum;
  }
  if (o.definition == "simple") {
    for (std::int64_t i = 0; i < rows; ++i) {
      T* row = s + i * n;
      for (std::int64_t j = 0; j < n; ++j) row[j] = -row[j];
      row[first + i] += degree[static_cast<std::size_t>(i)];
    }
  } else {
    std::vector<T> all = degree;
    if (S.split()) {
      const auto mine = ht::detail::host_buffer<T>("heat::graph::degree", static_cast<std::size_t>(rows));
      const auto whole = ht::detail::host_buffer<T>("heat::graph::degrees", static_cast<std::size_t>(n));
      std::copy(degree.begin(), degree.end(), mine.data());
      allgatherv(S.comm(), mine, whole, S.dist().counts());
      all.assign(whole.data(), whole.data() + n);
    }
    for (auto& d : all) d = T(1) / std::sqrt(d == T(0) ? T(1) : d);
    for (std::int64_t i = 0; i < rows; ++i) {
      T* row = s + i * n;
      const T di = all[static_cast<std::size_t>(first + i)];
      for (std::int64_t j = 0; j < n; ++j) row[j] = -row[j] * di * all[static_cast<std::size_t>(j)];
      row[first + i] = T(1);
    }
  }
  Kokkos::deep_copy(S.local_view(), h);
  return S;
}

}  // namespace detail

/// The Laplacian of similarity S (see the contract above); S is unchanged.
template <class T>
DNDarray<T> laplacian(const DNDarray<T>& S, const laplacian_options& options = {}) {
  detail::check_options(options);
  return detail::laplacian_in_place(ht::copy(S), options);
}

}  // namespace ht::graph

namespace ht::spatial {

/// The RBF (Gaussian) similarity of X's rows: exp(-|x - y|^2 / (2 sigma^2)), n x n.
template <class T>
DNDarray<T> rbf(const DNDarray<T>& X, double sigma = 1.0) {
  ht::detail::check(sigma > 0 && std::isfinite(sigma), "rbf: sigma must be positive and finite, got ", sigma);
  DNDarray<T> S = cdist(X, X, true);
  auto h = ht::detail::host_block(S);
  const double scale = -1.0 / (2.0 * sigma * sigma);
  T* s = h.data();
  for (std::int64_t k = 0; k < S.lsize(); ++k) s[k] = static_cast<T>(std::exp(scale * static_cast<double>(s[k])));
  Kokkos::deep_copy(S.local_view(), h);
  return S;
}

}  // namespace ht::spatial

#endif
