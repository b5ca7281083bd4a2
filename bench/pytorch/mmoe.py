#!/usr/bin/python3
"""PyTorch peers of the MMoE benchmark (bench/Composable.Bench --model mmoe), in two variants.

Model: input 100; 8 experts, each Linear(100->16) ReLU; per task a gate Linear(100->8) + softmax, the gated mixture
of the experts, a tower Linear(16->8) ReLU and a head Linear(8->1); tasks click (binary, BCE-with-logits) and
watch (regression, MSE), loss = click + watch; Adam lr 1e-3; batch 128.

--variant fused:      the form the Composable generator emits, parameter for parameter (GeneratedMmoe): all experts
                      as one Linear(100 -> 8*16) viewed as [B, 8, 16]; both tasks' gates as one Linear(100 -> 2*8)
                      (task_gates, rows t*8 ... t*8+7 being task t's gate), one softmax over [B, 2, 8] and one bmm for
                      both mixtures; then click_tower_0, click_head, watch_tower_0, watch_head. Built in the
                      generated Model's order from the same seed, it starts from the generated model's weights.
--variant per-expert: one nn.Module per expert in an nn.ModuleList, a gate per task and a Python loop over them (how
                      MMoE is usually written, e.g. in open-source recommender libraries); its weights are copied from a
                      GeneratedMmoe drawn from the same seed, so it starts from the same weights and loss too.

Served protocol and standalone mode as hard_sharing.py (whose runtime helpers this script reuses).
"""
import argparse

import torch
import torch.nn.functional as F
from torch import nn

from hard_sharing import drive, make_adam, runner_arguments, timed_run

INPUT_FEATURES = 100
EXPERTS = 8
EXPERT_WIDTH = 16
TOWER_WIDTH = 8
TASKS = ("click", "watch")


class PerExpertMmoe(nn.Module):
    def __init__(self):
        super().__init__()
        self.experts = nn.ModuleList(nn.Linear(INPUT_FEATURES, EXPERT_WIDTH) for _ in range(EXPERTS))
        self.gates = nn.ModuleList(nn.Linear(INPUT_FEATURES, EXPERTS) for _ in TASKS)
        self.towers = nn.ModuleList(nn.Linear(EXPERT_WIDTH, TOWER_WIDTH) for _ in TASKS)
        self.heads = nn.ModuleList(nn.Linear(TOWER_WIDTH, 1) for _ in TASKS)

    def forward(self, x):
        experts = torch.stack([F.relu(expert(x)) for expert in self.experts], dim=1)  # [B, E, H]
        outputs = []
        for gate, tower, head in zip(self.gates, self.towers, self.heads):
            weights = F.softmax(gate(x), dim=1).unsqueeze(2)  # [B, E, 1]
            mixture = (weights * experts).sum(dim=1)
            outputs.append(head(F.relu(tower(mixture))))
        return outputs

    @torch.no_grad()
    def copy_from(self, fused):
        """The same weights as a GeneratedMmoe: expert e is rows e*16 ... of experts_0, task t's gate rows t*8 ... of task_gates."""
        for e, expert in enumerate(self.experts):
            rows = slice(e * EXPERT_WIDTH, (e + 1) * EXPERT_WIDTH)
            expert.weight.copy_(fused.experts_0.weight[rows])
            expert.bias.copy_(fused.experts_0.bias[rows])
        for t, name in enumerate(TASKS):
            rows = slice(t * EXPERTS, (t + 1) * EXPERTS)
            self.gates[t].weight.copy_(fused.task_gates.weight[rows])
            self.gates[t].bias.copy_(fused.task_gates.bias[rows])
            self.towers[t].load_state_dict(getattr(fused, f"{name}_tower_0").state_dict())
            self.heads[t].load_state_dict(getattr(fused, f"{name}_head").state_dict())
        return self


class GeneratedMmoe(nn.Module):
    """The generated MMoE Model's layers, names and creation order, and its forward (ExpertMixing.Split/TaskWeights/MixAll)."""

    def __init__(self):
        super().__init__()
        self.experts_0 = nn.Linear(INPUT_FEATURES, EXPERTS * EXPERT_WIDTH)
        self.task_gates = nn.Linear(INPUT_FEATURES, len(TASKS) * EXPERTS)
        for name in TASKS:
            setattr(self, f"{name}_tower_0", nn.Linear(EXPERT_WIDTH, TOWER_WIDTH))
            setattr(self, f"{name}_head", nn.Linear(TOWER_WIDTH, 1))

    def forward(self, x):
        experts = F.relu(self.experts_0(x)).view(x.shape[0], EXPERTS, EXPERT_WIDTH)  # [B, E, H]
        weights = F.softmax(self.task_gates(x).view(x.shape[0], len(TASKS), EXPERTS), dim=2)  # [B, T, E]
        mixtures = torch.bmm(weights, experts).unbind(1)  # T x [B, H]
        return [getattr(self, f"{name}_head")(F.relu(getattr(self, f"{name}_tower_0")(mixture)))
                for name, mixture in zip(TASKS, mixtures)]


def make_batches(count, batch_size, seed):
    """Same recipe and RNG call order as MmoeBatches.Create on the .NET side."""
    torch.manual_seed(seed)
    with torch.no_grad():
        projection = torch.randn(INPUT_FEATURES, 2)
        batches = []
        for _ in range(count):
            x = torch.randn(batch_size, INPUT_FEATURES)
            z = x.matmul(projection)
            batches.append((x, (z[:, 0:1] > 0).float(), z[:, 1:2] / 8.0))
    return batches


def loss_of(outputs, batch):
    click, watch = outputs
    return F.binary_cross_entropy_with_logits(click, batch[1]) + F.mse_loss(watch, batch[2])


class Contender:
    def __init__(self, variant, batches, seed, adam_form="per-parameter"):
        self.batches = batches
        self.next = 0
        torch.manual_seed(seed)
        generated = GeneratedMmoe()
        self.model = PerExpertMmoe().copy_from(generated) if variant == "per-expert" else generated
        self.optimizer = make_adam(self.model.parameters(), 1e-3, adam_form)
        self.model.train()

    def step(self):
        batch = self.batches[self.next]
        self.next = (self.next + 1) % len(self.batches)
        self.optimizer.zero_grad(set_to_none=True)
        loss = loss_of(self.model(batch[0]), batch)
        loss.backward()
        self.optimizer.step()

    def run(self, steps):
        return timed_run(self.step, steps)

    def measure_loss(self):
        self.model.eval()
        try:
            with torch.no_grad():
                return sum(loss_of(self.model(b[0]), b).item() for b in self.batches) / len(self.batches)
        finally:
            self.model.train()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variant", choices=("per-expert", "fused"), required=True)
    runner_arguments(parser, warmup=200, steps=2000)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    contender = Contender(args.variant, make_batches(args.batches, args.batch_size, args.seed), args.seed, args.adam)
    name = "pytorch-" + args.variant

    drive(contender, name, args)


if __name__ == "__main__":
    main()
