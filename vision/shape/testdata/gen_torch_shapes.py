"""Reference output sizes from PyTorch for shape's tests.

Regenerate (from this folder) with Debian's torch:
    /usr/bin/python3 gen_torch_shapes.py > torch_shapes.json
Each case runs the 1-D functional op on a zero tensor and records the output
length, or "error" when PyTorch rejects the configuration. Seeded: the same
torch version gives the same file.
"""
import json
import random

import torch
import torch.nn.functional as F

rng = random.Random(4)
cases = []
for i in range(600):
    op = ["conv", "conv_transpose", "max_pool", "avg_pool"][i % 4]
    n = rng.randint(1, 24)
    k = rng.randint(1, 7)
    s = rng.randint(1, 4)
    d = rng.randint(1, 3) if op in ("conv", "conv_transpose", "max_pool") else 1
    p = rng.randint(0, 4)
    op_ = 0
    ceil = False
    if op in ("max_pool", "avg_pool"):
        ceil = rng.random() < 0.5
        # torch 1.13 checks pad <= kernel_size/2 (newer torch uses the dilated
        # kernel); keep to cases where both agree.
        p = min(p, k // 2)
    if op == "conv_transpose":
        op_ = rng.randint(0, max(s, d) - 1)
    x = torch.zeros(1, 1, n)
    try:
        if op == "conv":
            y = F.conv1d(x, torch.zeros(1, 1, k), stride=s, padding=p, dilation=d)
        elif op == "conv_transpose":
            y = F.conv_transpose1d(x, torch.zeros(1, 1, k), stride=s, padding=p, output_padding=op_, dilation=d)
        elif op == "max_pool":
            y = F.max_pool1d(x, k, stride=s, padding=p, dilation=d, ceil_mode=ceil)
        else:
            y = F.avg_pool1d(x, k, stride=s, padding=p, ceil_mode=ceil)
        out = y.shape[-1]
        if out <= 0:
            out = "error"
    except RuntimeError:
        out = "error"
    cases.append(dict(op=op, input=n, kernel=k, stride=s, padding=p, dilation=d,
                      output_padding=op_, ceil_mode=ceil, out=out))
print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=0))
