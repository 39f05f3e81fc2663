#ifndef HEAT_IO_MODULE_HPP
#define HEAT_IO_MODULE_HPP

/// Reading and writing arrays: NPY, CSV (ht::load, ht::save by extension)
/// and, where heat was built with parallel HDF5 (HEAT_HAVE_HDF5), HDF5.

#include "heat/core.hpp"
#include "heat/io/csv.hpp"
#include "heat/io/io.hpp"
#include "heat/io/mpiio.hpp"
#include "heat/io/npy.hpp"

#endif
