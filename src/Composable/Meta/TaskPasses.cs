using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// A meta-batch run in passes of at most <see cref="MetaLearnerSpec.TasksPerPass"/> tasks, shared by
/// <see cref="MetaTrainer"/> and the generated <c>Trainer</c>s: each pass is the task-batched computation over its own
/// tasks, so the per-task losses, the meta-loss and (up to rounding) the meta-gradient are those of one pass over the
/// whole meta-batch, while a pass's activations and graph are freed before the next one starts.
/// </summary>
public static class TaskPasses
{
    /// <summary>The episodes in their order, cut into passes of at most <paramref name="tasksPerPass"/> (the last may be shorter).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tasksPerPass"/> is below 1.</exception>
    public static IReadOnlyList<Episode[]> Split(IReadOnlyList<Episode> episodes, int tasksPerPass)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        if (tasksPerPass < 1)
            throw new ArgumentOutOfRangeException(nameof(tasksPerPass), tasksPerPass, "A pass runs at least 1 task.");
        return episodes.Chunk(tasksPerPass).ToArray();
    }

    /// <summary>
    /// Per-task losses [T] of every pass of <paramref name="episodes"/>, in order, each computed by
    /// <paramref name="pass"/> on its tasks and kept differentiable (every pass's graph stays alive until the result
    /// is released).
    /// </summary>
    public static Tensor Losses(IReadOnlyList<Episode> episodes, int tasksPerPass, Func<IReadOnlyList<Episode>, Tensor> pass) =>
        Concatenate(Split(episodes, tasksPerPass).Select(part => pass(part)).ToArray());

    /// <summary>
    /// Back-propagates the mean over all T tasks of <paramref name="episodes"/> one pass at a time: <paramref name="pass"/>
    /// gives a pass's per-task losses [c] and its objective (the sum of its c tasks' terms, e.g. the losses' sum), and
    /// objective / T is back-propagated into θ's gradients, which accumulate; everything the pass made is then disposed
    /// except its detached losses. Returns the per-task losses [T] without a graph.
    /// </summary>
    public static Tensor Backward(IReadOnlyList<Episode> episodes, int tasksPerPass, Func<IReadOnlyList<Episode>, (Tensor Losses, Tensor Objective)> pass)
    {
        var share = Scalars.Of(1.0 / episodes.Count);
        var losses = new List<Tensor>();
        foreach (var part in Split(episodes, tasksPerPass))
        {
            using var scope = NewDisposeScope();
            var (partLosses, objective) = pass(part);
            objective.mul(share).backward();
            losses.Add(partLosses.detach().MoveToOuterDisposeScope());
        }
        return Concatenate(losses);
    }

    /// <summary>The adaptation curves of every pass of <paramref name="episodes"/>, measured by <paramref name="pass"/>, in episode order.</summary>
    public static AdaptationCurves Curves(IReadOnlyList<Episode> episodes, int tasksPerPass, Func<IReadOnlyList<Episode>, AdaptationCurves> pass)
    {
        var parts = Split(episodes, tasksPerPass).Select(part => pass(part)).ToArray();
        return new AdaptationCurves(
            parts.SelectMany(c => c.Losses).ToArray(),
            parts.All(c => c.Accuracies is not null) ? parts.SelectMany(c => c.Accuracies!).ToArray() : null);
    }

    private static Tensor Concatenate(IReadOnlyList<Tensor> parts) => parts.Count == 1 ? parts[0] : cat(parts.ToArray());
}
