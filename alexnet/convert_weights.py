#!/usr/bin/env python3
"""Converts torchvision's pretrained weights to .safetensors for gocnn's alexnet package.

    /usr/bin/python3 alexnet/convert_weights.py                       # alexnet.safetensors (IMAGENET1K_V1)
    /usr/bin/python3 alexnet/convert_weights.py --model vgg16 --out vgg16.safetensors
    go run ./alexnet/cmd -classify photo.jpg -weights alexnet.safetensors

The file holds the model's state_dict unchanged: the same keys ("features.0.weight", ...,
"classifier.6.bias"), PyTorch's shapes (conv [Cout, Cin, kH, kW], linear [out, in]) and float32
values; the Go side (alexnet.LoadWeights) transposes to GoMLX's layouts. Downloading the weights
needs internet once (torch hub cache, ~233 MB for AlexNet).

--fixture writes the offline test fixtures instead (no internet): the same architecture at 1/16 of
the width (alexnet.AlexNetWidth(10, 3, 1/16) in Go), randomly initialised (seed 0, He-normal weights), converted by
the same save function as the real weights, plus a 2×3×112×112 input and its eval-mode logits, and
a preprocessing check (a synthetic 64×48 image, Resize(40) + CenterCrop(32) + Normalize):

    /usr/bin/python3 alexnet/convert_weights.py --fixture
"""
import argparse
import json
import os
import struct
import tempfile

import torch
from torch import nn


def save_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} as float32 safetensors, atomically (temp file + rename)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous().cpu()
        data = t.numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def convert(model, path, source):
    """The whole conversion: a state_dict, keys unchanged, saved as float32 safetensors."""
    sd = model.state_dict()
    save_safetensors(path, sd, {"source": source, "format": "pt"})
    print(f"wrote {path}: {len(sd)} tensors, {sum(v.numel() for v in sd.values()):,} parameters")


class AlexNetWidth(nn.Module):
    """torchvision.models.AlexNet with widths multiplied by `width` (same module names)."""

    def __init__(self, num_classes=1000, in_channels=3, width=1.0):
        super().__init__()
        s = lambda n: max(1, int(n * width + 0.5))
        c1, c2, c3, c4, c5, hidden = s(64), s(192), s(384), s(256), s(256), s(4096)
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, c1, kernel_size=11, stride=4, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(c1, c2, kernel_size=5, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(c2, c3, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(c3, c4, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(c4, c5, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
        self.classifier = nn.Sequential(
            nn.Dropout(p=0.5), nn.Linear(c5 * 6 * 6, hidden), nn.ReLU(inplace=True),
            nn.Dropout(p=0.5), nn.Linear(hidden, hidden), nn.ReLU(inplace=True),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, x):
        x = self.avgpool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


def fixture(outdir):
    import torchvision
    from PIL import Image
    from torchvision import transforms

    torch.manual_seed(0)
    twin = AlexNetWidth(num_classes=10, in_channels=3, width=1 / 16).eval()
    # He-normal weights keep the activations' scale through the 8 layers, so the logits are O(1) and
    # depend on the input (PyTorch's default init shrinks them to ~0.05, mostly biases): a wrong
    # layout in the Go loader then moves the logits by far more than the 1e-4 tolerance.
    for mod in twin.modules():
        if isinstance(mod, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(mod.weight, nonlinearity="relu")
            nn.init.uniform_(mod.bias, -0.1, 0.1)
    real = torchvision.models.alexnet(weights=None)
    assert list(twin.state_dict()) == list(real.state_dict()), "twin's keys differ from torchvision's"
    # Same layer at full width: the twin's code is torchvision's architecture.
    full = AlexNetWidth(1000, 3, 1.0)
    assert [v.shape for v in full.state_dict().values()] == [v.shape for v in real.state_dict().values()]
    convert(twin, os.path.join(outdir, "alexnet_w16.safetensors"), "AlexNetWidth(10, 3, 1/16), seed 0")
    x = torch.randn(2, 3, 112, 112)  # 112: the features end at 2×2, so avgpool upsamples to 6×6
    with torch.no_grad():
        logits = twin(x)
    save_safetensors(os.path.join(outdir, "alexnet_w16_io.safetensors"), {"input": x, "logits": logits})

    # Preprocessing: a synthetic RGB image through torchvision's ImageNet transform at small size.
    w, h = 64, 48
    img = Image.new("RGB", (w, h))
    img.putdata([((7 * i + 3 * j) % 256, (i * j) % 256, (255 - 5 * j) % 256) for j in range(h) for i in range(w)])
    img.save(os.path.join(outdir, "preprocess.png"))
    t = transforms.Compose([
        transforms.Resize(40), transforms.CenterCrop(32), transforms.ToTensor(),
        transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
    ])
    save_safetensors(os.path.join(outdir, "preprocess.safetensors"), {"image": t(img)})
    print("wrote fixtures in", outdir)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="alexnet", choices=["alexnet", "vgg11", "vgg16"])
    p.add_argument("--weights", default="IMAGENET1K_V1", help="torchvision weights enum name")
    p.add_argument("--out", help="output file (default MODEL.safetensors)")
    p.add_argument("--fixture", action="store_true", help="write the offline test fixtures instead")
    args = p.parse_args()
    if args.fixture:
        fixture(os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata"))
        return
    import torchvision

    model = getattr(torchvision.models, args.model)(weights=args.weights).eval()
    convert(model, args.out or args.model + ".safetensors", f"torchvision.models.{args.model}(weights={args.weights!r})")


if __name__ == "__main__":
    main()
