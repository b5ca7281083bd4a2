#!/usr/bin/python3
"""PyTorch peer of the gradient-combination benchmark (bench/Composable.Bench --model objectives).

The hard-sharing model of hard_sharing.py (trunk Linear(64->256) ReLU Linear(256->256) ReLU; heads income/marital/age
Linear(256->1)), the same data and seed, every task weighted 1, Adam lr 1e-3, batch 128, trained with one of:

  ew        equal weighting: (L_income + L_marital + L_age).backward(), the in-run baseline;
  pcgrad    PCGrad (Yu et al. 2020);
  mgda-ub   MGDA-UB (Sener and Koltun 2018): gradients on the trunk output, Frank-Wolfe min-norm point;
  cagrad    CAGrad (Liu et al. 2021), c = 0.4, rescale 1;
  nash-mtl  Nash-MTL (Navon et al. 2022), max-norm 1, solve every step.

The step is the one LibMTL (median-research-group/LibMTL, `weighting/abstract_weighting.py` and one file per method)
runs, in its structure: a backward per task, after each the shared parameters' gradients copied into row t of a zeroed
[tasks x P] matrix and zeroed (task-specific parameters keep their own task's gradient), the rows combined, the result
written back into the shared parameters' `.grad`, then the optimiser step. MGDA-UB takes the gradients with respect to
a detached copy of the trunk output per task (LibMTL's `rep_grad=True`: each backward stops at the heads) and ends with
one backward of the trunk output weighted by the solution; Nash-MTL takes its task gradients with `torch.autograd.grad`
and ends with `sum(alpha * losses).backward()` and a clip of the shared gradient norm, as LibMTL's Nash_MTL does.

Two solvers differ from LibMTL's, which need packages this machine does not have:
  CAGrad    LibMTL calls scipy.optimize.minimize (SLSQP) on the simplex; scipy is not installed, so the weights come from
            the CAGrad authors' own solver (their MT10/Metaworld code): 20 steps of SGD (lr 25, momentum 0.5) on
            softmax-parametrised weights, keeping the best iterate.
  Nash-MTL  LibMTL and the authors run up to 20 convex-concave iterations of a cvxpy/ECOS problem; cvxpy is not
            installed, so the same bargaining condition (K alpha)_t = 1 / alpha_t on the Gram matrix normalised by its
            Frobenius norm is solved by damped Newton steps (at most 20, warm-started from the previous alpha, LibMTL's
            stopping rule |K alpha - 1/alpha| < 1e-3) in numpy on the 3 x 3 system.

Modes and arguments as every peer (hard_sharing.py: --serve, --threads, --adam ...), plus --method.
"""
import argparse
import random

import numpy as np
import torch
import torch.nn.functional as F

from hard_sharing import HardSharing, drive, make_adam, make_batches, runner_arguments, timed_run

METHODS = ("ew", "pcgrad", "mgda-ub", "cagrad", "nash-mtl")
CAGRAD_C = 0.4
NASH_MAX_NORM = 1.0
NASH_ITERATIONS = 20


def task_losses(model, shared, batch):
    """Each task's loss from the heads applied to `shared` (the trunk output, or per task a detached copy of it)."""
    _, income_t, marital_t, age_t = batch
    income_in, marital_in, age_in = shared if isinstance(shared, tuple) else (shared, shared, shared)
    return [F.binary_cross_entropy_with_logits(model.income_head(income_in), income_t),
            F.binary_cross_entropy_with_logits(model.marital_head(marital_in), marital_t),
            F.mse_loss(model.age_head(age_in), age_t)]


def trunk(model, x):
    return F.relu(model.trunk_1(F.relu(model.trunk_0(x))))


class SharedGradients:
    """LibMTL's AbsWeighting bookkeeping of the shared parameters' gradients: sizes, flatten into a row, write back."""

    def __init__(self, shared_parameters, tasks):
        self.parameters = list(shared_parameters)
        self.sizes = [p.numel() for p in self.parameters]
        self.dim = sum(self.sizes)
        self.tasks = tasks

    def to_row(self):
        row = torch.zeros(self.dim)
        begin = 0
        for p, size in zip(self.parameters, self.sizes):
            if p.grad is not None:
                row[begin:begin + size] = p.grad.data.view(-1)
            begin += size
        return row

    def zero(self):
        for p in self.parameters:
            if p.grad is not None:
                p.grad.zero_()

    def by_backward(self, losses):
        """[tasks x P]: a backward per task, the shared gradients copied out and zeroed after each."""
        grads = torch.zeros(self.tasks, self.dim)
        for t, loss in enumerate(losses):
            loss.backward(retain_graph=t + 1 != len(losses))
            grads[t] = self.to_row()
            self.zero()
        return grads

    def by_autograd(self, losses):
        """[tasks x P] with torch.autograd.grad on the shared parameters only (no .grad touched)."""
        grads = torch.zeros(self.tasks, self.dim)
        for t, loss in enumerate(losses):
            grads[t] = torch.cat([g.view(-1) for g in torch.autograd.grad(loss, self.parameters, retain_graph=True)])
        return grads

    def write(self, flat):
        begin = 0
        for p, size in zip(self.parameters, self.sizes):
            p.grad = flat[begin:begin + size].contiguous().view(p.size()).clone()
            begin += size


def pcgrad(grads):
    """Each row projected onto the normal plane of every (original) row it conflicts with, in a random order; summed."""
    projected = grads.clone()
    tasks = grads.size(0)
    for i in range(tasks):
        order = list(range(tasks))
        random.shuffle(order)
        for j in order:
            dot = torch.dot(projected[i], grads[j])
            if dot < 0:
                projected[i] -= dot * grads[j] / grads[j].norm().pow(2)
    return projected.sum(0)


def min_norm_pair(v1v1, v1v2, v2v2):
    """The point gamma*v1 + (1-gamma)*v2 of least norm on the segment, and its squared norm (Sener and Koltun)."""
    if v1v2 >= v1v1:
        return 0.999, v1v1
    if v1v2 >= v2v2:
        return 0.001, v2v2
    gamma = -1.0 * ((v1v2 - v2v2) / (v1v1 + v2v2 - 2 * v1v2))
    return gamma, v2v2 + gamma * (v1v2 - v2v2)


def project_to_simplex(y):
    m = len(y)
    ordered = torch.sort(y, descending=True)[0]
    partial = 0.0
    shift = (torch.sum(y) - 1.0) / m
    for i in range(m - 1):
        partial += ordered[i]
        candidate = (partial - 1) / (i + 1.0)
        if candidate > ordered[i + 1]:
            shift = candidate
            break
    return torch.max(y - shift, torch.zeros(m))


def frank_wolfe_point(current, direction, n):
    projected = direction - torch.sum(direction) / n
    to_zero = -1.0 * current[projected < 0] / projected[projected < 0]
    to_one = (1.0 - current[projected > 0]) / projected[projected > 0]
    step = torch.ones(1)
    if (to_zero > 1e-7).sum() > 0:
        step = torch.min(to_zero[to_zero > 1e-7])
    if (to_one > 1e-7).sum() > 0:
        step = torch.min(step, torch.min(to_one[to_one > 1e-7]))
    return project_to_simplex(projected * step + current)


def min_norm_element(grads, max_iterations=250, tolerance=1e-5):
    """MGDA's min-norm point of the convex hull of the rows (best pair, then Frank-Wolfe), as torch scalars, as LibMTL."""
    gram = grads.mm(grads.t())
    n = grads.size(0)
    best = None
    for i in range(n):
        for j in range(i + 1, n):
            gamma, cost = min_norm_pair(gram[i, i], gram[i, j], gram[j, j])
            if best is None or cost < best[2]:
                best = ((i, j), gamma, cost)
    solution = torch.zeros(n)
    solution[best[0][0]] = best[1]
    solution[best[0][1]] = 1 - best[1]
    if n < 3:
        return solution
    for _ in range(max_iterations):
        candidate = frank_wolfe_point(solution, -1.0 * torch.matmul(gram, solution), n)
        v1v1 = torch.sum(solution.unsqueeze(1).repeat(1, n) * solution.unsqueeze(0).repeat(n, 1) * gram)
        v1v2 = torch.sum(solution.unsqueeze(1).repeat(1, n) * candidate.unsqueeze(0).repeat(n, 1) * gram)
        v2v2 = torch.sum(candidate.unsqueeze(1).repeat(1, n) * candidate.unsqueeze(0).repeat(n, 1) * gram)
        gamma, _ = min_norm_pair(v1v1, v1v2, v2v2)
        updated = gamma * solution + (1 - gamma) * candidate
        if torch.sum(torch.abs(updated - solution)) < tolerance:
            return solution
        solution = updated
    return solution


def cagrad(grads, c):
    """CAGrad's direction with the authors' softmax-SGD solve of min_w g_w.g_0 + c |g_0| |g_w| on the simplex."""
    gram = grads.mm(grads.t())
    tasks = grads.size(0)
    g0_norm = (gram.mean() + 1e-8).sqrt()
    scale = (c * g0_norm + 1e-8).item()
    gram_g0 = gram.mean(1, keepdim=True)
    logits = torch.zeros(tasks, 1, requires_grad=True)
    solver = torch.optim.SGD([logits], lr=25, momentum=0.5)
    best, best_value = None, np.inf
    with torch.enable_grad():
        for i in range(21):
            solver.zero_grad()
            w = torch.softmax(logits, 0)
            value = w.t().mm(gram_g0) + scale * (w.t().mm(gram).mm(w) + 1e-8).sqrt()
            if value.item() < best_value:
                best_value, best = value.item(), logits.detach().clone()
            if i < 20:
                value.backward()
                solver.step()
    w = torch.softmax(best, 0).view(-1)
    gw = (grads * w.view(-1, 1)).sum(0)
    direction = grads.mean(0) + scale / (gw.norm() + 1e-8) * gw
    return direction / (1 + c ** 2)


class NashSolver:
    """alpha > 0 with (K alpha)_t = 1 / alpha_t, K the Gram matrix: the stationary point of 1/2 a'Ka - sum log a_t."""

    def __init__(self, tasks, iterations=NASH_ITERATIONS):
        self.alpha = np.ones(tasks)
        self.iterations = iterations

    def solve(self, gram):
        scale = np.linalg.norm(gram)
        k = gram / scale
        # The normalised system's solution beta gives alpha = beta / sqrt(scale); warm start in that scale.
        beta = self.alpha * np.sqrt(scale)
        for _ in range(self.iterations):
            residual = k @ beta - 1.0 / beta
            if np.linalg.norm(residual) < 1e-3:
                break
            step = np.linalg.solve(k + np.diag(1.0 / beta ** 2), residual)
            t = 1.0
            while np.any(beta - t * step <= 0):
                t *= 0.5
            beta = beta - t * step
        self.alpha = beta / np.sqrt(scale)
        return self.alpha


class Contender:
    def __init__(self, batches, seed, method, adam_form="per-parameter"):
        self.batches = batches
        self.next = 0
        self.method = method
        torch.manual_seed(seed)
        random.seed(seed)
        self.model = HardSharing()
        self.optimizer = make_adam(self.model.parameters(), 1e-3, adam_form)
        self.shared = SharedGradients(list(self.model.trunk_0.parameters()) + list(self.model.trunk_1.parameters()), 3)
        self.nash = NashSolver(3)
        self.model.train()

    def step(self):
        batch = self.batches[self.next]
        self.next = (self.next + 1) % len(self.batches)
        self.optimizer.zero_grad(set_to_none=True)
        rep = trunk(self.model, batch[0])
        if self.method == "ew":
            sum(task_losses(self.model, rep, batch)).backward()
        elif self.method == "mgda-ub":
            copies = tuple(rep.detach().clone().requires_grad_() for _ in range(3))
            losses = task_losses(self.model, copies, batch)
            per_sample = torch.zeros(3, *rep.size())
            for t, loss in enumerate(losses):
                loss.backward()
                per_sample[t] = copies[t].grad.data.clone()
            alpha = min_norm_element(per_sample.reshape(3, rep.size(0), -1).sum(1))
            rep.backward(torch.einsum("i, i... -> ...", alpha, per_sample))
        elif self.method == "nash-mtl":
            losses = torch.stack(task_losses(self.model, rep, batch))
            grads = self.shared.by_autograd(losses)
            alpha = torch.from_numpy(self.nash.solve(grads.mm(grads.t()).double().numpy())).to(torch.float32)
            torch.sum(alpha * losses).backward()
            torch.nn.utils.clip_grad_norm_(self.shared.parameters, NASH_MAX_NORM)
        else:
            grads = self.shared.by_backward(task_losses(self.model, rep, batch))
            self.shared.write(pcgrad(grads) if self.method == "pcgrad" else cagrad(grads, CAGRAD_C))
        self.optimizer.step()

    def run(self, steps):
        return timed_run(self.step, steps)

    def measure_loss(self):
        """Sum of the three task losses (every weight 1), averaged over the fixed batches."""
        self.model.eval()
        try:
            with torch.no_grad():
                return sum(sum(task_losses(self.model, trunk(self.model, b[0]), b)).item() for b in self.batches) / len(self.batches)
        finally:
            self.model.train()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    runner_arguments(parser, warmup=50, steps=500)
    parser.add_argument("--method", choices=METHODS, default="ew")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    contender = Contender(make_batches(args.batches, args.batch_size, args.seed), args.seed, args.method, args.adam)

    drive(contender, "pytorch-" + args.method, args)


if __name__ == "__main__":
    main()
