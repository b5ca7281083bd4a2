using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>One task's examples: inputs and targets with the same number of rows.</summary>
/// <param name="Task">The task's name as declared in its <see cref="TaskSpec"/>.</param>
/// <param name="Inputs">float32 [N, F], F the declaration's input width; finite.</param>
/// <param name="Targets">In the task's target layout: regression float32 [N, outputs]; binary float32 [N, 1] of
/// 0/1; multi-class int64 [N] in [0, classes); multi-label float32 [N, labels] of 0/1.</param>
public sealed record TaskData(string Task, Tensor Inputs, Tensor Targets)
{
    /// <summary>Number of examples (rows).</summary>
    public int Size => (int)Inputs.shape[0];
}
