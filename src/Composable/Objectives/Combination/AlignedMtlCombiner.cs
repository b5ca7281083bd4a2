using System;

namespace Composable.Objectives.Combination;

/// <summary>
/// Aligned-MTL (Senushkin et al., "Independent Component Alignment for Multi-Task Learning", CVPR 2023), as LibMTL's
/// <c>Aligned_MTL</c>: K = V Λ Vᵀ (<see cref="SymmetricEigen"/>); eigenvalues λ ≤ max(λ)·T·ε, ε = 2⁻²³ (float32's
/// machine epsilon, LibMTL's <c>torch.finfo().eps</c>), are dropped; over the kept ones
/// B = √λ_min · V Λ^{-1/2} Vᵀ and β = column sums of B (<c>B.sum(0)</c>), d = Σ_i (B G)_i. The aligned gradients, the
/// rows of B G, have the Gram matrix B K B = λ_min·P (P the projector on the kept eigenvectors): orthogonal, of equal
/// norm √λ_min, condition number 1 on the kept subspace.
/// A zero K (every gradient zero) gives β = 1, the value for already orthogonal gradients of equal norm.
/// </summary>
internal sealed class AlignedMtlCombiner : GramCombiner
{
    /// <summary>float32's machine epsilon, 2⁻²³, as <c>torch.finfo().eps</c>.</summary>
    internal const double SinglePrecisionEpsilon = 1.1920928955078125e-07;

    /// <summary>Creates the combiner.</summary>
    /// <param name="tasks">T.</param>
    internal AlignedMtlCombiner(int tasks)
        : base("Aligned-MTL", tasks)
    {
    }

    /// <inheritdoc />
    protected override double[] Solve(double[,] gram, ReadOnlySpan<double> losses) =>
        Balance(gram) is { } balance ? ColumnSums(balance) : MeanCombiner.Equal(Tasks, 1.0);

    /// <summary>B = √λ_min · V Λ^{-1/2} Vᵀ over the eigenvalues kept, or null for a zero K.</summary>
    /// <param name="gram">K.</param>
    internal static double[,]? Balance(double[,] gram)
    {
        var tasks = gram.GetLength(0);
        var eigen = SymmetricEigen.Of(gram);
        var tolerance = eigen.Values[0] * tasks * SinglePrecisionEpsilon;
        var rank = 0;
        while (rank < tasks && eigen.Values[rank] > tolerance && eigen.Values[rank] > 0) rank++;
        if (rank == 0) return null;

        var smallest = Math.Sqrt(eigen.Values[rank - 1]);
        var balance = new double[tasks, tasks];
        for (var k = 0; k < rank; k++)
        {
            var factor = smallest / Math.Sqrt(eigen.Values[k]);
            for (var i = 0; i < tasks; i++)
            {
                for (var j = 0; j < tasks; j++) balance[i, j] += factor * eigen.Vectors[i, k] * eigen.Vectors[j, k];
            }
        }

        return balance;
    }

    private static double[] ColumnSums(double[,] balance)
    {
        var tasks = balance.GetLength(0);
        var beta = new double[tasks];
        for (var i = 0; i < tasks; i++)
        {
            for (var j = 0; j < tasks; j++) beta[j] += balance[i, j];
        }

        return beta;
    }
}
