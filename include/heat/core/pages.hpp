#ifndef HEAT_CORE_PAGES_HPP
#define HEAT_CORE_PAGES_HPP

// Host scratch memory in whole huge pages, for buffers that grow by large
// chunks written once (DBSCAN's neighbour pairs).
//
// Contract:
// - page_block(label, bytes) owns `bytes` of uninitialised host memory
//   (bytes > 0), allocated under heat/core/memory.hpp's policy (MemoryError
//   in agreed work, the test allocation limit). On Linux it is its own
//   anonymous mapping aligned to 2 MiB and advised to use transparent huge
//   pages, so its first touch faults 2 MiB at a time instead of 4 KiB (a
//   4 MiB chunk: 2 faults, not 1024); glibc would put a block below its
//   raised mmap threshold (up to 32 MiB) on the heap, where the advice is
//   not given (heat/core/config.hpp). Elsewhere: std::malloc.
// - Move-only; the memory goes back to the system when the block is destroyed.

#include "heat/core/memory.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ht::detail {

class page_block {
 public:
  static constexpr std::size_t huge = std::size_t{2} << 20;  ///< the alignment (a huge page on x86-64)

  page_block() = default;
  page_block(const std::string& label, std::size_t bytes) : m_bytes(bytes) {
    m_data = allocate(label, bytes, [&] { return map(bytes); });
  }
  page_block(page_block&& o) noexcept
      : m_data(std::exchange(o.m_data, nullptr)), m_bytes(std::exchange(o.m_bytes, 0)) {}
  page_block& operator=(page_block&& o) noexcept {
    if (this != &o) {
      release();
      m_data = std::exchange(o.m_data, nullptr);
      m_bytes = std::exchange(o.m_bytes, 0);
    }
    return *this;
  }
  page_block(const page_block&) = delete;
  page_block& operator=(const page_block&) = delete;
  ~page_block() { release(); }

  void* data() const { return m_data; }
  std::size_t size() const { return m_bytes; }

 private:
  static void* map(std::size_t bytes) {
#if defined(__linux__)
    // Map one huge page more, keep the aligned part, give back the rest.
    const std::size_t length = round_up(bytes), mapped = length + huge;
    void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    const auto first = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t aligned = (first + huge - 1) & ~(huge - 1);
    if (aligned > first) munmap(p, aligned - first);
    if (const std::uintptr_t tail = first + mapped - (aligned + length); tail > 0)
      munmap(reinterpret_cast<void*>(aligned + length), tail);
#if defined(MADV_HUGEPAGE)
    madvise(reinterpret_cast<void*>(aligned), length, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void*>(aligned);
#else
    void* p = std::malloc(bytes);
    if (!p) throw std::bad_alloc();
    return p;
#endif
  }
  static std::size_t round_up(std::size_t bytes) { return (bytes + huge - 1) & ~(huge - 1); }
  void release() {
    if (!m_data) return;
#if defined(__linux__)
    munmap(m_data, round_up(m_bytes));
#else
    std::free(m_data);
#endif
    m_data = nullptr;
  }

  void* m_data = nullptr;
  std::size_t m_bytes = 0;
};

}  // namespace ht::detail

#endif
