using System;

namespace Composable.Objectives.Combination;

/// <summary>
/// Minimises the convex F(w) = bᵀw + s·√(wᵀKw) + ½q·wᵀKw over the probability simplex (K positive semi-definite,
/// s, q ≥ 0): MGDA's min-norm point (b = 0, s = 0, q = 1) and CAGrad's dual (b = K1/T, s = √φ, q = 0).
/// <para>
/// Method: pairwise (away-step) descent, the SMO scheme of support-vector solvers. Each iteration moves mass from the
/// supported coordinate with the largest partial derivative to the coordinate with the smallest, with an exact line
/// search (closed form when s = 0, bisection of the monotone directional derivative to machine precision otherwise).
/// It stops when the KKT gap max_{w_i &gt; 0} ∂_iF − min_j ∂_jF is at most <see cref="RelativeTolerance"/> times the
/// problem's scale (the largest of |b|, s·√max K_tt, q·max K_tt): at the optimum of a convex function on the simplex
/// every supported partial derivative equals the smallest one. Pairwise descent converges linearly for functions of
/// Gᵀw that are strongly convex in Gᵀw (MGDA); for CAGrad it still converges, and T is small.
/// </para>
/// <para>
/// Where √(wᵀKw) = 0 (the zero vector is in the hull) F is not differentiable; there the norm's sub-gradient 0 is used,
/// and the search stops when no pair improves.
/// </para>
/// </summary>
internal static class SimplexSolver
{
    /// <summary>KKT gap accepted, relative to the problem's scale.</summary>
    internal const double RelativeTolerance = 1e-13;

    /// <summary>Iterations before the best point so far is returned (never reached in the tests' cases).</summary>
    internal const int MaxIterations = 200_000;

    /// <summary>The minimiser of F over the simplex, started from <paramref name="start"/> (a point of the simplex).</summary>
    /// <param name="gram">K, symmetric positive semi-definite.</param>
    /// <param name="linear">b.</param>
    /// <param name="normWeight">s ≥ 0.</param>
    /// <param name="quadraticWeight">q ≥ 0.</param>
    /// <param name="start">The starting point; not modified.</param>
    internal static double[] Minimise(double[,] gram, double[] linear, double normWeight, double quadraticWeight, double[] start)
    {
        var n = linear.Length;
        var w = (double[])start.Clone();
        var maxDiagonal = 0.0;
        var maxLinear = 0.0;
        for (var t = 0; t < n; t++)
        {
            maxDiagonal = Math.Max(maxDiagonal, gram[t, t]);
            maxLinear = Math.Max(maxLinear, Math.Abs(linear[t]));
        }

        var scale = Math.Max(maxLinear, Math.Max(normWeight * Math.Sqrt(maxDiagonal), quadraticWeight * maxDiagonal));
        if (scale == 0) return w;

        var kw = Multiply(gram, w);
        var gradient = new double[n];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            if (iteration % 64 == 63) kw = Multiply(gram, w);
            var quadratic = Math.Max(0, Dot(w, kw));
            var norm = Math.Sqrt(quadratic);
            for (var t = 0; t < n; t++)
                gradient[t] = linear[t] + (norm > 0 ? normWeight * kw[t] / norm : 0) + quadraticWeight * kw[t];

            int from = -1, to = 0;
            for (var t = 0; t < n; t++)
            {
                if (w[t] > 0 && (from < 0 || gradient[t] > gradient[from])) from = t;
                if (gradient[t] < gradient[to]) to = t;
            }

            if (from == to || gradient[from] - gradient[to] <= RelativeTolerance * scale) break;

            // Along w + δ(e_to − e_from), δ ∈ [0, w_from]: wᵀKw becomes quadratic + 2δρ + δ²κ.
            var rho = kw[to] - kw[from];
            var kappa = Math.Max(0, gram[to, to] + gram[from, from] - 2 * gram[to, from]);
            var linearSlope = linear[to] - linear[from];
            double Slope(double delta)
            {
                var along = rho + delta * kappa;
                var q = quadratic + delta * (2 * rho + delta * kappa);
                return linearSlope + (q > 0 ? normWeight * along / Math.Sqrt(q) : 0) + quadraticWeight * along;
            }

            var step = LineSearch(Slope, w[from], normWeight == 0 && quadraticWeight * kappa > 0 ? -(linearSlope + quadraticWeight * rho) / (quadraticWeight * kappa) : double.NaN);
            if (step <= 0) break;

            if (step >= w[from])
            {
                step = w[from];
                w[from] = 0;
            }
            else
            {
                w[from] -= step;
            }

            w[to] += step;
            for (var t = 0; t < n; t++) kw[t] += step * (gram[t, to] - gram[t, from]);
        }

        return w;
    }

    /// <summary>K w.</summary>
    /// <param name="gram">K.</param>
    /// <param name="w">w.</param>
    internal static double[] Multiply(double[,] gram, double[] w)
    {
        var n = w.Length;
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) result[i] += gram[i, j] * w[j];
        }

        return result;
    }

    /// <summary>aᵀb.</summary>
    /// <param name="a">a.</param>
    /// <param name="b">b.</param>
    internal static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    // The minimiser over [0, limit] of a convex function given its (monotone) derivative; closedForm, when a number,
    // is the unconstrained minimiser of a quadratic.
    private static double LineSearch(Func<double, double> slope, double limit, double closedForm)
    {
        if (!double.IsNaN(closedForm)) return Math.Clamp(closedForm, 0, limit);
        if (slope(0) >= 0) return 0;
        if (slope(limit) <= 0) return limit;
        double low = 0, high = limit;
        for (var k = 0; k < 200 && high - low > 0; k++)
        {
            var middle = 0.5 * (low + high);
            if (middle <= low || middle >= high) break;
            if (slope(middle) < 0) low = middle;
            else high = middle;
        }

        return 0.5 * (low + high);
    }
}
