#!/usr/bin/python3
"""Writes the data sets the examples and the estimator tests use, from
scikit-learn's bundled copies (Debian's python3-sklearn). Run from this folder:
    /usr/bin/python3 make_data.py
iris.csv:     150 x 4 (sepal length, sepal width, petal length, petal width, cm)
iris_species.csv: 150 labels (0 setosa, 1 versicolor, 2 virginica), iris.csv's rows
diabetes.csv: 442 x 11 (10 standardised features, then the target)
"""
import numpy as np
from sklearn import datasets

iris = datasets.load_iris()
np.savetxt("iris.csv", iris.data, delimiter=",", fmt="%.1f",
           header="sepal_length,sepal_width,petal_length,petal_width", comments="")
np.savetxt("iris_species.csv", iris.target, fmt="%d", header="species", comments="")

diabetes = datasets.load_diabetes()
table = np.column_stack([diabetes.data, diabetes.target])
np.savetxt("diabetes.csv", table, delimiter=",", fmt="%.17g",
           header=",".join(diabetes.feature_names + ["target"]), comments="")
