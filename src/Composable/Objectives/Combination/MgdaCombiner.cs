using System;

namespace Composable.Objectives.Combination;

/// <summary>
/// MGDA (Sener and Koltun, "Multi-Task Learning as Multi-Objective Optimization", NeurIPS 2018), following the authors'
/// code (<c>min_norm_solvers.py</c>, <c>gradient_normalizers</c>): each gradient is divided by its normaliser n_t
/// (None: 1; L2: ‖g_t‖ = √K[t, t]; Loss: L_t; LossPlus: L_t·‖g_t‖), giving K̃[i, j] = K[i, j]/(n_i n_j); α is the
/// min-norm point of the convex hull of the normalised gradients; β = α, since their code then backpropagates
/// Σ α_t L_t with the unnormalised losses. A normaliser that is not positive (a zero gradient, a loss ≤ 0) is replaced
/// by 1: that task's gradient enters unscaled rather than divided by zero or flipped in sign.
/// <para>
/// Two tasks: the closed form α₁ = γ = clamp((g₂ − g₁)·g₂ / ‖g₁ − g₂‖², 0, 1) (the authors' code clamps to
/// [0.001, 0.999]; here exactly [0, 1]), and γ = ½ for identical gradients. More tasks: an exact solve instead of their
/// Frank–Wolfe (250 iterations, stop at 1e-5): <see cref="SimplexSolver"/>, to a KKT gap of 1e-13 relative to max K̃_tt.
/// The same class serves MGDA-UB, whose trainer passes the Gram matrix of the representation's gradients.
/// </para>
/// </summary>
internal sealed class MgdaCombiner : GramCombiner
{
    private readonly GradientNormalization normalization;

    /// <summary>Creates the combiner.</summary>
    /// <param name="method">MGDA or MGDA-UB, for messages.</param>
    /// <param name="tasks">T.</param>
    /// <param name="normalization">How the gradients are scaled before the min-norm solve.</param>
    internal MgdaCombiner(string method, int tasks, GradientNormalization normalization)
        : base(method, tasks)
    {
        this.normalization = normalization;
    }

    /// <inheritdoc />
    protected override double[] Solve(double[,] gram, ReadOnlySpan<double> losses)
    {
        var normalisers = new double[Tasks];
        for (var t = 0; t < Tasks; t++)
        {
            var n = normalization switch
            {
                GradientNormalization.L2 => Math.Sqrt(gram[t, t]),
                GradientNormalization.Loss => losses[t],
                GradientNormalization.LossPlus => losses[t] * Math.Sqrt(gram[t, t]),
                _ => 1.0,
            };
            normalisers[t] = n > 0 && double.IsFinite(n) ? n : 1.0;
        }

        var normalised = new double[Tasks, Tasks];
        for (var i = 0; i < Tasks; i++)
        {
            for (var j = 0; j < Tasks; j++) normalised[i, j] = gram[i, j] / (normalisers[i] * normalisers[j]);
        }

        return MinNormPoint(normalised);
    }

    /// <summary>The α on the simplex minimising ‖Σ α_t g_t‖² = αᵀKα.</summary>
    /// <param name="gram">K.</param>
    internal static double[] MinNormPoint(double[,] gram)
    {
        var tasks = gram.GetLength(0);
        if (tasks == 2)
        {
            var difference = gram[0, 0] + gram[1, 1] - 2 * gram[0, 1];
            var gamma = difference > 0 ? Math.Clamp((gram[1, 1] - gram[0, 1]) / difference, 0, 1) : 0.5;
            return [gamma, 1 - gamma];
        }

        return SimplexSolver.Minimise(gram, new double[tasks], 0, 1, MeanCombiner.Equal(tasks, 1.0 / tasks));
    }
}
