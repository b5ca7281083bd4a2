using System;

namespace Composable.Objectives.Combination;

/// <summary>
/// CAGrad, conflict-averse gradient descent (Liu et al., "Conflict-Averse Gradient Descent for Multi-task Learning",
/// NeurIPS 2021), the authors' code with <c>rescale = 1</c>. With g₀ the mean gradient, φ = c²‖g₀‖² and, from K,
/// g_wᵀg₀ = wᵀK1/T, ‖g_w‖² = wᵀKw, ‖g₀‖² = 1ᵀK1/T²: w minimises F(w) = wᵀK1/T + √φ·√(wᵀKw) over the simplex; then
/// λ = √φ/‖g_w‖ (0 when ‖g_w‖ = 0), d = (g₀ + λ g_w)/(1 + c²), so β_t = (1/T + λ w_t)/(1 + c²).
/// <para>
/// The authors take 20 SGD steps on softmax logits of w from w = 1/T; here F is minimised exactly by
/// <see cref="SimplexSolver"/> (pairwise descent with exact line searches from w = 1/T, to a KKT gap of 1e-13 relative to
/// max(|K1/T|, √φ·√max K_tt)). At c = 0, β = 1/T exactly, without a solve. Before the 1/(1 + c²) rescaling, d
/// maximises min_t g_tᵀd over the ball ‖d − g₀‖ ≤ c‖g₀‖ (the paper's problem, of which F is the dual).
/// </para>
/// </summary>
internal sealed class CAGradCombiner : GramCombiner
{
    private readonly double c;

    /// <summary>Creates the combiner.</summary>
    /// <param name="tasks">T.</param>
    /// <param name="c">c in [0, 1).</param>
    internal CAGradCombiner(int tasks, double c)
        : base("CAGrad", tasks)
    {
        this.c = c;
    }

    /// <inheritdoc />
    protected override double[] Solve(double[,] gram, ReadOnlySpan<double> losses)
    {
        var mean = 1.0 / Tasks;
        if (c == 0) return MeanCombiner.Equal(Tasks, mean);

        var towardsMean = SimplexSolver.Multiply(gram, MeanCombiner.Equal(Tasks, mean));
        var meanNormSquared = Math.Max(0, mean * SimplexSolver.Dot(towardsMean, MeanCombiner.Equal(Tasks, 1.0)));
        var radius = c * Math.Sqrt(meanNormSquared);
        var w = SimplexSolver.Minimise(gram, towardsMean, radius, 0, MeanCombiner.Equal(Tasks, mean));
        var wNorm = Math.Sqrt(Math.Max(0, SimplexSolver.Dot(w, SimplexSolver.Multiply(gram, w))));
        var lambda = wNorm > 0 ? radius / wNorm : 0;
        var beta = new double[Tasks];
        for (var t = 0; t < Tasks; t++) beta[t] = (mean + lambda * w[t]) / (1 + c * c);
        return beta;
    }
}
