using System;
using System.Linq;
using Composable.Objectives;
using Composable.Objectives.Combination;
using Xunit;
using static Composable.Tests.Objectives.GradientAlgebra;

namespace Composable.Tests.Objectives;

/// <summary>
/// The methods that balance the tasks by a condition on d: IMTL-G (equal projections on the unit gradients), Nash-MTL
/// (the bargaining solution) and Aligned-MTL (a stable, well-conditioned system), plus the eigen-solver the last uses.
/// </summary>
public sealed class BalancingCombinerTests
{
    [Fact]
    public void ImtlG_two_orthogonal_gradients_by_hand()
    {
        // u1 = (1, 0), u2 = (0, 1): d = α1(1, 0) + α2(0, 2) with d·u1 = d·u2 and α1 + α2 = 1 → α = (2/3, 1/3), d = (2/3, 2/3).
        double[] g1 = [1, 0], g2 = [0, 2];
        var alpha = GradientCombiners.Create(new ImtlGradient(), 2, 0).Coefficients(Gram(g1, g2), Ones(2));
        AssertClose([2.0 / 3, 1.0 / 3], alpha, 1e-15);
        AssertClose([2.0 / 3, 2.0 / 3], Direction(alpha, g1, g2), 1e-15);
    }

    [Theory]
    [InlineData(1, 3, 3)]
    [InlineData(2, 3, 8)]
    [InlineData(3, 4, 4)]
    [InlineData(4, 5, 9)]
    public void ImtlG_projects_d_equally_on_every_unit_gradient_with_coefficients_summing_to_one(int seed, int tasks, int size)
    {
        var g = RandomGradients(seed, tasks, size);
        var alpha = GradientCombiners.Create(new ImtlGradient(), tasks, 0).Coefficients(Gram(g), Ones(tasks));
        Assert.Equal(1, alpha.Sum(), 13);
        var d = Direction(alpha, g);
        var projections = g.Select(gt => Dot(d, gt) / Norm(gt)).ToArray();
        AssertClose(Enumerable.Repeat(projections[0], tasks).ToArray(), projections, 1e-10 * Norm(d));
    }

    [Fact]
    public void ImtlG_falls_back_to_the_mean_when_a_gradient_is_zero_or_the_system_is_singular()
    {
        var combiner = GradientCombiners.Create(new ImtlGradient(), 3, 0);
        double[] mean = [1.0 / 3, 1.0 / 3, 1.0 / 3];
        Assert.Equal(mean, combiner.Coefficients(Gram([1, 0], [0, 0], [0, 1]), Ones(3)));

        // g2 = 2 g1: u1 = u2, so the row u1 − u2 of U is zero.
        Assert.Equal(mean, combiner.Coefficients(Gram([1, 1], [2, 2], [0, 1]), Ones(3)));
    }

    [Fact]
    public void Nash_two_orthogonal_gradients_by_hand()
    {
        // K = diag(1, 4), ‖K‖_F = √17, K̂ = K/√17: α_t²K̂_tt = 1 → α = 17^¼(1, ½), d = 17^¼(1, 1).
        double[] g1 = [1, 0], g2 = [0, 2];
        var alpha = GradientCombiners.Create(new NashMtl(MaxNorm: 0), 2, 0).Coefficients(Gram(g1, g2), Ones(2));
        var root = Math.Pow(17, 0.25);
        AssertClose([root, root / 2], alpha, 1e-13);
        AssertClose([root, root], Direction(alpha, g1, g2), 1e-13);
    }

    [Theory]
    [InlineData(1, 3, 5)]
    [InlineData(2, 4, 4)]
    [InlineData(3, 5, 12)]
    [InlineData(4, 8, 20)]
    public void Nash_solves_the_bargaining_condition(int seed, int tasks, int size)
    {
        var g = RandomGradients(seed, tasks, size);
        var gram = Gram(g);
        var alpha = GradientCombiners.Create(new NashMtl(MaxNorm: 0), tasks, 0).Coefficients(gram, Ones(tasks));
        var frobenius = Math.Sqrt(gram.Cast<double>().Sum(x => x * x));
        var ka = Multiply(gram, alpha);
        for (var t = 0; t < tasks; t++)
        {
            Assert.True(alpha[t] > 0);
            Assert.Equal(1, alpha[t] * ka[t] / frobenius, 9);
        }
    }

    [Fact]
    public void Nash_clips_the_norm_of_d_to_max_norm_keeping_its_direction()
    {
        double[] g1 = [1, 0], g2 = [0, 2];
        var gram = Gram(g1, g2);
        var free = GradientCombiners.Create(new NashMtl(MaxNorm: 0), 2, 0).Coefficients(gram, Ones(2));
        var clipped = GradientCombiners.Create(new NashMtl(MaxNorm: 0.5), 2, 0).Coefficients(gram, Ones(2));
        Assert.Equal(0.5, Norm(Direction(clipped, g1, g2)), 14);
        Assert.Equal(free[0] / free[1], clipped[0] / clipped[1], 13);

        // Below the bound nothing changes.
        AssertClose(free, GradientCombiners.Create(new NashMtl(MaxNorm: 100), 2, 0).Coefficients(gram, Ones(2)), 0);
    }

    [Fact]
    public void Nash_solves_every_update_every_calls_and_reuses_alpha_in_between()
    {
        var first = Gram([1, 0], [0, 2]);
        var second = Gram([1, 0], [1, 1]);
        var combiner = GradientCombiners.Create(new NashMtl(MaxNorm: 0, UpdateEvery: 3), 2, 0);
        var solvedFirst = combiner.Coefficients(first, Ones(2));
        Assert.Equal(solvedFirst, combiner.Coefficients(second, Ones(2)));
        Assert.Equal(solvedFirst, combiner.Coefficients(second, Ones(2)));
        var solvedSecond = combiner.Coefficients(second, Ones(2));
        AssertClose(GradientCombiners.Create(new NashMtl(MaxNorm: 0), 2, 0).Coefficients(second, Ones(2)), solvedSecond, 1e-12);
        Assert.NotEqual(solvedFirst, solvedSecond);
    }

    [Fact]
    public void Nash_keeps_the_previous_alpha_when_positive_weights_cancel_the_gradients()
    {
        // g2 = −g1: (K̂α)_1 and (K̂α)_2 have opposite signs, no α > 0 bargains; α stays 1 (their prvs_alpha).
        var combiner = GradientCombiners.Create(new NashMtl(MaxNorm: 0), 2, 0);
        Assert.Equal([1.0, 1.0], combiner.Coefficients(Gram([1, 0], [-1, 0]), Ones(2)));
        Assert.Equal([1.0, 1.0], combiner.Coefficients(new double[2, 2], Ones(2)));
    }

    [Fact]
    public void AlignedMtl_two_orthogonal_gradients_by_hand()
    {
        // K = diag(1, 4): λ_min = 1, B = diag(1, ½), β = (1, ½); the aligned gradients are (1, 0) and (0, 1), d = (1, 1).
        double[] g1 = [1, 0], g2 = [0, 2];
        var beta = GradientCombiners.Create(new AlignedMtl(), 2, 0).Coefficients(Gram(g1, g2), Ones(2));
        AssertClose([1, 0.5], beta, 1e-15);
        AssertClose([1, 1], Direction(beta, g1, g2), 1e-15);
    }

    [Theory]
    [InlineData(1, 3, 5)]
    [InlineData(2, 4, 4)]
    [InlineData(3, 6, 10)]
    public void AlignedMtl_aligned_system_has_condition_number_one(int seed, int tasks, int size)
    {
        var gram = Gram(RandomGradients(seed, tasks, size));
        var balance = AlignedMtlCombiner.Balance(gram)!;
        var aligned = Product(Product(balance, gram), balance);
        var eigen = SymmetricEigen.Of(aligned);
        AssertClose(Enumerable.Repeat(eigen.Values[0], tasks).ToArray(), eigen.Values, 1e-10 * eigen.Values[0]);
        Assert.Equal(SymmetricEigen.Of(gram).Values[^1], eigen.Values[0], 10);

        var beta = GradientCombiners.Create(new AlignedMtl(), tasks, 0).Coefficients(gram, Ones(tasks));
        AssertClose(Enumerable.Range(0, tasks).Select(j => Enumerable.Range(0, tasks).Sum(i => balance[i, j])).ToArray(), beta, 0);
    }

    [Fact]
    public void AlignedMtl_drops_the_null_directions_of_a_rank_deficient_gram()
    {
        // g3 = g1 + g2: rank 2; the aligned Gram B K B is λ_min times a rank-2 projector.
        double[] g1 = [1, 0, 0], g2 = [0.5, 2, 0], g3 = [1.5, 2, 0];
        var gram = Gram(g1, g2, g3);
        var balance = AlignedMtlCombiner.Balance(gram)!;
        var aligned = Product(Product(balance, gram), balance);
        var values = SymmetricEigen.Of(aligned).Values;
        var kept = SymmetricEigen.Of(gram).Values[1];
        AssertClose([kept, kept, 0], values, 1e-12 * kept);

        var beta = GradientCombiners.Create(new AlignedMtl(), 3, 0).Coefficients(gram, Ones(3));
        Assert.All(beta, b => Assert.True(double.IsFinite(b)));
        Assert.Equal([1.0, 1.0], GradientCombiners.Create(new AlignedMtl(), 2, 0).Coefficients(new double[2, 2], Ones(2)));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 5)]
    [InlineData(3, 16)]
    [InlineData(4, 32)]
    public void SymmetricEigen_reconstructs_the_matrix_from_orthonormal_vectors(int seed, int size)
    {
        var gram = Gram(RandomGradients(seed, size, size + 3));
        var eigen = SymmetricEigen.Of(gram);
        var scale = eigen.Values[0];
        for (var k = 1; k < size; k++) Assert.True(eigen.Values[k] <= eigen.Values[k - 1]);
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                var reconstructed = Enumerable.Range(0, size).Sum(k => eigen.Vectors[i, k] * eigen.Values[k] * eigen.Vectors[j, k]);
                var inner = Enumerable.Range(0, size).Sum(k => eigen.Vectors[k, i] * eigen.Vectors[k, j]);
                Assert.True(Math.Abs(reconstructed - gram[i, j]) <= 1e-12 * scale, $"A[{i}, {j}] = {gram[i, j]}, V Λ Vᵀ gives {reconstructed}");
                Assert.True(Math.Abs(inner - (i == j ? 1 : 0)) <= 1e-12, $"VᵀV[{i}, {j}] = {inner}");
            }
        }
    }

    private static double[,] Product(double[,] a, double[,] b)
    {
        var n = a.GetLength(0);
        var result = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) result[i, j] = Enumerable.Range(0, n).Sum(k => a[i, k] * b[k, j]);
        }

        return result;
    }
}
