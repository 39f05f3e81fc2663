#ifndef HEAT_IO_HDF5_HPP
#define HEAT_IO_HDF5_HPP

#include "heat/comm/collectives.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/host.hpp"
#include "heat/core/shape.hpp"
#include "heat/io/mpiio.hpp"

#include <hdf5.h>
#include <sys/stat.h>
#include <Kokkos_Core.hpp>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ht {

/// Reads dataset (a path inside the file, e.g. "data" or "/group/x") of a
/// parallel HDF5 file: each rank reads only its own hyperslab along split
/// with one collective MPI-IO read; any stored integer, float or h5py bool
/// type is converted to T. slices: optional half-open [start, stop) ranges
/// of the leading axes, to read a part. IOError on every rank for a missing
/// or non-HDF5 file, a missing dataset or an unreadable type.
template <class T>
DNDarray<T> load_hdf5(const std::string& path, const std::string& dataset, split_t split = none,
                      const std::vector<std::pair<std::int64_t, std::int64_t>>& slices = {},
                      const communicator& comm = comm_world());

/// Writes x as dataset of a new file at path (replaced if it exists): every
/// rank writes its own hyperslab with one collective write; bool is stored as
/// h5py's bool enum.
template <class T>
void save_hdf5(const DNDarray<T>& x, const std::string& path, const std::string& dataset);

// ---------------------------------------------------------------------------

namespace detail::hdf5 {

/// Closes an HDF5 handle when it goes (no MPI in destructors: closing a
/// file is collective, so files are closed explicitly).
struct handle {
  hid_t id = -1;
  herr_t (*close)(hid_t) = nullptr;
  handle(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  handle(const handle&) = delete;
  handle& operator=(const handle&) = delete;
  ~handle() {
    if (id >= 0 && close) close(id);
  }
};

/// The memory type T is read and written as (bool through uint8).
template <class T>
hid_t native() {
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::uint8_t>)
    return H5T_NATIVE_UINT8;
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return H5T_NATIVE_INT8;
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return H5T_NATIVE_INT16;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return H5T_NATIVE_INT32;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, float>)
    return H5T_NATIVE_FLOAT;
  else
    return H5T_NATIVE_DOUBLE;
}

/// File access through MPI-IO on comm, with HDF5's own error printing off.
inline hid_t access(const communicator& comm) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm.native(), MPI_INFO_NULL);
  return fapl;
}

/// This rank's hyperslab: start and count per axis.
inline std::pair<std::vector<hsize_t>, std::vector<hsize_t>> slab(const distribution& dist, int rank,
                                                                  const shape_t& first) {
  const shape_t ls = dist.lshape(rank);
  std::vector<hsize_t> start(ls.size()), count(ls.size());
  for (std::size_t d = 0; d < ls.size(); ++d) {
    start[d] = static_cast<hsize_t>(first[d] + (dist.split() == static_cast<std::int64_t>(d) ? dist.offset(rank) : 0));
    count[d] = static_cast<hsize_t>(ls[d]);
  }
  return {start, count};
}

/// The innermost message on HDF5's error stack (what went wrong, e.g.
/// "truncated file: eof = ..."), empty when there is none.
inline std::string last_error() {
  std::string text;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned, const H5E_error2_t* e, void* out) -> herr_t {
        auto& t = *static_cast<std::string*>(out);
        if (t.empty() && e->desc) t = e->desc;
        return 0;
      },
      &text);
  return text;
}

/// This rank's view of the file's size (-1 when it cannot tell).
inline std::int64_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : -1;
}

/// The file and dataset of a read or write, closed (collectively) by close():
/// every error between opening and closing is agreed, so every rank closes.
struct open_dataset {
  hid_t file = -1, dset = -1;
  /// Collective; true when both closed cleanly (a writer's data is then written).
  bool close() {
    bool ok = true;
    if (dset >= 0) ok = H5Dclose(dset) >= 0;
    if (file >= 0) ok = H5Fclose(file) >= 0 && ok;
    dset = file = -1;
    return ok;
  }
};

/// Agreement point on an HDF5 handle this rank got (id < 0: failed); on
/// failure every rank closes what it opened, then throws.
inline void agree_open(const communicator& comm, const char* point, hid_t id, open_dataset& f, const std::string& path,
                       const std::string& what) {
  try {
    ht::detail::io::agree(comm, point, id >= 0, path, what);
  } catch (...) {
    f.close();
    throw;
  }
}

}  // namespace detail::hdf5

template <class T>
DNDarray<T> load_hdf5(const std::string& path, const std::string& dataset, split_t split,
                      const std::vector<std::pair<std::int64_t, std::int64_t>>& slices, const communicator& comm) {
  namespace h5 = detail::hdf5;
  using ht::detail::error_kind;
  detail::io::check_path(comm, path, false);
  const h5::handle fapl(h5::access(comm), H5Pclose);
  h5::open_dataset f;
  const std::int64_t size_at_open = h5::file_size(path);
  f.file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.id);
  h5::agree_open(comm, "load_hdf5: open", f.file, f, path,
                 "cannot open as an HDF5 file" + (f.file < 0 ? ": " + h5::last_error() : std::string()));
  f.dset = H5Dopen2(f.file, dataset.c_str(), H5P_DEFAULT);
  h5::agree_open(comm, "load_hdf5: dataset", f.dset, f, path, "no dataset '" + dataset + "'");
  if (detail::io::test_hooks().after_open) detail::io::test_hooks().after_open(path);
  const h5::handle space(H5Dget_space(f.dset), H5Sclose), stored(H5Dget_type(f.dset), H5Tclose);
  const int nd = H5Sget_simple_extent_ndims(space.id);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(nd, 0)));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  const H5T_class_t kind = H5Tget_class(stored.id);
  // Every rank read the same metadata: these errors need no message.
  std::string error;
  if (kind != H5T_INTEGER && kind != H5T_FLOAT && kind != H5T_ENUM)
    error = "dataset '" + dataset + "' holds neither numbers nor bools";
  if (nd > max_ndim) error = "dataset '" + dataset + "' has too many dimensions";
  shape_t first(dims.size(), 0), shape(dims.begin(), dims.end());
  if (error.empty() && slices.size() > dims.size()) error = "more slices than the dataset's dimensions";
  for (std::size_t d = 0; error.empty() && d < slices.size(); ++d) {
    const auto [lo, hi] = slices[d];
    if (lo < 0 || hi < lo || hi > shape[d])
      error = "slice [" + std::to_string(lo) + ", " + std::to_string(hi) + ") out of range for axis " +
              std::to_string(d) + " of '" + dataset + "' (extent " + std::to_string(shape[d]) + ")";
    else {
      first[d] = lo;
      shape[d] = hi - lo;
    }
  }
  if (!error.empty()) {
    f.close();
    detail::check<IOError>(false, path, ": ", error);
  }
  if (split) split = normalize_axis(*split, static_cast<std::int64_t>(shape.size()));
  const distribution dist = distribution::balanced(shape, split, comm.size());
  // The block and staging buffers, the collective read (a rank that could
  // not allocate selects nothing) and the close: one agreement point.
  ht::detail::agreement_point read(comm, "load_hdf5: read", error_kind::io);
  std::optional<DNDarray<T>> out;
  typename local_view_t<T>::HostMirror host;
  std::vector<unsigned char> raw;
  const bool as_enum = kind == H5T_ENUM;
  const h5::handle mem(as_enum ? H5Tget_native_type(stored.id, H5T_DIR_DEFAULT)
                               : H5Tcopy(std::is_same_v<T, bool> ? H5T_NATIVE_UINT8 : h5::native<T>()),
                       H5Tclose);
  const std::size_t width = H5Tget_size(mem.id);
  const auto n = static_cast<std::size_t>(dist.lsize(comm.rank()));
  read.run([&] {
    out.emplace(dist, comm);
    host = Kokkos::create_mirror_view(out->local_view());
    // An h5py bool is an enum over int8; HDF5 does not convert enums to
    // integers: read the enum as it is and take its integer values.
    if (as_enum || std::is_same_v<T, bool>) raw.resize(n * width);
  });
  const bool reads = !read.failed() && n > 0;
  const auto [start, count] = h5::slab(dist, comm.rank(), first);
  const h5::handle memspace(H5Screate_simple(nd, count.data(), nullptr), H5Sclose);
  if (nd > 0 && reads)
    H5Sselect_hyperslab(space.id, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  else if (nd > 0 || !reads) {
    H5Sselect_none(space.id);
    H5Sselect_none(memspace.id);
  }
  const h5::handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(dxpl.id, H5FD_MPIO_COLLECTIVE);
  void* target = raw.empty() ? static_cast<void*>(host.data()) : static_cast<void*>(raw.data());
  const herr_t status = H5Dread(f.dset, mem.id, memspace.id, space.id, dxpl.id, target);
  read.require(f.close() && status >= 0, [&] { return path + ": reading dataset '" + dataset + "' failed"; });
  // HDF5 reads zeros past the end of a file that shrank after it was opened.
  read.require(h5::file_size(path) >= size_at_open, [&] {
    return path + ": the file shrank from " + std::to_string(size_at_open) + " to " +
           std::to_string(h5::file_size(path)) + " bytes while dataset '" + dataset +
           "' was read (did the file shrink while it was read?)";
  });
  read.conclude();
  if (!raw.empty())
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t v = 0;
      if (width == 1) {
        v = as_enum ? static_cast<std::int8_t>(raw[i]) : raw[i];
      } else if (width == 2) {
        std::int16_t w;
        std::memcpy(&w, &raw[i * 2], 2);
        v = w;
      } else if (width == 4) {
        std::int32_t w;
        std::memcpy(&w, &raw[i * 4], 4);
        v = w;
      } else {
        std::memcpy(&v, &raw[i * 8], 8);
      }
      host(i) = std::is_same_v<T, bool> ? static_cast<T>(v != 0) : static_cast<T>(v);
    }
  Kokkos::deep_copy(out->local_view(), host);
  return std::move(*out);
}

template <class T>
void save_hdf5(const DNDarray<T>& x, const std::string& path, const std::string& dataset) {
  namespace h5 = detail::hdf5;
  const communicator& comm = x.comm();
  detail::io::check_path(comm, path, true);
  const h5::handle fapl(h5::access(comm), H5Pclose);
  detail::io::remove_old_file(comm, path);
  h5::open_dataset f;
  f.file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id);
  h5::agree_open(comm, "save_hdf5: create", f.file, f, path, "cannot create the HDF5 file");
  std::vector<hsize_t> dims(x.shape().begin(), x.shape().end());
  const int nd = static_cast<int>(dims.size());
  const h5::handle space(nd == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(nd, dims.data(), nullptr), H5Sclose);
  // bool as h5py stores it: an enum FALSE = 0, TRUE = 1 over int8.
  const h5::handle type(std::is_same_v<T, bool> ? H5Tenum_create(H5T_NATIVE_INT8) : H5Tcopy(h5::native<T>()), H5Tclose);
  if constexpr (std::is_same_v<T, bool>) {
    std::int8_t no = 0, yes = 1;
    H5Tenum_insert(type.id, "FALSE", &no);
    H5Tenum_insert(type.id, "TRUE", &yes);
  }
  f.dset = H5Dcreate2(f.file, dataset.c_str(), type.id, space.id, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  h5::agree_open(comm, "save_hdf5: dataset", f.dset, f, path, "cannot create dataset '" + dataset + "'");
  // Replicated arrays are written by rank 0 alone. Staging, the collective
  // write (a rank that could not stage writes nothing) and the close: one
  // agreement point.
  ht::detail::agreement_point write(comm, "save_hdf5: write", ht::detail::error_kind::io);
  typename local_view_t<T>::HostMirror host;
  std::vector<std::int8_t> bytes;
  write.run([&] {
    host = ht::detail::host_copy(x.local_view());
    if constexpr (std::is_same_v<T, bool>) bytes.assign(host.data(), host.data() + host.extent(0));
  });
  const bool writes = (x.split() || comm.rank() == 0) && x.lsize() > 0 && !write.failed();
  const auto [start, count] = h5::slab(x.dist(), comm.rank(), shape_t(dims.size(), 0));
  const h5::handle memspace(nd == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(nd, count.data(), nullptr), H5Sclose);
  if (nd > 0 && writes) H5Sselect_hyperslab(space.id, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  if (!writes) {
    H5Sselect_none(space.id);
    H5Sselect_none(memspace.id);
  }
  const h5::handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(dxpl.id, H5FD_MPIO_COLLECTIVE);
  // bool: the int8 values of the enum.
  const void* source =
      std::is_same_v<T, bool> ? static_cast<const void*>(bytes.data()) : static_cast<const void*>(host.data());
  const herr_t status =
      H5Dwrite(f.dset, std::is_same_v<T, bool> ? type.id : h5::native<T>(), memspace.id, space.id, dxpl.id, source);
  write.require(f.close() && status >= 0,
                [&] { return path + ": writing dataset '" + dataset + "' failed (is the file system full?)"; });
  write.conclude();
}

}  // namespace ht

#endif
