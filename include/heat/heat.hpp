#ifndef HEAT_HEAT_HPP
#define HEAT_HEAT_HPP

/// The whole public API: #include <heat/heat.hpp>.
#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/comm/mpi_type.hpp"
#include "heat/comm/rows.hpp"
#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/indexing.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/printing.hpp"
#include "heat/core/random.hpp"
#include "heat/core/runtime.hpp"
#include "heat/core/shape.hpp"
#include "heat/core/sorting.hpp"
#include "heat/core/types.hpp"
#include "heat/expr/assign.hpp"
#include "heat/expr/bridge.hpp"
#include "heat/expr/expression.hpp"
#include "heat/expr/functors.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/expr/scans.hpp"
#include "heat/io/csv.hpp"
#if defined(HEAT_HAVE_HDF5)
#include "heat/io/hdf5.hpp"
#endif
#include "heat/io/io.hpp"
#include "heat/io/mpiio.hpp"
#include "heat/io/npy.hpp"
#include "heat/linalg/basics.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/linalg/matmul.hpp"
#include "heat/linalg/qr.hpp"
#include "heat/spatial/distance.hpp"

#endif
