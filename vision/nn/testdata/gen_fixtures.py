# Generates torch_fixtures.json, the PyTorch reference outputs used by
# vision/nn's tests (layers_torch_test.go).
# Regenerate with Debian's torch (not the pyenv python):
#   cd vision/nn/testdata && /usr/bin/python3 gen_fixtures.py
# Tensors are stored in PyTorch layout (NCHW images, [out,in] weights) as
# {"shape": [...], "data": [flat row-major floats]}.
import json
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float32)


def t(x):
    x = x.detach().contiguous().float()
    return {"shape": list(x.shape), "data": [round(v, 7) for v in x.flatten().tolist()]}


def sd(m):
    return {k: t(v) for k, v in m.state_dict().items() if not k.endswith("num_batches_tracked")}


cases = []

# Conv2d: (cin, cout, (kh, kw), stride, padding (t,b,l,r), dilation, groups, bias, (B, H, W))
convs = [
    (1, 6, (5, 5), (1, 1), (0, 0, 0, 0), (1, 1), 1, True, (2, 12, 12)),
    (3, 8, (5, 5), (2, 2), (2, 2, 2, 2), (1, 1), 1, True, (2, 11, 13)),
    (4, 6, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 2, False, (1, 7, 7)),
    (3, 4, (3, 2), (2, 1), (1, 1, 0, 0), (2, 1), 1, True, (2, 9, 8)),
    (4, 4, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 4, True, (1, 6, 5)),  # depthwise
    (2, 3, (3, 3), (1, 1), (0, 2, 1, 0), (1, 1), 1, True, (1, 6, 6)),  # asymmetric padding
    (3, 5, (11, 11), (4, 4), (2, 2, 2, 2), (1, 1), 1, True, (1, 35, 35)),  # AlexNet-like
    (3, 2, (4, 3), (1, 1), (2, 2, 1, 2), (1, 1), 1, True, (2, 9, 3)),  # non-square kernel
    (1, 2, (1, 2), (2, 2), (1, 1, 0, 0), (1, 3), 1, True, (2, 2, 9)),
    (1, 3, (4, 1), (2, 1), (1, 2, 1, 1), (1, 2), 1, True, (2, 8, 6)),
]
for cin, cout, k, s, p, d, g, b, (B, H, W) in convs:
    conv = nn.Conv2d(cin, cout, k, stride=s, padding=0, dilation=d, groups=g, bias=b)
    x = torch.randn(B, cin, H, W, requires_grad=True)
    y = conv(F.pad(x, (p[2], p[3], p[0], p[1])))
    r = torch.randn(*y.shape)
    (y * r).sum().backward()  # gradients of the loss sum(y*r)
    cases.append({"kind": "conv", "cin": cin, "cout": cout, "kernel": list(k), "stride": list(s), "pad": list(p),
                  "dilation": list(d), "groups": g, "bias": b, "x": t(x), "y": t(y), "state": sd(conv),
                  "r": t(r), "gx": t(x.grad), "gw": t(conv.weight.grad)})

# Pools: (type, k, s, p, ceil, count_include_pad, (B, C, H, W))
pools = [
    ("max", 2, 2, 0, False, True, (2, 3, 8, 8)),
    ("max", 3, 2, 0, False, True, (1, 2, 13, 13)),
    ("max", 3, 2, 1, True, True, (1, 2, 10, 9)),
    ("max", 2, 2, 0, True, True, (1, 2, 7, 7)),
    ("avg", 2, 2, 0, False, True, (2, 3, 8, 8)),
    ("avg", 2, 2, 0, False, True, (1, 2, 7, 9)),
    ("avg", 3, 2, 1, False, True, (1, 2, 9, 9)),
    ("avg", 3, 2, 1, True, True, (1, 2, 10, 10)),
    ("avg", 3, 2, 1, True, False, (1, 2, 10, 10)),
    ("avg", 2, 2, 1, True, True, (1, 1, 5, 5)),
]
for kind, k, s, p, ceil, cip, shape in pools:
    x = torch.randn(*shape)
    if kind == "max":
        y = F.max_pool2d(x, k, s, p, ceil_mode=ceil)
    else:
        y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=cip)
    cases.append({"kind": kind + "pool", "k": k, "s": s, "p": p, "ceil": ceil, "count_include_pad": cip, "x": t(x), "y": t(y)})

for (H, W), (oh, ow) in [((13, 13), (6, 6)), ((5, 7), (3, 2)), ((6, 6), (6, 6)), ((8, 8), (1, 1)), ((8, 6), (4, 3))]:
    x = torch.randn(2, 3, H, W)
    y = F.adaptive_avg_pool2d(x, (oh, ow))
    cases.append({"kind": "adaptive", "out": [oh, ow], "x": t(x), "y": t(y)})

# BatchNorm2d: two training steps then eval.
bn = nn.BatchNorm2d(3)
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.0, 0.5, 2.0]))
    bn.bias.copy_(torch.tensor([0.0, 0.1, -0.3]))
x1 = torch.randn(4, 3, 5, 5) * 2 + 1
x2 = torch.randn(4, 3, 5, 5) - 0.5
init_state = sd(bn)
bn.train()
y1 = bn(x1)
y2 = bn(x2)
bn.eval()
y3 = bn(x1)
cases.append({"kind": "batchnorm2d", "state": init_state, "x1": t(x1), "x2": t(x2), "y1": t(y1), "y2": t(y2),
              "y_eval": t(y3), "final_state": sd(bn)})

lrn = nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0)
x = torch.randn(2, 7, 3, 3) * 10
cases.append({"kind": "lrn", "size": 5, "alpha": 1e-4, "beta": 0.75, "k": 2.0, "x": t(x), "y": t(lrn(x))})

# Flatten + Linear: the flatten order of NCHW must be kept.
lin = nn.Linear(60, 7)
x = torch.randn(2, 3, 4, 5)
cases.append({"kind": "flatten_linear", "x": t(x), "y": t(lin(torch.flatten(x, 1))), "state": {"1." + k: v for k, v in sd(lin).items()}})

with open("torch_fixtures.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
