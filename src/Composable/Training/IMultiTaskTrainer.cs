using Composable.Data;

namespace Composable.Training;

/// <summary>A trainer the fit loop can drive: a generated <c>Trainer</c> or the interpreted one.</summary>
public interface IMultiTaskTrainer
{
    /// <summary>The network being trained.</summary>
    IMultiTaskModule Network { get; }

    /// <summary>One optimisation step on <paramref name="batch"/>: zero_grad, forward, losses, backward, step.</summary>
    StepResult Step(MultiTaskBatch batch);
}
