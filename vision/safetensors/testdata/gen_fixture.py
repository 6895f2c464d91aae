"""Writes fixture.safetensors with Python's safetensors package.

Regenerate (from this folder):
    pip install safetensors numpy && python3 gen_fixture.py
Tensors (values chosen to be exact in every dtype):
    conv.weight F32 [2,1,2,2] = 0..7 / 4 - 1
    half        F16 [3]       = [1.5, -2.0, 65504.0]
    brain       BF16 [2,2]    = [[1, -0.5], [256, 3.0]] (stored as bfloat16 bits)
    double      F64 [2]       = [0.1, -3.0]
    steps       I64 []        = 7 (a scalar, like BatchNorm's num_batches_tracked)
metadata {"format": "pt"}.
"""
import numpy as np
from safetensors.numpy import save_file

f32 = (np.arange(8, dtype=np.float32) / 4 - 1).reshape(2, 1, 2, 2)
bf = np.array([[1.0, -0.5], [256.0, 3.0]], dtype=np.float32)
bf_bits = (bf.view(np.uint32) >> 16).astype(np.uint16)
tensors = {
    "conv.weight": f32,
    "half": np.array([1.5, -2.0, 65504.0], dtype=np.float16),
    "double": np.array([0.1, -3.0], dtype=np.float64),
    "steps": np.array(7, dtype=np.int64),
}
save_file(tensors, "fixture.safetensors", metadata={"format": "pt"})

# numpy has no bfloat16: patch the file's header to add the BF16 tensor.
import json, struct
raw = open("fixture.safetensors", "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
data = raw[8 + n:]
end = len(data)
header["brain"] = {"dtype": "BF16", "shape": [2, 2], "data_offsets": [end, end + 8]}
data += bf_bits.tobytes()
hj = json.dumps(header, separators=(",", ":")).encode()
hj += b" " * (-len(hj) % 8)
open("fixture.safetensors", "wb").write(struct.pack("<Q", len(hj)) + hj + data)

# Check it loads with the library itself.
from safetensors import safe_open
with safe_open("fixture.safetensors", "np") as f:
    assert sorted(f.keys()) == ["brain", "conv.weight", "double", "half", "steps"], f.keys()
