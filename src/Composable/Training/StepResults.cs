using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>Reads a step's loss tensors back as numbers.</summary>
public static class StepResults
{
    /// <summary>The step's total and per-task losses; a null task loss (task not sampled) reads as NaN.</summary>
    public static StepResult Read(long step, Tensor total, params Tensor?[] taskLosses) =>
        new(step, total.ToSingle(), taskLosses.Select(l => l is null ? double.NaN : l.ToSingle()).ToArray());

    /// <summary>The step's total, per-task losses and the adaptive objective's per-task weights or coefficients.</summary>
    public static StepResult Read(long step, Tensor total, double[] taskWeights, params Tensor?[] taskLosses) =>
        Read(step, total, taskLosses) with { TaskWeights = taskWeights };
}
