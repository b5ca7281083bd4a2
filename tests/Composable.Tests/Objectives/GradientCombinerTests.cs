using System;
using System.Linq;
using Composable.Objectives;
using Xunit;
using static Composable.Tests.Objectives.Gradients;

namespace Composable.Tests.Objectives;

/// <summary>
/// The combiners' contract (<see cref="GradientCombiners"/>): argument checks that name the method, determinism by seed,
/// equal weighting, and the surgery methods PCGrad and GradVac against hand computations.
/// </summary>
public sealed class GradientCombinerTests
{
    public static TheoryData<GradientCombination> Methods() =>
    [
        new PCGrad(), new Mgda(), new Mgda(UpperBound: false, GradientNormalization.LossPlus), new CAGrad(), new ImtlGradient(),
        new NashMtl(), new AlignedMtl(), new GradVac(),
    ];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Fewer_than_two_tasks_are_rejected_naming_the_method(GradientCombination method)
    {
        var error = Assert.Throws<ArgumentException>(() => GradientCombiners.Create(method, tasks: 1, seed: 0));
        Assert.Contains(method.ShortName, error.Message);
        Assert.Contains("got 1", error.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void CAGrad_c_outside_zero_one_is_rejected(double c)
    {
        var error = Assert.Throws<ArgumentException>(() => GradientCombiners.Create(new CAGrad(c), 2, 0));
        Assert.StartsWith("CAGrad: C must be finite and in [0, 1)", error.Message);
        Assert.Contains(c.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    public void GradVac_beta_outside_zero_one_is_rejected(double beta)
    {
        var error = Assert.Throws<ArgumentException>(() => GradientCombiners.Create(new GradVac(beta), 2, 0));
        Assert.StartsWith("GradVac: Beta must be finite and in (0, 1]", error.Message);
    }

    [Fact]
    public void Nash_MTL_hyper_parameters_out_of_range_are_rejected()
    {
        Assert.StartsWith("Nash-MTL: MaxNorm", Assert.Throws<ArgumentException>(() => GradientCombiners.Create(new NashMtl(MaxNorm: -1), 2, 0)).Message);
        Assert.StartsWith("Nash-MTL: MaxNorm", Assert.Throws<ArgumentException>(() => GradientCombiners.Create(new NashMtl(MaxNorm: double.NaN), 2, 0)).Message);
        Assert.StartsWith("Nash-MTL: UpdateEvery", Assert.Throws<ArgumentException>(() => GradientCombiners.Create(new NashMtl(UpdateEvery: 0), 2, 0)).Message);
    }

    [Fact]
    public void Hyper_parameters_at_the_edges_of_their_ranges_are_accepted()
    {
        Assert.Equal(2, GradientCombiners.Create(new CAGrad(0), 2, 0).Tasks);
        Assert.Equal(2, GradientCombiners.Create(new GradVac(1), 2, 0).Tasks);
        Assert.Equal(2, GradientCombiners.Create(new NashMtl(MaxNorm: 0, UpdateEvery: 1), 2, 0).Tasks);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Malformed_gram_matrices_and_losses_are_rejected_naming_the_method(GradientCombination method)
    {
        var combiner = GradientCombiners.Create(method, tasks: 2, seed: 0);
        double[] losses = [1, 1];
        void Fails(double[,] gram, double[] l, string what)
        {
            var error = Assert.Throws<ArgumentException>(() => combiner.Coefficients(gram, l));
            Assert.StartsWith(method.ShortName + ":", error.Message);
            Assert.Contains(what, error.Message);
        }

        Fails(new double[2, 3], losses, "square");
        Fails(new double[3, 3], losses, "2 × 2");
        Fails(new double[,] { { 1, 0.5 }, { -0.5, 1 } }, losses, "not symmetric");
        Fails(new double[,] { { 1, double.NaN }, { double.NaN, 1 } }, losses, "finite");
        Fails(new double[,] { { -1, 0 }, { 0, 1 } }, losses, "negative");
        Fails(new double[,] { { 1, 0 }, { 0, 1 } }, [1, 1, 1], "2 losses");
        Fails(new double[,] { { 1, 0 }, { 0, 1 } }, [1, double.PositiveInfinity], "finite");
    }

    [Fact]
    public void A_gram_matrix_symmetric_to_single_precision_is_accepted_and_not_modified()
    {
        var gram = new double[,] { { 4, 1 + 1e-7 }, { 1, 9 } };
        var beta = GradientCombiners.Create(new PCGrad(), 2, 0).Coefficients(gram, [1, 1]);
        Assert.Equal([1.0, 1.0], beta);
        Assert.Equal(1 + 1e-7, gram[0, 1]);
    }

    [Fact]
    public void Mean_is_one_over_the_number_of_tasks()
    {
        var g = Random(3, 4, seed: 1);
        Assert.Equal([1.0 / 3, 1.0 / 3, 1.0 / 3], Coefficients(GradientCombiners.Mean(3), g));
        Assert.Contains("EW", Assert.Throws<ArgumentException>(() => GradientCombiners.Mean(1)).Message);
        Assert.StartsWith("EW:", Assert.Throws<ArgumentException>(() => GradientCombiners.Mean(2).Coefficients(new double[3, 3], [1, 1])).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Same_seed_gives_the_same_coefficients_and_another_seed_another_order(int method)
    {
        GradientCombination declared = method == 0 ? new PCGrad() : new GradVac(Beta: 0.3);
        var steps = Enumerable.Range(0, 5).Select(s => Random(4, 6, seed: 100 + s)).ToArray();
        double[][] Run(int seed)
        {
            var combiner = GradientCombiners.Create(declared, 4, seed);
            return steps.Select(g => Coefficients(combiner, g)).ToArray();
        }

        var first = Run(7);
        var again = Run(7);
        var other = Run(8);
        for (var s = 0; s < steps.Length; s++) Assert.Equal(first[s], again[s]);
        Assert.Contains(Enumerable.Range(0, steps.Length), s => !first[s].SequenceEqual(other[s]));
    }

    [Fact]
    public void PCGrad_projects_two_conflicting_gradients_onto_each_others_normal_plane()
    {
        // g1·g2 = −1: g1' = g1 + ½g2 = (½, ½), g2' = g2 + g1 = (0, 1), d = (½, 3/2) = 2g1 + 3/2 g2.
        double[][] g = [[1, 0], [-1, 1]];
        var beta = Coefficients(GradientCombiners.Create(new PCGrad(), 2, 0), g);
        AssertClose([2, 1.5], beta, 1e-15);
        AssertClose([0.5, 1.5], Direction(beta, g), 1e-15);
    }

    [Fact]
    public void PCGrad_leaves_agreeing_gradients_and_zero_gradients_alone()
    {
        Assert.Equal([1.0, 1.0], Coefficients(GradientCombiners.Create(new PCGrad(), 2, 0), [[1, 0], [1, 1]]));
        Assert.Equal([1.0, 1.0], Coefficients(GradientCombiners.Create(new PCGrad(), 2, 0), [[1, 0], [1e-9, 1]]));
        Assert.Equal([1.0, 1.0, 1.0], Coefficients(GradientCombiners.Create(new PCGrad(), 3, 0), [[1, 0], [0, 0], [0, 1]]));
    }

    [Fact]
    public void PCGrad_projects_even_a_slight_conflict()
    {
        // g1·g2 = −1e-9: g1' = g1 + 1e-9 g2, g2' = g2 + 1e-9 g1.
        var beta = Coefficients(GradientCombiners.Create(new PCGrad(), 2, 0), [[1, 0], [-1e-9, 1]]);
        AssertClose([1 + 1e-9, 1 + 1e-9 / (1 + 1e-18)], beta, 1e-15);
    }

    [Fact]
    public void PCGrad_with_three_tasks_visits_the_others_in_a_seeded_order()
    {
        // g1 conflicts with g2 and g3, and the order matters: g2 first gives g1 + ½g2 = (½, ½, 0), then (·g3 = −½)
        // + ¼g3 = (¼, ½, ¼); g3 first gives (¼, ¼, ½). Across seeds both orders occur.
        double[][] g = [[1, 0, 0], [-1, 1, 0], [-1, 0, 1]];
        var seen = Enumerable.Range(0, 20)
            .Select(seed => Coefficients(GradientCombiners.Create(new PCGrad(), 3, seed), g))
            .Select(beta => string.Join(",", beta.Select(b => b.ToString("R", System.Globalization.CultureInfo.InvariantCulture))))
            .Distinct()
            .Count();
        Assert.True(seen > 1, "the random order of the other tasks should change the coefficients for some seed");
    }

    [Fact]
    public void GradVac_with_rate_one_and_zero_targets_starts_as_PCGrad_then_follows_the_observed_cosines()
    {
        double[][] g = [[1, 0], [-1, 1]];
        var combiner = GradientCombiners.Create(new GradVac(Beta: 1), 2, 0);
        AssertClose([2, 1.5], Coefficients(combiner, g), 1e-12);

        // The targets are now the observed cosine, −1/√2, for both pairs: the same gradients are left alone.
        AssertClose([1, 1], Coefficients(combiner, g), 1e-12);
    }

    [Fact]
    public void GradVac_raises_each_cosine_to_its_moving_target()
    {
        double[][] g = [[1, 0], [-1, 1]];
        var combiner = GradientCombiners.Create(new GradVac(Beta: 0.5), 2, 0);
        Coefficients(combiner, g);

        // First call: targets 0 → 0.5·0 + 0.5·(−1/√2). Second call: each cosine −1/√2 is raised to that target.
        var target = -0.5 / Math.Sqrt(2);
        var beta = Coefficients(combiner, g);
        var first = Add(g[0], Scale(beta[1] - 1, g[1]));
        var second = Add(g[1], Scale(beta[0] - 1, g[0]));
        Assert.Equal(target, Dot(first, g[1]) / (Norm(first) * Norm(g[1])), 12);
        Assert.Equal(target, Dot(second, g[0]) / (Norm(second) * Norm(g[0])), 12);
    }
}
