using System;
using Composable.Checkpoints;

namespace Composable.Objectives.Combination;

/// <summary>
/// Nash-MTL (Navon et al., "Multi-Task Learning as a Bargaining Game", ICML 2022), following the authors' code
/// (<c>NashMTL</c> in their <c>weight_methods.py</c>): K̂ = K/‖K‖_F, α &gt; 0 with (K̂α)_t = 1/α_t, β = α; then, when
/// MaxNorm &gt; 0 and ‖d‖ = √(βᵀKβ) &gt; MaxNorm, β ← β·MaxNorm/‖d‖ (their <c>clip_grad_norm_</c> of the shared
/// parameters, applied at every call with that call's K).
/// <para>
/// The authors solve with cvxpy by 20 rounds of linearisation; here the bargaining condition is solved as the stationary
/// point of the strictly convex ½αᵀK̂α − Σ log α_t: Newton steps with the Hessian K̂ + diag(1/α²), halved until α stays
/// positive and the Armijo condition holds (or, next to the solution where rounding hides the objective's decrease, the residual
/// shrinks), from the best multiple of the start, until max_t |α_t(K̂α)_t − 1| ≤ 1e-13 (at most 100 iterations). The first solve
/// starts from α = 1, later ones from the previous α. α is solved on calls 0, N, 2N, … (N = UpdateEvery) and reused in
/// between, as their <c>update_weights_every</c>. When there is no solution (a zero K, or a positive combination of
/// gradients that cancels, where the objective is unbounded) or Newton ends above 1e-9, the previous α is kept, as their
/// code keeps <c>prvs_alpha</c> when the solver fails (α = 1 before any success).
/// </para>
/// </summary>
internal sealed class NashMtlCombiner : GramCombiner, IResumable
{
    /// <summary>Residual max_t |α_t(K̂α)_t − 1| at which Newton stops.</summary>
    internal const double Tolerance = 1e-13;

    /// <summary>Largest residual accepted as a solution.</summary>
    internal const double AcceptedResidual = 1e-9;

    private const int MaxIterations = 100;

    private readonly double maxNorm;
    private readonly int updateEvery;
    private double[] alpha;
    private long calls;

    /// <summary>Creates the combiner with α = 1.</summary>
    /// <param name="tasks">T.</param>
    /// <param name="maxNorm">Clip ‖d‖ to this; 0 for no clipping.</param>
    /// <param name="updateEvery">Solve every this many calls.</param>
    internal NashMtlCombiner(int tasks, double maxNorm, int updateEvery)
        : base("Nash-MTL", tasks)
    {
        this.maxNorm = maxNorm;
        this.updateEvery = updateEvery;
        alpha = MeanCombiner.Equal(tasks, 1.0);
    }

    /// <inheritdoc />
    public void Save(ResumeState state)
    {
        state.PutDoubles("alpha", alpha);
        state.Put("calls", calls);
    }

    /// <inheritdoc />
    public void Restore(ResumeState state)
    {
        var restored = state.Doubles("alpha");
        if (restored.Length != Tasks)
            throw new FormatException($"The checkpoint's Nash-MTL warm start holds {restored.Length} values, not {Tasks}.");
        calls = state.Long("calls");
        alpha = restored;
    }

    /// <inheritdoc />
    protected override double[] Solve(double[,] gram, ReadOnlySpan<double> losses)
    {
        if (calls++ % updateEvery == 0 && Bargaining(gram, alpha) is { } solution) alpha = solution;

        var beta = (double[])alpha.Clone();
        var norm = Math.Sqrt(Math.Max(0, SimplexSolver.Dot(beta, SimplexSolver.Multiply(gram, beta))));
        if (maxNorm > 0 && norm > maxNorm)
        {
            for (var t = 0; t < Tasks; t++) beta[t] *= maxNorm / norm;
        }

        return beta;
    }

    /// <summary>α &gt; 0 with (K̂α)_t α_t = 1 for K̂ = K/‖K‖_F, from <paramref name="start"/>; null when not found.</summary>
    /// <param name="gram">K.</param>
    /// <param name="start">Positive starting point.</param>
    internal static double[]? Bargaining(double[,] gram, double[] start)
    {
        var n = start.Length;
        var frobenius = 0.0;
        foreach (var entry in gram) frobenius += entry * entry;
        frobenius = Math.Sqrt(frobenius);
        if (frobenius == 0) return null;

        var k = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) k[i, j] = gram[i, j] / frobenius;
        }

        double Objective(double[] a)
        {
            var value = 0.5 * SimplexSolver.Dot(a, SimplexSolver.Multiply(k, a));
            foreach (var x in a) value -= Math.Log(x);
            return value;
        }

        // The best multiple of the start first: along s·a the objective is ½s²aᵀK̂a − T log s + const, least at
        // s = √(T / aᵀK̂a), which removes the start's wrong overall scale before Newton takes over.
        var alpha = (double[])start.Clone();
        var curvature = SimplexSolver.Dot(alpha, SimplexSolver.Multiply(k, alpha));
        if (curvature > 0)
        {
            var scale = Math.Sqrt(n / curvature);
            for (var t = 0; t < n; t++) alpha[t] *= scale;
        }

        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var ka = SimplexSolver.Multiply(k, alpha);
            if (Residual(alpha, ka) <= Tolerance) break;

            var gradient = new double[n];
            var hessian = (double[,])k.Clone();
            for (var t = 0; t < n; t++)
            {
                gradient[t] = -(ka[t] - 1 / alpha[t]);
                hessian[t, t] += 1 / (alpha[t] * alpha[t]);
            }

            var direction = LinearSystem.Solve(hessian, gradient, 1e-15);
            if (direction is null) return null;

            var next = LineSearch(alpha, direction, -SimplexSolver.Dot(gradient, direction), Objective, a => Residual(a, SimplexSolver.Multiply(k, a)));
            if (next is null) break;
            alpha = next;
        }

        return Residual(alpha, SimplexSolver.Multiply(k, alpha)) <= AcceptedResidual ? alpha : null;
    }

    // α + sΔ for the largest s in 1, ½, ¼, … keeping α positive with Armijo's sufficient decrease of the objective or,
    // next to the solution where rounding hides the objective's decrease, a smaller residual; null when none.
    private static double[]? LineSearch(
        double[] alpha, double[] direction, double slope, Func<double[], double> objective, Func<double[], double> residual)
    {
        var current = objective(alpha);
        var currentResidual = residual(alpha);
        var step = 1.0;
        for (var halvings = 0; halvings <= 60; halvings++, step *= 0.5)
        {
            var next = new double[alpha.Length];
            var positive = true;
            for (var t = 0; t < alpha.Length; t++)
            {
                next[t] = alpha[t] + step * direction[t];
                positive &= next[t] > 0;
            }

            if (positive && (objective(next) <= current + 1e-4 * step * slope || residual(next) < currentResidual)) return next;
        }

        return null;
    }

    private static double Residual(double[] alpha, double[] ka)
    {
        var worst = 0.0;
        for (var t = 0; t < alpha.Length; t++) worst = Math.Max(worst, Math.Abs(alpha[t] * ka[t] - 1));
        return double.IsFinite(worst) ? worst : double.PositiveInfinity;
    }
}
