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
          biases, random_split 55,000/5,000 (generator seed = the run's seed, as
          the Go data loader; 42 is the chapter's), batch 256, Adam lr 1e-3,
          2 epochs; the test accuracy of the epoch with the best validation
          accuracy (the Go trainer keeps those weights).
  mlp, fashion-cnn3, fashion-cnn5, fashion-cnn7
          chapter 3 (seed 002) on Fashion-MNIST, Keras-like as lenet/fashion.go:
          no normalisation, random_split 55,000/5,000 (generator seed = the
          run's seed, as the Go data loader), batch 64, Adam lr 1e-3, 5 epochs,
          the weights of the best validation accuracy restored, then tested
          (as the Go trainer's KeepBest); the last epoch's test accuracy is
          recorded too.

The data are preloaded as tensors (the transforms are deterministic, so this is
the same as transforming in the DataLoader) and shuffled by a DataLoader whose
generator is seeded, like torch.manual_seed(seed) in the seeds.

With --json FILE it also writes every run so far to FILE (rewritten atomically
after each seed), in the shape lenet/reference/cmd/seeds writes for the Go runs:
{"framework", "version", "model", "dataset", "recipe", "metric", "command",
"cpu", "threads", "date", "runs": [{"seed", "test_acc", "final_test_acc",
"best_test_acc", "epoch_test_acc", "epoch_valid_acc", "seconds"}]}, accuracies
in percent; "test_acc" is the run's figure under "metric".

Usage (Debian's python3-torch and python3-torchvision; ~1-2 min per LeNet run on 2 cores):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 lenet/reference/train_torch.py \
      --model modern --seeds 1,2,3,42 --data ~/.cache/gocnn/mnist
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 lenet/reference/train_torch.py \
      --model fashion-cnn3 --seeds 42 --json cnn3.json   # Fashion-MNIST by default
"""
import argparse
import datetime
import gzip
import json
import os
import platform
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
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rb") as f:
            data = f.read()
    else:
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


CHAPTER3 = ("mlp", "fashion-cnn3", "fashion-cnn5", "fashion-cnn7")

# Each model's figure; "best_valid" recipes hold out 5,000 training images for validation.
METRIC = {"modern": "final", "lenet5": "best", "lenet1": "best_valid", **{m: "best_valid" for m in CHAPTER3}}


def recipe(name):
    if name == "modern":
        return "chapter 1 (seed 000): batch 32, 2 epochs, AdamW lr 1e-3 wd 1e-4, normalise 0.1307/0.3081"
    if name == "lenet5":
        return ("chapter 2 (seed 001): resize 32, normalise 0.1307/0.3081, batch 128, 5 epochs, "
                "SGD lr 0.01 momentum 0.9 wd 5e-4, StepLR(5, 0.5)")
    if name == "lenet1":
        return ("chapter 4 (seed 003): Xavier init, 55,000/5,000 split (seed = run seed), batch 256, 2 epochs, "
                "Adam lr 1e-3")
    return "chapter 3 (seed 002), Keras-like: 55,000/5,000 split (seed = run seed), batch 64, 5 epochs, Adam lr 1e-3"


def run(name, seed, train, test):
    torch.manual_seed(seed)
    valid_loader = None
    if name == "modern":
        model = torch_models.modern()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
        sched, epochs, batch = None, 2, 32
    elif name == "lenet5":
        model = torch_models.lenet5()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
        sched, epochs, batch = torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5), 5, 128
    elif name == "lenet1":
        model = torch_models.lenet1()
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        sched, epochs, batch = None, 2, 256
    else:
        model = torch_models.MODELS[name][0]()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        sched, epochs, batch = None, 5, 64
    if METRIC[name] == "best_valid":
        # The run's seed draws the split, as the Go data loader does (42 is the chapters' own).
        train, valid = random_split(train, [55000, 5000], generator=torch.Generator().manual_seed(seed))
        valid_loader = DataLoader(valid, batch_size=1000)
    g = torch.Generator().manual_seed(seed)
    loader = DataLoader(train, batch_size=batch, shuffle=True, generator=g)
    test_loader = DataLoader(test, batch_size=1000)
    loss_fn = nn.CrossEntropyLoss()
    accs, vaccs = [], []
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
        if valid_loader is not None:
            vaccs.append(accuracy(model, valid_loader))
        print(f"{name} seed {seed} epoch {len(accs)}: test {accs[-1]:.2f}%"
              + (f", valid {vaccs[-1]:.2f}%" if vaccs else "") + f" ({time.time() - start:.0f}s)",
              file=sys.stderr, flush=True)
    r = {"model": name, "seed": seed, "epoch_acc": accs, "final": accs[-1], "best": max(accs),
         "seconds": round(time.time() - start, 1), "torch": torch.__version__}
    if valid_loader is not None:
        # The test accuracy of the restored best-validation weights is that
        # epoch's test accuracy (the first epoch with the best, as the Go trainer).
        r["epoch_valid_acc"] = vaccs
        r["best_valid"] = accs[vaccs.index(max(vaccs))]
    return r


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def write_json(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=["modern", "lenet5", "lenet1", *CHAPTER3], required=True)
    p.add_argument("--seeds", default="1,2,3,42", help="comma-separated seeds, or a range like 1-10")
    p.add_argument("--data", default=None, help="IDX directory (default ~/.cache/gocnn/mnist, or fashion-mnist for chapter 3)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", default=None, help="write the runs to this JSON file (atomically, after each seed)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    fashion = a.model in CHAPTER3
    data = a.data or os.path.expanduser("~/.cache/gocnn/fashion-mnist" if fashion else "~/.cache/gocnn/mnist")
    resize, norm = a.model == "lenet5", a.model in ("modern", "lenet5")
    train = load(data, "train", resize, norm)
    test = load(data, "test", resize, norm)
    key = METRIC[a.model]
    seeds = []
    for part in a.seeds.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            seeds += list(range(int(lo), int(hi) + 1))
        else:
            seeds.append(int(part))
    doc = {"framework": "pytorch", "version": torch.__version__, "model": a.model,
           "dataset": "fashion-mnist" if fashion else "mnist", "recipe": recipe(a.model),
           "metric": {"final": "test accuracy after the last epoch",
                      "best": "best test accuracy over the epochs (best weights kept by test accuracy)",
                      "best_valid": "test accuracy of the weights with the best validation accuracy"}[key],
           "command": " ".join(["python3"] + sys.argv), "cpu": cpu_model(), "threads": a.threads,
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "runs": []}
    results = []
    for s in seeds:
        r = run(a.model, s, train, test)
        results.append(r[key])
        print(json.dumps(r), flush=True)
        if a.json:
            doc["runs"].append({"seed": s, "test_acc": r[key], "final_test_acc": r["final"], "best_test_acc": r["best"],
                                "epoch_test_acc": r["epoch_acc"], "epoch_valid_acc": r.get("epoch_valid_acc", []),
                                "seconds": r["seconds"]})
            write_json(a.json, doc)
    summary = {"model": a.model, "metric": key, "mean": round(statistics.mean(results), 3),
               "min": min(results), "max": max(results), "runs": len(results)}
    if len(results) > 1:
        summary["sd"] = round(statistics.stdev(results), 3)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
