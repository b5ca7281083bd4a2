using System.Collections.Generic;

namespace Composable.Training;

/// <summary>The losses of one training step, read back as numbers.</summary>
/// <param name="Step">Step number, from 1.</param>
/// <param name="Total">The objective's value (weighted sum of the sampled tasks' losses, or the adaptive objective's).</param>
/// <param name="TaskLosses">Per task in declaration order; NaN for a task not sampled this step.</param>
/// <param name="TaskWeights">
/// Per task, the weight of its loss this step (loss weighting: λ_t, or the factor of an uncertainty weighting) or its
/// coefficient in the combined gradient (gradient combination: β_t in d = Σ β_t g_t); null for a fixed weighted sum.
/// </param>
public sealed record StepResult(long Step, double Total, IReadOnlyList<double> TaskLosses, IReadOnlyList<double>? TaskWeights = null);
