#!/usr/bin/python3
"""PyTorch peer of the hard-sharing benchmark (bench/Composable.Bench).

Same model, data recipe, objective and step as the .NET contenders:
trunk Linear(64->256) ReLU Linear(256->256) ReLU; heads income/marital/age Linear(256->1) (--width sets the trunk's 256);
loss = 1.0*BCEWithLogits(income) + 0.5*BCEWithLogits(marital) + 1.0*MSE(age); Adam lr 1e-3; batch 128.
--adam per-parameter (default) is torch.optim.Adam's loop over the parameter tensors, as PyTorch runs by default;
--adam foreach is the same update as multi-tensor (torch._foreach_*) kernels, PyTorch's closest form to the
.NET trainers' FlatAdam (one update over one flat buffer). Every peer script takes the flag.

Standalone:  /usr/bin/python3 hard_sharing.py --threads 2 --warmup 200 --steps 2000
             -> one JSON line {"contender": "pytorch", "steps_per_s": ..., ...}
Served:      /usr/bin/python3 hard_sharing.py --threads 2 --serve
             -> one JSON "ready" line describing the runtime, then one JSON line per stdin command:
                "warmup N" / "run N" (N timed steps), "loss" (mean weighted loss over the fixed batches),
                "gemm M K N" (GFLOP/s of [M x K] @ [K x N], best of timed groups), "quit".
The C# runner uses the served mode so that PyTorch rounds interleave with the .NET contenders' rounds.
"""
import argparse
import ctypes
import json
import os
import re
import resource
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

INPUT_FEATURES = 64
HIDDEN = 256


class HardSharing(nn.Module):
    def __init__(self, hidden=HIDDEN):
        super().__init__()
        self.trunk_0 = nn.Linear(INPUT_FEATURES, hidden)
        self.trunk_1 = nn.Linear(hidden, hidden)
        self.income_head = nn.Linear(hidden, 1)
        self.marital_head = nn.Linear(hidden, 1)
        self.age_head = nn.Linear(hidden, 1)

    def forward(self, x):
        shared = F.relu(self.trunk_1(F.relu(self.trunk_0(x))))
        return self.income_head(shared), self.marital_head(shared), self.age_head(shared)


def make_batches(count, batch_size, seed, features=INPUT_FEATURES):
    """Same recipe and RNG call order as FixedBatches.Create on the .NET side (rows of `features`)."""
    torch.manual_seed(seed)
    with torch.no_grad():
        projection = torch.randn(features, 3)
        batches = []
        for _ in range(count):
            x = torch.randn(batch_size, features)
            z = x.matmul(projection)
            batches.append((x, (z[:, 0:1] > 0).float(), (z[:, 1:2] > 0).float(), z[:, 2:3] / 8.0))
    return batches


def weighted_loss(outputs, batch):
    income, marital, age = outputs
    _, income_t, marital_t, age_t = batch
    return (F.binary_cross_entropy_with_logits(income, income_t) * 1.0
            + F.binary_cross_entropy_with_logits(marital, marital_t) * 0.5
            + F.mse_loss(age, age_t) * 1.0)


def make_adam(parameters, lr, form):
    """torch.optim.Adam in the form --adam names: "per-parameter" (a Python loop over the tensors, PyTorch's default on
    CPU) or "foreach" (the same update as multi-tensor kernels over all tensors at once)."""
    return torch.optim.Adam(parameters, lr=lr, foreach=form == "foreach")


class Contender:
    def __init__(self, batches, seed, adam_form="per-parameter", hidden=HIDDEN):
        self.batches = batches
        self.next = 0
        torch.manual_seed(seed)
        self.model = HardSharing(hidden)
        self.optimizer = make_adam(self.model.parameters(), 1e-3, adam_form)
        self.model.train()

    def step(self):
        batch = self.batches[self.next]
        self.next = (self.next + 1) % len(self.batches)
        # set_to_none=True is TorchSharp's (and PyTorch 2.x's) default; PyTorch 1.13's default is False.
        self.optimizer.zero_grad(set_to_none=True)
        loss = weighted_loss(self.model(batch[0]), batch)
        loss.backward()
        self.optimizer.step()

    def run(self, steps):
        return timed_run(self.step, steps)

    def measure_loss(self):
        self.model.eval()
        try:
            with torch.no_grad():
                return sum(weighted_loss(self.model(b[0]), b).item() for b in self.batches) / len(self.batches)
        finally:
            self.model.train()


def blas_libraries():
    """Shared libraries of a BLAS/LAPACK mapped into this process (Debian's torch links the libblas.so.3 alternative)."""
    seen = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = path.rsplit("/", 1)[-1].lower()
            if ("blas" in name or "lapack" in name or "mkl" in name) and path not in seen:
                seen.append(path)
    return seen


def openmp_max_threads():
    """omp_get_max_threads() of this thread: what an OpenMP build of OpenBLAS uses for each call (torch.set_num_threads
    sets it). openblas_get_num_threads() is no guide: it keeps its start-up value when OpenMP asks for one thread."""
    try:
        return ctypes.CDLL("libgomp.so.1").omp_get_max_threads()
    except (OSError, AttributeError):
        return None


def openblas_info(libraries):
    """Core type, threads and build configuration of OpenBLAS, when it is the BLAS."""
    for path in libraries:
        if "openblas" not in path:
            continue
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            config = lib.openblas_get_config().decode().strip()
            return {"library": path,
                    "core": lib.openblas_get_corename().decode(),
                    "threads": openmp_max_threads() if "USE_OPENMP" in config else lib.openblas_get_num_threads(),
                    "config": config}
        except (OSError, AttributeError) as error:
            return {"library": path, "error": str(error)}
    return None


def runtime_info(threads):
    # A first matmul makes sure the BLAS is loaded before /proc/self/maps is read.
    torch.ones(8, 8).matmul(torch.ones(8, 8))
    libraries = blas_libraries()
    blas_info = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    return {"torch": torch.__version__,
            "python": sys.version.split()[0],
            "threads": torch.get_num_threads(),
            "requested_threads": threads,
            "blas_build_info": blas_info.group(1) if blas_info else None,
            "blas_libraries": libraries,
            "openblas": openblas_info(libraries),
            "environment": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "GOMP_", "MKL_", "MALLOC_"))}}


def peak_resident_mb():
    """This process's peak resident set since it started, in MB (Linux reports ru_maxrss in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def timed_run(step, steps):
    """Times `steps` calls of `step` with perf_counter: the figure the runner reads (no pipe round-trip in it)."""
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    return {"steps": steps, "seconds": seconds, "steps_per_s": steps / seconds}


def gemm_rate(m, k, n, groups=3, products=10):
    """GFLOP/s of [m x k] @ [k x n]: the best of `groups` timed groups of `products` products, after one untimed
    (the same recipe as GemmRate.Measure on the .NET side)."""
    a, b = torch.randn(m, k), torch.randn(k, n)
    torch.mm(a, b)
    best = float("inf")
    for _ in range(groups):
        start = time.perf_counter()
        for _ in range(products):
            torch.mm(a, b)
        best = min(best, time.perf_counter() - start)
    return 2.0 * m * k * n * products / best / 1e9


def drive(contender, name, args):
    """Every peer's two modes: one timed run printed as a JSON line, or (--serve) the runner's line protocol
    on stdin: `warmup N` / `run N` (timed steps), `loss` (mean loss over the fixed batches), `gemm M K N` (this
    process's GEMM rate), `memory` (this process's peak resident set in MB), `quit`."""
    if not args.serve:
        initial_loss = contender.measure_loss()
        contender.run(args.warmup)
        timed = contender.run(args.steps)
        emit({"contender": name, **timed, "initial_loss": initial_loss,
              "final_loss": contender.measure_loss(), "peak_mb": peak_resident_mb(), "runtime": runtime_info(args.threads)})
        return

    emit({"ready": True, "runtime": runtime_info(args.threads)})
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        if command[0] in ("run", "warmup"):
            emit(contender.run(int(command[1])))
        elif command[0] == "loss":
            emit({"loss": contender.measure_loss()})
        elif command[0] == "gemm":
            emit({"gflops": gemm_rate(*(int(c) for c in command[1:4]))})
        elif command[0] == "memory":
            emit({"peak_mb": peak_resident_mb()})
        elif command[0] == "quit":
            break
        else:
            emit({"error": "unknown command " + command[0]})


def runner_arguments(parser, warmup, steps):
    """The arguments the .NET runner passes to every peer: threads, data shape and seed, step counts, --serve."""
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--batches", type=int, default=16)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--warmup", type=int, default=warmup)
    parser.add_argument("--steps", type=int, default=steps)
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--adam", choices=("per-parameter", "foreach"), default="per-parameter",
                        help="torch.optim.Adam's form: a loop over the parameter tensors, or multi-tensor kernels")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    runner_arguments(parser, warmup=200, steps=2000)
    parser.add_argument("--width", type=int, default=HIDDEN, help="width of both trunk layers")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    contender = Contender(make_batches(args.batches, args.batch_size, args.seed), args.seed, args.adam, args.width)

    drive(contender, "pytorch", args)


if __name__ == "__main__":
    main()
