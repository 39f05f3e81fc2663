#!/usr/bin/python3
"""Reference results of scikit-learn's PCA (Debian's python3-sklearn 1.2,
svd_solver="full") for tests/ml/test_pca.cpp, on the data the examples ship
(examples/data). Run from this folder:
    /usr/bin/python3 make_pca.py
Signs: scikit-learn 1.2 flips by U; heat's svd by Vt (scikit-learn's PCA
since 1.5: each component's largest |value| positive). Each reference
component and its transform column are flipped to that rule here, which
leaves the fit otherwise as scikit-learn made it.
Writes sklearn/pca_<case>_{components,explained_variance,ratio,singular,
mean,noise,transform,inverse,n_components}.npy for the cases
  iris2:   iris (150 x 4), n_components=2
  iris95:  iris, n_components=0.95 (the fewest components reaching 95 %)
  irisw3:  iris, n_components=3, whiten=True
  diabetes: diabetes' 10 features (442 x 10), all components
  wide:    iris' first 3 rows (3 x 4: fewer samples than features), n_components=2
           (centred, their rank is 2)
"""
import os

import numpy as np
from sklearn.decomposition import PCA

data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples/data")
out = "sklearn"
os.makedirs(out, exist_ok=True)
iris = np.loadtxt(f"{data}/iris.csv", delimiter=",", skiprows=1)
diabetes = np.loadtxt(f"{data}/diabetes.csv", delimiter=",", skiprows=1)[:, :-1]

cases = {
    "iris2": (iris, dict(n_components=2)),
    "iris95": (iris, dict(n_components=0.95)),
    "irisw3": (iris, dict(n_components=3, whiten=True)),
    "diabetes": (diabetes, dict()),
    "wide": (iris[:3], dict(n_components=2)),
}
for name, (X, options) in cases.items():
    pca = PCA(svd_solver="full", **options).fit(X)
    Y = pca.transform(X)
    components = pca.components_.copy()
    for i in range(components.shape[0]):
        if components[i, np.argmax(np.abs(components[i]))] < 0:
            components[i] *= -1
            Y[:, i] *= -1
    save = lambda what, value: np.save(f"{out}/pca_{name}_{what}.npy", value)
    save("components", components)
    save("explained_variance", pca.explained_variance_)
    save("ratio", pca.explained_variance_ratio_)
    save("singular", pca.singular_values_)
    save("mean", pca.mean_)
    save("noise", np.float64(pca.noise_variance_))
    save("transform", Y)
    save("inverse", pca.inverse_transform(pca.transform(X)))
    save("n_components", np.int64(pca.n_components_))
