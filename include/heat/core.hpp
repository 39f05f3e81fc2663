#ifndef HEAT_CORE_MODULE_HPP
#define HEAT_CORE_MODULE_HPP

/// Arrays and what works on them, the module a program that only computes
/// with arrays includes: communicators and collectives, DNDarray,
/// factories, expressions and reductions, manipulations, indexing, sorting,
/// random numbers, printing, errors, the runtime. No BLAS/LAPACK headers
/// (xtensor-blas), no HDF5, no estimators: heat/linalg.hpp, heat/io.hpp and
/// heat/ml.hpp add them; heat/heat.hpp includes every module.

#include "heat/comm/collectives.hpp"
#include "heat/comm/communicator.hpp"
#include "heat/comm/mpi_type.hpp"
#include "heat/comm/resplit.hpp"
#include "heat/comm/rows.hpp"
#include "heat/core/agreement.hpp"
#include "heat/core/config.hpp"
#include "heat/core/distribution.hpp"
#include "heat/core/dndarray.hpp"
#include "heat/core/errors.hpp"
#include "heat/core/exact.hpp"
#include "heat/core/factories.hpp"
#include "heat/core/fatal.hpp"
#include "heat/core/indexing.hpp"
#include "heat/core/manipulations.hpp"
#include "heat/core/memory.hpp"
#include "heat/core/placement.hpp"
#include "heat/core/printing.hpp"
#include "heat/core/quantiles.hpp"
#include "heat/core/random.hpp"
#include "heat/core/rearranging.hpp"
#include "heat/core/runtime.hpp"
#include "heat/core/shape.hpp"
#include "heat/core/signal.hpp"
#include "heat/core/simd.hpp"
#include "heat/core/sorting.hpp"
#include "heat/core/statistics.hpp"
#include "heat/core/take.hpp"
#include "heat/core/types.hpp"
#include "heat/core/unique.hpp"
#include "heat/expr/assign.hpp"
#include "heat/expr/bridge.hpp"
#include "heat/expr/expression.hpp"
#include "heat/expr/functors.hpp"
#include "heat/expr/functors_numeric.hpp"
#include "heat/expr/math.hpp"
#include "heat/expr/operators.hpp"
#include "heat/expr/reduction_options.hpp"
#include "heat/expr/reductions.hpp"
#include "heat/expr/scans.hpp"

#endif
