#!/usr/bin/python3
"""PyTorch peers of the MAML meta-step benchmark (bench/Composable.Bench --model maml), in two variants and two orders.

Network: the sinusoid MLP of Finn et al. (2017), 1-40-40-1 ReLU, as nn.Linear layers layer_0, layer_1, head (built in
that order after torch.manual_seed(seed), like Composable's MetaNetwork). One meta-step: a meta-batch of 25 sinusoid
tasks, K = 10 support and 10 query points each; one inner gradient step phi = theta - 0.01 * grad L_support(theta)
(MSE); meta-loss = mean over tasks of L_query(phi); Adam lr 1e-3 on theta.

--variant loop:     a Python loop over tasks, torch.autograd.grad per task, then (query loss / T).backward() per task,
                    as learn2learn / higher-style libraries do it (one clone of the weights per task).
--variant batched:  tasks as a leading dimension: theta expanded to [T, ...], each layer one torch.baddbmm, one
                    autograd.grad for all tasks (the summed per-task losses), one backward: Composable's layout.
--order second:     create_graph=True (true MAML). --order first: create_graph=False, inner gradients constant (FOMAML).

Episodes are generated once with torch's RNG (same recipe and call order as MamlEpisodes.Create on the .NET side) and
cycled. --batch-size is accepted for the runner's common arguments and ignored; --batches is the number of fixed
meta-batches. Served protocol and standalone mode as hard_sharing.py (whose runtime helpers this script reuses).
"""
import argparse
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

from hard_sharing import drive, make_adam, runner_arguments, timed_run

WIDTHS = (1, 40, 40, 1)
INNER_LR = 0.01
OUTER_LR = 1e-3


def make_meta_batches(count, tasks, shots, queries, seed):
    """Same recipe and RNG call order as MamlEpisodes.Create: A ~ U[0.1, 5], phase ~ U[0, pi], x ~ U[-5, 5]."""
    torch.manual_seed(seed)
    batches = []
    with torch.no_grad():
        for _ in range(count):
            amplitude = torch.rand(tasks, 1, 1) * 4.9 + 0.1
            phase = torch.rand(tasks, 1, 1) * math.pi
            support_x = torch.rand(tasks, shots, 1) * 10.0 - 5.0
            query_x = torch.rand(tasks, queries, 1) * 10.0 - 5.0
            batches.append((support_x, amplitude * torch.sin(support_x - phase),
                            query_x, amplitude * torch.sin(query_x - phase)))
    return batches


class SinusoidNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_0 = nn.Linear(WIDTHS[0], WIDTHS[1])
        self.layer_1 = nn.Linear(WIDTHS[1], WIDTHS[2])
        self.head = nn.Linear(WIDTHS[2], WIDTHS[3])


def forward(params, x):
    """One task: params = [w0, b0, w1, b1, w2, b2] (PyTorch layout), x [B, 1]."""
    h = F.relu(F.linear(x, params[0], params[1]))
    h = F.relu(F.linear(h, params[2], params[3]))
    return F.linear(h, params[4], params[5])


def forward_batched(params, x):
    """T tasks: params stacked [T, out, in] / [T, out], x [T, B, 1]."""
    h = F.relu(torch.baddbmm(params[1].unsqueeze(1), x, params[0].transpose(1, 2)))
    h = F.relu(torch.baddbmm(params[3].unsqueeze(1), h, params[2].transpose(1, 2)))
    return torch.baddbmm(params[5].unsqueeze(1), h, params[4].transpose(1, 2))


def task_losses(predictions, targets):
    """Mean squared error per task [T] of predictions [T, B, 1] (EpisodeLosses.Regression)."""
    return (predictions - targets).square().mean(dim=(1, 2))


class Contender:
    """One MAML meta-step over explicit parameters, per task or task-batched. The network and its loss are class
    attributes (forward, forward_batched, loss, task_losses) so that conv_maml.py's contender reuses the step."""
    forward = staticmethod(forward)
    forward_batched = staticmethod(forward_batched)
    loss = staticmethod(F.mse_loss)
    task_losses = staticmethod(task_losses)

    def __init__(self, variant, order, batches, seed, adam_form="per-parameter"):
        torch.manual_seed(seed)
        self.setup(variant, order, batches, list(SinusoidNet().parameters()), INNER_LR, OUTER_LR, adam_form)

    def setup(self, variant, order, batches, params, inner_lr, lr, adam_form):
        self.batches = batches
        self.next = 0
        self.inner_lr = inner_lr
        self.second_order = order == "second"
        self.meta_loss = self.loop_meta_loss if variant == "loop" else self.batched_meta_loss
        self.params = params
        self.optimizer = make_adam(self.params, lr, adam_form)

    def loop_meta_loss(self, batch, backward):
        support_x, support_y, query_x, query_y = batch
        tasks = support_x.shape[0]
        # The tasks' losses are summed as tensors and read back once, as the batched variant and Composable's step do.
        total = torch.zeros(())
        for t in range(tasks):
            loss = self.loss(self.forward(self.params, support_x[t]), support_y[t])
            grads = torch.autograd.grad(loss, self.params, create_graph=self.second_order)
            fast = [p - self.inner_lr * g for p, g in zip(self.params, grads)]
            query_loss = self.loss(self.forward(fast, query_x[t]), query_y[t]) / tasks
            if backward:
                query_loss.backward()
            total = total + query_loss.detach()
        return total.item()

    def batched_meta_loss(self, batch, backward):
        support_x, support_y, query_x, query_y = batch
        tasks = support_x.shape[0]
        stacked = [p.unsqueeze(0).expand(tasks, *p.shape) for p in self.params]
        # The sum of per-task mean losses: its gradient in slice t is task t's own.
        loss = self.task_losses(self.forward_batched(stacked, support_x), support_y).sum()
        grads = torch.autograd.grad(loss, stacked, create_graph=self.second_order)
        fast = [p - self.inner_lr * g for p, g in zip(stacked, grads)]
        meta_loss = self.task_losses(self.forward_batched(fast, query_x), query_y).mean()
        if backward:
            meta_loss.backward()
        return meta_loss.item()

    def step(self):
        batch = self.batches[self.next]
        self.next = (self.next + 1) % len(self.batches)
        self.optimizer.zero_grad(set_to_none=True)
        self.meta_loss(batch, backward=True)
        self.optimizer.step()

    def run(self, steps):
        return timed_run(self.step, steps)

    def measure_loss(self):
        """Mean post-adaptation query loss over the fixed meta-batches (theta unchanged)."""
        return sum(self.meta_loss(b, backward=False) for b in self.batches) / len(self.batches)


PHASES = ("inner forward + loss", "inner autograd.grad", "fast weights + query forward", "outer backward",
          "Adam step (+ zero_grad)")


def time_phases(contender, variant, warmup, steps):
    """Milliseconds per meta-step in each phase of the step (the loop variant sums each phase over its tasks)."""
    totals = [0.0] * len(PHASES)
    params = contender.params
    for step in range(warmup + steps):
        timed = step >= warmup
        support_x, support_y, query_x, query_y = contender.batches[step % len(contender.batches)]
        tasks = support_x.shape[0]
        laps = [0.0] * len(PHASES)
        clock = time.perf_counter()

        def lap(phase):
            nonlocal clock
            now = time.perf_counter()
            laps[phase] += now - clock
            clock = now

        if variant == "loop":
            for t in range(tasks):
                loss = F.mse_loss(forward(params, support_x[t]), support_y[t])
                lap(0)
                grads = torch.autograd.grad(loss, params, create_graph=contender.second_order)
                lap(1)
                query_loss = F.mse_loss(forward([p - INNER_LR * g for p, g in zip(params, grads)], query_x[t]), query_y[t]) / tasks
                lap(2)
                query_loss.backward()
                lap(3)
        else:
            stacked = [p.unsqueeze(0).expand(tasks, *p.shape) for p in params]
            loss = (forward_batched(stacked, support_x) - support_y).square().mean(dim=(1, 2)).sum()
            lap(0)
            grads = torch.autograd.grad(loss, stacked, create_graph=contender.second_order)
            lap(1)
            fast = [p - INNER_LR * g for p, g in zip(stacked, grads)]
            meta_loss = (forward_batched(fast, query_x) - query_y).square().mean(dim=(1, 2)).mean()
            lap(2)
            meta_loss.backward()
            lap(3)
        contender.optimizer.step()
        contender.optimizer.zero_grad(set_to_none=True)
        lap(4)
        if timed:
            totals = [a + b for a, b in zip(totals, laps)]
    return {name: 1000.0 * total / steps for name, total in zip(PHASES, totals)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variant", choices=("loop", "batched"), required=True)
    parser.add_argument("--order", choices=("first", "second"), default="second")
    runner_arguments(parser, warmup=20, steps=200)
    parser.add_argument("--meta-batch", type=int, default=25)
    parser.add_argument("--shots", type=int, default=10)
    parser.add_argument("--queries", type=int, default=10)
    parser.add_argument("--phases", action="store_true", help="print ms per meta-step in each phase and exit")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    batches = make_meta_batches(args.batches, args.meta_batch, args.shots, args.queries, args.seed)
    contender = Contender(args.variant, args.order, batches, args.seed, args.adam)
    name = "pytorch-" + args.variant + ("-fo" if args.order == "first" else "")

    if args.phases:
        phases = time_phases(contender, args.variant, args.warmup, args.steps)
        print(f"{name} phases, ms per meta-step (mean of {args.steps} after {args.warmup} warm-up, {args.threads} thread(s)):")
        for phase, ms in phases.items():
            print(f"  {phase:<30} {ms:8.3f}")
        print(f"  {'total':<30} {sum(phases.values()):8.3f}")
        return

    drive(contender, name, args)


if __name__ == "__main__":
    main()
