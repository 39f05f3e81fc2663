#ifndef HEAT_CORE_RANDOM_HPP
#define HEAT_CORE_RANDOM_HPP

#include "heat/core/dndarray.hpp"
#include "heat/core/factories.hpp"
#include "heat/kokkos/compat.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>

/// Random arrays from a counter-based generator (Philox4x32-10): element g
/// of the global array is a pure function of (seed, the call's counter base,
/// g), so the global array is the same for any number of ranks and any split,
/// and each rank fills its block in one kernel with no communication.
/// Every call advances the counter base by the array's size, on every rank.
namespace ht::random {

/// Restarts the sequence: the same seed gives the same arrays again.
void seed(std::uint64_t s);

/// Uniform on [0, 1).
template <class T = float>
DNDarray<T> rand(const shape_t& shape, split_t split = none, const communicator& comm = comm_world());
/// Uniform on [low, high).
template <class T = float>
DNDarray<T> uniform(double low, double high, const shape_t& shape, split_t split = none,
                    const communicator& comm = comm_world());
/// Standard normal (Box-Muller).
template <class T = float>
DNDarray<T> randn(const shape_t& shape, split_t split = none, const communicator& comm = comm_world());
/// Normal with the given mean and standard deviation.
template <class T = float>
DNDarray<T> normal(double mean, double stddev, const shape_t& shape, split_t split = none,
                   const communicator& comm = comm_world());
/// Integers uniform on [low, high).
template <class T = std::int64_t>
DNDarray<T> randint(std::int64_t low, std::int64_t high, const shape_t& shape, split_t split = none,
                    const communicator& comm = comm_world());

// ---------------------------------------------------------------------------

namespace detail {

struct philox_state {
  std::uint64_t seed = 0;
  std::uint64_t counter = 0;
};

inline philox_state& state() {
  static philox_state s;
  return s;
}

/// Philox4x32-10 (Salmon et al., SC'11): ten rounds of two 32x32->64
/// multiplications, the key bumped by the Weyl constants between rounds.
struct philox4x32 {
  std::uint32_t v[4];
};

KOKKOS_INLINE_FUNCTION philox4x32 philox(philox4x32 c, std::uint32_t k0, std::uint32_t k1) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const std::uint64_t p0 = static_cast<std::uint64_t>(0xD2511F53u) * c.v[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(0xCD9E8D57u) * c.v[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    c = {{hi1 ^ c.v[1] ^ k0, lo1, hi0 ^ c.v[3] ^ k1, lo0}};
  }
  return c;
}

/// The four words for element g of the current call.
KOKKOS_INLINE_FUNCTION philox4x32 words(std::uint64_t seed, std::uint64_t base, std::int64_t g) {
  const std::uint64_t n = base + static_cast<std::uint64_t>(g);
  return philox({{static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(n >> 32), 0u, 0u}},
                static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
}

/// A double on [0, 1) from 53 random bits.
KOKKOS_INLINE_FUNCTION double unit(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11;
  return static_cast<double>(bits) * (1.0 / 9007199254740992.0);
}

/// Runs f(words) over the global array, then advances the counter base.
template <class T, class F>
DNDarray<T> draw(const shape_t& shape, split_t split, const communicator& comm, F f) {
  const std::uint64_t s = state().seed, base = state().counter;
  DNDarray<T> out = ht::detail::generate<T>(
      shape, split, comm, KOKKOS_LAMBDA(const std::int64_t g) { return f(words(s, base, g)); });
  state().counter += static_cast<std::uint64_t>(shape_size(out.shape()));
  return out;
}

}  // namespace detail

inline void seed(std::uint64_t s) { detail::state() = {s, 0}; }

template <class T>
DNDarray<T> uniform(double low, double high, const shape_t& shape, split_t split, const communicator& comm) {
  ht::detail::check(low <= high, "uniform: low (", low, ") must not exceed high (", high, ")");
  return detail::draw<T>(
      shape, split, comm, KOKKOS_LAMBDA(const detail::philox4x32& w) {
        const T v = static_cast<T>(low + (high - low) * detail::unit(w.v[0], w.v[1]));
        // Rounding to a narrower type can land on high: keep the interval half-open.
        return v < static_cast<T>(high) || low == high ? v : static_cast<T>(low);
      });
}

template <class T>
DNDarray<T> rand(const shape_t& shape, split_t split, const communicator& comm) {
  return uniform<T>(0.0, 1.0, shape, split, comm);
}

template <class T>
DNDarray<T> normal(double mean, double stddev, const shape_t& shape, split_t split, const communicator& comm) {
  ht::detail::check(stddev >= 0, "normal: the standard deviation must be non-negative, got ", stddev);
  return detail::draw<T>(
      shape, split, comm, KOKKOS_LAMBDA(const detail::philox4x32& w) {
        // 1 - u lies in (0, 1]: the logarithm stays finite.
        const double u1 = 1.0 - detail::unit(w.v[0], w.v[1]);
        const double u2 = detail::unit(w.v[2], w.v[3]);
        const double z = kx::sqrt(-2.0 * kx::log(u1)) * kx::cos(6.283185307179586 * u2);
        return static_cast<T>(mean + stddev * z);
      });
}

template <class T>
DNDarray<T> randn(const shape_t& shape, split_t split, const communicator& comm) {
  return normal<T>(0.0, 1.0, shape, split, comm);
}

template <class T>
DNDarray<T> randint(std::int64_t low, std::int64_t high, const shape_t& shape, split_t split,
                    const communicator& comm) {
  ht::detail::check(low < high, "randint: low (", low, ") must be below high (", high, ")");
  const auto range = static_cast<std::uint64_t>(high - low);
  return detail::draw<T>(
      shape, split, comm, KOKKOS_LAMBDA(const detail::philox4x32& w) {
        // 64 random bits reduced by multiplication: bias below 2^-32 for any range here.
        const std::uint64_t bits = (static_cast<std::uint64_t>(w.v[0]) << 32) | w.v[1];
        const auto hi = static_cast<std::uint64_t>((static_cast<unsigned __int128>(bits) * range) >> 64);
        return static_cast<T>(low + static_cast<std::int64_t>(hi));
      });
}

// HeAT's other names for the same draws (HeAT's default type, float32).

/// Uniform on [0, 1): HeAT's random, random_sample, ranf and sample.
template <class T = float>
DNDarray<T> random(const shape_t& shape, split_t split = none, const communicator& comm = comm_world()) {
  return rand<T>(shape, split, comm);
}
template <class T = float>
DNDarray<T> random_sample(const shape_t& shape, split_t split = none, const communicator& comm = comm_world()) {
  return rand<T>(shape, split, comm);
}
template <class T = float>
DNDarray<T> ranf(const shape_t& shape, split_t split = none, const communicator& comm = comm_world()) {
  return rand<T>(shape, split, comm);
}
template <class T = float>
DNDarray<T> sample(const shape_t& shape, split_t split = none, const communicator& comm = comm_world()) {
  return rand<T>(shape, split, comm);
}
/// Standard normal: HeAT's standard_normal (randn).
template <class T = float>
DNDarray<T> standard_normal(const shape_t& shape, split_t split = none, const communicator& comm = comm_world()) {
  return randn<T>(shape, split, comm);
}
/// Integers uniform on [low, high): HeAT's random_integer (randint).
template <class T = std::int64_t>
DNDarray<T> random_integer(std::int64_t low, std::int64_t high, const shape_t& shape, split_t split = none,
                           const communicator& comm = comm_world()) {
  return randint<T>(low, high, shape, split, comm);
}

/// The generator's state: its seed and how many numbers have been drawn
/// since (HeAT's get_state/set_state tuple holds the same two numbers).
using generator_state = detail::philox_state;
/// The state now (the same on every rank: every draw advances it everywhere).
inline generator_state get_state() { return detail::state(); }
/// Continues the sequence from a state get_state returned.
inline void set_state(const generator_state& s) { detail::state() = s; }

}  // namespace ht::random

#endif
