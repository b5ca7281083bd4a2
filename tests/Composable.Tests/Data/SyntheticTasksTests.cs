using System;
using System.Linq;
using Composable.Data;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

public class SyntheticTasksTests
{
    private static MultiTaskSpec Mixed(int width = 12) => new(
        new Features(width),
        [
            new TaskSpec("Price", new Regression(2)),
            new TaskSpec("Churn", new Binary()),
            new TaskSpec("Segment", new MultiClass(4)),
            new TaskSpec("Tags", new MultiLabel(3)),
        ],
        new HardSharing(Trunk: [8]));

    private static MultiTaskSpec TwoRegressions() => new(
        new Features(32),
        [new TaskSpec("A", new Regression()), new TaskSpec("B", new Regression())],
        new HardSharing(Trunk: [8]));

    private static bool SameBits(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.bytes.SequenceEqual(b.bytes);

    private static bool Equal(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static double Correlation(Tensor a, Tensor b)
    {
        var x = a.flatten().to_type(ScalarType.Float64);
        var y = b.flatten().to_type(ScalarType.Float64);
        var (dx, dy) = (x - x.mean(), y - y.mean());
        return (dx * dy).sum().item<double>() / Math.Sqrt((dx * dx).sum().item<double>() * (dy * dy).sum().item<double>());
    }

    [Fact]
    public void The_same_options_give_identical_tensors_and_another_seed_different_ones()
    {
        using var scope = NewDisposeScope();
        var options = new SyntheticOptions(Examples: 300, Seed: 3);
        using var first = SyntheticTasks.Generate(Mixed(), options);
        using var again = SyntheticTasks.Generate(Mixed(), options);
        using var other = SyntheticTasks.Generate(Mixed(), options with { Seed = 4 });

        for (var t = 0; t < first.Count; t++)
        {
            Assert.True(SameBits(first[t].Inputs, again[t].Inputs));
            Assert.True(SameBits(first[t].Targets, again[t].Targets));
            Assert.False(Equal(first[t].Targets, other[t].Targets), $"task {t} did not change with the seed");
        }
        Assert.False(Equal(first[0].Inputs, other[0].Inputs));
    }

    [Fact]
    public void Every_kind_gets_valid_shapes_and_values_with_both_outcomes_present()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Mixed(), new SyntheticOptions(Examples: 500, Seed: 1));

        Assert.True(data.SharesInputs);
        Assert.Equal([500L, 12], data[0].Inputs.shape);
        Assert.InRange(data[0].Inputs.std().item<float>(), 0.95f, 1.05f);
        Assert.Equal([500L, 2], data["Price"].Targets.shape);
        Assert.Equal([500L, 1], data["Churn"].Targets.shape);
        Assert.Equal([500L], data["Segment"].Targets.shape);
        Assert.Equal(ScalarType.Int64, data["Segment"].Targets.dtype);
        Assert.Equal([500L, 3], data["Tags"].Targets.shape);

        var churnRate = data["Churn"].Targets.mean().item<float>();
        Assert.InRange(churnRate, 0.05f, 0.95f);
        var segments = data["Segment"].Targets.bincount(null, 4).data<long>().ToArray();
        Assert.Equal(4, segments.Length);
        Assert.True(segments.Count(c => c > 0) >= 3, $"segments {string.Join(",", segments)}");
        var tagRates = data["Tags"].Targets.mean([0]).data<float>().ToArray();
        Assert.All(tagRates, r => Assert.InRange(r, 0.05f, 0.95f));
        Assert.InRange(data["Price"].Targets.std().item<float>(), 0.2f, 3f);
    }

    [Fact]
    public void Own_inputs_give_each_task_its_own_rows_and_a_growing_size()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Mixed(), new SyntheticOptions(Examples: 400, SharedInputs: false));

        Assert.False(data.SharesInputs);
        Assert.Equal([100, 200, 300, 400], data.Sizes);
        Assert.False(Equal(data[1].Inputs[..100], data[0].Inputs));
    }

    [Fact]
    public void Full_relatedness_makes_two_regression_tasks_nearly_the_same()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(TwoRegressions(), new SyntheticOptions(Examples: 4000, Relatedness: 1, Noise: 0.05, Seed: 2));

        Assert.True(Correlation(data[0].Targets, data[1].Targets) > 0.9);
    }

    [Fact]
    public void No_relatedness_makes_two_regression_tasks_nearly_uncorrelated()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(TwoRegressions(), new SyntheticOptions(Examples: 4000, Relatedness: 0, Noise: 0.05, Seed: 2));

        Assert.True(Math.Abs(Correlation(data[0].Targets, data[1].Targets)) < 0.3);
    }

    [Fact]
    public void Invalid_options_are_all_named_in_one_exception()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticTasks.Generate(
            Mixed(), new SyntheticOptions(Examples: 0, Relatedness: 1.5, Noise: double.NaN, LatentWidth: 0)));

        Assert.Contains("SyntheticOptions.Relatedness is 1.5; it must be in [0, 1].", error.Message);
        Assert.Contains("SyntheticOptions.Examples is 0", error.Message);
        Assert.Contains("SyntheticOptions.Noise is NaN", error.Message);
        Assert.Contains("SyntheticOptions.LatentWidth is 0", error.Message);
    }
}
