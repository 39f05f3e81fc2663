#ifndef HEAT_CORE_SELECTION_HPP
#define HEAT_CORE_SELECTION_HPP

/// Order statistics of distributed values without a sort: a radix select.
///
/// Contract:
/// - The values are this rank's rows of a row-major block x (rows x d);
///   each row belongs to one of `groups` groups (group_of(i), or -1: the row
///   takes no part) and each (group, column) pair is a set of values spread
///   over the ranks.
/// - A target t = ((g * d + j) * per + h) asks for the value of 0-based rank
///   rank[t] in the set (g, j) (per targets per set: h in [0, per)). The
///   answer is exact (one of the values, found bit by bit) and the same at
///   every rank count and on every rank.
/// - The first round takes the top `w` bits of every value: one histogram of
///   2^w counts per set, w = 16 where the sets are few and large (the
///   largest target rank, known alike on every rank, bounds a set's size
///   from below; sets x 2^w at most 2^20 counts), down to 4 where they are
///   not (see first_width). Then four bits per round: 1 + (64 - w) / 4
///   rounds (13 to 16), each one histogram summed by the caller's `sum` (an
///   Allreduce for distributed rows, nothing for replicated ones): after the
///   first, targets x 16 counts. Columns are shared out to the rank's
///   threads (heat/core/host_threads.hpp): every count belongs to one column.
///   Targets of a set that share their known bits share their values: a
///   value is counted once, for its group (a value matches at most one),
///   and the group's histogram is copied to its other targets before the
///   sum.
/// - The rounds read x while most values can still be a target; once the
///   histograms show (globally, so every rank decides alike) that at most
///   an eighth of the values still share a target's known bits, each rank
///   keeps those values' keys per column (at most a quarter of x's bytes)
///   and the later rounds read and shrink only those: two passes over x
///   where the first round is wide (RobustScaler on 1e7 x 10: 5.1 s with
///   four-bit rounds only, see docs/perf/classification), about five where
///   it is four bits.
/// - The values must not be NaN (the caller refuses them); -0.0 orders
///   before 0.0. A set smaller than a target's rank gives an unspecified value.

#include "heat/core/host.hpp"
#include "heat/core/host_threads.hpp"

#include <Kokkos_Core.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

namespace ht::detail {

/// An unsigned key with the order of the doubles (no NaN here).
inline std::uint64_t order_key(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : u | (std::uint64_t{1} << 63);
}
inline double from_order_key(std::uint64_t key) {
  const std::uint64_t u = (key >> 63) ? key & ~(std::uint64_t{1} << 63) : ~key;
  double v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

namespace select {

constexpr int bits = 4, buckets = 1 << bits;

/// A value still in play once the rounds stop reading x: its key and group.
struct candidate {
  std::uint64_t key;
  std::int64_t group;
};

/// The radix select's state: every target's known bits and its rank among
/// the values that share them.
struct state {
  std::int64_t d, per;
  std::vector<std::uint64_t> prefix;
  std::vector<std::int64_t> rank;
  /// Per set, the first target of each group of targets that share their
  /// known bits (group), and which one each target follows (rep): a value
  /// matches at most one group, so it is counted once, into its group's
  /// first target, whose histogram the others copy before the sum.
  std::vector<std::int64_t> firsts, first_count, rep;
  /// The known bits of v this round (those above shift + bits; none in the first round).
  static std::uint64_t known(std::uint64_t v, int shift) { return shift + bits >= 64 ? 0 : v >> (shift + bits); }
  void group(int shift) {
    const auto sets = static_cast<std::int64_t>(prefix.size()) / per;
    firsts.assign(prefix.size(), 0);
    first_count.assign(static_cast<std::size_t>(sets), 0);
    rep.assign(prefix.size(), 0);
    for (std::int64_t s = 0; s < sets; ++s)
      for (std::int64_t h = 0; h < per; ++h) {
        const std::int64_t t = s * per + h;
        std::int64_t e = 0;
        while (e < first_count[s] && known(prefix[firsts[s * per + e]], shift) != known(prefix[t], shift)) ++e;
        if (e == first_count[s]) firsts[s * per + first_count[s]++] = t;
        rep[t] = firsts[s * per + e];
      }
  }
  /// Counts key (of set (g, j)) for the group of the set's targets whose known bits it shares, if any.
  template <class Hist>
  void count(const Hist& hist, std::uint64_t key, std::int64_t g, std::int64_t j, int shift) const {
    const std::int64_t s = g * d + j;
    const std::uint64_t high = known(key, shift);
    for (std::int64_t e = 0; e < first_count[s]; ++e) {
      const std::int64_t t = firsts[s * per + e];
      if (known(prefix[t], shift) == high) {
        hist(t * buckets + ((key >> shift) & (buckets - 1)))++;
        return;
      }
    }
  }
  /// The groups' histograms copied to the targets that follow them.
  template <class Hist>
  void copy_groups(const Hist& hist) const {
    for (std::size_t t = 0; t < rep.size(); ++t)
      if (rep[t] != static_cast<std::int64_t>(t))
        for (std::int64_t b = 0; b < buckets; ++b)
          hist(static_cast<std::int64_t>(t) * buckets + b) = hist(rep[t] * buckets + b);
  }
  /// Whether key shares some target's bits of set (g, j) above `shift` (after this round's choice).
  bool alive(std::uint64_t key, std::int64_t g, std::int64_t j, int shift) const {
    for (std::int64_t h = 0; h < per; ++h)
      if ((key >> shift) == (prefix[(g * d + j) * per + h] >> shift)) return true;
    return false;
  }
  /// Picks each target's bucket from the summed histograms (this round
  /// `width` bits wide, below `shift`; one histogram per target, or per set
  /// in the first round); returns how many values (over all ranks) still
  /// share some target's bits.
  template <class Hist>
  std::int64_t choose(const Hist& hist, int shift, int width, bool per_set) {
    std::int64_t alive_count = 0;
    const std::int64_t sets = static_cast<std::int64_t>(prefix.size()) / per, n_b = std::int64_t{1} << width;
    for (std::int64_t s = 0; s < sets; ++s)
      for (std::int64_t h = 0; h < per; ++h) {
        const std::int64_t t = s * per + h, at = (per_set ? s : t) * n_b;
        std::int64_t below = 0, b = 0;
        while (b < n_b - 1 && below + hist(at + b) <= rank[t]) below += hist(at + b++);
        prefix[t] |= static_cast<std::uint64_t>(b) << shift;
        rank[t] -= below;
        bool repeated = false;  // targets of one set with the same bits hold the same values
        for (std::int64_t e = 0; e < h; ++e) repeated = repeated || (prefix[s * per + e] == prefix[t]);
        if (!repeated) alive_count += hist(at + b);
      }
    return alive_count;
  }
};

/// The first round's width in bits (4, 8, 12 or 16): wider while the sets'
/// histograms stay within 2^20 counts together and the largest target rank
/// (a lower bound of its set's size) leaves at least 16 values per bucket
/// on average. The same on every rank: it reads only the targets.
inline int first_width(const std::vector<std::int64_t>& rank, std::int64_t sets) {
  std::int64_t largest = 0;
  for (const std::int64_t r : rank) largest = r > largest ? r : largest;
  int w = bits;
  while (w < 16 && (sets << (w + bits)) <= (std::int64_t{1} << 20) && (std::int64_t{16} << (w + bits)) <= largest)
    w += bits;
  return w;
}

/// The first round's counts: every value of set (g, j) into that set's
/// histogram of 2^width buckets by its top `width` bits.
template <class T, class Group, class Hist>
void count_top_bits(const Hist& hist, const T* x, std::int64_t rows, std::int64_t d, Group& group_of, int width,
                    const row_cut& by_column) {
  for_each_slice(by_column, [&](std::int64_t, std::int64_t j0, std::int64_t j1) {
    for (std::int64_t i = 0; i < rows; ++i) {
      const std::int64_t g = group_of(i);
      if (g < 0) continue;
      for (std::int64_t j = j0; j < j1; ++j)
        hist(((g * d + j) << width) +
             static_cast<std::int64_t>(order_key(static_cast<double>(x[i * d + j])) >> (64 - width)))++;
    }
  });
}

}  // namespace select

/// The values of the targets' ranks (see the contract), in target order.
template <class T, class Group, class Sum>
std::vector<double> select_ranks(const T* x, std::int64_t rows, std::int64_t d, std::int64_t groups, Group&& group_of,
                                 std::vector<std::int64_t> rank, std::int64_t per, Sum&& sum) {
  using select::bits;
  using select::buckets;
  const std::int64_t targets = groups * d * per;
  const int wide = select::first_width(rank, groups * d);
  select::state st{d,  per, std::vector<std::uint64_t>(static_cast<std::size_t>(targets), 0), std::move(rank), {},
                   {}, {}};
  const row_cut by_column = cut_rows(d, 1);
  std::int64_t in_play = 0, alive = 0;  // all values; those still sharing some target's bits
  {
    const auto top = host_buffer<std::int64_t>("heat::select top", static_cast<std::size_t>((groups * d) << wide));
    select::count_top_bits(top, x, rows, d, group_of, wide, by_column);
    sum(top);
    for (std::size_t b = 0; b < top.extent(0); ++b) in_play += top(b);
    alive = st.choose(top, 64 - wide, wide, true);
  }
  const auto hist = host_buffer<std::int64_t>("heat::select", static_cast<std::size_t>(targets * buckets));
  bool compacted = false;                            // whether the rounds read `kept` instead of x
  std::vector<std::vector<select::candidate>> kept;  // per column: the values still in play
  for (int shift = 64 - wide; shift > 0; shift -= bits) {
    // From x once at most an eighth of the values are in play (a global
    // count: every rank decides alike), then shrinking the lists.
    if (compacted || 8 * alive <= in_play) {
      if (!compacted) kept.resize(static_cast<std::size_t>(d));
      for_each_slice(by_column, [&](std::int64_t, std::int64_t j0, std::int64_t j1) {
        for (std::int64_t j = j0; j < j1; ++j) {
          std::vector<select::candidate> next;
          if (!compacted) {
            for (std::int64_t i = 0; i < rows; ++i) {
              const std::int64_t g = group_of(i);
              const std::uint64_t key = order_key(static_cast<double>(x[i * d + j]));
              if (g >= 0 && st.alive(key, g, j, shift)) next.push_back({key, g});
            }
          } else {
            for (const select::candidate& c : kept[j])
              if (st.alive(c.key, c.group, j, shift)) next.push_back(c);
          }
          kept[j] = std::move(next);
        }
      });
      compacted = true;
    }
    const int below = shift - bits;  // this round's digit: bits [below, shift)
    Kokkos::deep_copy(hist, 0);
    st.group(below);
    for_each_slice(by_column, [&](std::int64_t, std::int64_t j0, std::int64_t j1) {
      if (compacted) {
        for (std::int64_t j = j0; j < j1; ++j)
          for (const select::candidate& c : kept[j]) st.count(hist, c.key, c.group, j, below);
        return;
      }
      for (std::int64_t i = 0; i < rows; ++i) {
        const std::int64_t g = group_of(i);
        if (g < 0) continue;
        for (std::int64_t j = j0; j < j1; ++j)
          st.count(hist, order_key(static_cast<double>(x[i * d + j])), g, j, below);
      }
    });
    st.copy_groups(hist);
    sum(hist);
    alive = st.choose(hist, below, bits, false);
  }
  std::vector<double> out(static_cast<std::size_t>(targets));
  for (std::int64_t t = 0; t < targets; ++t) out[t] = from_order_key(st.prefix[t]);
  return out;
}

}  // namespace ht::detail

#endif
