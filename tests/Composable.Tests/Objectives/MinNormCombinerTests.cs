using System;
using System.Linq;
using Composable.Objectives;
using Xunit;
using static Composable.Tests.Objectives.GradientAlgebra;

namespace Composable.Tests.Objectives;

/// <summary>
/// The methods solved over the simplex: MGDA (the min-norm point of the hull) and CAGrad (the dual of its conflict-averse
/// problem), checked against closed forms, optimality conditions and brute force.
/// </summary>
public sealed class MinNormCombinerTests
{
    private static double[] Mgda(GradientNormalization normalization, double[] losses, params double[][] g) =>
        GradientCombiners.Create(new Mgda(UpperBound: false, normalization), g.Length, 0).Coefficients(Gram(g), losses);

    private static double[] CAGrad(double c, params double[][] g) =>
        GradientCombiners.Create(new CAGrad(c), g.Length, 0).Coefficients(Gram(g), Ones(g.Length));

    [Theory]
    [InlineData(1, 0, 0, 2, 0.8)] // γ = (g2 − g1)·g2/‖g1 − g2‖² = (−1, 2)·(0, 2)/5
    [InlineData(1, 0, 3, 0, 1.0)] // (2, 0)·(3, 0)/4 = 3/2, clamped to 1: g1 alone is the shorter
    [InlineData(3, 0, 1, 0, 0.0)] // (−2, 0)·(1, 0)/4 = −½, clamped to 0
    [InlineData(1, 0, -1, 0, 0.5)] // opposite: d = 0
    [InlineData(1, 1, 1, 1, 0.5)] // identical gradients: ½ by convention
    public void Mgda_two_tasks_is_the_closed_form(double x1, double y1, double x2, double y2, double gamma)
    {
        var alpha = Mgda(GradientNormalization.None, Ones(2), [x1, y1], [x2, y2]);
        AssertClose([gamma, 1 - gamma], alpha, 1e-15);
    }

    [Fact]
    public void Mgda_upper_bound_uses_the_same_solve_on_the_gram_it_is_given()
    {
        var gram = Gram([1, 0], [0, 2]);
        var ub = GradientCombiners.Create(new Mgda(UpperBound: true), 2, 0).Coefficients(gram, Ones(2));
        AssertClose([0.8, 0.2], ub, 1e-15);
    }

    [Theory]
    [InlineData(GradientNormalization.L2, 1, 1, 0.5)] // (2, 0)/2 and (0, 1)/1: orthogonal unit vectors
    [InlineData(GradientNormalization.Loss, 2, 1, 0.5)] // (2, 0)/2 and (0, 1)/1
    [InlineData(GradientNormalization.LossPlus, 2, 0.5, 16.0 / 17)] // (2, 0)/(2·2) = (½, 0) and (0, 1)/(½·1) = (0, 2)
    [InlineData(GradientNormalization.None, 9, 9, 0.2)] // (2, 0) and (0, 1): γ = (−2, 1)·(0, 1)/5
    [InlineData(GradientNormalization.Loss, 0, -1, 0.2)] // losses ≤ 0 are not normalisers: as None
    public void Mgda_normalises_the_gradients_and_answers_alpha_for_the_unnormalised_losses(
        GradientNormalization normalization, double loss1, double loss2, double gamma)
    {
        var alpha = Mgda(normalization, [loss1, loss2], [2, 0], [0, 1]);
        AssertClose([gamma, 1 - gamma], alpha, 1e-15);
    }

    [Theory]
    [InlineData(1, 3, 5)]
    [InlineData(2, 3, 2)] // more tasks than dimensions: the hull may contain 0
    [InlineData(3, 4, 6)]
    [InlineData(4, 4, 3)]
    [InlineData(5, 6, 10)]
    [InlineData(6, 8, 5)]
    public void Mgda_many_tasks_is_the_min_norm_point_by_its_optimality_conditions(int seed, int tasks, int size)
    {
        var g = RandomGradients(seed, tasks, size);
        var gram = Gram(g);
        var alpha = Mgda(GradientNormalization.None, Ones(tasks), g);

        Assert.All(alpha, a => Assert.True(a >= 0));
        Assert.Equal(1, alpha.Sum(), 14);

        // KKT of min αᵀKα on the simplex: (Kα)_t ≥ αᵀKα for all t, with equality where α_t > 0.
        var scale = Enumerable.Range(0, tasks).Max(t => gram[t, t]);
        var ka = Multiply(gram, alpha);
        var norm = Dot(alpha, ka);
        for (var t = 0; t < tasks; t++)
        {
            Assert.True(ka[t] >= norm - 1e-11 * scale, $"task {t}: (Kα)_t = {ka[t]} < αᵀKα = {norm}");
            if (alpha[t] > 1e-9) Assert.True(Math.Abs(ka[t] - norm) <= 1e-11 * scale, $"task {t}: α_t = {alpha[t]} but (Kα)_t = {ka[t]} ≠ {norm}");
        }
    }

    [Fact]
    public void Mgda_three_tasks_finds_the_hand_computed_min_norm_point()
    {
        // Hull of (2, 0), (0, 2), (3, 3): the nearest point to 0 is (1, 1) on the edge between the first two.
        var alpha = Mgda(GradientNormalization.None, Ones(3), [2, 0], [0, 2], [3, 3]);
        AssertClose([0.5, 0.5, 0], alpha, 1e-14);
    }

    [Fact]
    public void CAGrad_with_c_zero_is_the_mean_exactly()
    {
        var beta = CAGrad(0, [1, 0], [-1, 2], [0.3, -5]);
        Assert.Equal([1.0 / 3, 1.0 / 3, 1.0 / 3], beta);
    }

    [Theory]
    [InlineData(0.2, 1, 0, -0.5, 1)]
    [InlineData(0.4, 1, 0, -0.5, 1)]
    [InlineData(0.9, 3, 1, -1, 0.5)]
    [InlineData(0.5, 1, 0, 0, 4)]
    public void CAGrad_two_tasks_matches_a_brute_force_grid_over_the_simplex(double c, double x1, double y1, double x2, double y2)
    {
        double[] g1 = [x1, y1], g2 = [x2, y2];
        var beta = CAGrad(c, g1, g2);

        // F(w) = wᵀK1/T + c‖g₀‖·√(wᵀKw), minimised on a grid of w₁ with step 1e-6.
        double[] mean = [0.5 * (x1 + x2), 0.5 * (y1 + y2)];
        var radius = c * Norm(mean);
        double F(double w1)
        {
            double[] gw = [w1 * x1 + (1 - w1) * x2, w1 * y1 + (1 - w1) * y2];
            return Dot(gw, mean) + radius * Norm(gw);
        }

        var best = Enumerable.Range(0, 1_000_001).Select(k => k * 1e-6).MinBy(F);
        double[] gBest = [best * x1 + (1 - best) * x2, best * y1 + (1 - best) * y2];
        var lambda = radius / Norm(gBest);
        double[] expected = [(0.5 + lambda * best) / (1 + c * c), (0.5 + lambda * (1 - best)) / (1 + c * c)];
        AssertClose(expected, beta, 1e-5);
    }

    [Theory]
    [InlineData(1, 2, 0.4)]
    [InlineData(2, 3, 0.4)]
    [InlineData(3, 4, 0.2)]
    [InlineData(4, 4, 0.8)]
    [InlineData(5, 6, 0.5)]
    public void CAGrad_solves_its_primal_the_best_worst_task_improvement_in_the_ball_around_the_mean(int seed, int tasks, double c)
    {
        var g = RandomGradients(seed, tasks, size: 5);
        var beta = CAGrad(c, g);

        // Before the 1/(1 + c²) rescaling, d maximises min_t g_tᵀd over ‖d − g₀‖ ≤ c‖g₀‖.
        var d = Direction(beta, g).Select(x => x * (1 + c * c)).ToArray();
        var mean = Direction(Enumerable.Repeat(1.0 / tasks, tasks).ToArray(), g);
        var radius = c * Norm(mean);
        Assert.True(Norm(d.Zip(mean, (a, b) => a - b).ToArray()) <= radius * (1 + 1e-9));
        double Worst(double[] x) => g.Min(gt => Dot(gt, x));
        var worst = Worst(d);
        var random = new Random(seed);
        for (var sample = 0; sample < 2000; sample++)
        {
            var direction = RandomGradients(random.Next(), 1, 5)[0];
            var scale = radius * Math.Pow(random.NextDouble(), 0.2) / Norm(direction);
            var candidate = mean.Zip(direction, (m, u) => m + scale * u).ToArray();
            Assert.True(Worst(candidate) <= worst + 1e-9 * Dot(mean, mean), $"sample {sample} does better: {Worst(candidate)} > {worst}");
        }

        // The paper's bound along the mean: g₀ᵀd ≥ (1 − c)‖g₀‖², and the mean's own worst improvement is not better.
        Assert.True(Dot(mean, d) >= (1 - c) * Dot(mean, mean) - 1e-12);
        Assert.True(Worst(mean) <= worst + 1e-12);
    }
}
