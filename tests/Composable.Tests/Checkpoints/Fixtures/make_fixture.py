#!/usr/bin/python3
"""Fixtures for the checkpoint tests, made with Debian's PyTorch 1.13 (/usr/bin/python3).

  make_fixture.py                      writes the fixtures beside this script:
      model.safetensors   the state dict of a small seeded model (Linear, BatchNorm1d, ReLU, Linear)
      model.pt            the same state dict by torch.save
      expected.json       a fixed input and the model's output on it (eval mode)
      malicious_*.pt      torch.save files whose pickles reference posix.system, builtins.eval and __main__.Evil
      nested.pt           a torch.save of {"model": state_dict}: safe, but not a flat state dict
  make_fixture.py --check FILE         loads FILE (a .safetensors written by Composable) into the same architecture
                                       and prints its output on expected.json's input as JSON

The safetensors Python package is not installed with Debian's torch, so the few lines below read and write the
format themselves, per its specification. Making the malicious files runs nothing: pickling an object whose
__reduce__ names a function only records the function's name.
"""
import json
import os
import struct
import sys
from collections import OrderedDict

import torch

HERE = os.path.dirname(os.path.abspath(__file__))

# Safetensors dtype names in the reference implementation's order (the writer sorts by it, largest first).
DTYPES = [("BOOL", torch.bool), ("U8", torch.uint8), ("I8", torch.int8), ("I16", torch.int16),
          ("F16", torch.float16), ("BF16", torch.bfloat16), ("I32", torch.int32), ("F32", torch.float32),
          ("F64", torch.float64), ("I64", torch.int64)]
NAME_OF = {t: n for n, t in DTYPES}
TYPE_OF = {n: t for n, t in DTYPES}
RANK_OF = {t: i for i, (_, t) in enumerate(DTYPES)}


def model():
    return torch.nn.Sequential(
        torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 3))


def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    return t.view(torch.uint8).numpy().tobytes() if t.dim() > 0 else t.reshape(1).view(torch.uint8).numpy().tobytes()


def write_safetensors(path, tensors, metadata):
    ordered = sorted(tensors.items(), key=lambda kv: (-RANK_OF[kv[1].dtype], kv[0].encode("utf-8")))
    header, offset, blobs = {"__metadata__": dict(sorted(metadata.items()))}, 0, []
    for name, t in ordered:
        data = tensor_bytes(t)
        header[name] = {"dtype": NAME_OF[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data, tensors, expected = raw[8 + n:], {}, 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = info["data_offsets"]
        assert begin == expected, f"{name}: hole or overlap at {begin}"
        dtype = TYPE_OF[info["dtype"]]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.uint8) if end > begin else torch.empty(0, dtype=torch.uint8)
        tensors[name] = flat.view(dtype).reshape(info["shape"]).clone()
        expected = end
    assert expected == len(data), "trailing bytes after the last tensor"
    return tensors, metadata


class Evil:
    """A class of this script: unpickling it would need __main__.Evil."""


class CallsSystem:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


class CallsEval:
    def __reduce__(self):
        return (eval, ("1 + 1",))


def make():
    torch.manual_seed(20261203)
    net = model()
    net.train()
    with torch.no_grad():
        for _ in range(3):
            net(torch.randn(16, 4) * 2 + 0.5)  # moves the BatchNorm running statistics away from 0 and 1
    net.eval()
    state = net.state_dict()
    write_safetensors(os.path.join(HERE, "model.safetensors"), state, {"composable.producer": "make_fixture.py", "format": "pt"})
    torch.save(state, os.path.join(HERE, "model.pt"))
    inputs = torch.randn(5, 4)
    with torch.no_grad():
        outputs = net(inputs)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"torch": torch.__version__, "input": inputs.tolist(), "output": outputs.tolist()}, f, indent=1)
        f.write("\n")
    small = OrderedDict(weight=torch.ones(2))
    torch.save({"model": small}, os.path.join(HERE, "nested.pt"))
    for name, payload in [("posix_system", CallsSystem()), ("builtins_eval", CallsEval()), ("main_evil", Evil())]:
        torch.save(OrderedDict(small, extra=payload), os.path.join(HERE, f"malicious_{name}.pt"))


def check(path):
    net = model()
    tensors, _ = read_safetensors(path)
    net.load_state_dict(tensors, strict=True)
    net.eval()
    with open(os.path.join(HERE, "expected.json")) as f:
        inputs = torch.tensor(json.load(f)["input"])
    with torch.no_grad():
        print(json.dumps({"output": net(inputs).tolist()}))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        make()
