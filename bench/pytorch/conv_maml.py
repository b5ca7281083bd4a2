#!/usr/bin/python3
"""PyTorch peers of the conv MAML meta-step benchmark (bench/Composable.Bench --model conv-maml), in two variants and two
orders.

Network: the few-shot conv backbone of Finn et al. (2017) for Omniglot as Composable's ConvStack: four blocks of
conv 3x3 (padding 1) -> batch norm with the batch's statistics (no running statistics, learned scale and shift) ->
max-pool 2 -> ReLU, 64 channels, 1x28x28 -> 64 features, then a linear head to 5 ways. Parameters as explicit tensors,
named and ordered as the generated Network's (block_{i}.conv.weight/bias, block_{i}.norm.weight/bias, head.weight/bias).
One meta-step: a meta-batch of 5-way 1-shot glyph episodes (15 queries per class); one inner gradient step on the
support cross-entropy, phi = theta - 0.4 * grad; meta-loss = mean over tasks of the query cross-entropy at phi; Adam
lr 1e-3 on theta.

--variant loop:     a Python loop over tasks, torch.autograd.grad per task, (query loss / T).backward() per task, as
                    learn2learn / higher-style libraries write MAML (one set of fast weights per task).
--variant batched:  batched by hand: the T tasks' images side by side as channel groups [B, T*C, H, W], every block
                    one grouped convolution (groups = T) over the stacked weights [T*C', C, 3, 3], batch norm over the
                    T*C' channels (each channel's statistics are its own task's), the head one baddbmm; one
                    autograd.grad for all tasks, one backward: Composable's layout.
--variant shared:   not MAML, a cost probe (Composable.Bench --model conv-maml --bound): --tasks-per-pass k tasks per
                    pass share one set of fast weights, so every block of a pass is one plain convolution over k*80
                    images; each pass back-propagated before the next. With k = 1 it is the loop variant's arithmetic
                    and loss. What it gains over k = 1 bounds what any task-batched layout can gain over the loop.
--order second:     create_graph=True (true MAML). --order first: create_graph=False (FOMAML).

The episodes and the initial weights are the .NET side's, read from the safetensors file given as --tensors
(episode_{i}.* as protonet.py reads them, model.{name}); the episodes are grouped into meta-batches of --meta-batch in
file order and cycled. --batch-size, --batches and --seed are accepted for the runner's common arguments and ignored.
Served protocol and standalone mode as hard_sharing.py (whose runtime helpers this script reuses).
"""
import argparse

import torch
import torch.nn.functional as F

import maml
from hard_sharing import drive, runner_arguments
from protonet import load_episodes, read_safetensors

SIDE = 28
BLOCKS = 4
EPSILON = 1e-5
NAMES = [f"block_{i}.{layer}.{kind}" for i in range(BLOCKS) for layer in ("conv", "norm") for kind in ("weight", "bias")] \
    + ["head.weight", "head.bias"]


def forward(params, x):
    """One task: params in NAMES order, x [B, 784] -> logits [B, ways]."""
    h = x.reshape(-1, 1, SIDE, SIDE)
    for i in range(BLOCKS):
        conv_w, conv_b, norm_w, norm_b = params[4 * i:4 * i + 4]
        h = F.conv2d(h, conv_w, conv_b, padding=1)
        h = F.batch_norm(h, None, None, norm_w, norm_b, training=True, eps=EPSILON)
        h = F.relu(F.max_pool2d(h, 2))
    return F.linear(h.flatten(1), params[-2], params[-1])


def forward_batched(params, x):
    """T tasks: params stacked [T, ...], x [T, B, 784] -> logits [T, B, ways], one grouped convolution per block."""
    tasks, rows = x.shape[0], x.shape[1]
    h = x.reshape(tasks, rows, 1, SIDE, SIDE).transpose(0, 1).reshape(rows, tasks, SIDE, SIDE)
    for i in range(BLOCKS):
        conv_w, conv_b, norm_w, norm_b = params[4 * i:4 * i + 4]
        h = F.conv2d(h, conv_w.reshape(-1, *conv_w.shape[2:]), conv_b.reshape(-1), padding=1, groups=tasks)
        h = F.batch_norm(h, None, None, norm_w.reshape(-1), norm_b.reshape(-1), training=True, eps=EPSILON)
        h = F.relu(F.max_pool2d(h, 2))
    features = h.reshape(rows, tasks, -1).transpose(0, 1)
    return torch.baddbmm(params[-1].unsqueeze(1), features, params[-2].transpose(1, 2))


def task_losses(logits, labels):
    """Mean cross-entropy per task [T] of logits [T, B, ways] against labels [T, B] (EpisodeLosses.Classification)."""
    tasks, rows = labels.shape
    return F.cross_entropy(logits.reshape(tasks * rows, -1), labels.reshape(-1), reduction="none").reshape(tasks, rows).mean(1)


class Contender(maml.Contender):
    """maml.py's meta-step (loop or batched, either order) over the conv network, from the .NET side's episodes and θ."""
    forward = staticmethod(forward)
    forward_batched = staticmethod(forward_batched)
    loss = staticmethod(F.cross_entropy)
    task_losses = staticmethod(task_losses)

    def __init__(self, variant, order, tensors, meta_batch, inner_lr, lr, adam_form="per-parameter", tasks_per_pass=1):
        episodes = load_episodes(tensors)
        if len(episodes) < meta_batch:
            raise ValueError(f"{len(episodes)} episodes in the file, fewer than one meta-batch of {meta_batch}")
        batches = [tuple(torch.stack([e[part] for e in episodes[i:i + meta_batch]]) for part in range(4))
                   for i in range(0, len(episodes) - meta_batch + 1, meta_batch)]
        params = [tensors["model." + name].clone().requires_grad_(True) for name in NAMES]
        self.setup("loop" if variant == "shared" else variant, order, batches, params, inner_lr, lr, adam_form)
        if variant == "shared":
            self.tasks_per_pass = tasks_per_pass
            self.meta_loss = self.shared_meta_loss

    def shared_meta_loss(self, batch, backward):
        """The meta-step's arithmetic, tasks_per_pass tasks per pass through one set of fast weights."""
        support_x, support_y, query_x, query_y = batch
        tasks = support_x.shape[0]
        total = torch.zeros(())
        for start in range(0, tasks, self.tasks_per_pass):
            part = slice(start, start + self.tasks_per_pass)
            count = support_x[part].shape[0]
            # Each task's loss is the mean over its own rows: the mean over the pass's rows times the tasks in it.
            loss = F.cross_entropy(forward(self.params, support_x[part].flatten(0, 1)), support_y[part].flatten()) * count
            grads = torch.autograd.grad(loss, self.params, create_graph=self.second_order)
            fast = [p - self.inner_lr * g for p, g in zip(self.params, grads)]
            query_loss = F.cross_entropy(forward(fast, query_x[part].flatten(0, 1)), query_y[part].flatten()) * count / tasks
            if backward:
                query_loss.backward()
            total = total + query_loss.detach()
        return total.item()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tensors", required=True, help="safetensors file of episodes and initial weights")
    parser.add_argument("--variant", choices=("loop", "batched", "shared"), required=True)
    parser.add_argument("--tasks-per-pass", type=int, default=1, help="--variant shared: tasks per pass")
    parser.add_argument("--order", choices=("first", "second"), default="second")
    parser.add_argument("--meta-batch", type=int, default=32)
    parser.add_argument("--inner-lr", type=float, default=0.4)
    parser.add_argument("--lr", type=float, default=1e-3)
    runner_arguments(parser, warmup=2, steps=4)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    contender = Contender(args.variant, args.order, read_safetensors(args.tensors), args.meta_batch, args.inner_lr, args.lr, args.adam,
                          args.tasks_per_pass)
    drive(contender, "pytorch-" + args.variant + ("-fo" if args.order == "first" else ""), args)


if __name__ == "__main__":
    main()
