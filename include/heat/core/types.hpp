#ifndef HEAT_CORE_TYPES_HPP
#define HEAT_CORE_TYPES_HPP

#include <cstdint>
#include <string_view>
#include <type_traits>

namespace ht {

/// The element types a DNDarray may hold.
template <class T>
concept element_type = std::is_same_v<T, bool> || std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::int8_t> ||
    std::is_same_v<T, std::int16_t> || std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t> ||
    std::is_same_v<T, float> || std::is_same_v<T, double>;

/// HeAT's name of an element type ("float64", "int32", ...).
template <element_type T>
constexpr std::string_view type_name() {
  if constexpr (std::is_same_v<T, bool>)
    return "bool";
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return "uint8";
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return "int8";
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return "int16";
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return "int32";
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return "int64";
  else if constexpr (std::is_same_v<T, float>)
    return "float32";
  else
    return "float64";
}

}  // namespace ht

#endif
