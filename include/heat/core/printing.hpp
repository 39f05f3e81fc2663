#ifndef HEAT_CORE_PRINTING_HPP
#define HEAT_CORE_PRINTING_HPP

#include "heat/core/dndarray.hpp"
#include "heat/core/host.hpp"
#include "heat/expr/assign.hpp"

#include <Kokkos_Core.hpp>
#include <xtensor/xarray.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

namespace ht {

/// Prints the global array like NumPy (abbreviated above 1000 elements, three
/// items at each edge), with HeAT's dtype and split. Every rank must call it
/// (it gathers the printed part); only rank 0 writes.
template <class T>
std::ostream& operator<<(std::ostream& os, const DNDarray<T>& x);

/// A lazy expression prints as its value (it is evaluated first).
template <class F, class... A>
std::ostream& operator<<(std::ostream& os, const function_node<F, A...>& e) {
  return os << eval(e);
}

/// NumPy's print options (its defaults): at most `precision` fractional
/// digits, arrays above `threshold` elements summarised by `edgeitems` at
/// each edge of every axis, lines of at most `linewidth` characters.
struct print_options {
  int precision = 8;
  std::int64_t threshold = 1000;
  std::int64_t edgeitems = 3;
  std::int64_t linewidth = 75;
};

/// The options every later print uses (set on every rank alike: printing is collective).
void set_printoptions(const print_options& options);
/// HeAT's profiles: "default" (NumPy's defaults), "short" (precision 2,
/// 2 edge items), "full" (never summarised); anything else: ValueError.
void set_printoptions(const std::string& profile);
print_options get_printoptions();
/// HeAT's local_printing: from now on each rank prints its own block (no
/// message; every rank writes); global_printing goes back to the whole array.
void local_printing();
void global_printing();

/// HeAT's print0: the array and a newline, written by rank 0 only (collective).
template <class T>
void print0(const DNDarray<T>& x, std::ostream& os = std::cout) {
  os << x;
  if (x.comm().rank() == 0) os << "\n";
}

// ---------------------------------------------------------------------------

namespace detail {

/// The print options in force, and whether each rank prints its own block.
struct print_state {
  print_options options;
  bool local = false;
};
inline print_state& printing() {
  static print_state s;
  return s;
}

/// The global indices printed along one axis: all of them, or the edges.
inline std::vector<std::int64_t> printed_indices(std::int64_t n, bool summarize) {
  const std::int64_t e = printing().options.edgeitems;
  std::vector<std::int64_t> idx;
  for (std::int64_t i = 0; i < n; ++i)
    if (!summarize || n <= 2 * e || i < e || i >= n - e) idx.push_back(i);
  return idx;
}

/// The printed part of x (edges only when summarising), replicated: each
/// rank cuts its own printed rows, one Allgatherv joins them.
template <class T>
xt::xarray<T> printed_part(const DNDarray<T>& x, bool summarize) {
  const auto nd = static_cast<std::size_t>(x.ndim());
  std::vector<std::vector<std::int64_t>> idx(nd);
  shape_t pshape(nd);
  for (std::size_t d = 0; d < nd; ++d) {
    idx[d] = printed_indices(x.shape()[d], summarize);
    pshape[d] = static_cast<std::int64_t>(idx[d].size());
  }
  const int p = x.comm().size();
  std::vector<std::int64_t> counts;
  if (x.split()) {
    // Which printed rows each rank holds follows from the shared layout.
    const auto s = static_cast<std::size_t>(*x.split());
    const auto& [c, o] = x.counts_displs();
    std::vector<std::int64_t> local;
    for (int r = 0; r < p; ++r) {
      std::int64_t n = 0;
      for (auto i : idx[s])
        n += (i >= o[static_cast<std::size_t>(r)] &&
              i < o[static_cast<std::size_t>(r)] + c[static_cast<std::size_t>(r)]);
      counts.push_back(n);
    }
    for (auto i : idx[s])
      if (i >= x.offset() && i < x.offset() + x.lshape()[s]) local.push_back(i - x.offset());
    idx[s] = local;
  }
  const distribution pdist(pshape, x.split(), p, counts);
  DNDarray<T> part(pdist, x.comm());
  auto h = ht::detail::host_copy(x.local_view());
  auto out = Kokkos::create_mirror_view(part.local_view());
  // Walk the printed local coordinates in row-major order.
  std::vector<std::size_t> pos(nd, 0);
  for (std::int64_t k = 0; k < part.lsize(); ++k) {
    std::int64_t flat = 0;
    for (std::size_t d = 0; d < nd; ++d) flat = flat * x.lshape()[d] + idx[d][pos[d]];
    out(static_cast<std::size_t>(k)) = h(static_cast<std::size_t>(flat));
    for (std::size_t d = nd; d-- > 0;) {
      if (++pos[d] < idx[d].size()) break;
      pos[d] = 0;
    }
  }
  Kokkos::deep_copy(part.local_view(), out);
  return part.to_xarray();
}

inline std::string format_general(double v, const char* conv, int precision) {
  char buf[64];
  std::snprintf(buf, sizeof buf, conv, precision, v);
  return buf;
}

/// NumPy's default float style: at most `precision` (8) fractional digits,
/// fewer when the value is exact with fewer; scientific when magnitudes span
/// too much.
template <class T>
std::vector<std::string> format_floats(const std::vector<T>& v) {
  const int most = printing().options.precision;
  double max_abs = 0, min_abs = INFINITY;
  for (T x : v)
    if (std::isfinite(x) && x != 0) {
      max_abs = std::max(max_abs, std::abs(static_cast<double>(x)));
      min_abs = std::min(min_abs, std::abs(static_cast<double>(x)));
    }
  const bool sci = max_abs >= 1e8 || (max_abs > 0 && (min_abs < 1e-4 || max_abs / min_abs > 1e3));
  const char* conv = sci ? "%.*e" : "%.*f";
  // Digits each value needs to read back as itself; at most `most`, and
  // then without the trailing zeros of the rounded value.
  auto digits = [&](T x) {
    for (int p = 0; p < most; ++p)
      if (static_cast<T>(std::strtod(format_general(x, conv, p).c_str(), nullptr)) == x) return p;
    std::string s = format_general(x, conv, most);
    const auto mantissa_end = sci ? s.find('e') : s.size();
    const auto dot = s.find('.');
    auto last = s.find_last_not_of('0', mantissa_end - 1);
    return static_cast<int>(last == dot ? 0 : last - dot);
  };
  int prec = 0;
  for (T x : v)
    if (std::isfinite(x)) prec = std::max(prec, digits(x));
  std::vector<std::string> out;
  std::size_t int_width = 0, frac_width = 0, special_width = 0;
  for (T x : v) {
    std::string s;
    if (!std::isfinite(x)) {
      s = std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
      special_width = std::max(special_width, s.size());
    } else {
      // Fixed: each value with its own digits, the rest becomes padding
      // (NumPy prints 0.5 beside 1.25 as "0.5 "); scientific: one precision.
      s = format_general(x, conv, sci ? prec : digits(x));
      if (s.find('.') == std::string::npos) s.insert(sci ? s.find('e') : s.size(), ".");
      const auto dot = s.find('.');
      int_width = std::max(int_width, dot);
      frac_width = std::max(frac_width, s.size() - dot);
    }
    out.push_back(s);
  }
  // Non-finite values are right-aligned in the common width.
  if (special_width > int_width + frac_width) int_width = special_width - frac_width;
  for (auto& s : out) {
    const auto dot = s.find('.');
    if (dot == std::string::npos)
      s = std::string(int_width + frac_width - s.size(), ' ') + s;
    else
      s = std::string(int_width - dot, ' ') + s + std::string(frac_width - (s.size() - dot), ' ');
  }
  return out;
}

template <class T>
std::vector<std::string> format_elements(const xt::xarray<T>& a) {
  std::vector<T> v(a.begin(), a.end());
  std::vector<std::string> out;
  if constexpr (std::is_floating_point_v<T>) {
    out = format_floats(v);
  } else {
    for (T x : v) {
      if constexpr (std::is_same_v<T, bool>)
        out.push_back(x ? "True" : "False");
      else
        out.push_back(std::to_string(static_cast<std::int64_t>(x)));
    }
    std::size_t w = 0;
    for (auto& s : out) w = std::max(w, s.size());
    for (auto& s : out) s = std::string(w - s.size(), ' ') + s;
  }
  return out;
}

/// Appends word to the current line, first wrapping it when it would pass
/// width (never when the line holds only its indent).
inline void extend_line(std::string& s, std::string& line, const std::string& word, std::size_t width,
                        const std::string& indent) {
  if (line.size() + word.size() > width && line.size() > indent.size()) {
    s += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
    line = indent;
  }
  line += word;
}

/// NumPy's layout of nested brackets: `full` holds the global extents,
/// `printed` the printed ones (edges only where cut), `elems` the printed
/// elements in row-major order; `indent` is the hanging indent and `width`
/// what is left of the line width at this depth.
inline std::string nested(const std::vector<std::string>& elems, const shape_t& full, const shape_t& printed,
                          std::size_t axis, std::size_t& next, const std::string& indent, std::size_t width) {
  const std::size_t nd = full.size();
  const bool cut = printed[axis] < full[axis];
  const std::int64_t n = printed[axis];
  const std::string sep = ", ";
  std::string s;
  if (axis + 1 == nd) {
    const std::size_t elem_width = width - 1;  // room for "," or "]"
    std::string line = indent;
    for (std::int64_t i = 0; i < n; ++i) {
      if (cut && i == printing().options.edgeitems) {
        extend_line(s, line, "...", elem_width, indent);
        line += sep;
      }
      extend_line(s, line, elems[next++], elem_width, indent);
      if (i + 1 < n) line += sep;
    }
    s += line;
  } else {
    const std::string line_sep = "," + std::string(nd - axis - 1, '\n');
    for (std::int64_t i = 0; i < n; ++i) {
      if (cut && i == printing().options.edgeitems) s += indent + "..." + line_sep;
      s += indent + nested(elems, full, printed, axis + 1, next, indent + " ", width - 1);
      if (i + 1 < n) s += line_sep;
    }
  }
  return "[" + s.substr(indent.size()) + "]";
}

}  // namespace detail

inline void set_printoptions(const print_options& options) {
  detail::check(options.precision >= 0 && options.threshold >= 0 && options.edgeitems >= 0 && options.linewidth > 0,
                "set_printoptions: precision, threshold and edgeitems must be non-negative, linewidth positive");
  detail::printing().options = options;
}
inline void set_printoptions(const std::string& profile) {
  if (profile == "default")
    set_printoptions(print_options{});
  else if (profile == "short")
    set_printoptions(print_options{.precision = 2, .edgeitems = 2});
  else if (profile == "full")
    set_printoptions(print_options{.threshold = std::numeric_limits<std::int64_t>::max()});
  else
    detail::check(false, "set_printoptions: unknown profile '", profile, "' (default, short or full)");
}
inline print_options get_printoptions() { return detail::printing().options; }
inline void local_printing() { detail::printing().local = true; }
inline void global_printing() { detail::printing().local = false; }

template <class T>
std::ostream& operator<<(std::ostream& os, const DNDarray<T>& whole) {
  // Local printing: this rank's block as a one-rank array (no message).
  const bool local = detail::printing().local;
  const DNDarray<T> x =
      local ? DNDarray<T>(distribution(whole.lshape(), none, 1, {}), comm_self(), whole.local_view()) : whole;
  const bool summarize = x.size() > detail::printing().options.threshold;
  const xt::xarray<T> part = detail::printed_part(x, summarize);
  if (x.comm().rank() != 0) return os;
  const std::string head = "DNDarray(";
  std::string body;
  const auto elems = detail::format_elements(part);
  if (x.ndim() == 0) {
    body = elems.at(0);
  } else if (x.size() == 0) {
    body = "[]";
  } else {
    std::size_t next = 0;
    const shape_t printed(part.shape().begin(), part.shape().end());
    // Continuation lines start under the first "["'s content; NumPy's line
    // width, 75, less the "," that follows the data.
    body = detail::nested(elems, x.shape(), printed, 0, next, std::string(head.size() + 1, ' '),
                          static_cast<std::size_t>(detail::printing().options.linewidth - 1));
  }
  os << head << body;
  if (x.size() == 0 && x.ndim() > 1) os << ", shape=" << to_string(x.shape());
  os << ", dtype=ht." << type_name<T>() << ", device=" << (host_accessible ? "cpu" : "gpu")
     << ":0, split=" << to_string(whole.split()) << ")";
  return os;
}

}  // namespace ht

#endif
