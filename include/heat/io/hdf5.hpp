#ifndef HEAT_IO_HDF5_HPP
#define HEAT_IO_HDF5_HPP

#include "heat/comm/collectives.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/shape.hpp"
#include "heat/io/mpiio.hpp"

#include <hdf5.h>
#include <Kokkos_Core.hpp>

#include <cstdint>
#include <cstring>
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

}  // namespace detail::hdf5

template <class T>
DNDarray<T> load_hdf5(const std::string& path, const std::string& dataset, split_t split,
                      const std::vector<std::pair<std::int64_t, std::int64_t>>& slices, const communicator& comm) {
  namespace h5 = detail::hdf5;
  const h5::handle fapl(h5::access(comm), H5Pclose);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.id);
  detail::io::agree(comm, file >= 0, path, "cannot open as an HDF5 file (missing, not HDF5, or no permission)");
  const hid_t dset = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  if (!allreduce(comm, dset >= 0, reduce_op::land)) {
    if (dset >= 0) H5Dclose(dset);
    H5Fclose(file);
    detail::check<IOError>(false, path, ": no dataset '", dataset, "'");
  }
  const h5::handle space(H5Dget_space(dset), H5Sclose), stored(H5Dget_type(dset), H5Tclose);
  const int nd = H5Sget_simple_extent_ndims(space.id);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(nd, 0)));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  const H5T_class_t kind = H5Tget_class(stored.id);
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
    H5Dclose(dset);
    H5Fclose(file);
    detail::check<IOError>(false, path, ": ", error);
  }
  if (split) split = normalize_axis(*split, static_cast<std::int64_t>(shape.size()));
  DNDarray<T> out(distribution::balanced(shape, split, comm.size()), comm);
  const auto [start, count] = h5::slab(out.dist(), comm.rank(), first);
  const h5::handle memspace(H5Screate_simple(nd, count.data(), nullptr), H5Sclose);
  if (nd > 0) {
    if (out.lsize() > 0)
      H5Sselect_hyperslab(space.id, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
    else
      H5Sselect_none(space.id);
  }
  if (nd > 0 && out.lsize() == 0) H5Sselect_none(memspace.id);
  const h5::handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(dxpl.id, H5FD_MPIO_COLLECTIVE);
  herr_t status;
  auto host = Kokkos::create_mirror_view(out.local_view());
  const auto n = static_cast<std::size_t>(out.lsize());
  if (kind == H5T_ENUM) {
    // An h5py bool is an enum over int8; HDF5 does not convert enums to
    // integers, so read the enum as it is and take its integer values.
    const h5::handle mem(H5Tget_native_type(stored.id, H5T_DIR_DEFAULT), H5Tclose);
    const std::size_t width = H5Tget_size(mem.id);
    std::vector<unsigned char> raw(n * width);
    status = H5Dread(dset, mem.id, memspace.id, space.id, dxpl.id, raw.data());
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t v = 0;
      if (width == 1)
        v = static_cast<std::int8_t>(raw[i]);
      else if (width == 2) {
        std::int16_t w;
        std::memcpy(&w, &raw[i * 2], 2);
        v = w;
      } else if (width == 4) {
        std::int32_t w;
        std::memcpy(&w, &raw[i * 4], 4);
        v = w;
      } else
        std::memcpy(&v, &raw[i * 8], 8);
      host(i) = static_cast<T>(v);
    }
  } else {
    if constexpr (std::is_same_v<T, bool>) {
      std::vector<std::uint8_t> bytes(n);
      status = H5Dread(dset, H5T_NATIVE_UINT8, memspace.id, space.id, dxpl.id, bytes.data());
      for (std::size_t i = 0; i < n; ++i) host(i) = bytes[i] != 0;
    } else {
      status = H5Dread(dset, h5::native<T>(), memspace.id, space.id, dxpl.id, host.data());
    }
  }
  H5Dclose(dset);
  H5Fclose(file);
  detail::io::agree(comm, status >= 0, path, "reading dataset '" + dataset + "' failed");
  Kokkos::deep_copy(out.local_view(), host);
  return out;
}

template <class T>
void save_hdf5(const DNDarray<T>& x, const std::string& path, const std::string& dataset) {
  namespace h5 = detail::hdf5;
  const communicator& comm = x.comm();
  const h5::handle fapl(h5::access(comm), H5Pclose);
  detail::io::remove_old_file(comm, path);
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id);
  detail::io::agree(comm, file >= 0, path, "cannot create the HDF5 file");
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
  const hid_t dset = H5Dcreate2(file, dataset.c_str(), type.id, space.id, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (!allreduce(comm, dset >= 0, reduce_op::land)) {
    if (dset >= 0) H5Dclose(dset);
    H5Fclose(file);
    detail::check<IOError>(false, path, ": cannot create dataset '", dataset, "'");
  }
  // Replicated arrays are written by rank 0 alone.
  const bool writes = x.split() || comm.rank() == 0;
  const auto [start, count] = h5::slab(x.dist(), comm.rank(), shape_t(dims.size(), 0));
  const h5::handle memspace(nd == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(nd, count.data(), nullptr), H5Sclose);
  if (nd > 0 && writes && x.lsize() > 0)
    H5Sselect_hyperslab(space.id, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  if (!writes || x.lsize() == 0) {
    H5Sselect_none(space.id);
    H5Sselect_none(memspace.id);
  }
  const h5::handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(dxpl.id, H5FD_MPIO_COLLECTIVE);
  const auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), x.local_view());
  herr_t status;
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<std::int8_t> bytes(host.data(), host.data() + host.extent(0));
    status = H5Dwrite(dset, type.id, memspace.id, space.id, dxpl.id, bytes.data());  // int8 values of the enum
  } else {
    status = H5Dwrite(dset, h5::native<T>(), memspace.id, space.id, dxpl.id, host.data());
  }
  H5Dclose(dset);
  H5Fclose(file);
  detail::io::agree(comm, status >= 0, path, "writing dataset '" + dataset + "' failed");
}

}  // namespace ht

#endif
