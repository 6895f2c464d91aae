#!/usr/bin/env python3
"""PyTorch twins of the Go models timed by bench/cmd, and their timing loop.

The architectures equal the Go ones layer by layer (same parameter counts):
  lenet1          lenet.LeNet1          1x28x28, batch 256
  lenet5          lenet.LeNet5          1x32x32, batch 128
  modern          lenet.ModernLeNet     1x28x28, batch 32
  mlp             fashion.MLPBaseline   1x28x28, batch 64
  fashion-cnn3    fashion.FashionCNN(10,3) 1x28x28, batch 64 (also -cnn5, -cnn7: k = 5, 7)
  fashion-alexnet alexnet.FashionAlexNetSized(10,1,64,0.5) 1x64x64, batch 128

Usage (bench/cmd runs this; Debian's python3 with torch 1.13):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_models.py --params
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_models.py --bench --threads 2 --warmup 5 --steps 50

--params prints {"model": trainable parameter count, ...} as JSON.
--bench prints one JSON object per model and line: name, batch, the wall time
in seconds of every training step (SGD lr=0.01 momentum=0.9 on random data,
cross-entropy, loss and accuracy read back with .item() like the Go loop),
warm-up steps included.
"""
import argparse
import json
import sys
import time

import torch
from torch import nn


def lenet1(n=10):
    return nn.Sequential(
        nn.Conv2d(1, 4, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(4, 12, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Flatten(), nn.Linear(12 * 4 * 4, n))


def lenet5(n=10):
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(),
        nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, n))


def modern(n=10):
    return nn.Sequential(
        nn.Conv2d(1, 16, 4, stride=2), nn.BatchNorm2d(16), nn.ReLU(),
        nn.Conv2d(16, 32, 4, stride=2), nn.BatchNorm2d(32), nn.ReLU(),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(32, n))


def mlp(n=10):
    return nn.Sequential(
        nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(128, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, n))


def fashion_cnn(n=10, k=3):
    def block(i, o):
        return [nn.Conv2d(i, o, k, padding=k // 2), nn.ReLU(), nn.BatchNorm2d(o)]
    return nn.Sequential(
        *block(1, 32), *block(32, 32), nn.MaxPool2d(2),
        *block(32, 64), *block(64, 64), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, n))


def fashion_alexnet(n=10, c=1, size=64, width=0.5):
    def s(x):
        return max(1, round(x * width))
    c1, c2, c3, c4, c5, hidden = s(64), s(192), s(256), s(256), s(192), s(1024)
    features = nn.Sequential(
        nn.Conv2d(c, c1, 5, stride=2, padding=2), nn.ReLU(), nn.MaxPool2d(3, stride=2),
        nn.Conv2d(c1, c2, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, stride=2),
        nn.Conv2d(c2, c3, 3, padding=1), nn.ReLU(),
        nn.Conv2d(c3, c4, 3, padding=1), nn.ReLU(),
        nn.Conv2d(c4, c5, 3, padding=1), nn.ReLU(), nn.MaxPool2d(3, stride=2))
    with torch.no_grad():
        flat = features(torch.zeros(1, c, size, size)).numel()
    return nn.Sequential(
        features, nn.Flatten(),
        nn.Dropout(0.5), nn.Linear(flat, hidden), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(hidden, hidden), nn.ReLU(),
        nn.Linear(hidden, n))


# name -> (builder, input [C, H, W], batch)
MODELS = {
    "lenet1": (lenet1, (1, 28, 28), 256),
    "lenet5": (lenet5, (1, 32, 32), 128),
    "modern": (modern, (1, 28, 28), 32),
    "mlp": (mlp, (1, 28, 28), 64),
    "fashion-cnn3": (fashion_cnn, (1, 28, 28), 64),
    "fashion-cnn5": (lambda n=10: fashion_cnn(n, 5), (1, 28, 28), 64),
    "fashion-cnn7": (lambda n=10: fashion_cnn(n, 7), (1, 28, 28), 64),
    "fashion-alexnet": (fashion_alexnet, (1, 64, 64), 128),
}


def num_params(m):
    return sum(p.numel() for p in m.parameters() if p.requires_grad)


def bench(name, warmup, steps):
    build, shape, batch = MODELS[name]
    torch.manual_seed(1)
    m = build()
    m.train()
    opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(2)
    xs = [torch.rand((batch,) + shape, generator=g) for _ in range(4)]
    ys = [torch.randint(0, 10, (batch,), generator=g) for _ in range(4)]
    secs = []
    for i in range(warmup + steps):
        x, y = xs[i % 4], ys[i % 4]
        t0 = time.perf_counter()
        opt.zero_grad()
        out = m(x)
        loss = loss_fn(out, y)
        loss.backward()
        opt.step()
        _ = loss.item(), (out.argmax(1) == y).sum().item()
        secs.append(time.perf_counter() - t0)
    return {"name": name, "batch": batch, "params": num_params(m), "seconds": secs}


def conv_parts(reps):
    """Times forward, input gradient and weight gradient of chapter 3's 3x3
    convolutions (batch 64, padding 1) separately, like vision/nn's
    BenchmarkConvParts; prints one JSON object per part (ms per call, median)."""
    for name, cin, cout, hw in (("32to32_28x28", 32, 32, 28), ("64to64_14x14", 64, 64, 14)):
        g = torch.Generator().manual_seed(3)
        x = torch.rand((64, cin, hw, hw), generator=g)
        w = torch.rand((cout, cin, 3, 3), generator=g)
        v = torch.rand((64, cout, hw, hw), generator=g)
        parts = {
            "fwd": lambda: torch.nn.functional.conv2d(x, w, padding=1),
            "dx": lambda: torch.nn.grad.conv2d_input(x.shape, w, v, padding=1),
            "dw": lambda: torch.nn.grad.conv2d_weight(x, w.shape, v, padding=1),
        }
        for part, f in parts.items():
            f()
            secs = []
            for _ in range(reps):
                t0 = time.perf_counter()
                f()
                secs.append(time.perf_counter() - t0)
            secs.sort()
            print(json.dumps({"case": name, "part": part, "ms": 1000 * secs[len(secs) // 2]}), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--params", action="store_true", help="print parameter counts as JSON")
    ap.add_argument("--bench", action="store_true", help="time training steps")
    ap.add_argument("--conv-parts", type=int, default=0, metavar="N",
                    help="time forward, input and weight gradient of the 3x3 convolutions, N calls each")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--models", default=",".join(MODELS))
    a = ap.parse_args()
    names = [n for n in a.models.split(",") if n]
    for n in names:
        if n not in MODELS:
            sys.exit("torch_models.py: unknown model %r: want one of %s" % (n, ", ".join(MODELS)))
    if a.params:
        print(json.dumps({n: num_params(MODELS[n][0]()) for n in names}))
    if a.conv_parts:
        torch.set_num_threads(a.threads)
        conv_parts(a.conv_parts)
    if a.bench:
        torch.set_num_threads(a.threads)
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
        for n in names:
            print(json.dumps(bench(n, a.warmup, a.steps)), flush=True)


if __name__ == "__main__":
    main()
