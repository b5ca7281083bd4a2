using System;
using System.Globalization;

namespace Composable.Objectives.Combination;

/// <summary>
/// What every combiner shares: the number of tasks, the method's name for messages, and the checks of each call's
/// Gram matrix and losses before the method sees a symmetrised copy (the caller's array is never modified).
/// </summary>
internal abstract class GramCombiner : IGradientCombiner
{
    /// <summary>
    /// Largest accepted |K[i, j] − K[j, i]| relative to √(K[i, i]·K[j, j]), the Cauchy–Schwarz bound of both: a Gram matrix
    /// accumulated in single precision over many parameters is symmetric to about this, not exactly.
    /// </summary>
    internal const double SymmetryTolerance = 1e-4;

    /// <summary>Creates the shared part.</summary>
    /// <param name="method">The method's short name, the first words of every error message.</param>
    /// <param name="tasks">T, at least 2 (checked by <see cref="GradientCombiners"/>).</param>
    protected GramCombiner(string method, int tasks)
    {
        Method = method;
        Tasks = tasks;
    }

    /// <summary>The method's short name, as in <see cref="Objective.ShortName"/>.</summary>
    internal string Method { get; }

    /// <inheritdoc />
    public int Tasks { get; }

    /// <inheritdoc />
    public double[] Coefficients(double[,] gram, ReadOnlySpan<double> losses)
    {
        var symmetric = CheckedSymmetricCopy(gram);
        if (losses.Length != Tasks)
            throw new ArgumentException(Invariant($"{Method}: expected {Tasks} losses, one per task, got {losses.Length}."), nameof(losses));
        for (var t = 0; t < Tasks; t++)
        {
            if (!double.IsFinite(losses[t]))
                throw new ArgumentException(Invariant($"{Method}: loss {t} is {losses[t]}; every loss must be finite."), nameof(losses));
        }

        return Solve(symmetric, losses);
    }

    /// <summary>The method itself, on a checked, exactly symmetric copy of K that it may modify.</summary>
    /// <param name="gram">K, T × T, symmetric, finite, non-negative diagonal.</param>
    /// <param name="losses">The finite task losses, length T.</param>
    protected abstract double[] Solve(double[,] gram, ReadOnlySpan<double> losses);

    /// <summary>Formats with the invariant culture, so messages read the same on every machine.</summary>
    /// <param name="text">The interpolated message.</param>
    protected static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private double[,] CheckedSymmetricCopy(double[,] gram)
    {
        ArgumentNullException.ThrowIfNull(gram);
        int rows = gram.GetLength(0), columns = gram.GetLength(1);
        if (rows != columns)
            throw new ArgumentException(Invariant($"{Method}: the Gram matrix must be square, got {rows} × {columns}."), nameof(gram));
        if (rows != Tasks)
            throw new ArgumentException(Invariant($"{Method}: the Gram matrix must be {Tasks} × {Tasks} (one row per task), got {rows} × {columns}."), nameof(gram));
        for (var i = 0; i < Tasks; i++)
        {
            for (var j = 0; j < Tasks; j++)
            {
                if (!double.IsFinite(gram[i, j]))
                    throw new ArgumentException(Invariant($"{Method}: Gram matrix entry [{i}, {j}] is {gram[i, j]}; every entry must be finite."), nameof(gram));
            }

            if (gram[i, i] < 0)
                throw new ArgumentException(Invariant($"{Method}: Gram matrix diagonal [{i}, {i}] = {gram[i, i]} is a squared norm and cannot be negative."), nameof(gram));
        }

        var copy = new double[Tasks, Tasks];
        for (var i = 0; i < Tasks; i++)
        {
            copy[i, i] = gram[i, i];
            for (var j = i + 1; j < Tasks; j++)
            {
                var bound = Math.Sqrt(gram[i, i] * gram[j, j]);
                if (Math.Abs(gram[i, j] - gram[j, i]) > SymmetryTolerance * bound)
                {
                    throw new ArgumentException(
                        Invariant($"{Method}: the Gram matrix is not symmetric: [{i}, {j}] = {gram[i, j]} but [{j}, {i}] = {gram[j, i]}."),
                        nameof(gram));
                }

                copy[i, j] = copy[j, i] = 0.5 * (gram[i, j] + gram[j, i]);
            }
        }

        return copy;
    }
}
