#ifndef HEAT_CORE_SHAPE_HPP
#define HEAT_CORE_SHAPE_HPP

#include "heat/core/config.hpp"
#include "heat/core/errors.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ht {

/// A global or local shape; extents are 64-bit.
using shape_t = std::vector<std::int64_t>;
/// The split axis of an array, or none (replicated on every rank).
using split_t = std::optional<std::int64_t>;
/// The split of a replicated array.
inline constexpr std::nullopt_t none = std::nullopt;

/// "(2, 3)", NumPy's way.
inline std::string to_string(const shape_t& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

/// "None" or the axis.
inline std::string to_string(const split_t& split) { return split ? std::to_string(*split) : "None"; }

/// Number of elements of a shape.
inline std::int64_t shape_size(const shape_t& shape) {
  std::int64_t n = 1;
  for (auto e : shape) n *= e;
  return n;
}

/// Throws ValueError for a negative extent or too many dimensions.
inline void check_shape(const shape_t& shape) {
  detail::check(static_cast<std::int64_t>(shape.size()) <= max_ndim, "shape ", to_string(shape), " has ", shape.size(),
                " dimensions; at most ", max_ndim, " are supported");
  for (auto e : shape) detail::check(e >= 0, "negative extent in shape ", to_string(shape));
}

/// Maps a possibly negative axis into [0, ndim); throws ValueError when out of range.
inline std::int64_t normalize_axis(std::int64_t axis, std::int64_t ndim) {
  detail::check(axis >= -ndim && axis < ndim, "axis ", axis, " is out of bounds for array of dimension ", ndim);
  return axis < 0 ? axis + ndim : axis;
}

/// normalize_axis for a split; none stays none.
inline split_t normalize_split(split_t split, std::int64_t ndim) {
  if (!split) return none;
  return normalize_axis(*split, ndim);
}

namespace detail {

/// Row-major strides of a shape.
inline shape_t strides_of(const shape_t& shape) {
  shape_t s(shape.size(), 1);
  for (std::size_t d = shape.size(); d-- > 1;) s[d - 1] = s[d] * shape[d];
  return s;
}

}  // namespace detail
}  // namespace ht

#endif
