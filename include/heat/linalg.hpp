#ifndef HEAT_LINALG_MODULE_HPP
#define HEAT_LINALG_MODULE_HPP

/// Linear algebra over BLAS/LAPACK (OpenBLAS through xtensor-blas): dot,
/// matmul, norms and the basics, QR; and the spatial distances built on
/// them (cdist, nearest centres).

#include "heat/core.hpp"
#include "heat/linalg/basics.hpp"
#include "heat/linalg/blas.hpp"
#include "heat/linalg/cg.hpp"
#include "heat/linalg/cov.hpp"
#include "heat/linalg/dense.hpp"
#include "heat/linalg/hsvd.hpp"
#include "heat/linalg/lanczos.hpp"
#include "heat/linalg/matmul.hpp"
#include "heat/linalg/norms.hpp"
#include "heat/linalg/qr.hpp"
#include "heat/linalg/rsvd.hpp"
#include "heat/linalg/svd.hpp"
#include "heat/spatial/distance.hpp"
#include "heat/spatial/nearest.hpp"

#endif
