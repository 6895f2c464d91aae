#!/usr/bin/python3
"""Generates metrics_sklearn.json, the reference values of metrics_test.go.

Regenerate with Debian's scikit-learn (apt install python3-sklearn):
    cd vision/metrics && /usr/bin/python3 testdata/gen_fixtures.py
Generated with scikit-learn 1.2.1, numpy RandomState(0).
"""
import json

import numpy as np
from sklearn.metrics import (accuracy_score, classification_report, confusion_matrix,
                             f1_score, precision_score, recall_score)

rng = np.random.RandomState(0)
cases = []


def add(name, k, y_true, y_pred, names=None):
    labels = list(range(k))
    kw = dict(labels=labels, zero_division=0)
    case = {
        "name": name,
        "num_classes": k,
        "y_true": [int(v) for v in y_true],
        "y_pred": [int(v) for v in y_pred],
        "accuracy": accuracy_score(y_true, y_pred),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "precision": precision_score(y_true, y_pred, average=None, **kw).tolist(),
        "recall": recall_score(y_true, y_pred, average=None, **kw).tolist(),
        "f1": f1_score(y_true, y_pred, average=None, **kw).tolist(),
        "macro_f1": f1_score(y_true, y_pred, average="macro", **kw),
        "macro_precision": precision_score(y_true, y_pred, average="macro", **kw),
        "macro_recall": recall_score(y_true, y_pred, average="macro", **kw),
        "weighted_f1": f1_score(y_true, y_pred, average="weighted", **kw),
        "names": names,
        "report2": classification_report(y_true, y_pred, labels=labels, target_names=names, digits=2, zero_division=0),
        "report4": classification_report(y_true, y_pred, labels=labels, target_names=names, digits=4, zero_division=0),
    }
    cases.append(case)


# Small hand-made case: class 1 is never predicted, class 3 never occurs in y_true.
add("hand", 4, [0, 1, 2, 2, 2, 1, 0], [0, 0, 2, 2, 3, 2, 0])
# Random 10-class labels, predictions right 70% of the time.
t = rng.randint(0, 10, 200)
p = np.where(rng.rand(200) < 0.7, t, rng.randint(0, 10, 200))
add("random10", 10, t, p)
# Named classes (Fashion-MNIST style), a class absent from both.
names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"]
t = rng.randint(0, 4, 50)
p = np.where(rng.rand(50) < 0.5, t, rng.randint(0, 4, 50))
add("named", 5, t, p, names)

with open("testdata/metrics_sklearn.json", "w") as f:
    json.dump(cases, f, indent=1)
