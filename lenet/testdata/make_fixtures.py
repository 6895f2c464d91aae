#!/usr/bin/env python3
"""Makes the PyTorch reference fixtures of the lenet package's equivalence tests.

For LeNet-1 (seed 003), LeNet-5 classic (seed 001) and the modern LeNet (seed 000) it builds the
seeds' own PyTorch modules, initialises them with a fixed seed (BatchNorm running statistics set to
non-trivial values), runs a batch of 4 random images in eval mode and writes, per model, one
safetensors file holding the state_dict (keys renamed to the Go model's layer names), the input
(N, C, H, W) under "input" and the logits under "logits".

modern_adamw.safetensors and lenet5_sgd.safetensors are training trajectories: the modern LeNet
with chapter 1's optimiser (AdamW lr 1e-3, weight decay 1e-4, batch 32) and LeNet-5 with chapter
2's (SGD lr 0.01, momentum 0.9, weight decay 5e-4, batch 128), train mode, mean cross-entropy, for
12 and 6 steps (the second kept small: 6 batches of 128 images are 3 MB). Each holds the initial
state_dict ("init." keys), the batches of random images ("images", N×1×H×W, in
order) with their labels ("labels", as floats), the loss of every step ("losses") and the
state_dict after the last step ("final." keys, running statistics included).

Regenerate (needs Debian's python3-torch; CI does not run this):
    /usr/bin/python3 lenet/testdata/make_fixtures.py
"""
import json
import os
import struct

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class LeNet1(nn.Module):  # seed 003 (the Lightning parts removed)
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, kernel_size=5, stride=1)
        self.pool = nn.AvgPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(4, 12, kernel_size=5, stride=1)
        self.fc = nn.Linear(12 * 4 * 4, 10)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.pool(torch.tanh(self.conv1(x)))
        x = self.pool(torch.tanh(self.conv2(x)))
        return self.fc(x.view(-1, 12 * 4 * 4))


class LeNet5(nn.Module):  # seed 001
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5, stride=1)
        self.pool1 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5, stride=1)
        self.pool2 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.conv3 = nn.Conv2d(16, 120, kernel_size=5, stride=1)
        self.fc1 = nn.Linear(120, 84)
        self.fc2 = nn.Linear(84, num_classes)
        self.act = nn.Tanh()

    def forward(self, x):
        x = self.pool1(self.act(self.conv1(x)))
        x = self.pool2(self.act(self.conv2(x)))
        x = self.act(self.conv3(x))
        x = x.view(x.size(0), -1)
        x = self.act(self.fc1(x))
        return self.fc2(x)


class LeNet(nn.Module):  # seed 000, the modern LeNet
    def __init__(self, input_channels=1):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(input_channels, 16, kernel_size=4, stride=2), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 32, kernel_size=4, stride=2), nn.BatchNorm2d(32), nn.ReLU(),
            nn.AdaptiveAvgPool2d((1, 1)))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(32, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def renamed(state_dict, rename, prefix=""):
    """The state_dict without num_batches_tracked, module paths renamed to the Go layer names."""
    out = {}
    for k, v in state_dict.items():
        if k.endswith("num_batches_tracked"):
            continue
        path, _, leaf = k.rpartition(".")
        out[prefix + rename.get(path, path) + "." + leaf] = v
    return out


def make(name, model, rename, size, seed):
    torch.manual_seed(seed)
    model = model()
    for m in model.modules():  # non-trivial running statistics, so that eval mode is really tested
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    model.eval()
    x = torch.randn(4, 1, size, size)
    with torch.no_grad():
        logits = model(x)
    out = renamed(model.state_dict(), rename)
    out["input"] = x
    out["logits"] = logits
    write_safetensors(os.path.join(HERE, name + ".safetensors"), out)
    print(name, "logits[0]:", [round(v, 5) for v in logits[0].tolist()])


def make_trajectory(file, make_model, rename, make_opt, size, batch, steps=12):
    torch.manual_seed(5)
    model = make_model()
    init = {k: v.clone() for k, v in model.state_dict().items()}
    images = torch.randn(steps * batch, 1, size, size)
    labels = torch.randint(0, 10, (steps * batch,))
    opt = make_opt(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    losses = []
    for i in range(steps):
        x, y = images[i * batch:(i + 1) * batch], labels[i * batch:(i + 1) * batch]
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    out = renamed(init, rename, "init.")
    out.update(renamed(model.state_dict(), rename, "final."))
    out["images"] = images
    out["labels"] = labels.to(torch.float32)
    out["losses"] = torch.tensor(losses)
    write_safetensors(os.path.join(HERE, file), out)
    print(file, "losses:", [round(v, 5) for v in losses])


LENET5_NAMES = {"conv1": "C1", "conv2": "C3", "conv3": "C5", "fc1": "F6", "fc2": "Output"}

if __name__ == "__main__":
    make_trajectory("modern_adamw.safetensors", LeNet, {},
                    lambda p: torch.optim.AdamW(p, lr=1e-3, weight_decay=1e-4), 28, 32)
    make_trajectory("lenet5_sgd.safetensors", LeNet5, LENET5_NAMES,
                    lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, weight_decay=5e-4), 32, 128, steps=6)
    make("lenet1", LeNet1, {"conv1": "H1", "conv2": "H3", "fc": "Output"}, 28, 3)
    make("lenet5", LeNet5, LENET5_NAMES, 32, 1)
    make("modern", LeNet, {}, 28, 0)
