#ifndef HEAT_IO_MPIIO_HPP
#define HEAT_IO_MPIIO_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/errors.hpp"

#include <mpi.h>
#include <Kokkos_Core.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

/// What every reader and writer shares: checking a path and opening a file
/// on a communicator, collective reads and writes in pieces, and failures
/// agreed on by all ranks (heat/core/agreement.hpp).
namespace ht::detail::io {

/// Test-only hooks: after_open runs on every rank once a reader has opened
/// its file and the ranks agreed on its size (a test truncates the file
/// there, as another process could).
struct test_hooks_t {
  void (*after_open)(const std::string& path) = nullptr;
};
inline test_hooks_t& test_hooks() {
  static test_hooks_t hooks;
  return hooks;
}

/// An agreement point of a reader or writer: IOError on every rank when ok
/// is false on any, with "<path>: <what>" of the lowest failing rank.
inline void agree(const communicator& comm, const char* point, bool ok, const std::string& path,
                  const std::string& what) {
  ht::detail::agree(comm, point, error_kind::io, ok, [&] { return path + ": " + what; });
}

/// What this rank finds wrong with path for reading (it must be a non-empty
/// regular file: every format has a header or a row), or for writing (the
/// file may be new, its folder must exist); empty when nothing. Only
/// regular files are read or written: a FIFO would block the open for ever
/// and a device is not a file of rows.
inline std::string path_problem(const std::string& path, bool write) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT && write) {
      std::string parent = std::filesystem::path(path).parent_path().string();
      if (parent.empty()) parent = ".";
      struct stat ps {};
      if (::stat(parent.c_str(), &ps) != 0)
        return errno == ENOENT ? "the folder '" + parent + "' does not exist"
                               : "its folder: " + std::string(std::strerror(errno));
      return S_ISDIR(ps.st_mode) ? std::string() : "'" + parent + "' is not a folder";
    }
    struct stat ls {};
    if (err == ENOENT && ::lstat(path.c_str(), &ls) == 0) return "is a symbolic link to a missing file";
    if (err == ENOENT) return "no such file";
    if (err == ELOOP) return "too many levels of symbolic links (a symbolic link loop)";
    return std::strerror(err);
  }
  if (S_ISDIR(st.st_mode)) return "is a directory, not a file";
  if (S_ISFIFO(st.st_mode)) return "is a FIFO (named pipe), not a regular file";
  if (S_ISCHR(st.st_mode)) return "is a character device, not a regular file";
  if (S_ISBLK(st.st_mode)) return "is a block device, not a regular file";
  if (S_ISSOCK(st.st_mode)) return "is a socket, not a regular file";
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  if (::access(path.c_str(), write ? W_OK : R_OK) != 0) return std::strerror(errno);
  if (!write && st.st_size == 0) return "the file is empty";
  return {};
}

/// Agreement point: path can be read (or written) on every rank; IOError
/// "<path>: cannot read: <problem>" (or write) on every rank otherwise.
inline void check_path(const communicator& comm, const std::string& path, bool write) {
  agreement_point a(comm, write ? "writer: check path" : "reader: check path", error_kind::io);
  a.run([&] {
    const std::string problem = path_problem(path, write);
    ht::detail::check<IOError>(problem.empty(), path, write ? ": cannot write: " : ": cannot read: ", problem);
  });
  a.conclude();
}

inline std::string mpi_error_text(int rc) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  return std::string(text, static_cast<std::size_t>(len));
}

/// Before a writer creates path (collective): an existing regular file that
/// we may write is removed by rank 0 rather than truncated by the open, and
/// `file` does not truncate the new one. A truncation to zero makes ext4
/// flush the file when it is closed (its replace-via-truncate safeguard,
/// auto_da_alloc): saving 1 GB took 0.70 s that way here, 0.27 s now
/// (NumPy's np.save: 0.2 s). Anything else at path (a link, a device, a file
/// we may not write) is left to the open and its errors. Between two
/// barriers: no rank may still be reading the old file through its own
/// means when it goes, nor open it before it has gone.
inline void remove_old_file(const communicator& comm, const std::string& path) {
  comm.barrier();
  if (comm.rank() == 0) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec)) && access(path.c_str(), W_OK) == 0)
      std::filesystem::remove(path, ec);
  }
  comm.barrier();
}

/// Reads or writes `bytes` at `offset` in pieces of at most the count limit
/// (collective); false on this rank when a call failed or moved fewer bytes.
inline bool io_all(MPI_File f, std::int64_t offset, unsigned char* data, std::int64_t bytes, bool write,
                   const communicator& comm) {
  // Every rank makes the same number of calls: the largest piece count.
  const std::int64_t piece = std::max<std::int64_t>(1, std::min<std::int64_t>(mpi_count_limit(), 1 << 30));
  const std::int64_t calls = allreduce(comm, (bytes + piece - 1) / piece, reduce_op::max);
  bool ok = true;
  for (std::int64_t c = 0; c < calls; ++c) {
    const std::int64_t at = c * piece;
    const int n = static_cast<int>(std::max<std::int64_t>(0, std::min(piece, bytes - at)));
    MPI_Status st;
    const int rc = write ? MPI_File_write_at_all(f, offset + at, data + std::min(at, bytes), n, MPI_BYTE, &st)
                         : MPI_File_read_at_all(f, offset + at, data + std::min(at, bytes), n, MPI_BYTE, &st);
    int got = -1;
    if (rc == MPI_SUCCESS) MPI_Get_count(&st, MPI_BYTE, &got);
    ok = ok && got == n;  // a short read: the file shrank after it was opened
  }
  return ok;
}

/// A file opened by every rank of comm (collective), for reading or for
/// writing (created, emptied); IOError on every rank if any rank cannot.
/// close() is collective, and so is the destructor of a file still open:
/// the errors thrown between opening and closing are agreed, so every rank
/// throws at the same point and closes it.
class file {
 public:
  file(const communicator& comm, const std::string& path, bool write) {
    check_path(comm, path, write);
    if (write) remove_old_file(comm, path);
    const int mode = write ? MPI_MODE_WRONLY | MPI_MODE_CREATE : MPI_MODE_RDONLY;
    const int rc = MPI_File_open(comm.native(), path.c_str(), mode, MPI_INFO_NULL, &m_file);
    if (rc != MPI_SUCCESS) m_file = MPI_FILE_NULL;
    MPI_Offset size = 0;
    if (m_file != MPI_FILE_NULL && (MPI_File_get_size(m_file, &size) != MPI_SUCCESS || size < 0)) size = -1;
    agreement_point a(comm, write ? "writer: open" : "reader: open", error_kind::io);
    a.require(rc == MPI_SUCCESS, [&] {
      return path + (write ? ": cannot open for writing: " : ": cannot open for reading: ") + mpi_error_text(rc);
    });
    a.require(size >= 0, path + ": cannot tell the size of the file");
    // Every rank must see the same file: one reduction of (size, -size).
    Kokkos::View<std::int64_t*, Kokkos::HostSpace> sizes("heat::io::size", 3);
    sizes(0) = static_cast<std::int64_t>(size);
    sizes(1) = -static_cast<std::int64_t>(size);
    sizes(2) = static_cast<std::int64_t>(a.flag());
    allreduce(comm, sizes, reduce_op::max);
    try {
      a.conclude(static_cast<double>(sizes(2)));
      ht::detail::check<IOError>(sizes(0) == -sizes(1), path, ": the ranks see files of different sizes (", -sizes(1),
                                 " to ", sizes(0), " bytes): is the path on a node-local file system?");
    } catch (...) {
      close_if_open_everywhere(comm);
      throw;
    }
    if (write) {
      // What remove_old_file left (a link, say) is emptied; a new file is
      // not truncated at all, since a truncation to zero alone arms ext4's
      // flush on close. The reduction above also keeps every rank's look
      // at the size before any rank writes.
      if (sizes(0) > 0) MPI_File_set_size(m_file, 0);
      m_size = 0;
    } else {
      m_size = sizes(0);
      if (test_hooks().after_open) test_hooks().after_open(path);
    }
  }
  file(const file&) = delete;
  file& operator=(const file&) = delete;
  ~file() { close(); }

  MPI_File handle() const { return m_file; }
  std::int64_t size() const { return m_size; }
  /// Collective; true when the close succeeded on this rank (a writer's
  /// data is then with the file system).
  bool close() {
    if (m_file == MPI_FILE_NULL) return true;
    return MPI_File_close(&m_file) == MPI_SUCCESS;
  }

 private:
  /// After a failed agreement at the open: the ranks that opened the file
  /// close it (collectively) when every rank did; when some rank could not
  /// open it, the others keep their handle (a close would wait for ever).
  void close_if_open_everywhere(const communicator& comm) {
    if (allreduce(comm, m_file != MPI_FILE_NULL, reduce_op::land)) close();
    m_file = MPI_FILE_NULL;
  }

  MPI_File m_file = MPI_FILE_NULL;
  std::int64_t m_size = 0;
};

}  // namespace ht::detail::io

#endif
