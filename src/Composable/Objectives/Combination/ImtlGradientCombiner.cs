using System;

namespace Composable.Objectives.Combination;

/// <summary>
/// IMTL-G, the gradient half of impartial multi-task learning (Liu et al., "Towards Impartial Multi-task Learning",
/// ICLR 2021), as the paper's closed form and LibMTL's <c>IMTL</c>: with u_t = g_t/‖g_t‖, D the rows g₁ − g_t and U the
/// rows u₁ − u_t (t = 2..T), α_{2..T} = g₁Uᵀ(DUᵀ)⁻¹ and α₁ = 1 − Σ α_{2..T}; β = α, so Σβ = 1 and d = Σ α_t g_t has
/// the same projection dᵀu_t onto every unit gradient. From K with n_t = √K[t, t]:
/// (DUᵀ)[a, b] = (K₁₁ − K_{a1})/n₁ − (K_{1b} − K_{ab})/n_b and (g₁Uᵀ)[b] = K₁₁/n₁ − K_{1b}/n_b.
/// Fallback (no exception in training): when a gradient is zero (u_t undefined) or DUᵀ is singular (a pivot at most
/// 1e-12 of its largest entry, e.g. two parallel gradients), β = 1/T.
/// </summary>
internal sealed class ImtlGradientCombiner : GramCombiner
{
    /// <summary>Creates the combiner.</summary>
    /// <param name="tasks">T.</param>
    internal ImtlGradientCombiner(int tasks)
        : base("IMTL-G", tasks)
    {
    }

    /// <inheritdoc />
    protected override double[] Solve(double[,] gram, ReadOnlySpan<double> losses)
    {
        var norms = new double[Tasks];
        for (var t = 0; t < Tasks; t++)
        {
            norms[t] = Math.Sqrt(gram[t, t]);
            if (norms[t] == 0) return MeanCombiner.Equal(Tasks, 1.0 / Tasks);
        }

        var size = Tasks - 1;
        var transposedSystem = new double[size, size];
        var rightSide = new double[size];
        for (var b = 1; b < Tasks; b++)
        {
            rightSide[b - 1] = gram[0, 0] / norms[0] - gram[0, b] / norms[b];
            for (var a = 1; a < Tasks; a++)
            {
                // Row b, column a of (DUᵀ)ᵀ: the row-vector system α (DUᵀ) = g₁Uᵀ solved as (DUᵀ)ᵀ αᵀ = (g₁Uᵀ)ᵀ.
                transposedSystem[b - 1, a - 1] = (gram[0, 0] - gram[a, 0]) / norms[0] - (gram[0, b] - gram[a, b]) / norms[b];
            }
        }

        var rest = LinearSystem.Solve(transposedSystem, rightSide);
        if (rest is null) return MeanCombiner.Equal(Tasks, 1.0 / Tasks);

        var alpha = new double[Tasks];
        alpha[0] = 1;
        for (var t = 1; t < Tasks; t++)
        {
            alpha[t] = rest[t - 1];
            alpha[0] -= rest[t - 1];
        }

        return alpha;
    }
}
