using System;
using System.Linq;
using Composable;
using Composable.Examples.ObjectivesStudy;
using Xunit;

namespace ObjectivesStudy.Tests;

/// <summary>The k-task regression family: task vectors of norm c at cosine p to the first, deterministic targets, scales that multiply.</summary>
public sealed class RegressionFamilyTests
{
    private static MultiTaskSpec Spec(int tasks, int dimension) => new(
        new Features(dimension),
        [.. Enumerable.Range(1, tasks).Select(t => new TaskSpec($"T{t}", new Regression()))],
        new HardSharing([8]));

    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(4, 0.0)]
    [InlineData(3, -0.9)]
    public void Every_task_vector_has_norm_c_and_cosine_p_to_the_first(int tasks, double p)
    {
        var weights = RegressionFamily.Create(tasks, p, seed: 7, dimension: 20, scale: 3, sinusoids: 5).Weights;

        Assert.Equal(tasks, weights.Count);
        Assert.All(weights, w => Assert.Equal(3.0, Math.Sqrt(Dot(w, w)), 9));
        Assert.All(weights.Skip(1), w => Assert.Equal(p, Dot(weights[0], w) / 9, 9));
    }

    [Fact]
    public void Target_scales_multiply_a_task_targets_and_leave_the_others_alone()
    {
        var spec = Spec(2, 10);
        using var plain = RegressionFamily.Create(2, 0.3, 5, 10, 2, 5).Sample(spec, 50, seed: 9);
        using var scaled = RegressionFamily.Create(2, 0.3, 5, 10, 2, 5, [1.0, 10.0]).Sample(spec, 50, seed: 9);

        float[] Targets(Composable.Data.MultiTaskDataset data, int task) => data.ElementAt(task).Targets.data<float>().ToArray();
        Assert.Equal(Targets(plain, 0), Targets(scaled, 0));
        Assert.All(Targets(plain, 1).Zip(Targets(scaled, 1)), p => Assert.Equal(10 * p.Item1, p.Item2, 1e-4));
        Assert.NotEqual(Targets(plain, 0), Targets(plain, 1));
    }

    [Fact]
    public void A_declaration_that_does_not_fit_is_refused_with_the_reason()
    {
        var family = RegressionFamily.Create(2, 0.3, 5, 10, 2, 5);

        var error = Assert.Throws<ArgumentException>(() => family.Sample(Spec(3, 10), 10, 1));
        Assert.Contains("2 single-output regression tasks", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionFamily.Create(2, 1.5, 5, 10, 2, 5));
    }

    private static double Dot(System.Collections.Generic.IReadOnlyList<double> a, System.Collections.Generic.IReadOnlyList<double> b) =>
        a.Select((v, i) => v * b[i]).Sum();
}
