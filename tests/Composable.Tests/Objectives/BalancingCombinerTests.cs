using System;
using System.Linq;
using Composable.Objectives;
using Composable.Objectives.Combination;
using Xunit;
using static Composable.Tests.Objectives.Gradients;

namespace Composable.Tests.Objectives;

/// <summary>IMTL-G, Nash-MTL and Aligned-MTL (and the eigen-solver under it) against their definitions.</summary>
public sealed class BalancingCombinerTests
{
    [Fact]
    public void IMTL_G_two_orthogonal_gradients_by_hand()
    {
        // d = α(1, 0) + (1 − α)(0, 2) with d·e1 = d·e2: α = 2(1 − α), α = 2/3.
        var beta = Coefficients(GradientCombiners.Create(new ImtlGradient(), 2, 0), [[1, 0], [0, 2]]);
        AssertClose([2.0 / 3, 1.0 / 3], beta, 1e-15);
    }

    [Theory]
    [InlineData(2, 3, 1)]
    [InlineData(3, 4, 2)]
    [InlineData(4, 6, 3)]
    [InlineData(6, 10, 4)]
    public void IMTL_G_direction_projects_equally_on_every_unit_gradient(int tasks, int width, int seed)
    {
        var g = Random(tasks, width, seed);
        var beta = Coefficients(GradientCombiners.Create(new ImtlGradient(), tasks, 0), g);
        var d = Direction(beta, g);
        var projections = g.Select(gt => Dot(d, gt) / Norm(gt)).ToArray();
        Assert.Equal(1, beta.Sum(), 12);
        AssertClose(Enumerable.Repeat(projections[0], tasks).ToArray(), projections, 1e-10 * Norm(d));
        Assert.True(Math.Abs(projections[0]) > 1e-6);
    }

    [Fact]
    public void IMTL_G_falls_back_to_the_mean_for_parallel_or_zero_gradients()
    {
        Assert.Equal([0.5, 0.5], Coefficients(GradientCombiners.Create(new ImtlGradient(), 2, 0), [[1, 0], [2, 0]]));
        Assert.Equal([1.0 / 3, 1.0 / 3, 1.0 / 3], Coefficients(GradientCombiners.Create(new ImtlGradient(), 3, 0), [[1, 0], [0, 0], [0, 1]]));
    }

    [Fact]
    public void Nash_MTL_two_orthogonal_gradients_by_hand()
    {
        // K = diag(1, 4), ‖K‖_F = √17: α_t² K̂_tt = 1 gives α = 17^¼ (1, ½), d = 17^¼ (1, 1).
        var beta = Coefficients(GradientCombiners.Create(new NashMtl(MaxNorm: 0), 2, 0), [[1, 0], [0, 2]]);
        var root = Math.Pow(17, 0.25);
        AssertClose([root, root / 2], beta, 1e-12);
    }

    [Theory]
    [InlineData(2, 3, 1, 0.5)]
    [InlineData(3, 5, 2, 0.5)]
    [InlineData(5, 8, 3, 0.5)]
    [InlineData(8, 20, 4, 0.5)]
    [InlineData(32, 200, 32, 1.0)] // the objective's decrease falls below rounding before the residual reaches 1e-9
    public void Nash_MTL_solves_the_bargaining_condition(int tasks, int width, int seed, double shared)
    {
        var g = Random(tasks, width, seed);
        for (var t = 0; t < tasks; t++) g[t][0] += shared;
        var k = Gram(g);
        var frobenius = Math.Sqrt(k.Cast<double>().Sum(x => x * x));
        var alpha = Coefficients(GradientCombiners.Create(new NashMtl(MaxNorm: 0), tasks, 0), g);
        Assert.All(alpha, a => Assert.True(a > 0));
        for (var t = 0; t < tasks; t++)
        {
            var kAlpha = Enumerable.Range(0, tasks).Sum(j => k[t, j] * alpha[j]) / frobenius;
            Assert.True(Math.Abs(kAlpha * alpha[t] - 1) <= 1e-9, $"task {t}: (K̂α)_t·α_t = {kAlpha * alpha[t]:R}");
        }
    }

    [Fact]
    public void Nash_MTL_clips_the_direction_to_its_max_norm()
    {
        double[][] g = [[1, 0], [0, 2]];
        var root = Math.Pow(17, 0.25);
        var clipped = Coefficients(GradientCombiners.Create(new NashMtl(MaxNorm: 1), 2, 0), g);
        Assert.Equal(1, Norm(Direction(clipped, g)), 12);
        AssertClose([1 / Math.Sqrt(2), 0.5 / Math.Sqrt(2)], clipped, 1e-12);

        // Below the bound nothing changes: ‖d‖ = 17^¼ √2 ≈ 2.87.
        AssertClose([root, root / 2], Coefficients(GradientCombiners.Create(new NashMtl(MaxNorm: 3), 2, 0), g), 1e-12);
    }

    [Fact]
    public void Nash_MTL_solves_every_update_every_calls_and_reuses_alpha_in_between()
    {
        double[][] first = [[1, 0], [0, 2]];
        double[][] second = [[1, 0], [1, 1]];
        var combiner = GradientCombiners.Create(new NashMtl(MaxNorm: 0, UpdateEvery: 3), 2, 0);
        var solved = Coefficients(combiner, first);
        Assert.Equal(solved, Coefficients(combiner, second));
        Assert.Equal(solved, Coefficients(combiner, second));
        var resolved = Coefficients(combiner, second);
        Assert.NotEqual(solved, resolved);
        AssertClose(resolved, Coefficients(GradientCombiners.Create(new NashMtl(MaxNorm: 0), 2, 0), second), 1e-9);
    }

    [Fact]
    public void Nash_MTL_keeps_the_previous_alpha_when_there_is_no_solution()
    {
        // g2 = −g1: ½αᵀK̂α − Σ log α is unbounded along α1 = α2; the first call keeps α = 1.
        var combiner = GradientCombiners.Create(new NashMtl(MaxNorm: 0), 2, 0);
        Assert.Equal([1.0, 1.0], Coefficients(combiner, [[1, 0], [-1, 0]]));
        var solved = Coefficients(combiner, [[1, 0], [0, 2]]);
        Assert.Equal(solved, Coefficients(combiner, [[0, 0], [0, 0]]));
    }

    [Fact]
    public void Aligned_MTL_two_orthogonal_gradients_by_hand()
    {
        // K = diag(1, 4): B = √1 · diag(1, 1/2), β = (1, ½), d = (1, 1): both aligned gradients have norm 1.
        var beta = Coefficients(GradientCombiners.Create(new AlignedMtl(), 2, 0), [[1, 0], [0, 2]]);
        AssertClose([1, 0.5], beta, 1e-14);
    }

    [Theory]
    [InlineData(2, 3, 1)]
    [InlineData(3, 5, 2)]
    [InlineData(5, 5, 3)]
    [InlineData(8, 12, 4)]
    public void Aligned_MTL_makes_the_gradient_system_orthogonal_with_equal_norms(int tasks, int width, int seed)
    {
        var g = Random(tasks, width, seed);
        var k = Gram(g);
        var balance = AlignedMtlCombiner.Balance(k)!;
        var aligned = Aligned(balance, g);
        var alignedGram = Gram(aligned);
        var smallest = SymmetricEigen.Of(k).Values[^1];
        for (var i = 0; i < tasks; i++)
        {
            for (var j = 0; j < tasks; j++) Assert.Equal(i == j ? smallest : 0, alignedGram[i, j], 9);
        }

        var beta = Coefficients(GradientCombiners.Create(new AlignedMtl(), tasks, 0), g);
        AssertClose(aligned.Aggregate(Add), Direction(beta, g), 1e-10);
    }

    [Fact]
    public void Aligned_MTL_handles_a_rank_deficient_gram_matrix()
    {
        // g3 = g1 + g2: rank 2. The kept eigenvalues give B K B = λ_min P, so its eigenvalues are λ_min twice and 0.
        double[][] g = [[1, 0.5, 0, 0], [0, 1, -1, 0.5], [1, 1.5, -1, 0.5]];
        var k = Gram(g);
        var eigen = SymmetricEigen.Of(k);
        Assert.True(eigen.Values[2] < 1e-12);
        var alignedEigen = SymmetricEigen.Of(Gram(Aligned(AlignedMtlCombiner.Balance(k)!, g))).Values;
        Assert.Equal(eigen.Values[1], alignedEigen[0], 10);
        Assert.Equal(eigen.Values[1], alignedEigen[1], 10);
        Assert.Equal(0, alignedEigen[2], 10);
        var beta = Coefficients(GradientCombiners.Create(new AlignedMtl(), 3, 0), g);
        Assert.All(beta, b => Assert.True(double.IsFinite(b)));
        Assert.Equal([1.0, 1.0], Coefficients(GradientCombiners.Create(new AlignedMtl(), 2, 0), [[0, 0], [0, 0]]));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(12, 3)]
    [InlineData(32, 4)]
    public void Jacobi_eigen_decomposition_reconstructs_the_matrix(int size, int seed)
    {
        var k = Gram(Random(size, size + 3, seed));
        var eigen = SymmetricEigen.Of(k);
        var scale = eigen.Values[0];
        for (var i = 0; i < size; i++)
        {
            if (i > 0) Assert.True(eigen.Values[i] <= eigen.Values[i - 1]);
            for (var j = 0; j < size; j++)
            {
                var reconstructed = Enumerable.Range(0, size).Sum(m => eigen.Vectors[i, m] * eigen.Values[m] * eigen.Vectors[j, m]);
                var orthogonality = Enumerable.Range(0, size).Sum(m => eigen.Vectors[m, i] * eigen.Vectors[m, j]);
                Assert.True(Math.Abs(reconstructed - k[i, j]) <= 1e-12 * scale, $"[{i}, {j}]: {reconstructed} vs {k[i, j]}");
                Assert.True(Math.Abs(orthogonality - (i == j ? 1 : 0)) <= 1e-12, $"VᵀV[{i}, {j}] = {orthogonality}");
            }
        }
    }

    // The aligned gradients, the rows of B G.
    private static double[][] Aligned(double[,] balance, double[][] g) =>
        Enumerable.Range(0, g.Length)
            .Select(i => Direction(Enumerable.Range(0, g.Length).Select(j => balance[i, j]).ToArray(), g))
            .ToArray();
}
