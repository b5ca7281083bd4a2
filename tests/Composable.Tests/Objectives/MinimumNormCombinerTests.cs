using System;
using System.Linq;
using Composable.Objectives;
using Xunit;
using static Composable.Tests.Objectives.Gradients;

namespace Composable.Tests.Objectives;

/// <summary>MGDA (min-norm point of the hull) and CAGrad (its conflict-averse dual) against their definitions.</summary>
public sealed class MinimumNormCombinerTests
{
    [Theory]
    [InlineData(1, 0, 0, 2)]
    [InlineData(1, 0, 2, 0)]
    [InlineData(3, 1, -1, 2)]
    [InlineData(1, 1, 1, 1)]
    public void MGDA_with_two_tasks_is_the_closed_form(double a, double b, double c, double e)
    {
        double[][] g = [[a, b], [c, e]];
        var difference = Add(g[0], Scale(-1, g[1]));
        var gamma = Dot(difference, difference) == 0 ? 0.5 : Math.Clamp(-Dot(difference, g[1]) / Dot(difference, difference), 0, 1);
        var beta = Coefficients(GradientCombiners.Create(new Mgda(), 2, 0), g);
        AssertClose([gamma, 1 - gamma], beta, 1e-15);
    }

    [Fact]
    public void MGDA_two_orthogonal_gradients_by_hand()
    {
        // γ = (g2 − g1)·g2/‖g1 − g2‖² = 4/5; d = (0.8, 0.4) is orthogonal to g1 − g2, the hull's edge.
        double[][] g = [[1, 0], [0, 2]];
        var beta = Coefficients(GradientCombiners.Create(new Mgda(), 2, 0), g);
        AssertClose([0.8, 0.2], beta, 1e-15);
        AssertClose([0.8, 0.4], Direction(beta, g), 1e-15);
    }

    [Theory]
    [InlineData(3, 5, 1)]
    [InlineData(4, 3, 2)]
    [InlineData(6, 4, 3)]
    [InlineData(8, 20, 4)]
    [InlineData(5, 2, 5)]
    public void MGDA_with_more_tasks_satisfies_the_min_norm_KKT_conditions(int tasks, int width, int seed)
    {
        var g = Random(tasks, width, seed);
        for (var t = 0; t < tasks; t++) g[t][0] += 1.5; // a common direction so that the hull may or may not contain 0
        var k = Gram(g);
        var alpha = Coefficients(GradientCombiners.Create(new Mgda(), tasks, 0), g);
        AssertMinNormKkt(k, alpha);
    }

    [Fact]
    public void MGDA_three_tasks_against_a_grid_over_the_simplex()
    {
        double[][] g = [[1, 0.2, 0], [-0.3, 1, 0.4], [0.5, -0.6, 1]];
        var k = Gram(g);
        var alpha = Coefficients(GradientCombiners.Create(new Mgda(), 3, 0), g);
        var best = double.PositiveInfinity;
        const int steps = 400;
        for (var i = 0; i <= steps; i++)
        {
            for (var j = 0; i + j <= steps; j++)
            {
                double[] w = [i / (double)steps, j / (double)steps, (steps - i - j) / (double)steps];
                best = Math.Min(best, Quadratic(k, w));
            }
        }

        Assert.True(Quadratic(k, alpha) <= best + 1e-15, $"{Quadratic(k, alpha)} > grid minimum {best}");
        Assert.True(best - Quadratic(k, alpha) < 1e-4);
    }

    [Fact]
    public void MGDA_normalises_before_the_solve_but_weights_the_raw_gradients()
    {
        double[][] g = [[2, 0], [0, 1]];
        // L2: unit gradients e1, e2, min-norm α = (½, ½) whatever the norms; β = α applies to the raw gradients.
        AssertClose([0.5, 0.5], Coefficients(GradientCombiners.Create(new Mgda(Normalization: GradientNormalization.L2), 2, 0), g), 1e-15);
        // Loss: g/L with L = (2, 1) is again e1, e2.
        var byLoss = GradientCombiners.Create(new Mgda(Normalization: GradientNormalization.Loss), 2, 0).Coefficients(Gram(g), [2, 1]);
        AssertClose([0.5, 0.5], byLoss, 1e-15);
        // Loss+: g/(L‖g‖) with L = (1, 4): e1 and e2/4, min-norm γ on e1 = (1/16)/(1 + 1/16) = 1/17.
        var byLossPlus = GradientCombiners.Create(new Mgda(Normalization: GradientNormalization.LossPlus), 2, 0).Coefficients(Gram(g), [1, 4]);
        AssertClose([1.0 / 17, 16.0 / 17], byLossPlus, 1e-15);
        // None: raw (2, 0), (0, 1): γ = 1/5.
        AssertClose([0.2, 0.8], Coefficients(GradientCombiners.Create(new Mgda(), 2, 0), g), 1e-15);
    }

    [Fact]
    public void MGDA_replaces_a_normaliser_that_is_not_positive_by_one()
    {
        double[][] g = [[2, 0], [0, 1]];
        // A zero loss under Loss normalisation: task 0 enters unscaled, (2, 0) against (0, 1)/1.
        var beta = GradientCombiners.Create(new Mgda(Normalization: GradientNormalization.Loss), 2, 0).Coefficients(Gram(g), [0, 1]);
        AssertClose([0.2, 0.8], beta, 1e-15);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void CAGrad_with_c_zero_is_exactly_the_mean(int tasks)
    {
        var beta = Coefficients(GradientCombiners.Create(new CAGrad(C: 0), tasks, 0), Random(tasks, 3, seed: tasks));
        Assert.All(beta, b => Assert.Equal(1.0 / tasks, b));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.2)]
    [InlineData(0.9)]
    public void CAGrad_with_two_tasks_matches_a_brute_force_grid_over_the_simplex(double c)
    {
        double[][] g = [[1, 0.2], [-0.5, 1]];
        var k = Gram(g);
        var g0 = Mean(g);
        var radius = c * Norm(g0);
        double F(double w) => Dot(Direction([w, 1 - w], g), g0) + radius * Norm(Direction([w, 1 - w], g));
        var (bestW, bestF) = (0.0, double.PositiveInfinity);
        const int steps = 1_000_000;
        for (var i = 0; i <= steps; i++)
        {
            var w = i / (double)steps;
            if (F(w) < bestF) (bestW, bestF) = (w, F(w));
        }

        var gw = Direction([bestW, 1 - bestW], g);
        var lambda = radius / Norm(gw);
        double[] expected = [(0.5 + lambda * bestW) / (1 + c * c), (0.5 + lambda * (1 - bestW)) / (1 + c * c)];
        var beta = GradientCombiners.Create(new CAGrad(c), 2, 0).Coefficients(k, [1, 1]);
        AssertClose(expected, beta, 1e-5);

        // Strong duality: the worst improvement of the un-rescaled d equals min F.
        var d = Scale(1 + c * c, Direction(beta, g));
        Assert.Equal(bestF, g.Min(gt => Dot(gt, d)), 9);
    }

    [Theory]
    [InlineData(2, 0.5, 1)]
    [InlineData(3, 0.4, 2)]
    [InlineData(4, 0.5, 3)]
    [InlineData(6, 0.8, 4)]
    public void CAGrad_direction_maximises_the_worst_improvement_within_its_ball(int tasks, double c, int seed)
    {
        var g = Random(tasks, 5, seed);
        for (var t = 0; t < tasks; t++) g[t][0] += 1;
        var g0 = Mean(g);
        var radius = c * Norm(g0);
        var beta = Coefficients(GradientCombiners.Create(new CAGrad(c), tasks, 0), g);
        var d = Scale(1 + c * c, Direction(beta, g));
        double Worst(double[] v) => g.Min(gt => Dot(gt, v));

        // d lies on the ball ‖d − g₀‖ ≤ c‖g₀‖, improves the worst task at least as much as g₀, and no point of the ball
        // does better (a sample of 20 000 points, on its surface where the linear minimum is attained).
        Assert.True(Norm(Add(d, Scale(-1, g0))) <= radius * (1 + 1e-9));
        Assert.True(Worst(d) >= Worst(g0) - 1e-12);
        var random = new Random(seed);
        for (var sample = 0; sample < 20_000; sample++)
        {
            var u = Random(1, g0.Length, random.Next())[0];
            var candidate = Add(g0, Scale(radius / Norm(u), u));
            Assert.True(Worst(candidate) <= Worst(d) + 1e-9, $"sample {sample}: {Worst(candidate)} > {Worst(d)}");
        }
    }

    [Fact]
    public void CAGrad_with_zero_in_the_hull_keeps_a_finite_direction()
    {
        // The midpoint of g1 and g2 is 0, F ≥ 0 and its minimum is at g_w = 0: λ = 0, β = (1/T)/(1 + c²).
        double[][] g = [[1, 0], [-1, 0], [0, 1]];
        var beta = Coefficients(GradientCombiners.Create(new CAGrad(0.5), 3, 0), g);
        Assert.All(beta, b => Assert.True(double.IsFinite(b)));
        var d = Scale(1.25, Direction(beta, g));
        Assert.True(g.Min(gt => Dot(gt, d)) >= -1e-9);
    }

    internal static double Quadratic(double[,] k, double[] w)
    {
        var sum = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            for (var j = 0; j < w.Length; j++) sum += w[i] * k[i, j] * w[j];
        }

        return sum;
    }

    // α on the simplex with (Kα)_t ≥ αᵀKα for every t, with equality where α_t > 0.
    private static void AssertMinNormKkt(double[,] k, double[] alpha)
    {
        Assert.Equal(1, alpha.Sum(), 12);
        Assert.All(alpha, a => Assert.True(a >= 0));
        var value = Quadratic(k, alpha);
        var scale = Enumerable.Range(0, alpha.Length).Max(t => k[t, t]);
        for (var t = 0; t < alpha.Length; t++)
        {
            var kAlpha = Enumerable.Range(0, alpha.Length).Sum(j => k[t, j] * alpha[j]);
            Assert.True(kAlpha >= value - 1e-9 * scale, $"task {t}: (Kα)_t = {kAlpha} < αᵀKα = {value}");
            if (alpha[t] > 1e-9) Assert.True(Math.Abs(kAlpha - value) <= 1e-9 * scale, $"task {t}: α_t = {alpha[t]} but (Kα)_t = {kAlpha} ≠ {value}");
        }
    }
}
