using System.Linq;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>Reads a step's loss tensors back as numbers (one native read).</summary>
public static class StepResults
{
    /// <summary>The step's total and per-task losses; a null task loss (task not sampled) reads as NaN.</summary>
    public static StepResult Read(long step, Tensor total, params Tensor?[] taskLosses)
    {
        using var scope = NewDisposeScope();
        var present = taskLosses.Where(l => l is not null).Select(l => l!.detach()).Prepend(total.detach()).ToArray();
        var values = stack(present).to(ScalarType.Float64).data<double>().ToArray();
        var next = 1;
        var tasks = taskLosses.Select(l => l is null ? double.NaN : values[next++]).ToArray();
        return new StepResult(step, values[0], tasks);
    }
}
