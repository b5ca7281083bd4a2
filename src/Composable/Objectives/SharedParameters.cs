using Composable.Training;
using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Objectives;

/// <summary>
/// An <see cref="ObjectivePlan"/> resolved on a built network: the shared parameters, each task's own ones and the last
/// shared layer, as tensors. It computes what the adaptive objectives need of them: one gradient per task on the
/// shared parameters as a [tasks × shared] matrix G (each task's own parameters getting that task's gradient on the way),
/// the Gram matrix G Gᵀ, and writes a combined direction back as the shared parameters' gradient.
/// </summary>
public sealed class SharedParameters
{
    private readonly Parameter[] _shared;
    private readonly Parameter[][] _own;
    private readonly Parameter[][] _inputs;

    /// <summary>Resolves the names of <paramref name="plan"/> on <paramref name="module"/>.</summary>
    /// <exception cref="ArgumentException">A planned parameter is not in the module (a network of another declaration).</exception>
    public SharedParameters(nn.Module module, ObjectivePlan plan)
    {
        var byName = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Parameter Find(string name) => byName.TryGetValue(name, out var parameter)
            ? parameter
            : throw new ArgumentException($"The network has no parameter '{name}', which its declaration plans; it was built from another declaration.", nameof(module));
        _shared = plan.Shared.Select(Find).ToArray();
        _own = plan.Own.Select(names => names.Select(Find).ToArray()).ToArray();
        _inputs = _own.Select(own => _shared.Concat(own).ToArray()).ToArray();
        LastSharedLayer = plan.LastSharedLayer.Select(Find).ToArray();
        Count = _shared.Sum(p => p.numel());
    }

    /// <summary>The number of tasks.</summary>
    public int Tasks => _own.Length;

    /// <summary>The number of shared scalars P (columns of the gradient matrix).</summary>
    public long Count { get; }

    /// <summary>The shared parameters, in registration order.</summary>
    public IReadOnlyList<Parameter> Shared => _shared;

    /// <summary>The weights of the last shared layer (GradNorm's W).</summary>
    public IReadOnlyList<Parameter> LastSharedLayer { get; }

    /// <summary>
    /// G [tasks × P]: row t is ∇ of <paramref name="losses"/>[t] on the shared parameters, flattened in registration order;
    /// each task's own parameters receive that task's gradient (added to their <c>grad</c>). One backward pass per task,
    /// through the shared and the task's own layers only; the graph is released after the last.
    /// </summary>
    public Tensor TaskGradients(IReadOnlyList<Tensor> losses) => TaskGradients(losses, writeOwn: true);

    /// <summary>
    /// G [tasks × P] as <see cref="TaskGradients(IReadOnlyList{Tensor})"/>; with <paramref name="writeOwn"/> false no
    /// parameter's gradient is touched (what a monitor needs).
    /// </summary>
    public Tensor TaskGradients(IReadOnlyList<Tensor> losses, bool writeOwn)
    {
        CheckTasks(losses);
        if (_shared.Length == 0)
            throw new InvalidOperationException("The tasks of this network share no parameters, so there is no gradient to combine or compare.");
        var rows = new Tensor[Tasks];
        for (var t = 0; t < Tasks; t++)
        {
            var inputs = writeOwn ? _inputs[t] : _shared;
            var gradients = autograd.grad(new[] { losses[t] }, inputs, retain_graph: t < Tasks - 1, allow_unused: true);
            var pieces = new Tensor[_shared.Length];
            for (var i = 0; i < _shared.Length; i++)
                pieces[i] = Defined(gradients[i]) ? gradients[i].reshape(-1) : zeros(_shared[i].numel(), dtype: _shared[i].dtype, device: _shared[i].device);
            rows[t] = cat(pieces);
            for (var i = _shared.Length; i < inputs.Length; i++)
                if (Defined(gradients[i]))
                    Accumulate(inputs[i], gradients[i]);
        }
        return stack(rows);
    }

    /// <summary>K = G Gᵀ as doubles on the CPU, the input of an <see cref="IGradientCombiner"/>.</summary>
    public static double[,] Gram(Tensor gradients)
    {
        using var scope = NewDisposeScope();
        var tasks = (int)gradients.shape[0];
        var values = gradients.mm(gradients.t()).to(ScalarType.Float64).cpu().data<double>().ToArray();
        var gram = new double[tasks, tasks];
        for (var i = 0; i < tasks; i++)
            for (var j = 0; j < tasks; j++)
                gram[i, j] = values[i * tasks + j];
        return gram;
    }

    /// <summary>d = βᵀG written as the shared parameters' gradient (replacing what was there).</summary>
    public void SetSharedGradient(Tensor gradients, IReadOnlyList<double> coefficients)
    {
        using var beta = tensor(coefficients.Select(c => (float)c).ToArray(), dtype: gradients.dtype, device: gradients.device);
        using var direction = beta.matmul(gradients);
        long offset = 0;
        using (no_grad())
        {
            foreach (var parameter in _shared)
            {
                var count = parameter.numel();
                using var piece = direction.narrow(0, offset, count).view(parameter.shape);
                using var existing = parameter.grad;
                if (existing is null) parameter.grad = piece.clone();
                else existing.copy_(piece);
                offset += count;
            }
        }
    }

    /// <summary>The losses as doubles, after checking there is one per task.</summary>
    public double[] Values(IReadOnlyList<Tensor> losses)
    {
        CheckTasks(losses);
        return losses.Select(l => (double)l.ToSingle()).ToArray();
    }

    /// <summary>Adds <paramref name="gradient"/> to <paramref name="parameter"/>'s gradient (sets it when there is none).</summary>
    internal static void Accumulate(Parameter parameter, Tensor gradient)
    {
        using (no_grad())
        {
            using var existing = parameter.grad;
            if (existing is null) parameter.grad = gradient.detach().clone();
            else existing.add_(gradient, Scalars.One);
        }
    }

    private static bool Defined(Tensor? tensor) => tensor is not null && !tensor.IsInvalid;

    private void CheckTasks(IReadOnlyList<Tensor> losses)
    {
        if (losses.Count != Tasks)
            throw new ArgumentException($"The objective needs a loss for each of the {Tasks} tasks and got {losses.Count}.", nameof(losses));
    }
}
