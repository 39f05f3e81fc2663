#ifndef HEAT_ML_MODULE_HPP
#define HEAT_ML_MODULE_HPP

/// The estimators: K-Means and its family, batch-parallel K-Means and
/// K-Medians, DBSCAN, spectral clustering (ht::cluster; its graph Laplacian in ht::graph), PCA (ht::decomposition),
/// Lasso (ht::regression). Includes heat/linalg.hpp.

#include "heat/linalg.hpp"
#include "heat/ml/cluster/batch_parallel.hpp"
#include "heat/ml/cluster/dbscan.hpp"
#include "heat/ml/cluster/kmeans.hpp"
#include "heat/ml/cluster/spectral.hpp"
#include "heat/ml/decomposition/pca.hpp"
#include "heat/ml/regression/lasso.hpp"

#endif
