using System;
using System.Globalization;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// The check every trainer, generated or interpreted, makes between computing a step's losses and its backward pass:
/// a NaN or infinite objective stops the step before any gradient or update, so a diverging run ends with an error
/// naming the step, the task (or episode) and the value, and the network keeps the weights of the last good step.
/// </summary>
public static class Divergence
{
    /// <summary>Returns when <paramref name="objective"/> is finite; otherwise throws naming the first task whose loss is not.</summary>
    /// <param name="step">The step being taken (from 1).</param>
    /// <param name="objective">The step's objective, before backward.</param>
    /// <param name="spec">The declaration, for the tasks' names.</param>
    /// <param name="taskLosses">Each task's loss in declaration order; null for a task not in the batch.</param>
    /// <exception cref="TrainingDivergedException">The objective is NaN or infinite.</exception>
    public static void ThrowIfNotFinite(long step, Tensor objective, MultiTaskSpec spec, params Tensor?[] taskLosses)
    {
        var value = objective.ToDouble();
        if (double.IsFinite(value)) return;
        var values = taskLosses.Select(l => l?.ToDouble()).ToArray();
        var first = Array.FindIndex(values, v => v is { } x && !double.IsFinite(x));
        var losses = string.Join(", ", spec.Tasks.Select((t, i) => $"{t.Name} = {(values[i] is { } v ? Format(v) : "not sampled")}"));
        throw new TrainingDivergedException(step, first < 0 ? null : spec.Tasks[first].Name, value,
            $"Training diverged at step {step}: " +
            (first < 0 ? $"the objective is {Format(value)} while every task loss is finite" : $"task '{spec.Tasks[first].Name}' has loss {Format(values[first]!.Value)}") +
            $" (task losses: {losses}). The step was not taken: the network keeps the weights it had before it.");
    }

    /// <summary>Returns when <paramref name="metaLoss"/> is finite; otherwise throws naming the first episode of the meta-batch whose loss is not.</summary>
    /// <param name="step">The step being taken (from 1).</param>
    /// <param name="metaLoss">The step's meta-loss, before backward.</param>
    /// <param name="episodeLosses">Each episode's query loss [episodes].</param>
    /// <exception cref="TrainingDivergedException">The meta-loss is NaN or infinite.</exception>
    public static void ThrowIfNotFinite(long step, Tensor metaLoss, Tensor episodeLosses)
    {
        var value = metaLoss.ToDouble();
        if (double.IsFinite(value)) return;
        var values = episodeLosses.detach().cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        var first = Array.FindIndex(values, v => !double.IsFinite(v));
        throw new TrainingDivergedException(step, first < 0 ? null : $"episode {first}", value,
            $"Training diverged at step {step}: " +
            (first < 0 ? $"the meta-loss is {Format(value)}" : $"episode {first} of the meta-batch has query loss {Format(values[first])}") +
            $" (query losses: {string.Join(", ", values.Select(Format))}). The step was not taken: the network keeps the weights it had before it.");
    }

    /// <summary>
    /// The divergence an optimiser reports when a gradient holds NaN or infinity under a finite loss (<see cref="FlatAdam"/>,
    /// <see cref="CheckedSgd"/>): the step it refused and the first parameter to blame, by position and shape.
    /// </summary>
    internal static TrainingDivergedException NonFiniteGradient(long step, int index, int count, long[] shape, string? group = null)
    {
        var which = index < 0
            ? "a gradient"
            : $"the gradient of parameter {index} of {count} (shape [{string.Join(", ", shape)}]{(group is null ? "" : $", group '{group}'")})";
        return new TrainingDivergedException(step, null, double.NaN,
            $"Training diverged at step {step}: {which} holds NaN or infinity although the loss was finite. " +
            "The step was not taken: the network keeps the weights it had before it.");
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>A step whose objective was NaN or infinite; it was not taken.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>A divergence at <paramref name="step"/>, in <paramref name="task"/> when one task is to blame.</summary>
    public TrainingDivergedException(long step, string? task, double value, string message, double? lastFiniteLoss = null, long? lastFiniteStep = null)
        : base(message)
    {
        Step = step;
        Task = task;
        Value = value;
        LastFiniteLoss = lastFiniteLoss;
        LastFiniteStep = lastFiniteStep;
    }

    /// <summary>The step that was not taken (from 1).</summary>
    public long Step { get; }

    /// <summary>The task (or <c>episode i</c>) whose loss was not finite; null when only the objective was.</summary>
    public string? Task { get; }

    /// <summary>The objective's value.</summary>
    public double Value { get; }

    /// <summary>The objective of the last step taken, when the fit loop saw one.</summary>
    public double? LastFiniteLoss { get; }

    /// <summary>The last step taken, when the fit loop saw one.</summary>
    public long? LastFiniteStep { get; }

    /// <summary>The same divergence, also naming the last step taken and its objective.</summary>
    public TrainingDivergedException After(StepResult? last) => last is null
        ? this
        : new TrainingDivergedException(Step, Task, Value,
            $"{Message} The last step taken, {last.Step}, had objective {last.Total.ToString("G6", CultureInfo.InvariantCulture)}: lower the learning rate or check the data near step {Step}.",
            last.Total, last.Step);
}
