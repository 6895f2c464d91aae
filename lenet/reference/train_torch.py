#!/usr/bin/env python3
"""PyTorch reference runs of the seeds' LeNet recipes, for the accuracy targets of
`go run ./lenet/cmd` (the issue's reference figures and the README's table).

It trains the seeds' PyTorch modules (the twins in bench/torch_models.py, same
layers and parameter counts as the Go models) with the seeds' recipes, on the
same raw IDX files the Go code reads, for several seeds, and prints one JSON
line per run (final and best test accuracy per model and seed) plus a summary:

  modern  chapter 1 (seed 000): normalise 0.1307/0.3081, batch 32, AdamW lr 1e-3
          weight decay 1e-4, 2 epochs; test accuracy after the last epoch.
  lenet5  chapter 2 (seed 001): Resize(32) (PIL bilinear), normalise, batch 128,
          SGD lr 0.01 momentum 0.9 weight decay 5e-4, StepLR(5, 0.5), 5 epochs;
          best test accuracy over the epochs (the seed keeps the best model).
  lenet1  chapter 4 (seed 003): no normalisation, Xavier-uniform weights and zero
          biases, random_split 55,000/5,000 (generator seed 42), batch 256, Adam
          lr 1e-3, 2 epochs; test accuracy after the last epoch.

The data are preloaded as tensors (the transforms are deterministic, so this is
the same as transforming in the DataLoader) and shuffled by a DataLoader whose
generator is seeded, like torch.manual_seed(seed) in the seeds.

Usage (Debian's python3-torch and python3-torchvision; ~1-2 min per run on 2 cores):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 lenet/reference/train_torch.py \
      --model modern --seeds 1,2,3,42 --data ~/.cache/gocnn/mnist
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import torch_models  # noqa: E402


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(data_dir, split, resize32, normalise):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte"))
    if resize32:
        from PIL import Image
        from torchvision import transforms
        resize = transforms.Resize(32)
        images = np.stack([np.asarray(resize(Image.fromarray(im))) for im in images])
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    if normalise:
        x = (x - 0.1307) / 0.3081
    return TensorDataset(x, torch.from_numpy(labels.astype(np.int64)))


def accuracy(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
            total += len(y)
    return 100.0 * correct / total


def run(name, seed, train, test):
    torch.manual_seed(seed)
    if name == "modern":
        model = torch_models.modern()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
        sched, epochs, batch = None, 2, 32
    elif name == "lenet5":
        model = torch_models.lenet5()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
        sched, epochs, batch = torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5), 5, 128
    else:
        model = torch_models.lenet1()
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        sched, epochs, batch = None, 2, 256
        train, _ = random_split(train, [55000, 5000], generator=torch.Generator().manual_seed(42))
    g = torch.Generator().manual_seed(seed)
    loader = DataLoader(train, batch_size=batch, shuffle=True, generator=g)
    test_loader = DataLoader(test, batch_size=1000)
    loss_fn = nn.CrossEntropyLoss()
    accs = []
    start = time.time()
    for _ in range(epochs):
        model.train()
        for x, y in loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
        if sched:
            sched.step()
        accs.append(accuracy(model, test_loader))
    return {"model": name, "seed": seed, "epoch_acc": accs, "final": accs[-1], "best": max(accs),
            "seconds": round(time.time() - start, 1), "torch": torch.__version__}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=["modern", "lenet5", "lenet1"], required=True)
    p.add_argument("--seeds", default="1,2,3,42")
    p.add_argument("--data", default=os.path.expanduser("~/.cache/gocnn/mnist"))
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    train = load(a.data, "train", a.model == "lenet5", a.model != "lenet1")
    test = load(a.data, "test", a.model == "lenet5", a.model != "lenet1")
    key = "best" if a.model == "lenet5" else "final"
    results = []
    for s in [int(v) for v in a.seeds.split(",")]:
        r = run(a.model, s, train, test)
        results.append(r[key])
        print(json.dumps(r), flush=True)
    print(json.dumps({"model": a.model, "metric": key, "mean": round(statistics.mean(results), 3),
                      "min": min(results), "max": max(results), "runs": len(results)}))


if __name__ == "__main__":
    main()
