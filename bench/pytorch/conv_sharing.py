#!/usr/bin/python3
"""PyTorch peer of the conv hard-sharing benchmark (bench/Composable.Bench --model conv-sharing).

Same model, data, objective and step as the generated trainer of ConvSharingBenchModel:
backbone = the few-shot conv net as Composable's ConvEmbedding (four blocks of Conv2d(3x3, padding 1) -> BatchNorm2d ->
MaxPool2d(2) -> ReLU, 64 channels, 1x28x28 -> 64 features; protonet.py's ConvEmbedding), trunk_0 Linear(64->256) ReLU,
heads income/marital/age Linear(256->1); loss = 1.0*BCEWithLogits(income) + 0.5*BCEWithLogits(marital) + 1.0*MSE(age)
(hard_sharing.py's weighted_loss); Adam lr 1e-3; batch 256 (--batch-size). The batches are hard_sharing.py's recipe with
rows of 784 (read as 28x28 images), made here from the same seed and RNG call order as FixedBatches.Create; the initial
weights and batch-norm buffers are the .NET model's, read from the safetensors file given as --tensors (model.{name}).
Served protocol and standalone mode as hard_sharing.py.
"""
import argparse

import torch
import torch.nn.functional as F
from torch import nn

import hard_sharing
from hard_sharing import drive, make_adam, make_batches, runner_arguments
from protonet import ConvEmbedding, read_safetensors

SIDE = 28
HIDDEN = 256
EMBEDDING = 64


class ConvSharing(nn.Module):
    """State-dict names as the generated Model's: backbone.block_{i}.conv/norm.*, trunk_0.*, {task}_head.*."""

    def __init__(self):
        super().__init__()
        self.backbone = ConvEmbedding()
        self.trunk_0 = nn.Linear(EMBEDDING, HIDDEN)
        self.income_head = nn.Linear(HIDDEN, 1)
        self.marital_head = nn.Linear(HIDDEN, 1)
        self.age_head = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        shared = F.relu(self.trunk_0(self.backbone(x)))
        return self.income_head(shared), self.marital_head(shared), self.age_head(shared)


class Contender(hard_sharing.Contender):
    """hard_sharing.py's contender (step, timed run, loss in evaluation mode) over this model, from the .NET weights."""

    def __init__(self, batches, state, adam_form="per-parameter"):
        self.batches = batches
        self.next = 0
        self.model = ConvSharing()
        self.model.load_state_dict({k[len("model."):]: v for k, v in state.items() if k.startswith("model.")}, strict=True)
        self.optimizer = make_adam(self.model.parameters(), 1e-3, adam_form)
        self.model.train()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tensors", required=True, help="safetensors file of the initial weights (model.{name})")
    runner_arguments(parser, warmup=5, steps=20)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    batches = make_batches(args.batches, args.batch_size, args.seed, features=SIDE * SIDE)
    contender = Contender(batches, read_safetensors(args.tensors), args.adam)
    drive(contender, "pytorch", args)


if __name__ == "__main__":
    main()
