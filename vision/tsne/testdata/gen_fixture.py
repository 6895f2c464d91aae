#!/usr/bin/python3
"""Generates the t-SNE fixture and scikit-learn's reference figures.

Regenerate (from this folder) with Debian's scikit-learn 1.2 (where TSNE
spells max_iter as n_iter):
    /usr/bin/python3 gen_fixture.py

Writes:
  clusters1000.csv  1,000 points in 10-D from 10 Gaussian clusters with some
                    overlap (seed 20260101); columns: label, x0..x9.
  sklearn_ref.json  scikit-learn's trustworthiness (k=5) of TSNE on that input
                    with the default settings and with seed 000's settings,
                    and trustworthiness of fixed embeddings (first 2 coords,
                    first 300 points) for k=1,5,10 to test the Go function.
"""
import json
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness

rng = np.random.default_rng(20260101)
n, d, k = 1000, 10, 10
# Cluster centres at distance ~ 4.5 sigma*sqrt(2) apart on average: clusters
# overlap a little, like the logits of a classifier that errs on a few %.
centres = rng.normal(0.0, 3.0, size=(k, d))
labels = np.arange(n) % k
scales = rng.uniform(0.8, 1.6, size=k)
x = centres[labels] + rng.normal(size=(n, d)) * scales[labels, None]
x = np.round(x, 5)
with open("clusters1000.csv", "w") as f:
    f.write("label," + ",".join(f"x{i}" for i in range(d)) + "\n")
    for lab, row in zip(labels, x):
        f.write(f"{lab}," + ",".join(f"{v:.5f}" for v in row) + "\n")

ref = {"sklearn_version": sklearn.__version__}
settings = {
    "default": dict(perplexity=30.0, early_exaggeration=12.0, learning_rate="auto",
                    init="pca", n_iter=1000, angle=0.5, random_state=0),
    "seed000": dict(perplexity=30.0, early_exaggeration=12.0, learning_rate=200.0,
                    init="pca", n_iter=300, angle=0.5, random_state=42),
}
for name, kw in settings.items():
    scores, times = [], []
    for rs in range(3):
        # With init="pca" the result does not depend on random_state; the
        # three runs time the fit.
        t0 = time.perf_counter()
        y = TSNE(n_components=2, **kw).fit_transform(x)
        times.append(time.perf_counter() - t0)
        scores.append(trustworthiness(x, y, n_neighbors=5))
    ref[name] = {"settings": {k2: v for k2, v in kw.items()}, "trustworthiness_k5": scores,
                 "mean_trustworthiness_k5": float(np.mean(scores)), "seconds": times}
    print(name, scores, times)

sub = x[:300]
ref["fixed_embedding"] = {
    "points": 300,
    "embedding": "first two coordinates",
    "trustworthiness": {str(kk): trustworthiness(sub, sub[:, :2], n_neighbors=kk) for kk in (1, 5, 10)},
}
with open("sklearn_ref.json", "w") as f:
    json.dump(ref, f, indent=1)
print(ref["fixed_embedding"])
