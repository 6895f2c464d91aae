#!/usr/bin/python3
"""Times vision/tsne against scikit-learn's TSNE on the same input, same run.

Run from the repository root (needs Debian's python3-sklearn):
    /usr/bin/python3 vision/tsne/bench/bench.py [--sizes 1000,10000] [--preset default]

For each size N it writes N points from the fixture generator (10-D, 10
Gaussian clusters; N = 1000 reuses vision/tsne/testdata/clusters1000.csv) to a
temporary CSV, runs scikit-learn's TSNE (same settings: perplexity 30,
early exaggeration 12, PCA init, Barnes-Hut angle 0.5; "default" = 1000
iterations and learning rate auto, "seed000" = 300 iterations and learning
rate 200) and the Go command ./vision/tsne/bench, and prints both times and
the ratio Go / scikit-learn (goal: <= 1.5). Trustworthiness (k = 5) is
reported for N <= 2000. On a loaded machine set OMP_NUM_THREADS=1: scikit-learn's
OpenMP threads otherwise spin and its time grows 10-50x.
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "testdata", "clusters1000.csv")


def make_points(n, seed=20260101, d=10, k=10):
    """Same generator as testdata/gen_fixture.py, for any n."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0.0, 3.0, size=(k, d))
    labels = np.arange(n) % k
    scales = rng.uniform(0.8, 1.6, size=k)
    x = centres[labels] + rng.normal(size=(n, d)) * scales[labels, None]
    return np.round(x, 5), labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--preset", default="default", choices=["default", "seed000"])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    binary = os.path.join(tempfile.gettempdir(), "gocnn-tsne-bench")
    env = dict(os.environ, GOEXPERIMENT="simd")
    subprocess.run(["go", "build", "-o", binary, "./vision/tsne/bench"], check=True, env=env)
    kw = dict(perplexity=30.0, early_exaggeration=12.0, init="pca", angle=0.5, random_state=0)
    if args.preset == "default":
        kw.update(n_iter=1000, learning_rate="auto")
    else:
        kw.update(n_iter=300, learning_rate=200.0)
    print(f"scikit-learn {sklearn.__version__}, preset {args.preset}, {os.cpu_count()} CPUs")
    for n in [int(s) for s in args.sizes.split(",")]:
        if n == 1000:
            path = FIXTURE
            data = np.loadtxt(path, delimiter=",", skiprows=1)
            x = data[:, 1:]
        else:
            x, labels = make_points(n)
            fd, path = tempfile.mkstemp(suffix=".csv")
            with os.fdopen(fd, "w") as f:
                f.write("label," + ",".join(f"x{i}" for i in range(x.shape[1])) + "\n")
                for lab, row in zip(labels, x):
                    f.write(f"{lab}," + ",".join(f"{v:.5f}" for v in row) + "\n")
        sk_times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            y = TSNE(n_components=2, **kw).fit_transform(x)
            sk_times.append(time.perf_counter() - t0)
        trust = n <= 2000
        cmd = [binary, "-in", path, "-preset", args.preset, "-repeat", str(args.repeat)] + (["-trust"] if trust else [])
        go = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        sk = min(sk_times)
        line = f"N={n:6d}  sklearn {sk:7.3f} s  go {go['seconds']:7.3f} s  ratio go/sklearn {go['seconds'] / sk:5.2f}"
        if trust:
            line += f"  trustworthiness(k=5) sklearn {trustworthiness(x, y, n_neighbors=5):.4f} go {go['trustworthiness_k5']:.4f}"
        print(line, flush=True)
        if path != FIXTURE:
            os.remove(path)


if __name__ == "__main__":
    main()
