using Composable.Training;
using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Composable.Objectives;

/// <summary>The per-task losses an adaptive objective works on.</summary>
public static class ObjectiveLosses
{
    /// <summary>
    /// The losses scaled by each task's declared weight, after checking every task is present: adaptive objectives
    /// weigh or combine all tasks every step.
    /// </summary>
    /// <exception cref="ArgumentException">A task has no loss (its batch is missing); the message names it and the objective.</exception>
    public static Tensor[] Scaled(MultiTaskSpec spec, IReadOnlyList<Tensor?> losses)
    {
        var scaled = new Tensor[losses.Count];
        for (var t = 0; t < losses.Count; t++)
        {
            if (losses[t] is not { } loss)
                throw new ArgumentException(
                    $"Objective {spec.Objective.ShortName} needs every task in every batch, and task '{spec.Tasks[t].Name}' is missing from this one.", nameof(losses));
            var weight = spec.Tasks[t].Weight;
            scaled[t] = weight == 1.0 ? loss : loss.mul(Scalars.Of(weight));
        }
        return scaled;
    }

    /// <summary>Σ losses_t, the total a gradient-combination step reports.</summary>
    public static Tensor Sum(IReadOnlyList<Tensor> losses)
    {
        var total = losses[0];
        for (var t = 1; t < losses.Count; t++) total = total.add(losses[t], Scalars.One);
        return total;
    }
}
