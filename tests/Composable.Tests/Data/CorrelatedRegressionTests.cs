using System;
using System.Linq;
using Composable.Data;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

public sealed class CorrelatedRegressionTests
{
    private static readonly MultiTaskSpec Spec = new(
        new Features(100),
        [new TaskSpec("First", new Regression()), new TaskSpec("Second", new Regression())],
        new HardSharing([8]));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void Task_weights_have_norm_c_and_cosine_p(double p)
    {
        var family = CorrelatedRegression.Create(p, seed: 1);
        var w1 = family.W1.ToArray();
        var w2 = family.W2.ToArray();
        double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

        Assert.Equal(0.3, Math.Sqrt(Dot(w1, w1)), 10);
        Assert.Equal(0.3, Math.Sqrt(Dot(w2, w2)), 10);
        Assert.Equal(p, Dot(w1, w2) / 0.09, 10);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Empirical_correlation_of_the_linear_parts_is_p(double p)
    {
        using var scope = NewDisposeScope();
        var family = CorrelatedRegression.Create(p, seed: 2);
        using var data = family.Sample(Spec, examples: 20000, seed: 3);
        var x = data[0].Inputs;
        var a1 = x.matmul(tensor(family.W1.Select(v => (float)v).ToArray()));
        var a2 = x.matmul(tensor(family.W2.Select(v => (float)v).ToArray()));

        var correlation = corrcoef(stack(new[] { a1, a2 }))[0, 1].item<float>();

        Assert.Equal(p, correlation, 1); // ±0.05 at 20,000 examples
        Assert.True(Math.Abs(p - correlation) < 0.02, $"empirical correlation {correlation:F4} for p = {p}");
    }

    [Fact]
    public void Same_seeds_give_the_same_data_and_targets_follow_the_formula()
    {
        using var scope = NewDisposeScope();
        var family = CorrelatedRegression.Create(0.9, seed: 4, dimension: 100, scale: 0.3, sinusoids: 5);
        using var first = family.Sample(Spec, 64, seed: 5);
        using var again = CorrelatedRegression.Create(0.9, seed: 4).Sample(Spec, 64, seed: 5);
        using var other = family.Sample(Spec, 64, seed: 6);

        Assert.True(first[0].Inputs.equal(again[0].Inputs).all().item<bool>());
        Assert.True(first[1].Targets.equal(again[1].Targets).all().item<bool>());
        Assert.False(first[0].Inputs.equal(other[0].Inputs).all().item<bool>());
        // Without sinusoids the target is w1ᵀx + ε, ε of standard deviation 0.1.
        var linear = CorrelatedRegression.Create(0.9, seed: 4, sinusoids: 0);
        using var plain = linear.Sample(Spec, 4000, seed: 7);
        var residual = plain[0].Targets.squeeze(1) - plain[0].Inputs.matmul(tensor(linear.W1.Select(v => (float)v).ToArray()));
        Assert.Equal(0.01, residual.var().item<float>(), 3);
    }

    [Fact]
    public void A_declaration_that_does_not_fit_is_rejected()
    {
        var family = CorrelatedRegression.Create(0.5, seed: 1, dimension: 10);
        Assert.Throws<ArgumentException>(() => family.Sample(Spec, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CorrelatedRegression.Create(1.5, seed: 1));
    }
}
