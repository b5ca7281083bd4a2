namespace Composable
{
    /// <summary>
    /// How the learning rate changes over a training run: every parameter group's rate is its own base rate times
    /// the schedule's factor at the step about to be taken (0-based), so per-layer rates keep their ratios.
    /// </summary>
    public abstract record LearningRateSchedule
    {
        private protected LearningRateSchedule()
        {
        }

        /// <summary>Steps of linear warm-up: step s &lt; <see cref="WarmupSteps"/> gets factor (s + 1) / <see cref="WarmupSteps"/>.</summary>
        public abstract int WarmupSteps { get; }
    }

    /// <summary>
    /// Linear warm-up, then cosine decay (Loshchilov and Hutter 2017, without restarts; Goyal et al. 2017 for the
    /// warm-up): after the warm-up the factor falls from 1 to <paramref name="FinalFactor"/> along half a cosine over
    /// the remaining <paramref name="Steps"/> − <paramref name="WarmupSteps"/> steps, and stays there.
    /// </summary>
    /// <param name="Steps">Steps of the whole schedule, warm-up included; positive.</param>
    /// <param name="WarmupSteps">Steps of linear warm-up; in [0, <paramref name="Steps"/>).</param>
    /// <param name="FinalFactor">The factor at the end, a fraction of each base rate; in [0, 1].</param>
    public sealed record WarmupCosine(int Steps, int WarmupSteps = 0, double FinalFactor = 0.0) : LearningRateSchedule
    {
        /// <inheritdoc />
        public override int WarmupSteps { get; } = WarmupSteps;
    }

    /// <summary>
    /// Linear warm-up, then step decay: after the warm-up the factor is <paramref name="Gamma"/>^⌊(s − warm-up) /
    /// <paramref name="StepSize"/>⌋ at step s.
    /// </summary>
    /// <param name="StepSize">Steps between decays; positive.</param>
    /// <param name="Gamma">Multiplier at each decay; in (0, 1].</param>
    /// <param name="WarmupSteps">Steps of linear warm-up; non-negative.</param>
    public sealed record WarmupStep(int StepSize, double Gamma = 0.1, int WarmupSteps = 0) : LearningRateSchedule
    {
        /// <inheritdoc />
        public override int WarmupSteps { get; } = WarmupSteps;
    }
}
