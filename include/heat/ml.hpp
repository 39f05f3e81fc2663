#ifndef HEAT_ML_MODULE_HPP
#define HEAT_ML_MODULE_HPP

/// The estimators: K-Means and its family (ht::cluster), Lasso
/// (ht::regression). Includes heat/linalg.hpp.

#include "heat/linalg.hpp"
#include "heat/ml/cluster/kmeans.hpp"
#include "heat/ml/regression/lasso.hpp"

#endif
