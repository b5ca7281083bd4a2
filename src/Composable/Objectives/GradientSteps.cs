using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Objectives;

/// <summary>
/// The backward pass of a <see cref="GradientCombination"/> on the shared parameters: one gradient per task into G
/// [tasks × shared], coefficients β from the declared method on K = G Gᵀ, d = βᵀG as the shared gradient; each task's own
/// parameters get their own task's gradient. Generated and interpreted trainers both run it, in place of
/// <c>total.backward()</c>.
/// </summary>
public sealed class GradientCombinationStep : IResumable
{
    private readonly SharedParameters _parameters;

    /// <summary>The step of <paramref name="method"/> over <paramref name="parameters"/>; its random draws come from <paramref name="seed"/>.</summary>
    public GradientCombinationStep(GradientCombination method, SharedParameters parameters, int seed)
    {
        _parameters = parameters;
        Combiner = GradientCombiners.Create(method, parameters.Tasks, seed);
    }

    /// <summary>The method's solver and state.</summary>
    public IGradientCombiner Combiner { get; }

    /// <inheritdoc />
    public void Save(ResumeState state) => (Combiner as IResumable)?.Save(state);

    /// <inheritdoc />
    public void Restore(ResumeState state) => (Combiner as IResumable)?.Restore(state);

    /// <summary>Writes every parameter's gradient for the per-task <paramref name="losses"/> and returns the coefficients β.</summary>
    public double[] Backward(IReadOnlyList<Tensor> losses)
    {
        var values = _parameters.Values(losses);
        var gradients = _parameters.TaskGradients(losses);
        var coefficients = Combiner.Coefficients(SharedParameters.Gram(gradients), values);
        _parameters.SetSharedGradient(gradients, coefficients);
        return coefficients;
    }
}

/// <summary>
/// MGDA-UB (Sener and Koltun 2018, §3.3): the min-norm coefficients α from the gradients of each task's loss with
/// respect to the shared representation Z (the trunk output, [batch × width]), one backward per task through that
/// task's tower only; the objective Σ α_t L_t is then backpropagated once through the whole network.
/// </summary>
public sealed class UpperBoundStep : IResumable
{
    /// <summary>The step of <paramref name="method"/> (an <see cref="Mgda"/> with <c>UpperBound</c>) for <paramref name="tasks"/> tasks.</summary>
    public UpperBoundStep(Mgda method, int tasks, int seed)
    {
        if (!method.UpperBound) throw new ArgumentException("UpperBoundStep needs Mgda(UpperBound: true).", nameof(method));
        Combiner = GradientCombiners.Create(method, tasks, seed);
    }

    /// <summary>The min-norm solver.</summary>
    public IGradientCombiner Combiner { get; }

    /// <inheritdoc />
    public void Save(ResumeState state) => (Combiner as IResumable)?.Save(state);

    /// <inheritdoc />
    public void Restore(ResumeState state) => (Combiner as IResumable)?.Restore(state);

    /// <summary>The objective Σ α_t L_t to backpropagate and the coefficients α.</summary>
    public (Tensor Objective, double[] Coefficients) Weigh(IReadOnlyList<Tensor> losses, Tensor representation)
    {
        if (losses.Count != Combiner.Tasks)
            throw new ArgumentException($"MGDA-UB needs a loss for each of the {Combiner.Tasks} tasks and got {losses.Count}.", nameof(losses));
        var rows = new Tensor[losses.Count];
        for (var t = 0; t < losses.Count; t++)
            rows[t] = autograd.grad(new[] { losses[t] }, new[] { representation }, retain_graph: true)[0].reshape(-1);
        var values = losses.Select(l => (double)l.ToSingle()).ToArray();
        var coefficients = Combiner.Coefficients(SharedParameters.Gram(stack(rows)), values);
        var objective = LossWeighters.WeightedSum(losses, coefficients);
        return (objective, coefficients);
    }
}
