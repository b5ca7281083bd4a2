using System;

namespace Composable.Objectives.Combination;

/// <summary>
/// Eigen-decomposition A = V Λ Vᵀ of a small symmetric matrix by the cyclic Jacobi method: rotations annihilate each
/// off-diagonal entry in turn, sweep after sweep, until the off-diagonal mass is below 1e-15 of ‖A‖_F (at most 64 sweeps,
/// quadratic convergence makes a handful enough for T ≤ 32). Accurate to a few ulps of ‖A‖ in every eigenvalue.
/// </summary>
/// <param name="Values">Eigenvalues λ_k, in descending order.</param>
/// <param name="Vectors">V, whose column k is the unit eigenvector of λ_k.</param>
internal sealed record SymmetricEigen(double[] Values, double[,] Vectors)
{
    private const int MaxSweeps = 64;

    /// <summary>Decomposes <paramref name="matrix"/> (symmetric; not modified).</summary>
    /// <param name="matrix">A, n × n.</param>
    internal static SymmetricEigen Of(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
            for (var j = 0; j < n; j++) total += a[i, j] * a[i, j];
        }

        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var off = 0.0;
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++) off += 2 * a[i, j] * a[i, j];
            }

            if (off <= 1e-30 * total) break;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++) Rotate(a, v, p, q);
            }
        }

        var order = new int[n];
        for (var k = 0; k < n; k++) order[k] = k;
        Array.Sort(order, (x, y) => a[y, y].CompareTo(a[x, x]));
        var values = new double[n];
        var vectors = new double[n, n];
        for (var k = 0; k < n; k++)
        {
            values[k] = a[order[k], order[k]];
            for (var i = 0; i < n; i++) vectors[i, k] = v[i, order[k]];
        }

        return new SymmetricEigen(values, vectors);
    }

    // One Jacobi rotation zeroing a[p, q] (Golub and Van Loan, algorithm 8.5.1, the stable choice of t).
    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        if (a[p, q] == 0) return;
        var tau = (a[q, q] - a[p, p]) / (2 * a[p, q]);
        var t = Math.Sign(tau) >= 0 ? 1 / (tau + Math.Sqrt(1 + tau * tau)) : -1 / (-tau + Math.Sqrt(1 + tau * tau));
        var c = 1 / Math.Sqrt(1 + t * t);
        var s = t * c;
        var n = a.GetLength(0);
        for (var k = 0; k < n; k++)
        {
            double akp = a[k, p], akq = a[k, q];
            a[k, p] = c * akp - s * akq;
            a[k, q] = s * akp + c * akq;
        }

        for (var k = 0; k < n; k++)
        {
            double apk = a[p, k], aqk = a[q, k];
            a[p, k] = c * apk - s * aqk;
            a[q, k] = s * apk + c * aqk;
        }

        for (var k = 0; k < n; k++)
        {
            double vkp = v[k, p], vkq = v[k, q];
            v[k, p] = c * vkp - s * vkq;
            v[k, q] = s * vkp + c * vkq;
        }
    }
}
