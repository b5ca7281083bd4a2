using System;
using Composable.Training;
using Xunit;

namespace Composable.Tests.Optimisation;

/// <summary><see cref="LearningRateSchedules.Factor"/> against values worked out by hand.</summary>
public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 0.25)]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.75)]
    [InlineData(3, 1.0)]
    public void Warm_up_ramps_linearly_to_one(long step, double expected)
    {
        Assert.Equal(expected, LearningRateSchedules.Factor(new WarmupCosine(Steps: 10, WarmupSteps: 4, FinalFactor: 0.1), step));
        Assert.Equal(expected, LearningRateSchedules.Factor(new WarmupStep(StepSize: 3, Gamma: 0.5, WarmupSteps: 4), step));
    }

    [Theory]
    [InlineData(4, 1.0)]
    [InlineData(7, 0.55)] // half way through the 6 decay steps: (1 + Final) / 2
    [InlineData(10, 0.1)]
    [InlineData(1000, 0.1)]
    public void Cosine_falls_from_one_to_the_final_factor_and_stays(long step, double expected) =>
        Assert.Equal(expected, LearningRateSchedules.Factor(new WarmupCosine(Steps: 10, WarmupSteps: 4, FinalFactor: 0.1), step), precision: 12);

    [Fact]
    public void Cosine_without_warm_up_starts_at_one_and_follows_the_half_cosine()
    {
        var schedule = new WarmupCosine(Steps: 100);
        Assert.Equal(1.0, LearningRateSchedules.Factor(schedule, 0));
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI / 4)), LearningRateSchedules.Factor(schedule, 25), precision: 14);
        Assert.Equal(0.5, LearningRateSchedules.Factor(schedule, 50), precision: 14);
        Assert.Equal(0.0, LearningRateSchedules.Factor(schedule, 100), precision: 14);
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(4, 1.0)]
    [InlineData(5, 0.5)]
    [InlineData(7, 0.5)]
    [InlineData(8, 0.25)]
    [InlineData(11, 0.125)]
    public void Step_decay_multiplies_by_gamma_every_step_size_steps_after_the_warm_up(long step, double expected) =>
        Assert.Equal(expected, LearningRateSchedules.Factor(new WarmupStep(StepSize: 3, Gamma: 0.5, WarmupSteps: 2), step));

    [Fact]
    public void A_negative_step_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Factor(new WarmupCosine(10), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Factor(new WarmupStep(3), -1));
    }

    [Fact]
    public void Schedules_whose_numbers_give_no_factor_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Factor(new WarmupCosine(Steps: 4, WarmupSteps: 4), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Factor(new WarmupStep(StepSize: 0), 1));
    }
}
