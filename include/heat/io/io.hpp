#ifndef HEAT_IO_IO_HPP
#define HEAT_IO_IO_HPP

#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/io/csv.hpp"
#include "heat/io/npy.hpp"
#if defined(HEAT_HAVE_HDF5)
#include "heat/io/hdf5.hpp"
#endif

#include <algorithm>
#include <cctype>
#include <string>

namespace ht {

/// What ht::load and ht::save need beyond the path, per format.
struct io_options {
  std::string dataset = "data";  ///< HDF5: the dataset
  csv_options csv = {};          ///< CSV: separator and header lines
};

/// Reads .npy, .csv, or .h5/.hdf5 (dataset options.dataset) by the file's
/// extension; ValueError for another extension, NotImplementedError for
/// HDF5 in a build without it.
template <class T>
DNDarray<T> load(const std::string& path, split_t split = none, const io_options& options = {},
                 const communicator& comm = comm_world());

/// Writes x as .npy, .csv, or .h5/.hdf5 by the extension of path.
template <class T>
void save(const DNDarray<T>& x, const std::string& path, const io_options& options = {});

// ---------------------------------------------------------------------------

namespace detail {

inline std::string extension_of(const std::string& path) {
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

}  // namespace detail

template <class T>
DNDarray<T> load(const std::string& path, split_t split, const io_options& options, const communicator& comm) {
  const std::string ext = detail::extension_of(path);
  if (ext == "npy") return load_npy<T>(path, split, comm);
  if (ext == "csv") return load_csv<T>(path, split, options.csv, comm);
  detail::check(ext == "h5" || ext == "hdf5", path, ": unknown file extension '", ext,
                "' (ht::load reads .npy, .csv, .h5 and .hdf5)");
#if defined(HEAT_HAVE_HDF5)
  return load_hdf5<T>(path, options.dataset, split, {}, comm);
#else
  throw NotImplementedError(path + ": this build of heat has no parallel HDF5");
#endif
}

template <class T>
void save(const DNDarray<T>& x, const std::string& path, const io_options& options) {
  const std::string ext = detail::extension_of(path);
  if (ext == "npy") return save_npy(x, path);
  if (ext == "csv") return save_csv(x, path, options.csv);
  detail::check(ext == "h5" || ext == "hdf5", path, ": unknown file extension '", ext,
                "' (ht::save writes .npy, .csv, .h5 and .hdf5)");
#if defined(HEAT_HAVE_HDF5)
  save_hdf5(x, path, options.dataset);
#else
  throw NotImplementedError(path + ": this build of heat has no parallel HDF5");
#endif
}

}  // namespace ht

#endif
