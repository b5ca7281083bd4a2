using System;

namespace Composable.Objectives.Combination;

/// <summary>Small dense linear systems (T ≤ a few dozen), Gaussian elimination with partial pivoting.</summary>
internal static class LinearSystem
{
    /// <summary>
    /// x with A x = b, or null when A is singular to working precision: a pivot at most
    /// <paramref name="relativePivot"/> times the largest |A| entry, or a solution that is not finite.
    /// </summary>
    /// <param name="matrix">A, n × n; not modified.</param>
    /// <param name="rightSide">b, length n; not modified.</param>
    /// <param name="relativePivot">Smallest accepted pivot relative to max |A[i, j]|.</param>
    internal static double[]? Solve(double[,] matrix, double[] rightSide, double relativePivot = 1e-12)
    {
        var n = rightSide.Length;
        var a = (double[,])matrix.Clone();
        var x = (double[])rightSide.Clone();
        var largest = 0.0;
        foreach (var entry in a) largest = Math.Max(largest, Math.Abs(entry));
        if (largest == 0) return null;

        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < n; row++)
            {
                if (Math.Abs(a[row, column]) > Math.Abs(a[pivot, column])) pivot = row;
            }

            if (Math.Abs(a[pivot, column]) <= relativePivot * largest) return null;
            if (pivot != column)
            {
                for (var k = 0; k < n; k++) (a[pivot, k], a[column, k]) = (a[column, k], a[pivot, k]);
                (x[pivot], x[column]) = (x[column], x[pivot]);
            }

            for (var row = column + 1; row < n; row++)
            {
                var factor = a[row, column] / a[column, column];
                if (factor == 0) continue;
                for (var k = column; k < n; k++) a[row, k] -= factor * a[column, k];
                x[row] -= factor * x[column];
            }
        }

        for (var row = n - 1; row >= 0; row--)
        {
            var sum = x[row];
            for (var k = row + 1; k < n; k++) sum -= a[row, k] * x[k];
            x[row] = sum / a[row, row];
            if (!double.IsFinite(x[row])) return null;
        }

        return x;
    }
}
