#ifndef HEAT_TESTS_SUPPORT_TESTING_HPP
#define HEAT_TESTS_SUPPORT_TESTING_HPP

// Helpers every distributed test uses. A REQUIRE may only follow a value
// that every rank agrees on; these helpers make the agreement.

#include <heat/heat.hpp>

#include <catch2/catch.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xview.hpp>

#include <unistd.h>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <tuple>
#include <type_traits>

namespace ht::testing {

/// True on every rank iff ok is true on every rank (one allreduce).
inline bool all_ranks(bool ok, const communicator& comm = comm_world()) { return allreduce(comm, ok, reduce_op::land); }

/// The element types a DNDarray holds, for TEMPLATE_LIST_TEST_CASE.
using element_types =
    std::tuple<bool, std::uint8_t, std::int8_t, std::int16_t, std::int32_t, std::int64_t, float, double>;

/// A global array whose values follow from the global flat index only, so it
/// is the same at every rank count; negative values where T allows them.
template <class T>
xt::xarray<T> global_pattern(const shape_t& shape) {
  std::vector<std::size_t> s(shape.begin(), shape.end());
  xt::xarray<T> a = xt::empty<T>(s);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto k = static_cast<std::int64_t>(i);
    if constexpr (std::is_same_v<T, bool>)
      a.flat(i) = (k % 3 == 1);
    else if constexpr (std::is_floating_point_v<T>)
      a.flat(i) = static_cast<T>(0.5 * static_cast<double>(k) - 3.25);
    else if constexpr (std::is_signed_v<T>)
      a.flat(i) = static_cast<T>(k % 101 - 50);
    else
      a.flat(i) = static_cast<T>(k % 251);
  }
  return a;
}

/// This rank's block of x equals its slab of the whole-array oracle, and the
/// metadata is right. Local: combine with all_ranks.
template <class T>
bool block_matches(const DNDarray<T>& x, const xt::xarray<T>& oracle) {
  const shape_t oshape(oracle.shape().begin(), oracle.shape().end());
  if (x.shape() != oshape) return false;
  if (shape_size(x.lshape()) != x.lsize()) return false;
  xt::xstrided_slice_vector sv(oracle.dimension(), xt::all());
  shape_t slab = oshape;
  if (x.split()) {
    const auto s = static_cast<std::size_t>(*x.split());
    sv[s] = xt::range(x.offset(), x.offset() + x.lshape()[s]);
    slab[s] = x.lshape()[s];
    if (x.offset() + x.lshape()[s] > oshape[s]) return false;
  }
  if (x.lshape() != slab) return false;
  // An empty block: nothing more to compare (and xtensor's view of an empty
  // array offsets a null pointer, which UBSan reports).
  if (x.lsize() == 0) return true;
  const xt::xarray<T> expected = xt::strided_view(oracle, sv);
  const auto local = x.larray();
  if (!std::equal(expected.shape().begin(), expected.shape().end(), local.shape().begin(), local.shape().end()))
    return false;
  // NaN equals NaN here: the oracle and the array must agree on where they are.
  return std::equal(expected.begin(), expected.end(), local.begin(), [](T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
      if (a != a && b != b) return true;
    return a == b;
  });
}

/// got is the oracle and every rank holds its block of it (collective).
template <class T, class O>
bool same_everywhere(const DNDarray<T>& got, const O& oracle) {
  const xt::xarray<T> want = oracle;
  return all_ranks(block_matches(got, want));
}

/// The oracle split along axis with every element on the last rank (the
/// other ranks hold nothing).
template <class T>
DNDarray<T> on_last_rank(const xt::xarray<T>& a, std::int64_t axis, const communicator& comm = comm_world()) {
  const bool last = comm.rank() == comm.size() - 1;
  xt::xstrided_slice_vector sv(a.dimension(), xt::all());
  sv[static_cast<std::size_t>(axis)] = xt::range(0, last ? a.shape()[static_cast<std::size_t>(axis)] : 0);
  const xt::xarray<T> block = xt::strided_view(a, sv);
  return array(block, is_split(axis), comm);
}

/// The oracle in every layout a test should see: replicated, balanced along
/// each axis, and along axis 0 with everything on the last rank.
template <class T>
std::vector<DNDarray<T>> layouts(const xt::xarray<T>& a, const communicator& comm = comm_world()) {
  std::vector<DNDarray<T>> out{array(a, none, comm)};
  for (std::size_t d = 0; d < a.dimension(); ++d) out.push_back(array(a, static_cast<std::int64_t>(d), comm));
  if (a.dimension() > 0) out.push_back(on_last_rank(a, 0, comm));
  return out;
}

/// A file name in the temporary folder that every rank agrees on (rank 0's pid).
inline std::string scratch_path(const std::string& name, const communicator& comm = comm_world()) {
  const auto pid = allreduce(comm, static_cast<std::int64_t>(comm.rank() == 0 ? getpid() : 0), reduce_op::max);
  return (std::filesystem::temp_directory_path() / ("heat-test-" + std::to_string(pid) + "-" + name)).string();
}

/// Runs f on every rank and reports whether every rank threw exactly E with
/// the same message; then shows that the communicator still works.
template <class E, class F>
bool throws_everywhere(F&& f, const communicator& comm = comm_world()) {
  bool threw = false;
  std::string message;
  try {
    f();
  } catch (const E& e) {
    threw = true;
    message = e.what();
  } catch (...) {
  }
  const auto h = static_cast<std::int64_t>(std::hash<std::string>{}(message) >> 1);
  const bool same = allreduce(comm, h, reduce_op::min) == allreduce(comm, h, reduce_op::max);
  comm.barrier();
  return all_ranks(threw && same && !message.empty(), comm);
}

}  // namespace ht::testing

#endif
