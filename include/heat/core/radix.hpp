#ifndef HEAT_CORE_RADIX_HPP
#define HEAT_CORE_RADIX_HPP

// Values-only sorting on the host: order-preserving unsigned keys and an LSD
// radix sort of them (ht::sort's local step; argsort keeps value + index
// keys, heat/core/sorting.hpp).
//
// Contract:
// - key_of(v) maps every value of an arithmetic T to an unsigned integer of
//   the same size whose order is NumPy's sort order: numbers ascending, -0.0
//   just before +0.0 (they compare equal; either order is a valid sort),
//   every NaN after +inf. value_of(key_of(v)) == v bit for bit, except that
//   every NaN comes back as the one quiet NaN (its sign and payload are not
//   kept).
// - radix_sort(keys, n, scratch) sorts n keys ascending with byte digits,
//   skipping the bytes that every key shares (a counting pass first); below
//   256 keys it uses std::sort. scratch holds n keys. O(n * bytes) time.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace ht::detail::radix {

/// The unsigned integer of T's size.
template <class T>
using key_t = std::conditional_t<sizeof(T) == 1, std::uint8_t,
                                 std::conditional_t<sizeof(T) == 2, std::uint16_t,
                                                    std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;

template <class T>
inline constexpr bool sortable = std::is_arithmetic_v<T> &&
                                 (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8);

template <class T>
constexpr key_t<T> top_bit() {
  return static_cast<key_t<T>>(key_t<T>{1} << (8 * sizeof(T) - 1));
}

/// The order-preserving key of v.
template <class T>
key_t<T> key_of(T v) {
  using K = key_t<T>;
  if constexpr (std::is_floating_point_v<T>) {
    if (v != v) return std::numeric_limits<K>::max();  // every NaN last
    K bits;
    std::memcpy(&bits, &v, sizeof bits);
    // Negative: all bits flipped (larger magnitude first); positive: sign set.
    return bits & top_bit<T>() ? static_cast<K>(~bits) : static_cast<K>(bits | top_bit<T>());
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<K>(static_cast<K>(v) ^ top_bit<T>());
  } else {
    return static_cast<K>(v);
  }
}

/// The value whose key k is.
template <class T>
T value_of(key_t<T> k) {
  using K = key_t<T>;
  if constexpr (std::is_floating_point_v<T>) {
    if (k == std::numeric_limits<K>::max()) return std::numeric_limits<T>::quiet_NaN();
    const K bits = k & top_bit<T>() ? static_cast<K>(k & ~top_bit<T>()) : static_cast<K>(~k);
    T v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<T>(static_cast<K>(k ^ top_bit<T>()));
  } else {
    return static_cast<T>(k);
  }
}

/// Sorts keys[0, n) ascending; scratch holds n keys.
template <class K>
void radix_sort(K* keys, std::int64_t n, K* scratch) {
  if (n < 256) {
    std::sort(keys, keys + n);
    return;
  }
  constexpr int bytes = sizeof(K);
  std::array<std::array<std::int64_t, 256>, bytes> count{};
  for (std::int64_t i = 0; i < n; ++i)
    for (int b = 0; b < bytes; ++b) ++count[b][(keys[i] >> (8 * b)) & 0xff];
  K *from = keys, *to = scratch;
  for (int b = 0; b < bytes; ++b) {
    auto& c = count[b];
    if (c[(from[0] >> (8 * b)) & 0xff] == n) continue;  // one digit for all: nothing to move
    std::int64_t at = 0;
    for (auto& slot : c) {
      const std::int64_t here = slot;
      slot = at;
      at += here;
    }
    for (std::int64_t i = 0; i < n; ++i) {
      const K k = from[i];
      to[c[(k >> (8 * b)) & 0xff]++] = k;
    }
    std::swap(from, to);
  }
  if (from != keys) std::copy(from, from + n, keys);
}

}  // namespace ht::detail::radix

#endif
