"""Reference torchinfo tables for summary's tests.

Regenerate (from this folder) with Debian's torch/torchvision and torchinfo 1.8.0
(`pip download torchinfo==1.8.0` and unzip the wheel somewhere, e.g. /tmp/ti):
    PYTHONPATH=/tmp/ti /usr/bin/python3 gen_torchinfo.py
It writes alexnet.txt, alexnet_all_columns.txt, vgg16.txt and lenet5.txt.
torchinfo 1.8.0 on Python >= 3.11 prints the unit as "(Units.MEGABYTES)"
instead of "(M)" (an enum-formatting change in Python); the tests normalise it.
"""
import torch
import torchinfo
import torchvision
from torch import nn

ALL = ("output_size", "num_params", "kernel_size", "mult_adds", "trainable")


def write(name, model, size, **kw):
    s = torchinfo.summary(model, input_size=size, verbose=0, **kw)
    with open(name, "w") as f:
        f.write(str(s) + "\n")


torch.manual_seed(0)
write("alexnet.txt", torchvision.models.alexnet(), (1, 3, 224, 224))
write("alexnet_all_columns.txt", torchvision.models.alexnet(), (1, 3, 224, 224), col_names=ALL)
write("vgg16.txt", torchvision.models.vgg16(), (1, 3, 224, 224))
# Classic LeNet-5 (chapter 2) written as a Sequential, as gocnn's nn builds it.
lenet5 = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2, 2),
    nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2, 2),
    nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(),
    nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10),
)
write("lenet5.txt", lenet5, (1, 1, 32, 32), col_names=ALL)
