#ifndef HEAT_CORE_DISTRIBUTION_HPP
#define HEAT_CORE_DISTRIBUTION_HPP

#include "heat/core/errors.hpp"
#include "heat/core/shape.hpp"

#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace ht {

/// HeAT's balanced blocks: n / p rows each, the first n % p ranks one more.
inline std::vector<std::int64_t> balanced_counts(std::int64_t n, int p) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(p), n / p);
  for (std::int64_t r = 0; r < n % p; ++r) ++counts[static_cast<std::size_t>(r)];
  return counts;
}

/// Who holds which block of a global array. Every rank holds the same
/// distribution object, so questions about any rank need no message.
class distribution {
 public:
  /// A replicated array, or a split one with the given per-rank extents along the split axis.
  distribution(shape_t gshape, split_t split, int nranks, std::vector<std::int64_t> counts)
      : m_gshape(std::move(gshape)), m_nranks(nranks), m_counts(std::move(counts)) {
    check_shape(m_gshape);
    split = normalize_split(split, ndim());
    m_split = split ? *split : -1;
    if (split) {
      detail::check(static_cast<int>(m_counts.size()) == m_nranks, "distribution needs one count per rank");
      m_displs.assign(m_counts.size(), 0);
      std::exclusive_scan(m_counts.begin(), m_counts.end(), m_displs.begin(), std::int64_t{0});
      detail::check(std::accumulate(m_counts.begin(), m_counts.end(), std::int64_t{0}) ==
                        m_gshape[static_cast<std::size_t>(m_split)],
                    "per-rank counts do not add up to the extent of the split axis");
    } else {
      m_counts.clear();
    }
  }

  /// The balanced distribution of gshape over nranks along split.
  static distribution balanced(const shape_t& gshape, split_t split, int nranks) {
    check_shape(gshape);
    split = normalize_split(split, static_cast<std::int64_t>(gshape.size()));
    return {gshape, split, nranks, split ? balanced_counts(gshape[*split], nranks) : std::vector<std::int64_t>{}};
  }

  const shape_t& gshape() const { return m_gshape; }
  split_t split() const { return m_split < 0 ? split_t{} : split_t{m_split}; }
  int nranks() const { return m_nranks; }
  std::int64_t ndim() const { return static_cast<std::int64_t>(m_gshape.size()); }
  std::int64_t size() const { return shape_size(m_gshape); }
  /// Extents along the split axis, one per rank (empty when replicated).
  const std::vector<std::int64_t>& counts() const { return m_counts; }
  /// Offsets along the split axis, one per rank (empty when replicated).
  const std::vector<std::int64_t>& displs() const { return m_displs; }

  /// First index along the split axis held by rank (0 when replicated).
  std::int64_t offset(int rank) const { return m_split >= 0 ? m_displs[static_cast<std::size_t>(rank)] : 0; }
  /// Shape of rank's block.
  shape_t lshape(int rank) const {
    shape_t s = m_gshape;
    if (m_split >= 0) s[static_cast<std::size_t>(m_split)] = m_counts[static_cast<std::size_t>(rank)];
    return s;
  }
  std::int64_t lsize(int rank) const { return shape_size(lshape(rank)); }

  /// The rank that holds index i along the split axis (the lowest such rank).
  int owner(std::int64_t i) const {
    for (int r = 0; r < m_nranks; ++r)
      if (i < m_displs[static_cast<std::size_t>(r)] + m_counts[static_cast<std::size_t>(r)]) return r;
    return m_nranks - 1;
  }

  /// Every rank holds its balanced share.
  bool is_balanced() const {
    return m_split < 0 || m_counts == balanced_counts(m_gshape[static_cast<std::size_t>(m_split)], m_nranks);
  }

  friend bool operator==(const distribution&, const distribution&) = default;

 private:
  shape_t m_gshape;
  // The split axis, -1 when replicated. Not a split_t: the payload of an
  // empty std::optional is never written, GCC's code may test it before
  // the flag, and valgrind reports that as a jump on an undefined value.
  std::int64_t m_split = -1;
  int m_nranks;
  std::vector<std::int64_t> m_counts;
  std::vector<std::int64_t> m_displs;
};

}  // namespace ht

#endif
