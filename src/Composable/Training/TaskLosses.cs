using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>The per-task losses of a batch and their weighted sum, for trainers whose objective is a fixed weighted sum.</summary>
public static class TaskLosses
{
    /// <summary>
    /// Per-task losses (null for tasks not in the batch) and Σ weight_t · loss_t. When every task reads the same
    /// inputs the shared layers run once (<see cref="IMultiTaskModule.ForwardAll"/>); otherwise each task runs alone.
    /// </summary>
    /// <exception cref="ArgumentException">The batch has another number of tasks, or holds none.</exception>
    public static (Tensor?[] Losses, Tensor Total) WeightedSum(IMultiTaskModule network, IReadOnlyList<TaskPlan> tasks, MultiTaskBatch batch)
    {
        if (batch.Tasks.Count != tasks.Count)
            throw new ArgumentException($"The declaration has {tasks.Count} tasks but the batch holds {batch.Tasks.Count}.", nameof(batch));
        var losses = new Tensor?[tasks.Count];
        if (batch.Tasks.All(b => b is not null) && batch.SharedInputs is { } inputs)
        {
            var outputs = network.ForwardAll(inputs);
            for (var t = 0; t < tasks.Count; t++)
                losses[t] = LossFunctions.Compute(tasks[t].Loss, outputs[t], batch[t]!.Targets);
        }
        else
        {
            for (var t = 0; t < tasks.Count; t++)
                if (batch[t] is { } taskBatch)
                    losses[t] = LossFunctions.Compute(tasks[t].Loss, network.ForwardTask(t, taskBatch.Inputs), taskBatch.Targets);
        }
        Tensor? total = null;
        for (var t = 0; t < tasks.Count; t++)
        {
            if (losses[t] is not { } loss) continue;
            var weighted = tasks[t].Weight == 1.0 ? loss : loss.mul(Scalars.Of(tasks[t].Weight));
            total = total is null ? weighted : total.add(weighted, Scalars.One);
        }
        return (losses, total ?? throw new ArgumentException("The batch holds no task.", nameof(batch)));
    }
}
