using System.Collections.Generic;

namespace Composable.Checkpoints;

/// <summary>
/// Where a fit stood when a checkpoint was written, so that a resumed fit continues with the very next batch and
/// reports its epoch as the uninterrupted fit would.
/// </summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="StepInEpoch">Steps taken in the current, unfinished epoch (0 at an epoch's end).</param>
/// <param name="StreamSteps">Batches drawn from the fit's batch stream (0 for an episodic fit, whose order depends on the epoch alone).</param>
/// <param name="Seed">The fit's seed (batch order, task sampling).</param>
/// <param name="BatchSize">Rows per task per step.</param>
/// <param name="LossSum">Sum of the objective over the current epoch's steps.</param>
/// <param name="TaskLossSums">Per task, sum of its loss over the current epoch's steps that sampled it.</param>
/// <param name="TaskLossCounts">Per task, the current epoch's steps that sampled it.</param>
public sealed record FitPosition(
    int Epoch, long StepInEpoch, long StreamSteps, int Seed, int BatchSize,
    double LossSum, IReadOnlyList<double> TaskLossSums, IReadOnlyList<double> TaskLossCounts);
