using System.Collections.Generic;
using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>One task's share of a training step: inputs [B, F] and targets in the task's target layout.</summary>
/// <param name="Inputs">float32 [B, F].</param>
/// <param name="Targets">Regression float32 [B, outputs]; binary float32 [B, 1]; multi-class int64 [B]; multi-label float32 [B, labels].</param>
public sealed record TaskBatch(Tensor Inputs, Tensor Targets);

/// <summary>
/// A training step's batches, indexed by task position in the declaration; <c>null</c> for a task not sampled
/// this step. When tasks share inputs and rows, every present batch holds the <em>same</em> inputs tensor
/// (<see cref="SharedInputs"/>), so a model can run its shared layers once.
/// </summary>
/// <param name="Tasks">Per-task batches in declaration order.</param>
public sealed record MultiTaskBatch(IReadOnlyList<TaskBatch?> Tasks)
{
    /// <summary>The batch of task <paramref name="index"/>, or null when it was not sampled.</summary>
    public TaskBatch? this[int index] => Tasks[index];

    /// <summary>The one inputs tensor all present tasks share, or null when they have their own.</summary>
    public Tensor? SharedInputs
    {
        get
        {
            Tensor? shared = null;
            foreach (var task in Tasks)
            {
                if (task is null) continue;
                if (shared is null) shared = task.Inputs;
                else if (!ReferenceEquals(shared, task.Inputs)) return null;
            }
            return shared;
        }
    }
}
