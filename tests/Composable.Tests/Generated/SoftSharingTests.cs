using System;
using System.Linq;
using Composable.Data;
using Composable.Interpretation;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>
/// Soft sharing's two limits: strength 0 trains exactly like independent towers, a large strength pulls the towers
/// onto one another (hard sharing); the penalty is part of the generated objective.
/// </summary>
public sealed class SoftSharingTests
{
    [Fact]
    public void Strength_zero_trains_exactly_like_independent_towers()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Towers.Spec, new SyntheticOptions(Examples: 256, Seed: 3));
        using var towers = Towers.Trainer.Create(7);
        using var soft = SoftZero.Trainer.Create(7);
        var towerStream = new BatchStream(data, TaskSampling.AllTasks, 32, 7);
        var softStream = new BatchStream(data, TaskSampling.AllTasks, 32, 7);

        for (var step = 0; step < 30; step++)
        {
            var expected = towers.Step(towerStream.Next());
            var actual = soft.Step(softStream.Next());
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.TaskLosses, actual.TaskLosses);
        }
        var expectedParameters = towers.Model.named_parameters().ToArray();
        var actualParameters = soft.Model.named_parameters().ToArray();
        Assert.Equal(expectedParameters.Select(p => p.name), actualParameters.Select(p => p.name));
        for (var i = 0; i < expectedParameters.Length; i++)
            Assert.True(expectedParameters[i].parameter.equal(actualParameters[i].parameter).all().item<bool>());
    }

    [Fact]
    public void Large_strength_approaches_hard_sharing_of_the_penalised_layers()
    {
        double Spread(double strength)
        {
            using var scope = NewDisposeScope();
            // Plain SGD: the penalty then contracts the towers' difference by (1 - 2·lr·λ) per step; Adam's
            // normalised steps would leave them oscillating at the learning rate's scale.
            var spec = SoftZero.Spec with { Sharing = new SoftSharing([12, 8], Strength: strength), Optimizer = new Sgd(LearningRate: 0.01) };
            using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: 256, Seed: 3));
            using var trainer = InterpretedTrainer.Create(spec, 7);
            trainer.Fit(data, new FitOptions(BatchSize: 32, Steps: 300, Seed: 7));
            var parameters = trainer.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            var spread = 0.0;
            foreach (var layer in new[] { "tower_0", "tower_1" })
            {
                var price = parameters[$"price_{layer}.weight"];
                var churn = parameters[$"churn_{layer}.weight"];
                spread = Math.Max(spread, ((price - churn).norm() / (0.5 * (price.norm() + churn.norm()))).item<float>());
            }
            return spread;
        }

        var independent = Spread(0);
        var moderate = Spread(0.1);
        var strong = Spread(10);

        Assert.True(independent > 0.5, $"independent towers differ by {independent:F3} (relative)");
        Assert.True(moderate < 0.9 * independent, $"λ 0.1: {moderate:F4}, λ 0: {independent:F4}");
        Assert.True(strong < 0.01 * independent, $"λ 10 leaves the towers {strong:F5} apart (relative), λ 0 {independent:F3}");
    }

    [Fact]
    public void Losses_expose_the_weighted_penalty_and_total_includes_it()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Soft.Spec, new SyntheticOptions(Examples: 64, Seed: 1));
        using var trainer = Soft.Trainer.Create(2);
        trainer.Model.eval();
        var batch = Soft.Batch.From(new BatchStream(data, TaskSampling.AllTasks, 64, 1).Next());

        var losses = trainer.ComputeLosses(batch);

        var omega = trainer.Model.SharingPenalty().item<float>();
        Assert.True(omega > 0);
        Assert.Equal(0.1 * omega, losses.Penalty.item<float>(), 5);
        var sum = losses.Price!.item<float>() + losses.Churn!.item<float>() + losses.Tags!.item<float>();
        Assert.Equal(sum + losses.Penalty.item<float>(), losses.Total.item<float>(), 4);
    }

    [Theory]
    [InlineData(SharingPenalty.SquaredDistanceToMean, 4.0)]
    [InlineData(SharingPenalty.PairwiseSquaredDistance, 12.0)]
    public void Penalties_measure_the_distance_between_task_parameters(SharingPenalty penalty, double expected)
    {
        using var scope = NewDisposeScope();
        // Three tasks' one-element parameters 0, 1, 2 (twice, as if weight and bias): mean 1, Σ(p - mean)² = 2; pairwise Σ = 1 + 4 + 1 = 6.
        var group = new[] { tensor(new[] { 0f }), tensor(new[] { 1f }), tensor(new[] { 2f }) };
        var value = SoftSharingPenalty.Of(penalty, group, group).item<float>();
        Assert.Equal(expected, value, 5);
    }

    [Fact]
    public void Trace_norm_is_the_sum_of_singular_values_of_the_stacked_parameters()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 3f, 0f });
        var b = tensor(new[] { 0f, 4f });

        Assert.Equal(7.0, SoftSharingPenalty.Of(SharingPenalty.TraceNorm, new[] { a, b }).item<float>(), 5);
    }
}
