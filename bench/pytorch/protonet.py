#!/usr/bin/python3
"""PyTorch peer of the ProtoNet training-episode benchmark (bench/Composable.Bench --model protonet).

Backbone: the few-shot conv net of Vinyals et al. (2016) / Snell et al. (2017), as Composable's ConvEmbedding:
four blocks of Conv2d(3x3, padding 1) -> BatchNorm2d -> MaxPool2d(2) -> ReLU, 64 channels (pooling before the ReLU,
in the order ConvEmbedding runs them: max-pooling commutes with a monotone function, so the outputs and gradients are
those of the textbook conv -> BN -> ReLU -> pool, and the ReLU touches a quarter of the elements), 28x28x1 glyphs -> 64-d,
state-dict names backbone.block_{i}.conv.* / backbone.block_{i}.norm.* (the generated Network's). One training episode (5-way 5-shot, 15 queries per class) is
the generated Trainer.Step of a [FewShotLearner] Prototypical declaration, operation for operation: zero_grad; embed
the 25 support and 75 query images in one forward of cat([support, query]) (batch norm in training mode over all 100,
as Snell et al.'s code does), split; prototypes = one-hot(labels)^T @ support / counts; logits =
-clamp(|q|^2 - 2 q p^T + |p|^2, 0); cross-entropy; backward; Adam (lr 1e-3); the loss read back.

The episodes are kanji glyphs rendered by the .NET side, and the initial weights are the .NET model's: both come
from the safetensors file given as --tensors (episode_{i}.support_inputs / support_targets / query_inputs /
query_targets, model.{state-dict name}), so both sides train the same model on the same tensors from the same start.
--batch-size, --batches and --seed are accepted for the runner's common arguments and ignored.
Served protocol and standalone mode as hard_sharing.py (whose runtime helpers this script reuses).
"""
import argparse
import json
import time
from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import nn

from hard_sharing import drive, make_adam, runner_arguments, timed_run

SIDE = 28
CHANNELS = 64
BLOCKS = 4
DTYPES = {"F32": torch.float32, "I64": torch.int64}


def read_safetensors(path):
    """name -> tensor from a safetensors file (8-byte little-endian header length, JSON header, raw data)."""
    with open(path, "rb") as f:
        data = f.read()
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    base = 8 + length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = bytearray(data[base + begin:base + end])
        tensors[name] = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]).reshape(info["shape"]).clone()
    return tensors


class ConvEmbedding(nn.Module):
    """The backbone: block_0 ... block_3."""

    def __init__(self):
        super().__init__()
        previous = 1
        for i in range(BLOCKS):
            self.add_module(f"block_{i}", nn.Sequential(OrderedDict(
                conv=nn.Conv2d(previous, CHANNELS, 3, padding=1),
                norm=nn.BatchNorm2d(CHANNELS),
                pool=nn.MaxPool2d(2),
                relu=nn.ReLU(inplace=True))))
            previous = CHANNELS

    def forward(self, x):
        h = x.reshape(-1, 1, SIDE, SIDE)
        for block in self.children():
            h = block(h)
        return h.flatten(1)


def prototypes(embeddings, labels, ways):
    """Prototypes.Of: the mean support embedding of each class, as one matrix product."""
    membership = F.one_hot(labels, ways).to(embeddings.dtype).t()
    return membership.matmul(embeddings).div(membership.sum(1, keepdim=True).clamp_min(1))


def logits(queries, protos):
    """Prototypes.Logits, squared Euclidean: -||q - p||^2 expanded into one matrix product."""
    squared = queries.pow(2).sum(1, keepdim=True) - 2 * queries.matmul(protos.t()) + protos.pow(2).sum(1).unsqueeze(0)
    return squared.clamp_min(0).neg()


def load_episodes(tensors):
    episodes = []
    while f"episode_{len(episodes)}.support_inputs" in tensors:
        prefix = f"episode_{len(episodes)}."
        episodes.append(tuple(tensors[prefix + part] for part in
                              ("support_inputs", "support_targets", "query_inputs", "query_targets")))
    if not episodes:
        raise ValueError("no episode_0.* tensors in the file")
    return episodes


class Contender:
    def __init__(self, tensors, lr, adam_form="per-parameter"):
        self.episodes = load_episodes(tensors)
        self.next = 0
        self.model = nn.Module()
        self.model.backbone = ConvEmbedding()
        self.model.load_state_dict({k[len("model."):]: v for k, v in tensors.items() if k.startswith("model.")}, strict=True)
        self.optimizer = make_adam(self.model.parameters(), lr, adam_form)

    def episode_logits(self, episode):
        support_x, support_y, query_x, _ = episode
        ways = int(support_y.max().item()) + 1
        embedded = self.model.backbone(torch.cat([support_x, query_x]))
        support, queries = embedded[:support_x.shape[0]], embedded[support_x.shape[0]:]
        return logits(queries, prototypes(support, support_y, ways))

    def step(self):
        episode = self.episodes[self.next]
        self.next = (self.next + 1) % len(self.episodes)
        self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(self.episode_logits(episode), episode[3])
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def run(self, steps):
        return timed_run(self.step, steps)

    def measure_loss(self):
        """Mean query cross-entropy over the fixed episodes in training mode (batch statistics), no gradients; the
        batch-norm running statistics are put back afterwards."""
        saved = [b.clone() for b in self.model.buffers()]
        self.model.train()
        with torch.no_grad():
            loss = sum(F.cross_entropy(self.episode_logits(e), e[3]).item() for e in self.episodes) / len(self.episodes)
            for buffer, value in zip(self.model.buffers(), saved):
                buffer.copy_(value)
        return loss


PHASES = ("support + query forward", "prototypes + logits + loss", "backward", "Adam step (+ zero_grad)")


def time_phases(contender, warmup, steps):
    """Milliseconds per training episode in each phase of the step."""
    totals = [0.0] * len(PHASES)
    model = contender.model
    model.train()
    for step in range(warmup + steps):
        support_x, support_y, query_x, query_y = contender.episodes[step % len(contender.episodes)]
        laps = []
        clock = time.perf_counter()

        def lap():
            nonlocal clock
            now = time.perf_counter()
            laps.append(now - clock)
            clock = now

        contender.optimizer.zero_grad(set_to_none=True)
        embedded = model.backbone(torch.cat([support_x, query_x]))
        support, query = embedded[:support_x.shape[0]], embedded[support_x.shape[0]:]
        lap()
        loss = F.cross_entropy(logits(query, prototypes(support, support_y, int(support_y.max().item()) + 1)), query_y)
        lap()
        loss.backward()
        lap()
        contender.optimizer.step()
        loss.item()
        lap()
        if step >= warmup:
            totals = [a + b for a, b in zip(totals, laps)]
    return {name: 1000.0 * total / steps for name, total in zip(PHASES, totals)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tensors", required=True, help="safetensors file of episodes and initial weights")
    parser.add_argument("--lr", type=float, default=1e-3)
    runner_arguments(parser, warmup=10, steps=50)
    parser.add_argument("--phases", action="store_true", help="print ms per training episode in each phase and exit")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    contender = Contender(read_safetensors(args.tensors), args.lr, args.adam)

    if args.phases:
        phases = time_phases(contender, args.warmup, args.steps)
        print(f"pytorch phases, ms per training episode (mean of {args.steps} after {args.warmup} warm-up, {args.threads} thread(s)):")
        for phase, ms in phases.items():
            print(f"  {phase:<30} {ms:8.3f}")
        print(f"  {'total':<30} {sum(phases.values()):8.3f}")
        return

    drive(contender, "pytorch", args)


if __name__ == "__main__":
    main()
