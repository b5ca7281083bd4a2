using System;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>The declared task losses as TorchSharp functional calls (mean over the batch).</summary>
public static class LossFunctions
{
    /// <summary>The loss of <paramref name="task"/> between head outputs (values or logits) and targets.</summary>
    public static Tensor Compute(TaskSpec task, Tensor outputs, Tensor targets) => task.EffectiveLoss switch
    {
        Loss.MeanSquaredError => nn.functional.mse_loss(outputs, targets),
        Loss.MeanAbsoluteError => nn.functional.l1_loss(outputs, targets),
        Loss.Huber => nn.functional.huber_loss(outputs, targets, 1.0),
        Loss.BinaryCrossEntropy => nn.functional.binary_cross_entropy_with_logits(outputs, targets),
        Loss.CrossEntropy => nn.functional.cross_entropy(outputs, targets),
        var other => throw new ArgumentOutOfRangeException(nameof(task), other, $"Task '{task.Name}': unknown loss."),
    };
}
