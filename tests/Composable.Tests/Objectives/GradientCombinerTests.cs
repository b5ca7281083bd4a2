using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Objectives;
using Xunit;
using static Composable.Tests.Objectives.GradientAlgebra;

namespace Composable.Tests.Objectives;

/// <summary>
/// <see cref="GradientCombiners"/>: the factory's checks, the checks every combiner makes of its inputs, equal
/// weighting, and the surgery methods (PCGrad, GradVac) against hand-computed directions d = βᵀG.
/// </summary>
public sealed class GradientCombinerTests
{
    private static readonly Dictionary<string, GradientCombination> Methods = new()
    {
        ["PCGrad"] = new PCGrad(),
        ["MGDA"] = new Mgda(UpperBound: false),
        ["MGDA-UB"] = new Mgda(UpperBound: true, GradientNormalization.LossPlus),
        ["CAGrad"] = new CAGrad(0.4),
        ["IMTL-G"] = new ImtlGradient(),
        ["Nash-MTL"] = new NashMtl(),
        ["Aligned-MTL"] = new AlignedMtl(),
        ["GradVac"] = new GradVac(0.5),
    };

    public static TheoryData<string> MethodNames => [.. Methods.Keys, "EW"];

    private static IGradientCombiner Combiner(string name, int tasks, int seed = 0) =>
        name == "EW" ? GradientCombiners.Mean(tasks) : GradientCombiners.Create(Methods[name], tasks, seed);

    [Theory]
    [MemberData(nameof(MethodNames))]
    public void Fewer_than_two_tasks_are_rejected_naming_the_method(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Combiner(name, 1));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("got 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void CAGrad_c_outside_zero_to_one_is_rejected(double c)
    {
        var error = Assert.Throws<ArgumentException>(() => GradientCombiners.Create(new CAGrad(c), 2, 0));
        Assert.Contains("CAGrad: C must be finite and in [0, 1)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void GradVac_beta_outside_zero_to_one_is_rejected(double beta)
    {
        var error = Assert.Throws<ArgumentException>(() => GradientCombiners.Create(new GradVac(beta), 2, 0));
        Assert.Contains("GradVac: Beta must be finite and in (0, 1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0, 1, "MaxNorm")]
    [InlineData(double.PositiveInfinity, 1, "MaxNorm")]
    [InlineData(double.NaN, 1, "MaxNorm")]
    [InlineData(1.0, 0, "UpdateEvery must be at least 1, got 0")]
    public void NashMtl_hyper_parameters_out_of_range_are_rejected(double maxNorm, int updateEvery, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => GradientCombiners.Create(new NashMtl(maxNorm, updateEvery), 2, 0));
        Assert.Contains("Nash-MTL: " + expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(0.99)]
    public void Hyper_parameters_at_the_edges_of_their_ranges_are_accepted(double value)
    {
        Assert.Equal(2, GradientCombiners.Create(new GradVac(value == 0 ? 1 : value), 2, 0).Tasks);
        if (value < 1) Assert.Equal(2, GradientCombiners.Create(new CAGrad(value), 2, 0).Tasks);
        Assert.Equal(2, GradientCombiners.Create(new NashMtl(value, 1), 2, 0).Tasks);
    }

    [Theory]
    [MemberData(nameof(MethodNames))]
    public void Invalid_gram_matrices_and_losses_are_rejected_naming_the_method_and_the_fault(string name)
    {
        var combiner = Combiner(name, 2);
        var good = Gram([1, 0], [0, 1]);
        (double[,] Gram, double[] Losses, string Fault)[] cases =
        [
            (new double[2, 3], [1, 1], "must be square, got 2 × 3"),
            (new double[3, 3], [1, 1], "must be 2 × 2 (one row per task), got 3 × 3"),
            (new[,] { { 1, 0.5 }, { 0.2, 1 } }, [1, 1], "not symmetric: [0, 1] = 0.5 but [1, 0] = 0.2"),
            (new[,] { { 1, double.NaN }, { double.NaN, 1 } }, [1, 1], "entry [0, 1] is NaN"),
            (new[,] { { -1.0, 0 }, { 0, 1 } }, [1, 1], "diagonal [0, 0] = -1"),
            (good, [1, 1, 1], "expected 2 losses, one per task, got 3"),
            (good, [1, double.PositiveInfinity], "loss 1 is"),
        ];
        foreach (var (gram, losses, fault) in cases)
        {
            var error = Assert.Throws<ArgumentException>(() => combiner.Coefficients(gram, losses));
            Assert.StartsWith(name + ": ", error.Message, StringComparison.Ordinal);
            Assert.Contains(fault, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(MethodNames))]
    public void Asymmetry_of_single_precision_accumulation_is_accepted_and_the_caller_s_matrix_is_kept(string name)
    {
        var gram = Gram([1, 0.2, 0], [-0.3, 1, 0.5], [0.1, 0.1, 2]);
        gram[0, 1] *= 1 + 1e-6;
        var copy = (double[,])gram.Clone();
        var beta = Combiner(name, 3).Coefficients(gram, Ones(3));
        Assert.Equal(3, beta.Length);
        Assert.All(beta, b => Assert.True(double.IsFinite(b)));
        Assert.Equal(copy, gram);
    }

    [Fact]
    public void Mean_is_one_over_T_whatever_the_gradients()
    {
        var beta = GradientCombiners.Mean(4).Coefficients(Gram([1, 0], [-1, 0], [0, 3], [5, 5]), [1, 2, 3, 4]);
        Assert.Equal([0.25, 0.25, 0.25, 0.25], beta);
    }

    [Fact]
    public void PCGrad_projects_each_of_two_conflicting_gradients_onto_the_other_s_normal_plane()
    {
        double[] g1 = [1, 0], g2 = [-1, 1];
        var beta = GradientCombiners.Create(new PCGrad(), 2, 0).Coefficients(Gram(g1, g2), Ones(2));

        // g1' = g1 − (g1·g2/‖g2‖²) g2 = (1, 0) + ½(−1, 1) = (½, ½); g2' = g2 − (g2·g1/‖g1‖²) g1 = (0, 1); d = (½, 3/2).
        AssertClose([0.5, 1.5], Direction(beta, g1, g2), 1e-15);
        AssertClose([2, 1.5], beta, 1e-15);
    }

    [Fact]
    public void PCGrad_leaves_agreeing_and_zero_gradients_alone()
    {
        var combiner = GradientCombiners.Create(new PCGrad(), 2, 0);
        Assert.Equal([1.0, 1.0], combiner.Coefficients(Gram([1, 0], [1, 1]), Ones(2)));
        Assert.Equal([1.0, 1.0], combiner.Coefficients(Gram([1, 0], [0, 0]), Ones(2)));
        Assert.Equal([1.0, 1.0], combiner.Coefficients(Gram([1, 0], [0.05, 1]), Ones(2)));
    }

    [Fact]
    public void PCGrad_projects_even_a_slight_conflict()
    {
        // g1·g2 = −0.05: g1' = g1 + (0.05/‖g2‖²) g2, g2' = g2 + 0.05 g1, so β = (1.05, 1 + 0.05/1.0025).
        var beta = GradientCombiners.Create(new PCGrad(), 2, 0).Coefficients(Gram([1, 0], [-0.05, 1]), Ones(2));
        AssertClose([1.05, 1 + 0.05 / 1.0025], beta, 1e-15);
    }

    [Fact]
    public void PCGrad_follows_the_random_order_same_seed_same_coefficients()
    {
        // g1 conflicts with g2 and g3; projected onto g2's plane first it ends at (0.48, −0.24), onto g3's first at (0.48, 0.24).
        double[][] g = [[1, 0], [-0.5, 1], [-0.5, -1]];
        var gram = Gram(g);
        var bySeed = Enumerable.Range(0, 16)
            .Select(seed => GradientCombiners.Create(new PCGrad(), 3, seed).Coefficients(gram, Ones(3)))
            .ToArray();
        Assert.Equal(bySeed[5], GradientCombiners.Create(new PCGrad(), 3, 5).Coefficients(gram, Ones(3)));
        Assert.True(bySeed.Select(b => string.Join(",", b.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).Distinct().Count() > 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void PCGrad_on_the_Gram_matrix_is_the_projection_of_explicit_vectors(int seed)
    {
        var g = RandomGradients(seed: 20 + seed, tasks: 4, size: 3);
        var beta = GradientCombiners.Create(new PCGrad(), 4, seed).Coefficients(Gram(g), Ones(4));

        // The definition on the vectors themselves, with the orders drawn as the combiner draws them.
        var random = new Random(seed);
        var expected = new double[3];
        for (var i = 0; i < 4; i++)
        {
            var projected = (double[])g[i].Clone();
            foreach (var j in Composable.Objectives.Combination.ProjectedGradients.OthersInRandomOrder(random, i, 4))
            {
                var dot = Dot(projected, g[j]);
                if (dot < 0) projected = projected.Zip(g[j], (p, q) => p - dot / Dot(g[j], g[j]) * q).ToArray();
            }

            expected = expected.Zip(projected, (e, p) => e + p).ToArray();
        }

        AssertClose(expected, Direction(beta, g), 1e-12);
    }

    [Fact]
    public void GradVac_on_the_Gram_matrix_is_the_vaccine_of_explicit_vectors_over_several_steps()
    {
        const double rate = 0.3;
        const int tasks = 3;
        var combiner = GradientCombiners.Create(new GradVac(rate), tasks, 4);
        var random = new Random(4);
        var targets = new double[tasks, tasks];
        for (var step = 0; step < 6; step++)
        {
            var g = RandomGradients(seed: 40 + step, tasks, size: 4);
            var beta = combiner.Coefficients(Gram(g), Ones(tasks));

            // LibMTL's GradVac on one parameter group, without its 1e-8 guards.
            var expected = new double[4];
            for (var i = 0; i < tasks; i++)
            {
                var adjusted = (double[])g[i].Clone();
                foreach (var j in Composable.Objectives.Combination.ProjectedGradients.OthersInRandomOrder(random, i, tasks))
                {
                    var cosine = Dot(adjusted, g[j]) / (Norm(adjusted) * Norm(g[j]));
                    var target = targets[i, j];
                    if (cosine < target)
                    {
                        var factor = Norm(adjusted) * (target * Math.Sqrt(1 - cosine * cosine) - cosine * Math.Sqrt(1 - target * target))
                            / (Norm(g[j]) * Math.Sqrt(1 - target * target));
                        adjusted = adjusted.Zip(g[j], (a, b) => a + factor * b).ToArray();
                    }

                    targets[i, j] = (1 - rate) * target + rate * cosine;
                }

                expected = expected.Zip(adjusted, (e, a) => e + a).ToArray();
            }

            AssertClose(expected, Direction(beta, g), 1e-12);
        }
    }

    [Fact]
    public void GradVac_with_targets_zero_is_PCGrad_on_its_first_step()
    {
        var g = RandomGradients(seed: 7, tasks: 4, size: 3);
        var gram = Gram(g);
        for (var seed = 0; seed < 4; seed++)
        {
            var expected = GradientCombiners.Create(new PCGrad(), 4, seed).Coefficients(gram, Ones(4));
            var actual = GradientCombiners.Create(new GradVac(1), 4, seed).Coefficients(gram, Ones(4));
            AssertClose(expected, actual, 1e-12);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void GradVac_raises_the_cosine_to_the_moving_target(double rate)
    {
        var combiner = GradientCombiners.Create(new GradVac(rate), 2, 0);

        // Step 1: cos(g1, g2) = ½ ≥ 0 = φ̂, nothing changes; φ̂ ← rate·½ for both pairs.
        Assert.Equal([1.0, 1.0], combiner.Coefficients(Gram([1, 0], [0.5, Math.Sqrt(3) / 2]), Ones(2)));

        // Step 2: orthogonal unit gradients, cos = 0 < φ̂: g1' = g1 + a g2 with cos(g1', g2) = a/√(1 + a²) = φ̂,
        // a = φ̂/√(1 − φ̂²) (the update's ‖g1'‖(φ̂·1 − 0)/(1·√(1 − φ̂²))); the same for g2'. d = (1 + a)(1, 1).
        var target = rate * 0.5;
        var a = target / Math.Sqrt(1 - target * target);
        double[] g1 = [1, 0], g2 = [0, 1];
        var beta = combiner.Coefficients(Gram(g1, g2), Ones(2));
        AssertClose([1 + a, 1 + a], beta, 1e-15);
        var adjusted = new[] { 1, a };
        Assert.Equal(target, Dot(adjusted, g2) / Norm(adjusted), 14);

        // φ̂ ← (1 − rate)φ̂ + rate·0 with the cosine seen before the change.
        var next = (1 - rate) * target;
        var b = next / Math.Sqrt(1 - next * next);
        AssertClose([1 + b, 1 + b], combiner.Coefficients(Gram(g1, g2), Ones(2)), 1e-15);
    }

    [Fact]
    public void GradVac_same_seed_same_coefficients_over_several_steps()
    {
        var first = GradientCombiners.Create(new GradVac(0.3), 4, 11);
        var second = GradientCombiners.Create(new GradVac(0.3), 4, 11);
        for (var step = 0; step < 5; step++)
        {
            var gram = Gram(RandomGradients(step, 4, 6));
            Assert.Equal(first.Coefficients(gram, Ones(4)), second.Coefficients(gram, Ones(4)));
        }
    }
}
