#ifndef HEAT_CORE_SIMD_HPP
#define HEAT_CORE_SIMD_HPP

// Run-time choice of the instruction set of the hot host kernels.
//
// Contract:
// - A user's default build (x86-64 baseline, no -march) runs the hot host
//   kernels (K-Means' nearest-centre and assignment passes, spatial::nearest)
//   as fast as a -march=x86-64-v3 build: each such kernel is compiled three
//   times, for the baseline (SSE2, 16-byte vectors), for AVX2 + FMA (32
//   bytes) and for AVX-512 (64 bytes), through the target attribute on a
//   thin entry function, and one of them is called through a table chosen
//   once per process (`__builtin_cpu_supports`, as NumPy and OpenBLAS choose
//   their kernels at run time).
// - The choice: the widest level the CPU and the OS support, or the level
//   HEAT_SIMD names (baseline, avx2, avx512; capped at what the CPU has), or
//   simd::force (tests, benchmarks). simd::name(simd::active()) says which.
// - Every level gives the same results bit for bit: the kernels compute
//   each distance element by element in the same order whatever the vector
//   width (a lane is a centre), and never contract a product and a sum into
//   an FMA (simd::round_here), so labels, centres and inertia do not depend on
//   the level.
// - Elsewhere than x86-64 with GCC or Clang there is one level, the
//   compiler's (`baseline` in the names).

#include <cstdlib>
#include <cstring>

namespace ht::simd {

/// The instruction sets the hot kernels are compiled for.
enum class level : int { baseline = 0, avx2 = 1, avx512 = 2 };

/// The level's name: "baseline", "avx2" or "avx512".
inline const char* name(level l) { return l == level::avx512 ? "avx512" : l == level::avx2 ? "avx2" : "baseline"; }

/// The widest level this CPU and its OS support (checked once).
inline level supported() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const level l = [] {
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
    return avx512 ? level::avx512 : avx2 ? level::avx2 : level::baseline;
  }();
  return l;
#else
  return level::baseline;
#endif
}

namespace detail {
inline level& chosen() {
  static level l = [] {
    level want = supported();
    if (const char* env = std::getenv("HEAT_SIMD")) {
      if (std::strcmp(env, "baseline") == 0) want = level::baseline;
      if (std::strcmp(env, "avx2") == 0) want = level::avx2;
      if (std::strcmp(env, "avx512") == 0) want = level::avx512;
    }
    return static_cast<int>(want) < static_cast<int>(supported()) ? want : supported();
  }();
  return l;
}
}  // namespace detail

/// The level the hot kernels run at.
inline level active() { return detail::chosen(); }

/// Runs the hot kernels at l from now on (capped at supported()); returns the level now active.
inline level force(level l) {
  detail::chosen() = static_cast<int>(l) < static_cast<int>(supported()) ? l : supported();
  return detail::chosen();
}

/// The vector width of a level, in bytes.
constexpr int bytes(level l) { return l == level::avx512 ? 64 : l == level::avx2 ? 32 : 16; }

/// Keeps x as computed, rounded to its type: a product so marked is never
/// fused with the sum it feeds into an FMA (which no baseline x86-64 CPU
/// has), so every level rounds the same way. GCC (which contracts across
/// statements by default): an empty asm it cannot see through, no
/// instruction. Clang contracts only within one expression by default
/// (-ffp-contract=on), and the kernels keep the product and the sum in two
/// statements; it rejects a vector asm operand wider than the default
/// target's registers, so nothing is emitted there (a Clang build with
/// -ffp-contract=fast may differ between levels in the last bit).
template <class V>
[[gnu::always_inline]] inline void round_here(V& x) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __asm__("" : "+v"(x));
#else
  (void)x;
#endif
}

}  // namespace ht::simd

/// The entry functions of the dispatched kernels: the body (always inlined)
/// is compiled for the level's instruction set.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HEAT_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define HEAT_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")))
#else
#define HEAT_TARGET_AVX2
#define HEAT_TARGET_AVX512
#endif
/// A kernel helper inlined into each level's entry function.
#define HEAT_SIMD_INLINE [[gnu::always_inline]] inline
/// A lambda that simd::dispatch compiles for each level: `[&]() HEAT_SIMD_BODY { ... }`.
#define HEAT_SIMD_BODY __attribute__((always_inline))

namespace ht::simd {

template <class F>
void run_baseline(const F& f) {
  f();
}
template <class F>
HEAT_TARGET_AVX2 void run_avx2(const F& f) {
  f();
}
template <class F>
HEAT_TARGET_AVX512 void run_avx512(const F& f) {
  f();
}

/// Runs f, a lambda marked HEAT_SIMD_BODY (always inlined), compiled for the
/// active level capped at `most` (simd::level::avx512: no cap): its loops vectorise at that level's width
/// (`#pragma omp simd` loops whose lanes are independent, e.g. over the
/// columns of a row-major pass, give the same bits at every level; a
/// reduction across lanes does not).
template <class F>
void dispatch(level most, const F& f) {
  const level l = static_cast<int>(active()) < static_cast<int>(most) ? active() : most;
  if (l == level::avx512)
    run_avx512(f);
  else if (l == level::avx2)
    run_avx2(f);
  else
    run_baseline(f);
}

}  // namespace ht::simd

#endif
