#ifndef HEAT_IO_CSV_HPP
#define HEAT_IO_CSV_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/io/mpiio.hpp"

#include <mpi.h>
#include <Kokkos_Core.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <vector>

namespace ht {

/// How a CSV file is laid out.
struct csv_options {
  char sep = ',';                 ///< the field separator
  std::int64_t header_lines = 0;  ///< lines skipped at the top
};

/// Reads a CSV file of numbers into a 2-D array (rows x columns; split 0 or
/// none, or 1 by a resplit). With split 0 each rank reads one byte range of
/// the file, starts at its first full line and parses the lines that start
/// there (as HeAT does); no rank reads the whole file. Every row must have
/// the first row's number of fields. A short row or a cell that is not a
/// number throws ValueError naming the file and line, a missing or empty
/// file IOError, on every rank.
template <class T>
DNDarray<T> load_csv(const std::string& path, split_t split = none, csv_options options = {},
                     const communicator& comm = comm_world());

/// Writes a 1-D or 2-D array as CSV, rows in order: each rank formats its
/// rows and writes them at their offset (collective MPI-IO), no rank gathers.
template <class T>
void save_csv(const DNDarray<T>& x, const std::string& path, csv_options options = {});

// ---------------------------------------------------------------------------

namespace detail::csv {

/// One field as T; false when it is not a number of that kind or does not fit T.
template <class T>
bool parse_field(const char* begin, const char* end, T& out) {
  while (begin < end && (*begin == ' ' || *begin == '\t')) ++begin;
  while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) --end;
  if (begin == end) return false;
  if constexpr (std::is_floating_point_v<T>) {
    // strtod understands nan and inf like NumPy's loadtxt; needs a terminated copy.
    // Too large for T gives inf, as in NumPy.
    std::string s(begin, end);
    char* stop = nullptr;
    if constexpr (std::is_same_v<T, float>)
      out = std::strtof(s.c_str(), &stop);
    else
      out = std::strtod(s.c_str(), &stop);
    return stop == s.c_str() + s.size();
  } else if constexpr (std::is_same_v<T, bool>) {
    const std::string s(begin, end);
    if (s == "1" || s == "True" || s == "true")
      out = true;
    else if (s == "0" || s == "False" || s == "false")
      out = false;
    else
      return false;
    return true;
  } else {
    std::int64_t v = 0;
    if (*begin == '+') ++begin;
    const auto r = std::from_chars(begin, end, v);
    if (r.ec != std::errc() || r.ptr != end || !ht::detail::fits<T>(v)) return false;
    out = static_cast<T>(v);
    return true;
  }
}

/// This rank's share of the file: its byte range [lo, hi), extended to the
/// end of the line it cuts (one more read of at most a line's length, found
/// by reading on in pieces), and whether the range starts a line.
/// Independent reads, no collective; IOError when a read fails or comes back
/// short (the file shrank after it was opened).
inline std::string read_range(MPI_File f, std::int64_t size, std::int64_t lo, std::int64_t hi, const std::string& path,
                              bool& starts_line) {
  auto read = [&](std::int64_t at, std::int64_t n) {
    std::string buf(static_cast<std::size_t>(std::max<std::int64_t>(n, 0)), '\0');
    if (n > 0) {
      MPI_Status st;
      int got = -1;
      if (MPI_File_read_at(f, at, buf.data(), static_cast<int>(n), MPI_CHAR, &st) == MPI_SUCCESS)
        MPI_Get_count(&st, MPI_CHAR, &got);
      ht::detail::check<IOError>(got == n, path, ": reading ", n, " bytes at offset ", at, " failed (",
                                 std::max(got, 0), " read: did the file shrink while it was read?)");
    }
    return buf;
  };
  // One byte before the range tells whether the range starts a line.
  starts_line = lo == 0 || read(lo - 1, 1) == "\n";
  std::string text = read(lo, hi - lo);
  std::int64_t end = hi;
  while (end < size && (text.empty() || text.back() != '\n')) {
    const std::string more = read(end, std::min<std::int64_t>(65536, size - end));
    const auto nl = more.find('\n');
    text += nl == std::string::npos ? more : more.substr(0, nl + 1);
    end += nl == std::string::npos ? static_cast<std::int64_t>(more.size()) : static_cast<std::int64_t>(nl + 1);
    if (nl != std::string::npos) break;
  }
  return text;
}

/// The lines that start in this rank's range of `range` bytes (a line cut by
/// the range start belongs to the rank before): [begin, end) in text.
inline std::vector<std::pair<std::size_t, std::size_t>> lines_of(const std::string& text, bool starts_line,
                                                                 std::int64_t range) {
  std::size_t at = 0;
  if (!starts_line) {
    const auto nl = text.find('\n');
    at = nl == std::string::npos ? text.size() : nl + 1;
    if (static_cast<std::int64_t>(at) > range) at = text.size();  // no line starts here
  }
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  while (at < text.size() && static_cast<std::int64_t>(at) < range) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    lines.emplace_back(at, nl);
    at = nl + 1;
  }
  return lines;
}

/// Parses the data rows ([begin, end) in text, at line numbers row_line) of
/// width fields each into values; ValueError naming the file, line and
/// field at the first bad one.
template <class T>
void parse_rows(const std::string& text, const std::vector<std::pair<std::size_t, std::size_t>>& rows,
                const std::vector<std::int64_t>& row_line, std::int64_t width, char sep, const std::string& path,
                std::vector<T>& values) {
  auto fields_of = [&](std::size_t b, std::size_t e) {
    std::int64_t n = 1;
    for (std::size_t c = b; c < e; ++c) n += text[c] == sep;
    return n;
  };
  values.reserve(rows.size() * static_cast<std::size_t>(width));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto [b, e] = rows[r];
    const std::int64_t fields = fields_of(b, e);
    ht::detail::check<ValueError>(fields == width, path, ", line ", row_line[r], ": ", fields, " fields, expected ",
                                  width);
    std::size_t start = b;
    for (std::int64_t c = 0; c < width; ++c) {
      std::size_t stop = start;
      while (stop < e && text[stop] != sep) ++stop;
      T v{};
      ht::detail::check<ValueError>(parse_field(text.data() + start, text.data() + stop, v), path, ", line ",
                                    row_line[r], ", field ", c + 1, ": '", text.substr(start, stop - start),
                                    "' is not a valid ", type_name<T>());
      values.push_back(v);
      start = stop + 1;
    }
  }
}

template <class T>
std::string format(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<double>(v));  // shortest round trip
    return std::string(buf, r.ptr);
  } else {
    return std::to_string(static_cast<std::int64_t>(v));
  }
}

}  // namespace detail::csv

template <class T>
DNDarray<T> load_csv(const std::string& path, split_t split, csv_options options, const communicator& comm) {
  namespace csv = detail::csv;
  using ht::detail::agreement_point;
  using ht::detail::error_kind;
  const int p = comm.size(), me = comm.rank();
  detail::io::file in(comm, path, false);
  const std::int64_t size = in.size();
  const std::int64_t lo = size * me / p, hi = size * (me + 1) / p;
  // Read this rank's range and find its lines (rank-local), close, agree.
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  agreement_point read(comm, "load_csv: read", error_kind::io);
  read.run([&] {
    bool starts_line = true;
    text = csv::read_range(in.handle(), size, lo, hi, path, starts_line);
    lines = csv::lines_of(text, starts_line, hi - lo);
  });
  read.require(in.close(), path + ": closing the file failed");
  read.conclude();
  ht::detail::check<IOError>(size > 0, path, ": empty file");
  // Global line numbers: the lines of the ranks before (one Allgatherv).
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> mine("heat::csv::lines", 1),
      all("heat::csv::all_lines", static_cast<std::size_t>(p));
  mine(0) = static_cast<std::int64_t>(lines.size());
  allgatherv(comm, mine, all, std::vector<std::int64_t>(static_cast<std::size_t>(p), 1));
  std::int64_t first_line = 0;
  for (int r = 0; r < me; ++r) first_line += all(r);
  // Skip the header lines and blank lines; the first data row fixes the width.
  std::vector<std::pair<std::size_t, std::size_t>> rows;
  std::vector<std::int64_t> row_line;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::int64_t number = first_line + static_cast<std::int64_t>(i) + 1;
    if (number <= options.header_lines) continue;
    const auto [b, e] = lines[i];
    bool blank = true;
    for (std::size_t c = b; c < e && blank; ++c) blank = text[c] == ' ' || text[c] == '\t' || text[c] == '\r';
    if (blank) continue;
    rows.emplace_back(b, e);
    row_line.push_back(number);
  }
  // The width: the first data row of the lowest rank that has one.
  const std::int64_t first_rank = allreduce(comm, rows.empty() ? std::int64_t{p} : std::int64_t{me}, reduce_op::min);
  ht::detail::check<ValueError>(first_rank < p, path, ": no data rows");
  std::int64_t width = 1;
  if (me == first_rank)
    for (std::size_t c = rows.front().first; c < rows.front().second; ++c) width += text[c] == options.sep;
  width = allreduce(comm, me == first_rank ? width : std::int64_t{0}, reduce_op::max);
  // Parse (rank-local); the first bad row in file order is every rank's error.
  std::vector<T> values;
  ht::detail::agreed(comm, "load_csv: parse", error_kind::value,
                     [&] { csv::parse_rows<T>(text, rows, row_line, width, options.sep, path, values); });
  std::string().swap(text);
  // Rows as read, then balanced.
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> nrows("heat::csv::rows", 1),
      counts_v("heat::csv::counts", static_cast<std::size_t>(p));
  nrows(0) = static_cast<std::int64_t>(rows.size());
  allgatherv(comm, nrows, counts_v, std::vector<std::int64_t>(static_cast<std::size_t>(p), 1));
  std::vector<std::int64_t> counts(counts_v.data(), counts_v.data() + p);
  std::int64_t total = 0;
  for (auto c : counts) total += c;
  DNDarray<T> out = ht::detail::agreed(comm, "load_csv: block", error_kind::memory, [&] {
    return DNDarray<T>(distribution({total, width}, 0, p, counts), comm);
  });
  ht::detail::copy_from_host(out.local_view(), values.data(), values.size());
  std::vector<T>().swap(values);
  out.balance_();
  if (split != split_t{0}) out.resplit_(split);
  return out;
}

template <class T>
void save_csv(const DNDarray<T>& x, const std::string& path, csv_options options) {
  ht::detail::check(x.ndim() == 1 || x.ndim() == 2, "save_csv writes 1-D or 2-D arrays, got ", to_string(x.shape()));
  const communicator& comm = x.comm();
  const DNDarray<T> src = x.split() && *x.split() != 0 ? resplit(x, 0) : x;
  const bool writes = src.split() || comm.rank() == 0;
  const std::int64_t width = x.ndim() == 2 ? x.shape()[1] : 1;
  // This rank's rows as text (rank-local: its size is the data's).
  const std::string text = ht::detail::agreed(comm, "save_csv: format", ht::detail::error_kind::memory, [&] {
    auto host = ht::detail::host_copy(src.local_view());
    std::string t;
    if (writes)
      for (std::int64_t i = 0; i < src.lsize(); ++i) {
        t += detail::csv::format(host(i));
        t += (i + 1) % width == 0 ? '\n' : options.sep;
      }
    return t;
  });
  // Offsets: the bytes of the ranks before (one Allgatherv).
  const int p = comm.size();
  Kokkos::View<std::int64_t*, Kokkos::HostSpace> mine("heat::csv::bytes", 1),
      all("heat::csv::all_bytes", static_cast<std::size_t>(p));
  mine(0) = static_cast<std::int64_t>(text.size());
  allgatherv(comm, mine, all, std::vector<std::int64_t>(static_cast<std::size_t>(p), 1));
  std::int64_t offset = 0;
  for (int r = 0; r < comm.rank(); ++r) offset += all(r);
  detail::io::file out(comm, path, true);
  bool ok = detail::io::io_all(out.handle(), offset, reinterpret_cast<unsigned char*>(const_cast<char*>(text.data())),
                               static_cast<std::int64_t>(text.size()), true, comm);
  ok = out.close() && ok;
  detail::io::agree(comm, "save_csv: write", ok, path, "write failed (is the file system full?)");
}

}  // namespace ht

#endif
