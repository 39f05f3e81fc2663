#ifndef HEAT_IO_NPY_HPP
#define HEAT_IO_NPY_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/types.hpp"
#include "heat/io/mpiio.hpp"

#include <mpi.h>
#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace ht {

/// Reads a NumPy .npy file (format 1.0, 2.0 or 3.0; little- or big-endian;
/// C or Fortran order; bool, int8..int64, uint8..uint64, float32/64),
/// converted to T. Each rank reads only its own rows with MPI-IO; the header
/// is read once and broadcast. Bad files throw IOError naming the file, on
/// every rank.
template <class T>
DNDarray<T> load_npy(const std::string& path, split_t split = none, const communicator& comm = comm_world());

/// Writes x as a .npy file (format 1.0, or 2.0 for long headers; C order,
/// little-endian): rank 0 writes the header, every rank its own rows at
/// their offset (collective MPI-IO), no rank gathers the array.
template <class T>
void save_npy(const DNDarray<T>& x, const std::string& path);

// ---------------------------------------------------------------------------

namespace detail::npy {

/// What a header says.
struct header {
  char kind = 0;      // 'b', 'i', 'u', 'f'
  int bytes = 0;      // per element
  bool swap = false;  // big-endian data
  bool fortran = false;
  shape_t shape;
  std::int64_t data_offset = 0;
};

inline std::string descr_of_kind(char kind, int bytes) {
  return std::string(bytes == 1 ? "|" : "<") + kind + std::to_string(bytes);
}

template <class T>
std::string descr() {
  if constexpr (std::is_same_v<T, bool>)
    return "|b1";
  else if constexpr (std::is_floating_point_v<T>)
    return descr_of_kind('f', sizeof(T));
  else if constexpr (std::is_signed_v<T>)
    return descr_of_kind('i', sizeof(T));
  else
    return descr_of_kind('u', sizeof(T));
}

/// The value of key in the header's dict literal, as text; empty if absent.
inline std::string field(const std::string& dict, const std::string& key) {
  for (const char q : {'\'', '"'}) {
    const std::string k = std::string(1, q) + key + q;
    auto at = dict.find(k);
    if (at == std::string::npos) continue;
    at = dict.find(':', at + k.size());
    if (at == std::string::npos) return {};
    ++at;
    while (at < dict.size() && dict[at] == ' ') ++at;
    if (at >= dict.size()) return {};
    std::size_t end;
    if (dict[at] == '(') {
      end = dict.find(')', at);
      return end == std::string::npos ? std::string{} : dict.substr(at, end - at + 1);
    }
    if (dict[at] == '\'' || dict[at] == '"') {
      end = dict.find(dict[at], at + 1);
      return end == std::string::npos ? std::string{} : dict.substr(at + 1, end - at - 1);
    }
    end = dict.find_first_of(",}", at);
    return dict.substr(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return {};
}

/// Parses the bytes at the start of a file (all of the header or more);
/// returns an error message, empty on success.
inline std::string parse(const std::string& bytes, std::int64_t file_size, header& h) {
  static const char magic[] = "\x93NUMPY";
  if (bytes.size() < 10 || std::memcmp(bytes.data(), magic, 6) != 0) return "not a NumPy .npy file (bad magic)";
  const auto major = static_cast<unsigned char>(bytes[6]);
  std::int64_t len = 0, start = 0;
  if (major == 1) {
    len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return "truncated header";
    for (int i = 3; i >= 0; --i) len = (len << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(8 + i)]);
    start = 12;
  } else {
    return "unsupported .npy format version " + std::to_string(major);
  }
  if (static_cast<std::int64_t>(bytes.size()) < start + len) return "truncated header";
  const std::string dict = bytes.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(len));
  const std::string d = field(dict, "descr"), f = field(dict, "fortran_order"), s = field(dict, "shape");
  if (d.size() < 3 || f.empty() || s.empty()) return "header without descr, fortran_order or shape: " + dict;
  const char order = d[0], kind = d[1];
  if (order != '<' && order != '>' && order != '|' && order != '=')
    return "unsupported byte order in descr '" + d + "'";
  h.kind = kind;
  try {
    h.bytes = std::stoi(d.substr(2));
  } catch (...) {
    return "unsupported descr '" + d + "'";
  }
  const bool known = (kind == 'b' && h.bytes == 1) ||
                     ((kind == 'i' || kind == 'u') && (h.bytes == 1 || h.bytes == 2 || h.bytes == 4 || h.bytes == 8)) ||
                     (kind == 'f' && (h.bytes == 4 || h.bytes == 8));
  if (!known) return "unsupported element type '" + d + "' (bool, integers and float32/64 are read)";
  h.swap = order == '>' && h.bytes > 1;
  if (f != "True" && f != "False") return "fortran_order is neither True nor False: " + f;
  h.fortran = f == "True";
  h.shape.clear();
  std::string digits;
  for (char c : s.substr(1)) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == ',' || c == ')') {
      if (digits.size() > 18) return "shape extent too large in " + s;  // 18 digits fit an int64
      if (!digits.empty()) h.shape.push_back(std::stoll(digits));
      digits.clear();
    } else if (c != ' ' && c != 'L') {
      return "malformed shape " + s;
    }
  }
  if (static_cast<std::int64_t>(h.shape.size()) > max_ndim) return "too many dimensions in shape " + s;
  h.data_offset = start + len;
  std::int64_t data_bytes = h.bytes;
  for (const std::int64_t e : h.shape)
    if (__builtin_mul_overflow(data_bytes, e, &data_bytes))
      return "shape " + s + " has more bytes than an int64 counts";
  if (file_size - h.data_offset < data_bytes)
    return "truncated: the header promises " + std::to_string(data_bytes) + " data bytes, the file has " +
           std::to_string(std::max<std::int64_t>(0, file_size - h.data_offset));
  return {};
}

/// Converts n raw elements of the file's type to T; false when a value does
/// not fit T (NaN or out of range for an integer T), with out[i] left unset.
template <class T>
bool convert(const header& h, const unsigned char* raw, std::int64_t n, T* out) {
  bool all_fit = true;
  auto put = [&](std::int64_t i, auto v) {
    if (ht::detail::fits<T>(v))
      out[i] = static_cast<T>(v);
    else
      all_fit = false;
  };
  auto read = [&](auto tag, std::int64_t i) {
    using S = decltype(tag);
    unsigned char b[sizeof(S)];
    std::memcpy(b, raw + i * static_cast<std::int64_t>(sizeof(S)), sizeof(S));
    if (h.swap) std::reverse(b, b + sizeof(S));
    S v;
    std::memcpy(&v, b, sizeof(S));
    put(i, v);
  };
  for (std::int64_t i = 0; i < n; ++i) {
    switch (h.kind) {
      case 'b':
        put(i, raw[i] != 0);
        break;
      case 'f':
        h.bytes == 4 ? read(float{}, i) : read(double{}, i);
        break;
      case 'i':
        h.bytes == 1   ? read(std::int8_t{}, i)
        : h.bytes == 2 ? read(std::int16_t{}, i)
        : h.bytes == 4 ? read(std::int32_t{}, i)
                       : read(std::int64_t{}, i);
        break;
      default:
        h.bytes == 1   ? read(std::uint8_t{}, i)
        : h.bytes == 2 ? read(std::uint16_t{}, i)
        : h.bytes == 4 ? read(std::uint32_t{}, i)
                       : read(std::uint64_t{}, i);
    }
  }
  return all_fit;
}

/// The header bytes (all of them, or the first 4096 when the file is
/// shorter): rank 0 reads, every rank gets the same bytes (agreement point
/// and two broadcasts).
inline std::string read_header(const communicator& comm, MPI_File f, std::int64_t size, const std::string& path) {
  std::string bytes;
  ht::detail::agreement_point a(comm, "load_npy: header", ht::detail::error_kind::io);
  if (comm.rank() == 0)
    a.run([&] {
      auto read = [&](std::int64_t n) {
        bytes.resize(static_cast<std::size_t>(n));
        MPI_Status st;
        int got = -1;
        if (n > 0 && MPI_File_read_at(f, 0, bytes.data(), static_cast<int>(n), MPI_CHAR, &st) == MPI_SUCCESS)
          MPI_Get_count(&st, MPI_CHAR, &got);
        ht::detail::check<IOError>(n == 0 || got == n, path, ": reading the header failed (", got, " of ", n,
                                   " bytes: did the file shrink?)");
      };
      read(std::min<std::int64_t>(size, 4096));
      if (bytes.size() >= 12 && (bytes[6] == 2 || bytes[6] == 3)) {
        // A long header (format 2 or 3): read it whole.
        std::int64_t len = 0;
        for (int i = 3; i >= 0; --i)
          len = (len << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(8 + i)]);
        if (12 + len > static_cast<std::int64_t>(bytes.size()) && 12 + len <= size) read(12 + len);
      }
    });
  a.conclude();
  auto length = static_cast<std::int64_t>(bytes.size());
  length = allreduce(comm, length, reduce_op::max);
  bytes.resize(static_cast<std::size_t>(length));
  bcast(comm, Kokkos::View<char*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(bytes.data(), bytes.size()), 0);
  return bytes;
}

/// The global flat index of this rank's first element that does not fit T
/// in n raw elements starting at `first`, or -1 when all fit.
template <class T>
std::int64_t first_misfit(const header& h, const unsigned char* raw, std::int64_t n, std::int64_t first, T* out) {
  std::int64_t bad = -1;
  for (std::int64_t i = 0; i < n && bad < 0; i += 65536) {
    const std::int64_t m = std::min<std::int64_t>(65536, n - i);
    if (!convert<T>(h, raw + i * h.bytes, m, out + i))
      for (std::int64_t j = 0; j < m && bad < 0; ++j)
        if (!convert<T>(h, raw + (i + j) * h.bytes, 1, out + i + j)) bad = first + i + j;
  }
  return bad;
}

}  // namespace detail::npy

template <class T>
DNDarray<T> load_npy(const std::string& path, split_t split, const communicator& comm) {
  namespace npy = detail::npy;
  using ht::detail::error_kind;
  detail::io::file in(comm, path, false);
  MPI_File f = in.handle();
  npy::header h;
  // Every rank parses the same bytes: a bad header is the same error everywhere.
  const std::string error = npy::parse(npy::read_header(comm, f, in.size(), path), in.size(), h);
  ht::detail::check<IOError>(error.empty(), path, ": ", error);
  // Fortran order is the C order of the reversed shape: read that, transpose.
  shape_t shape = h.shape;
  if (h.fortran) std::reverse(shape.begin(), shape.end());
  const auto n = static_cast<std::int64_t>(shape.size());
  const split_t read_split = n == 0 ? none : split_t{0};
  if (split) split = normalize_axis(*split, n);
  const distribution dist = distribution::balanced(shape, read_split, comm.size());
  const std::int64_t elements = dist.lsize(comm.rank());
  const std::int64_t first = read_split && shape[0] > 0 ? dist.offset(comm.rank()) * (shape_size(shape) / shape[0]) : 0;
  // The file's type is T's: read straight into the block, else convert (bool
  // too: a file's byte may be any value, a bool's only 0 or 1).
  const bool same = npy::descr<T>() == npy::descr_of_kind(h.kind, h.bytes) && !h.swap && !std::is_same_v<T, bool>;
  // The block and the raw bytes: allocated, read (collective; a rank that
  // could not allocate reads nothing) and agreed at one point.
  std::optional<DNDarray<T>> out;
  typename local_view_t<T>::HostMirror host;
  std::vector<unsigned char> raw;
  ht::detail::agreement_point read(comm, "load_npy: read", error_kind::io);
  read.run([&] {
    out.emplace(dist, comm);
    host = Kokkos::create_mirror_view(out->local_view());
    raw.resize(same ? 0 : static_cast<std::size_t>(elements * h.bytes));
  });
  unsigned char* target = same ? reinterpret_cast<unsigned char*>(host.data()) : raw.data();
  const std::int64_t bytes = read.failed() ? 0 : elements * h.bytes;
  const bool ok = detail::io::io_all(f, h.data_offset + first * h.bytes, target, bytes, false, comm);
  const bool closed = in.close();
  read.require(ok && closed, [&] {
    return path + ": reading " + std::to_string(bytes) + " bytes at offset " +
           std::to_string(h.data_offset + first * h.bytes) + " failed (did the file shrink while it was read?)";
  });
  read.conclude();
  if (!same) {
    const std::int64_t bad = npy::first_misfit<T>(h, raw.data(), elements, first, host.data());
    ht::detail::agree(comm, "load_npy: values", error_kind::value, bad < 0, [&] {
      return path + ": element " + std::to_string(bad) + " (flat index) does not fit " + std::string(type_name<T>()) +
             " (NaN, inf or out of range)";
    });
  }
  Kokkos::deep_copy(out->local_view(), host);
  DNDarray<T> result = h.fortran ? transpose(*out) : *out;
  // value_or: GCC compares two disengaged optionals' payloads in branch-free
  // code (harmless, but valgrind reports it).
  if (result.split().value_or(-1) != split.value_or(-1)) result.resplit_(split);
  return result;
}

template <class T>
void save_npy(const DNDarray<T>& x, const std::string& path) {
  namespace npy = detail::npy;
  const communicator& comm = x.comm();
  // Rows in file order: split 0, or replicated (rank 0 writes all).
  const DNDarray<T> src = x.split() && *x.split() != 0 ? resplit(x, 0) : x;
  std::string dict = "{'descr': '" + npy::descr<T>() + "', 'fortran_order': False, 'shape': (";
  for (std::size_t d = 0; d < x.shape().size(); ++d)
    dict += std::to_string(x.shape()[d]) + (x.ndim() == 1 ? "," : d + 1 < x.shape().size() ? ", " : "");
  dict += "), }";
  const bool v2 = dict.size() + 11 > 65535;
  const std::size_t prefix = v2 ? 12 : 10;
  std::size_t total = prefix + dict.size() + 1;
  total = (total + 63) / 64 * 64;
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict += '\n';
  std::string header = std::string("\x93NUMPY", 6) + char(v2 ? 2 : 1) + char(0);
  const auto len = static_cast<std::uint32_t>(dict.size());
  header += char(len & 0xff);
  header += char((len >> 8) & 0xff);
  if (v2) {
    header += char((len >> 16) & 0xff);
    header += char((len >> 24) & 0xff);
  }
  header += dict;
  detail::io::file out(comm, path, true);
  MPI_File f = out.handle();
  bool ok = true;
  if (comm.rank() == 0) {
    MPI_Status st;
    ok = MPI_File_write_at(f, 0, header.data(), static_cast<int>(header.size()), MPI_CHAR, &st) == MPI_SUCCESS;
  }
  // The block's bytes as they are (little-endian hosts only); a copy only
  // when the block lives off the host.
  auto host = ht::detail::host_copy(src.local_view());
  auto* raw = reinterpret_cast<unsigned char*>(const_cast<std::remove_const_t<T>*>(host.data()));
  const auto raw_bytes = src.lsize() * static_cast<std::int64_t>(sizeof(T));
  const bool writes = src.split() || comm.rank() == 0;
  // This rank's first element in the file: its first row times the row length.
  const std::int64_t first = src.split() && x.shape()[0] > 0 ? src.offset() * (x.size() / x.shape()[0]) : 0;
  ok = detail::io::io_all(f, static_cast<std::int64_t>(header.size()) + first * static_cast<std::int64_t>(sizeof(T)),
                          raw, writes ? raw_bytes : 0, true, comm) &&
       ok;
  ok = out.close() && ok;
  detail::io::agree(comm, "save_npy: write", ok, path, "write failed (is the file system full?)");
}

}  // namespace ht

#endif
