#ifndef HEAT_ML_MODULE_HPP
#define HEAT_ML_MODULE_HPP

/// The estimators: K-Means and its family, batch-parallel K-Means and
/// K-Medians, DBSCAN, spectral clustering (ht::cluster; its graph Laplacian in ht::graph), PCA (ht::decomposition),
/// Lasso, ElasticNet and their paths (ht::regression), GaussianNB (ht::naive_bayes),
/// KNeighborsClassifier (ht::classification; its search
/// ht::spatial::kneighbors), the scalers (ht::preprocessing), the scores
/// of ht::metrics, train_test_split (ht::model_selection). Includes heat/linalg.hpp.

#include "heat/linalg.hpp"
#include "heat/ml/classification/kneighbors_classifier.hpp"
#include "heat/ml/cluster/batch_parallel.hpp"
#include "heat/ml/cluster/dbscan.hpp"
#include "heat/ml/cluster/kmeans.hpp"
#include "heat/ml/cluster/spectral.hpp"
#include "heat/ml/decomposition/pca.hpp"
#include "heat/ml/metrics.hpp"
#include "heat/ml/model_selection.hpp"
#include "heat/ml/naive_bayes/gaussian_nb.hpp"
#include "heat/ml/preprocessing.hpp"
#include "heat/ml/regression/enet_path.hpp"
#include "heat/ml/regression/lasso.hpp"

#endif
