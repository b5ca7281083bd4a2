using System;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// The declared task losses as TorchSharp functional calls (mean over the batch): one method per <see cref="Loss"/>,
/// named like it. Generated trainers call the method of each task's planned loss; the interpreter and the evaluator
/// call <see cref="Compute(Loss, Tensor, Tensor)"/>, which dispatches to the same methods.
/// </summary>
public static class LossFunctions
{
    /// <summary>Mean squared error between values and targets.</summary>
    public static Tensor MeanSquaredError(Tensor outputs, Tensor targets) => nn.functional.mse_loss(outputs, targets);

    /// <summary>Mean absolute error between values and targets.</summary>
    public static Tensor MeanAbsoluteError(Tensor outputs, Tensor targets) => nn.functional.l1_loss(outputs, targets);

    /// <summary>Huber loss (δ = 1) between values and targets.</summary>
    public static Tensor Huber(Tensor outputs, Tensor targets) => nn.functional.huber_loss(outputs, targets, 1.0);

    /// <summary>Binary cross-entropy of logits against 0/1 targets.</summary>
    public static Tensor BinaryCrossEntropy(Tensor logits, Tensor targets) => nn.functional.binary_cross_entropy_with_logits(logits, targets);

    /// <summary>Cross-entropy of class logits [B, C] against class indices [B].</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor targets) => nn.functional.cross_entropy(logits, targets);

    /// <summary>The loss <paramref name="loss"/> (an effective loss: not <see cref="Loss.Default"/>) between head outputs and targets.</summary>
    public static Tensor Compute(Loss loss, Tensor outputs, Tensor targets) => loss switch
    {
        Loss.MeanSquaredError => MeanSquaredError(outputs, targets),
        Loss.MeanAbsoluteError => MeanAbsoluteError(outputs, targets),
        Loss.Huber => Huber(outputs, targets),
        Loss.BinaryCrossEntropy => BinaryCrossEntropy(outputs, targets),
        Loss.CrossEntropy => CrossEntropy(outputs, targets),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Not an effective loss: resolve Loss.Default through the task's target first."),
    };

    /// <summary>The effective loss of <paramref name="task"/> between head outputs (values or logits) and targets.</summary>
    public static Tensor Compute(TaskSpec task, Tensor outputs, Tensor targets) => Compute(task.EffectiveLoss, outputs, targets);
}
