#!/usr/bin/python3
"""Reference values of scikit-learn's metrics (Debian's python3-sklearn 1.2)
for tests/ml/test_metrics.cpp. Run from this folder:
    /usr/bin/python3 make_metrics.py
Writes sklearn/metrics_{true,pred}.npy (1000 int64 labels in -2..4, the
prediction right for about 70 % of the rows), metrics_{accuracy,confusion,
ari}.npy of them, metrics_{r2_true,r2_pred,r2}.npy (1000 floats and a noisy
prediction), and metrics_ari_{a,b,value}.npy (1000 labels of 7 clusters
against 5).
"""
import os

import numpy as np
from sklearn.metrics import accuracy_score, adjusted_rand_score, confusion_matrix, r2_score

out = "sklearn"
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(5)
true = rng.integers(-2, 5, 1000)
pred = np.where(rng.random(1000) < 0.7, true, rng.integers(-2, 5, 1000))
save = lambda name, value: np.save(f"{out}/metrics_{name}.npy", value)
save("true", true.astype(np.int64))
save("pred", pred.astype(np.int64))
save("accuracy", np.float64(accuracy_score(true, pred)))
save("confusion", confusion_matrix(true, pred).astype(np.int64))
save("ari", np.float64(adjusted_rand_score(true, pred)))
y = rng.normal(size=1000) * 3 + 1
y_hat = y + rng.normal(size=1000)
save("r2_true", y)
save("r2_pred", y_hat)
save("r2", np.float64(r2_score(y, y_hat)))
a, b = rng.integers(0, 7, 1000), rng.integers(0, 5, 1000)
b[:600] = a[:600] % 5
save("ari_a", a.astype(np.int64))
save("ari_b", b.astype(np.int64))
save("ari_value", np.float64(adjusted_rand_score(a, b)))
