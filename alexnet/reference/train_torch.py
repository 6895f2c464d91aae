#!/usr/bin/env python3
"""PyTorch twin of `go run ./alexnet/cmd`: chapter 5's scaled AlexNet on Fashion-MNIST.

Same network as alexnet.FashionAlexNetSized(10, 1, 64, 0.5) (bench/torch_models.py's
fashion_alexnet, 1,157,386 parameters) with the Go model's initialisation (Kaiming
normal: convs fan_out, linears fan_in, ReLU gain; biases 0), and the command's recipe:
Fashion-MNIST's 28x28 images resized to 64x64 with PIL's bilinear filter (as
torchvision's Resize and the Go loader), normalised with 0.2860/0.3530, batch 128
shuffled by a DataLoader with a seeded generator, SGD lr 0.01 momentum 0.9 weight decay 5e-4,
cross-entropy, N epochs, the test set evaluated after every epoch; the figure is
the best epoch's test accuracy (the Go command keeps the best weights by test
accuracy).

With --json FILE it writes the run (rewritten atomically after every epoch, so an
interrupted run keeps its finished epochs) in the shape of
lenet/reference/train_torch.py --json.

Usage (Debian's python3-torch and python3-torchvision):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 alexnet/reference/train_torch.py \
      --epochs 10 --seed 42 --threads 2 --json alexnet.json
"""
import argparse
import datetime
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lenet", "reference"))
import torch_models  # noqa: E402
from train_torch import accuracy, cpu_model, read_idx, write_json  # noqa: E402

MEAN, STD = 0.2860, 0.3530


def load(data_dir, split, size, limit=0):
    from PIL import Image
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte"))
    if limit > 0:
        images, labels = images[:limit], labels[:limit]
    images = np.stack([np.asarray(Image.fromarray(im).resize((size, size), Image.BILINEAR)) for im in images])
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return TensorDataset((x - MEAN) / STD, torch.from_numpy(labels.astype(np.int64)))


def init(model):
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(m.bias)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--data", default=os.path.expanduser("~/.cache/gocnn/fashion-mnist"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", default=None)
    p.add_argument("--limit", type=int, default=0, help="only the first N training and test images (a smoke test; 0: all)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    train, test = load(a.data, "train", a.size, a.limit), load(a.data, "test", a.size, a.limit)
    torch.manual_seed(a.seed)
    model = torch_models.fashion_alexnet(10, 1, a.size, 0.5)
    init(model)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loader = DataLoader(train, batch_size=128, shuffle=True, generator=torch.Generator().manual_seed(a.seed))
    test_loader = DataLoader(test, batch_size=1000)
    loss_fn = nn.CrossEntropyLoss()
    doc = {"framework": "pytorch", "version": torch.__version__, "model": "fashion-alexnet", "dataset": "fashion-mnist",
           "recipe": f"alexnet command: resize {a.size}, normalise {MEAN}/{STD}, batch 128, {a.epochs} epochs, "
                     "SGD lr 0.01 momentum 0.9 wd 5e-4, Kaiming-normal init",
           "metric": "best test accuracy over the epochs (best weights kept by test accuracy)",
           "command": " ".join(["python3"] + sys.argv), "cpu": cpu_model(), "threads": a.threads,
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "runs": []}
    accs, losses, secs = [], [], []
    start = time.time()
    for epoch in range(1, a.epochs + 1):
        model.train()
        t0, total, n = time.time(), 0.0, 0
        for x, y in loader:
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            total, n = total + loss.item() * len(y), n + len(y)
        secs.append(round(time.time() - t0, 1))
        losses.append(total / n)
        accs.append(accuracy(model, test_loader))
        print(json.dumps({"epoch": epoch, "train_loss": round(losses[-1], 4), "test_acc": accs[-1],
                          "seconds": secs[-1]}), flush=True)
        if a.json:
            doc["runs"] = [{"seed": a.seed, "test_acc": max(accs), "final_test_acc": accs[-1], "best_test_acc": max(accs),
                            "epoch_test_acc": accs, "epoch_train_loss": losses, "epoch_seconds": secs,
                            "epochs_done": epoch, "seconds": round(time.time() - start, 1)}]
            write_json(a.json, doc)


if __name__ == "__main__":
    main()
