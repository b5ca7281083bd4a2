using System;

namespace Composable.Training;

/// <summary>
/// The run time of the declared <see cref="LearningRateSchedule"/>s: the factor every group's base rate is multiplied
/// by at a step (<see cref="Optimizers.ScaleLearningRates"/> applies it). Pure: the factor depends on the step only, so
/// a resumed fit gets the same rates from its step count.
/// </summary>
public static class LearningRateSchedules
{
    /// <summary>
    /// The factor at <paramref name="step"/>, the 0-based step about to be taken. During the warm-up (step s &lt; W) it is
    /// (s + 1) / W; then <see cref="WarmupCosine"/> falls from 1 to its final factor along half a cosine,
    /// Final + (1 − Final)·½(1 + cos(π·min(1, (s − W) / (Steps − W)))), and <see cref="WarmupStep"/> is
    /// Gamma^⌊(s − W) / StepSize⌋.
    /// </summary>
    /// <exception cref="ArgumentNullException">No schedule.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A negative step, or a schedule whose numbers give no factor (negative warm-up, no steps after the warm-up, a step
    /// size that is not positive).
    /// </exception>
    public static double Factor(LearningRateSchedule schedule, long step)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var warmup = schedule.WarmupSteps;
        if (warmup < 0)
            throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "The warm-up must not be negative.");
        if (step < warmup) return (step + 1) / (double)warmup;
        var after = step - warmup;
        switch (schedule)
        {
            case WarmupCosine cosine:
                if (cosine.Steps <= warmup)
                    throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "A cosine schedule needs more steps than its warm-up.");
                var progress = Math.Min(1.0, after / (double)(cosine.Steps - warmup));
                return cosine.FinalFactor + (1 - cosine.FinalFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
            case WarmupStep decay:
                if (decay.StepSize <= 0)
                    throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "A step schedule needs a positive step size.");
                return Math.Pow(decay.Gamma, after / decay.StepSize);
            default:
                throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown learning-rate schedule.");
        }
    }
}
