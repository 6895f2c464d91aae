#!/usr/bin/python3
"""Generates plateau_torch.json, the reference of schedule_test.go.

Regenerate with Debian's PyTorch: cd vision/train && /usr/bin/python3 testdata/gen_plateau.py
Feeds a fixed metric sequence to torch.optim.lr_scheduler.ReduceLROnPlateau
(starting lr 1.0) and records the lr after each step(); also StepLR(3, 0.5).
"""
import json

import torch

metrics = [1.0, 0.9, 0.9, 0.95, 0.89995, 0.8, 0.8, 0.8, 0.8, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76]
configs = {
    "defaults_patience2": dict(patience=2),
    "max_abs_cooldown": dict(mode="max", factor=0.5, patience=1, threshold=0.01, threshold_mode="abs", cooldown=2),
    "min_lr": dict(factor=0.2, patience=0, min_lr=0.01),
}
out = {"metrics": metrics, "plateau": {}}
for name, kw in configs.items():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0)
    s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
    lrs = []
    for m in metrics:
        s.step(m)
        lrs.append(opt.param_groups[0]["lr"])
    out["plateau"][name] = lrs
p = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([p], lr=0.1)
s = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
lrs = []
for _ in range(10):
    lrs.append(opt.param_groups[0]["lr"])  # lr used during this epoch
    opt.step()
    s.step()
out["steplr"] = lrs
with open("testdata/plateau_torch.json", "w") as f:
    json.dump(out, f, indent=1)
