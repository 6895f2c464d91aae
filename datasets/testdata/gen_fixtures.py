#!/usr/bin/python3
"""Generates the PyTorch/torchvision reference fixtures of package datasets.

Regenerate (needs Debian's python3-torch, python3-torchvision, python3-pil and
the data in the gocnn cache, filled by `go run ./datasets/cmd/fetch`):

    cd datasets/testdata && /usr/bin/python3 gen_fixtures.py [CACHE_DIR]

CACHE_DIR defaults to ~/.cache/gocnn. Writes:
  resize32_mnist_test20.u8    first 20 MNIST test images after
  resize32_fashion_test20.u8  transforms.Resize(32) on the PIL "L" image,
                              20 x 32 x 32 raw bytes each
  randperm_60000_seed42.json  torch.randperm(60000, generator=manual_seed(42)):
                              head, the elements at 55000.., and the SHA-256
                              of the permutation as little-endian int64
"""
import gzip
import hashlib
import json
import os
import sys

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import transforms

cache = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/gocnn")


def read_idx(dirname, base):
    for name in (base, base + ".gz"):
        p = os.path.join(cache, dirname, name)
        if os.path.exists(p):
            b = open(p, "rb").read()
            if b[:2] == b"\x1f\x8b":
                b = gzip.decompress(b)
            return np.frombuffer(b, dtype=np.uint8)
    raise FileNotFoundError(base)


resize = transforms.Resize(32)
for dirname, out in (("mnist", "resize32_mnist_test20.u8"), ("fashion-mnist", "resize32_fashion_test20.u8")):
    x = read_idx(dirname, "t10k-images-idx3-ubyte")[16:].reshape(-1, 28, 28)[:20]
    res = [np.asarray(resize(Image.fromarray(im, mode="L")), dtype=np.uint8) for im in x]
    assert all(r.shape == (32, 32) for r in res)
    with open(out, "wb") as f:
        f.write(np.stack(res).tobytes())

perm = torch.randperm(60000, generator=torch.Generator().manual_seed(42))
sub = torch.utils.data.random_split(range(60000), [55000, 5000], generator=torch.Generator().manual_seed(42))
assert list(sub[1].indices) == perm[55000:].tolist()
with open("randperm_60000_seed42.json", "w") as f:
    json.dump({
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "head": perm[:20].tolist(),
        "at55000": perm[55000:55020].tolist(),
        "sha256_int64le": hashlib.sha256(perm.numpy().astype("<i8").tobytes()).hexdigest(),
    }, f, indent=1)
    f.write("\n")
