#ifndef HEAT_IO_MPIIO_HPP
#define HEAT_IO_MPIIO_HPP

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/core/errors.hpp"

#include <mpi.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

/// What every reader and writer shares: opening a file on a communicator,
/// collective reads and writes in pieces, and failures agreed on by all ranks.
namespace ht::detail::io {

/// Every rank learns whether any rank failed; throws IOError everywhere if so.
inline void agree(const communicator& comm, bool ok, const std::string& path, const std::string& what) {
  const bool all_ok = allreduce(comm, ok, reduce_op::land);
  ht::detail::check<IOError>(all_ok, path, ": ", what);
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

/// Reads or writes `bytes` at `offset` in pieces of at most the count limit (collective).
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
    int got = 0;
    MPI_Get_count(&st, MPI_BYTE, &got);
    ok = ok && rc == MPI_SUCCESS && got == n;
  }
  return ok;
}

/// A file opened by every rank of comm (collective), for reading or for
/// writing (created, emptied); IOError on every rank if any rank cannot.
/// close() is collective, and so is the destructor of a file still open:
/// the errors thrown between opening and closing (a bad header, a bad split)
/// are thrown by every rank at the same point, so every rank closes it.
class file {
 public:
  file(const communicator& comm, const std::string& path, bool write) {
    if (write) remove_old_file(comm, path);
    const int mode = write ? MPI_MODE_WRONLY | MPI_MODE_CREATE : MPI_MODE_RDONLY;
    const int rc = MPI_File_open(comm.native(), path.c_str(), mode, MPI_INFO_NULL, &m_file);
    if (rc != MPI_SUCCESS) m_file = MPI_FILE_NULL;
    agree(comm, rc == MPI_SUCCESS, path,
          write ? "cannot open for writing" : "cannot open for reading (missing, a directory, or no permission)");
    MPI_Offset size = 0;
    if (MPI_File_get_size(m_file, &size) != MPI_SUCCESS || size < 0) size = 0;
    if (write) {
      // What remove_old_file left (a link, say) is emptied; a new file is
      // not truncated at all, since a truncation to zero alone arms ext4's
      // flush on close. The ranks agree first (one Allreduce, which also
      // keeps every rank's look at the size before any rank writes).
      if (allreduce(comm, static_cast<std::int64_t>(size), reduce_op::max) > 0) MPI_File_set_size(m_file, 0);
      size = 0;
    }
    m_size = static_cast<std::int64_t>(size);
  }
  file(const file&) = delete;
  file& operator=(const file&) = delete;
  ~file() { close(); }

  MPI_File handle() const { return m_file; }
  std::int64_t size() const { return m_size; }
  void close() {
    if (m_file != MPI_FILE_NULL) MPI_File_close(&m_file);
  }

 private:
  MPI_File m_file = MPI_FILE_NULL;
  std::int64_t m_size = 0;
};

}  // namespace ht::detail::io

#endif
