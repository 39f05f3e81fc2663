#ifndef HEAT_ML_MODEL_SELECTION_HPP
#define HEAT_ML_MODEL_SELECTION_HPP

/// scikit-learn's train_test_split over distributed arrays.
///
/// Contract: the sizes follow scikit-learn's _validate_shuffle_split (a
/// float test_size or train_size is a fraction in (0, 1): n_test =
/// ceil(test_size n), n_train = floor(train_size n); an int is a count;
/// the size unset: the rest; test_size 0.25 when neither is set) and its errors
/// (ValueError, on every rank: sizes are replicated metadata). shuffle: a
/// random permutation of the rows (ht::random::randperm's, the same at
/// every rank count; random_state seeds it without touching ht::random's
/// stream, unset draws from that stream), its first n_test entries the test
/// rows, the next n_train the training rows, in the permutation's order (as
/// scikit-learn's ShuffleSplit); not shuffled: the first n_train rows train,
/// the next n_test test. Every array is cut by the same rows (ht::take along
/// axis 0: split 0 arrays give split 0 parts, balanced; communication is
/// take's).

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/random.hpp"
#include "heat/core/sorting.hpp"
#include "heat/core/take.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <variant>

namespace ht::model_selection {

/// A size: a fraction of the samples (double, in (0, 1)) or a count (int).
using split_size = std::variant<double, std::int64_t>;

struct split_options {
  std::optional<split_size> test_size = std::nullopt;   ///< unset: what train_size leaves, or 0.25 without it
  std::optional<split_size> train_size = std::nullopt;  ///< unset: what test_size leaves
  std::optional<std::uint64_t> random_state = std::nullopt;
  bool shuffle = true;
};

/// The rows of one array, cut in two.
template <class T>
struct train_test {
  DNDarray<T> train, test;
};

namespace detail {

/// scikit-learn's checks of one size for n samples; the count it means
/// (fractions: ceil for the test set, floor for the training set).
inline std::int64_t count_of(const split_size& s, std::int64_t n, const char* name, bool ceil) {
  if (const double* f = std::get_if<double>(&s)) {
    ht::detail::check(*f > 0 && *f < 1, name, "=", *f, " should be either positive and smaller than the number of ",
                      "samples ", n, " or a float in the (0, 1) range");
    return static_cast<std::int64_t>(ceil ? std::ceil(*f * static_cast<double>(n))
                                          : std::floor(*f * static_cast<double>(n)));
  }
  const std::int64_t c = std::get<std::int64_t>(s);
  ht::detail::check(c > 0 && c < n, name, "=", c, " should be either positive and smaller than the number of samples ",
                    n, " or a float in the (0, 1) range");
  return c;
}

/// The training and test rows (int64, split 0, balanced) for n samples.
inline std::pair<DNDarray<std::int64_t>, DNDarray<std::int64_t>> split_rows(std::int64_t n, const split_options& o,
                                                                            const communicator& comm) {
  const std::optional<split_size> test = o.test_size || o.train_size ? o.test_size : split_size{0.25};
  const std::int64_t n_train_given = o.train_size ? count_of(*o.train_size, n, "train_size", false) : 0;
  const std::int64_t n_test = test ? count_of(*test, n, "test_size", true) : n - n_train_given;
  const std::int64_t n_train = o.train_size ? n_train_given : n - n_test;
  ht::detail::check(n_train + n_test <= n, "The sum of train_size and test_size = ", n_train + n_test,
                    ", should be smaller than the number of samples ", n, ". Reduce test_size and/or train_size.");
  ht::detail::check(n_train > 0, "With n_samples=", n, ", the resulting train set will be empty");
  if (!o.shuffle)
    return {arange<std::int64_t>(0, static_cast<double>(n_train), 1, 0, comm),
            arange<std::int64_t>(static_cast<double>(n_train), static_cast<double>(n_train + n_test), 1, 0, comm)};
  DNDarray<std::int64_t> perm;
  if (o.random_state) {
    const auto saved = ht::random::detail::state();
    ht::random::seed(*o.random_state);
    perm = ht::random::randperm(n, 0, comm);
    ht::random::detail::state() = saved;
  } else {
    perm = ht::random::randperm(n, 0, comm);
  }
  return {take(perm,
               arange<std::int64_t>(static_cast<double>(n_test), static_cast<double>(n_test + n_train), 1, 0, comm), 0),
          take(perm, arange<std::int64_t>(0, static_cast<double>(n_test), 1, 0, comm), 0)};
}

}  // namespace detail

/// X's rows cut into a training and a test set.
template <class T>
train_test<T> train_test_split(const DNDarray<T>& X, const split_options& o = {}) {
  ht::detail::check(X.ndim() >= 1, "train_test_split: needs arrays of at least one dimension");
  const auto [train, test] = detail::split_rows(X.shape()[0], o, X.comm());
  return {take(X, train, 0), take(X, test, 0)};
}

/// X's and y's rows cut alike (scikit-learn's X_train, X_test, y_train,
/// y_test: here {X.train, X.test} and {y.train, y.test}).
template <class TX, class TY>
std::pair<train_test<TX>, train_test<TY>> train_test_split(const DNDarray<TX>& X, const DNDarray<TY>& y,
                                                           const split_options& o = {}) {
  ht::detail::check(X.ndim() >= 1 && y.ndim() >= 1, "train_test_split: needs arrays of at least one dimension");
  ht::detail::check(X.shape()[0] == y.shape()[0], "Found input variables with inconsistent numbers of samples: [",
                    X.shape()[0], ", ", y.shape()[0], "]");
  const auto [train, test] = detail::split_rows(X.shape()[0], o, X.comm());
  return {{take(X, train, 0), take(X, test, 0)}, {take(y, train, 0), take(y, test, 0)}};
}

}  // namespace ht::model_selection

#endif
