#ifndef HEAT_ML_PREPROCESSING_HPP
#define HEAT_ML_PREPROCESSING_HPP

/// ht::preprocessing: scikit-learn's and HeAT's scalers (StandardScaler,
/// MinMaxScaler, MaxAbsScaler, Normalizer, RobustScaler).

#include "heat/ml/preprocessing/minmax_scaler.hpp"
#include "heat/ml/preprocessing/normalizer.hpp"
#include "heat/ml/preprocessing/robust_scaler.hpp"
#include "heat/ml/preprocessing/standard_scaler.hpp"

#endif
