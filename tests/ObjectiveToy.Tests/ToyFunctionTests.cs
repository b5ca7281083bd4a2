using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Examples.ObjectiveToy;
using Xunit;

namespace ObjectiveToy.Tests;

/// <summary>The toy's functions, their gradients, the Pareto-stationarity residual and the computed Pareto set.</summary>
public sealed class ToyFunctionTests
{
    /// <summary>Points spread over the plotted square, away from the kinks (θ₂ = 0 and the zeros inside the logarithms).</summary>
    private static IEnumerable<PlaneVector> SmoothPoints()
    {
        var random = new Random(7);
        var kept = 0;
        while (kept < 400)
        {
            var theta = new PlaneVector(22 * random.NextDouble() - 11, 22 * random.NextDouble() - 11);
            var u1 = -0.5 * theta.X - 3.5 + Math.Tanh(theta.Y);
            var u2 = -0.5 * theta.X + 3.5 - Math.Tanh(theta.Y);
            if (Math.Abs(theta.Y) < 0.01 || Math.Abs(u1) < 0.01 || Math.Abs(u2) < 0.01) continue;
            kept++;
            yield return theta;
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.1)]
    public void Gradients_match_central_finite_differences_over_the_plotted_square(double scale)
    {
        const double h = 1e-6;
        foreach (var theta in SmoothPoints())
        {
            var e = ToyObjectives.Evaluate(theta, scale);
            var dx = Difference(theta, new PlaneVector(h, 0), scale, h);
            var dy = Difference(theta, new PlaneVector(0, h), scale, h);
            AssertClose(e.Gradient1, new PlaneVector(dx.F1, dy.F1), theta);
            AssertClose(e.Gradient2, new PlaneVector(dx.F2, dy.F2), theta);
        }
    }

    [Fact]
    public void Values_are_the_papers_at_known_points()
    {
        // Below the axis only the quadratics count: f_i = tanh(−θ₂/2)·q_i; at (0, −8) q1 = q2 = 4.9 − 20.
        var below = ToyObjectives.Evaluate(new PlaneVector(0, -8));
        Assert.Equal(Math.Tanh(4) * (4.9 - 20), below.F1, 12);
        Assert.Equal(below.F1, below.F2, 12);
        // On the axis both weights vanish; far above it only the log pieces count.
        var axis = ToyObjectives.Evaluate(new PlaneVector(3, 0));
        Assert.Equal((0.0, 0.0), (axis.F1, axis.F2));
        var above = ToyObjectives.Evaluate(new PlaneVector(1, 30));
        Assert.Equal(Math.Log(Math.Abs(-0.5 - 3.5 + 1)) + 6, above.F1, 9);
        Assert.Equal(Math.Log(Math.Abs(-0.5 + 3.5 - 1)) + 6, above.F2, 9);
        // Nash-MTL's setting scales the first loss and its gradient only.
        var scaled = ToyObjectives.Evaluate(new PlaneVector(2, -3), 0.1);
        var plain = ToyObjectives.Evaluate(new PlaneVector(2, -3));
        Assert.Equal((0.1 * plain.F1, plain.F2), (scaled.F1, scaled.F2));
        Assert.Equal((0.1 * plain.Gradient1).X, scaled.Gradient1.X, 15);
        Assert.Equal(plain.Gradient2, scaled.Gradient2);
    }

    [Fact]
    public void Min_norm_point_of_two_vectors_is_the_closed_form()
    {
        var anti = ParetoStationarity.MinNormPoint(new PlaneVector(2, 0), new PlaneVector(-1, 0));
        Assert.Equal(0, anti.Norm, 15);
        var orthogonal = ParetoStationarity.MinNormPoint(new PlaneVector(1, 0), new PlaneVector(0, 1));
        Assert.Equal(new PlaneVector(0.5, 0.5), orthogonal);
        // When one vector's projection is past the other the nearest point is an end of the segment.
        Assert.Equal(new PlaneVector(1, 0), ParetoStationarity.MinNormPoint(new PlaneVector(1, 0), new PlaneVector(2, 1)));
        Assert.Equal(new PlaneVector(1, 0), ParetoStationarity.MinNormPoint(new PlaneVector(2, 1), new PlaneVector(1, 0)));
        Assert.Equal(new PlaneVector(3, 4), ParetoStationarity.MinNormPoint(new PlaneVector(3, 4), new PlaneVector(3, 4)));
        // Against a brute-force search over the segment.
        var random = new Random(3);
        for (var k = 0; k < 200; k++)
        {
            var g1 = new PlaneVector(random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            var g2 = new PlaneVector(random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2);
            var brute = Enumerable.Range(0, 10_001).Min(i => (i / 10_000.0 * g1 + (1 - i / 10_000.0) * g2).Norm);
            Assert.InRange(ParetoStationarity.Residual(g1, g2), brute - 1e-3, brute + 1e-12);
        }
    }

    [Fact]
    public void Pareto_set_spans_the_two_minima_just_below_the_papers_line()
    {
        var set = ParetoSet.Compute();

        Assert.All(set, p =>
        {
            var e = ToyObjectives.Evaluate(p);
            Assert.True(e.Gradient1.Dot(e.Gradient2) <= 0, $"gradients at {p} point the same way");
            Assert.True(ParetoStationarity.Residual(e.Gradient1, e.Gradient2) < 1e-7 * Math.Max(e.Gradient1.Norm, e.Gradient2.Norm), $"no convex combination of the gradients at {p} vanishes");
        });
        // f2's minimum is at θ₁ = −7 and f1's at θ₁ = 7 (the set's ends); the papers draw the set as θ₂ = −8.3552 between them.
        Assert.Equal(-7.0, set.Min(p => p.X), 9);
        Assert.Equal(7.0, set.Max(p => p.X), 9);
        Assert.Equal(0, ToyObjectives.Evaluate(set.MinBy(p => p.X)).Gradient2.Norm, 6);
        Assert.All(set, p => Assert.InRange(p.Y, -8.44, -8.355));
        Assert.Equal(-8.3552, set.MinBy(p => Math.Abs(p.X))!.Y, 3);
        Assert.Equal(0, ParetoSet.Distance(new PlaneVector(0, -8.355114), set), 4);
        Assert.Equal(1.0, ParetoSet.Distance(new PlaneVector(0.003, -7.355114), set), 3);
    }

    private static (double F1, double F2) Difference(PlaneVector theta, PlaneVector step, double scale, double h)
    {
        var plus = ToyObjectives.Evaluate(theta + step, scale);
        var minus = ToyObjectives.Evaluate(theta - step, scale);
        return ((plus.F1 - minus.F1) / (2 * h), (plus.F2 - minus.F2) / (2 * h));
    }

    private static void AssertClose(PlaneVector analytic, PlaneVector numeric, PlaneVector at)
    {
        var error = (analytic - numeric).Norm;
        Assert.True(error <= 1e-6 * Math.Max(1, numeric.Norm), $"at {at}: analytic {analytic:G}, finite differences {numeric}, error {error:G3}");
    }
}
