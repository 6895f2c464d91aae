#!/usr/bin/python3
"""Generates optim_torch.json, the reference of optim_test.go.

Regenerate with Debian's PyTorch (apt install python3-torch):
    cd vision/train && /usr/bin/python3 testdata/gen_optim.py
Generated with torch 1.13 (Debian), float32, CPU.

Model: logits = x @ w + b with w [4,3], b [3] (GoMLX's Dense layout), loss =
nn.CrossEntropyLoss (mean) on a fixed batch of 5 samples. For each optimizer
the parameters after each of 5 steps are recorded; cases with a scheduler call
scheduler.step() after every step, i.e. every epoch of one batch.
"""
import json

import torch

torch.manual_seed(0)
x = torch.randn(5, 4)
y = torch.tensor([0, 2, 1, 2, 0])
w0 = torch.randn(4, 3) * 0.5
b0 = torch.randn(3) * 0.1

CASES = {
    "sgd_momentum_wd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=5e-4),
    "sgd_plain": lambda p: torch.optim.SGD(p, lr=0.5),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3),
    "sgd_dampening": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.8, dampening=0.5),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01),
    "adam_l2": lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.01),
    "adamw_steplr": lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.1),
}

out = {"x": x.flatten().tolist(), "y": y.tolist(), "w0": w0.flatten().tolist(), "b0": b0.tolist(), "cases": {}}
for name, make in CASES.items():
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = make([w, b])
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5) if name.endswith("steplr") else None
    steps = []
    for _ in range(5):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(x @ w + b, y)
        loss.backward()
        opt.step()
        if sched:
            sched.step()
        steps.append({"loss": loss.item(), "w": w.detach().flatten().tolist(), "b": b.detach().tolist()})
    out["cases"][name] = steps

with open("testdata/optim_torch.json", "w") as f:
    json.dump(out, f, indent=1)
