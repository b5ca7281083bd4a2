using System;
using System.Collections.Generic;
using Composable.Examples.ObjectiveToy;
using Xunit;

namespace ObjectiveToy.Tests;

/// <summary>
/// The library's combiners, as the toy runs them, give the directions of the two-task solvers in CAGrad's
/// <c>toy.py</c> (written out here from the paper's definitions) up to a positive factor, which Adam does not see when
/// it is the same every step: the library's PCGrad sums where the toy averages, its CAGrad divides by 1 + c² (the
/// authors' training code) where the toy divides by 1 + c.
/// </summary>
public sealed class CombinerAgreementTests
{
    /// <summary>Gradient pairs of the toy along the papers' trajectories' region, conflicting and not.</summary>
    private static IEnumerable<ToyEvaluation> Points()
    {
        var random = new Random(5);
        for (var k = 0; k < 300; k++)
        {
            var e = ToyObjectives.Evaluate(new PlaneVector(20 * random.NextDouble() - 10, 20 * random.NextDouble() - 10), random.Next(2) == 0 ? 1.0 : 0.1);
            if (e.Gradient1.Norm > 1e-3 && e.Gradient2.Norm > 1e-3 && Math.Abs(e.Gradient1.Cross(e.Gradient2)) > 1e-6 * e.Gradient1.Norm * e.Gradient2.Norm)
                yield return e;
        }
    }

    [Fact]
    public void MGDA_is_the_min_norm_point_of_the_two_gradients()
    {
        foreach (var e in Points())
            AssertSameDirection("MGDA", ParetoStationarity.MinNormPoint(e.Gradient1, e.Gradient2), e);
    }

    [Fact]
    public void PCGrad_projects_each_conflicting_gradient_on_the_others_normal_plane()
    {
        foreach (var e in Points())
        {
            var (g1, g2) = (e.Gradient1, e.Gradient2);
            var g12 = g1.Dot(g2);
            var expected = g12 < 0 ? (1 - g12 / g1.Dot(g1)) * g1 + (1 - g12 / g2.Dot(g2)) * g2 : g1 + g2;
            AssertSameDirection("PCGrad", expected, e);
        }
    }

    [Fact]
    public void CAGrad_is_the_mean_gradient_moved_towards_the_worst_task_within_c_times_its_norm()
    {
        const double c = 0.5;
        foreach (var e in Points())
        {
            var (g1, g2) = (e.Gradient1, e.Gradient2);
            var g0 = 0.5 * (g1 + g2);
            var radius = c * g0.Norm;
            // toy.py: x in [0, 1] minimising g_wᵀg₀ + c‖g₀‖‖g_w‖ with g_w = x g1 + (1 − x) g2 (golden section here, to 1e-12).
            double Objective(double x) => (x * g1 + (1 - x) * g2).Dot(g0) + radius * (x * g1 + (1 - x) * g2).Norm;
            var (low, high) = (0.0, 1.0);
            var ratio = (Math.Sqrt(5) - 1) / 2;
            while (high - low > 1e-12)
            {
                var (a, b) = (high - ratio * (high - low), low + ratio * (high - low));
                if (Objective(a) < Objective(b)) high = b;
                else low = a;
            }
            var x = 0.5 * (low + high);
            var gw = x * g1 + (1 - x) * g2;
            AssertSameDirection("CAGrad", g0 + (radius / gw.Norm) * gw, e);
        }
    }

    private static void AssertSameDirection(string method, PlaneVector expected, ToyEvaluation e)
    {
        var combiner = ToyStudy.Method(method).Combiner(0);
        var gram = new double[,] { { e.Gradient1.Dot(e.Gradient1), e.Gradient1.Dot(e.Gradient2) }, { e.Gradient1.Dot(e.Gradient2), e.Gradient2.Dot(e.Gradient2) } };
        var beta = combiner.Coefficients(gram, [e.F1, e.F2]);
        var actual = beta[0] * e.Gradient1 + beta[1] * e.Gradient2;
        if (expected.Norm < 1e-9 * Math.Max(e.Gradient1.Norm, e.Gradient2.Norm))
        {
            Assert.True(actual.Norm < 1e-6 * Math.Max(e.Gradient1.Norm, e.Gradient2.Norm), $"{method}: expected no move for {e}, got {actual}");
            return;
        }
        var cosine = actual.Dot(expected) / (actual.Norm * expected.Norm);
        Assert.True(cosine > 1 - 1e-9, $"{method} for {e}: direction {actual} against {expected} (cosine {cosine:R})");
    }
}
