#ifndef HEAT_ML_CLUSTER_INIT_HPP
#define HEAT_ML_CLUSTER_INIT_HPP

/// Initialisation policies: the first k centres of a fit.
///
/// Contract of an init policy I:
/// - `I::names`: the method names of the options' `init` it answers to;
/// - `I::run<M>(D, k, init, seed)`: k x d centres (row-major), the same on
///   every rank and at every rank count for a given seed; `init` is the
///   options' choice. A policy fixed in the estimator's type (random_init,
///   kmeanspp_init, kmeans_parallel_init) refuses an `init` that names
///   another method or gives centres (check_fixed_init); init_by_name (the
///   default) follows it.
/// Distances are M's raw ones (sqeuclidean: squared, as k-means++'s D^2
/// weighting asks).

#include "heat/comm/resplit.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/ml/cluster/data.hpp"
#include "heat/spatial/metric.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ht::cluster {

/// How the first centres are chosen: a method name or k x d given centres.
/// Default: "k-means++", not chosen (a policy fixed in the type may run).
template <class T>
struct initial_centres {
  std::string method = "k-means++";
  std::optional<DNDarray<T>> centres;
  bool chosen = false;  ///< set by the user (a name or centres)
  initial_centres() = default;
  initial_centres(const char* name) : method(name), chosen(true) {}
  initial_centres(std::string name) : method(std::move(name)), chosen(true) {}
  initial_centres(DNDarray<T> given) : method("given"), centres(std::move(given)), chosen(true) {}
};

namespace detail {

/// Whether `method` is one of policy I's names.
template <class I>
bool answers_to(const std::string& method) {
  return std::find(I::names.begin(), I::names.end(), method) != I::names.end();
}

/// A policy fixed in the estimator's type runs unless the options chose
/// something else: ValueError then (every rank holds the options).
template <class I, class T>
void check_fixed_init(const initial_centres<T>& init) {
  ht::detail::check(!init.centres, "init: the estimator's init policy (", I::names[0],
                    ") draws the centres; given centres need init_by_name");
  ht::detail::check(!init.chosen || answers_to<I>(init.method), "init: the estimator's init policy is \"", I::names[0],
                    "\", the options ask for \"", init.method, "\"");
}

/// Given centres, checked (shape, finite) and replicated on the host.
template <class T>
std::vector<T> given_centres(const DNDarray<T>& c, std::int64_t k, std::int64_t d) {
  ht::detail::check(c.ndim() == 2 && c.shape()[0] == k && c.shape()[1] == d, "init: the given centres are ",
                    to_string(c.shape()), ", expected (", k, ", ", d, ")");
  const auto host = ht::detail::host_block(c.split() ? resplit(c, none) : c);
  std::vector<T> out(host.data(), host.data() + host.extent(0));
  for (const T v : out) ht::detail::check(std::isfinite(static_cast<double>(v)), "init: a given centre is not finite");
  return out;
}

}  // namespace detail

/// k distinct rows drawn uniformly (one collective: their rows).
struct random_init {
  static constexpr std::array<const char*, 1> names{"random"};
  template <spatial::metric M, class T>
  static std::vector<T> run(const detail::data<T>& D, std::int64_t k, const initial_centres<T>& init,
                            std::uint64_t seed) {
    detail::check_fixed_init<random_init>(init);
    return draw(D, k, seed);
  }
  template <class T>
  static std::vector<T> draw(const detail::data<T>& D, std::int64_t k, std::uint64_t seed) {
    auto g = detail::distinct_indices(D.n, k, seed, 0);
    std::sort(g.begin(), g.end());
    return D.rows_at(g);
  }
};

}  // namespace ht::cluster

#endif
