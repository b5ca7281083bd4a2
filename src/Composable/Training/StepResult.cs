using System.Collections.Generic;

namespace Composable.Training;

/// <summary>The losses of one training step, read back as numbers.</summary>
/// <param name="Step">Step number, from 1.</param>
/// <param name="Total">The objective's value (weighted sum of the sampled tasks' losses).</param>
/// <param name="TaskLosses">Per task in declaration order; NaN for a task not sampled this step.</param>
public sealed record StepResult(long Step, double Total, IReadOnlyList<double> TaskLosses);
