using System;

namespace Composable.Objectives.Combination;

/// <summary>Equal weighting ("EW"): β_t = 1/T whatever the gradients, d the mean gradient; the reference of the comparisons.</summary>
internal sealed class MeanCombiner : GramCombiner
{
    /// <summary>Creates the combiner for <paramref name="tasks"/> tasks.</summary>
    /// <param name="tasks">T.</param>
    internal MeanCombiner(int tasks)
        : base("EW", tasks)
    {
    }

    /// <inheritdoc />
    protected override double[] Solve(double[,] gram, ReadOnlySpan<double> losses) => Equal(Tasks, 1.0 / Tasks);

    /// <summary>A vector of <paramref name="length"/> copies of <paramref name="value"/>.</summary>
    /// <param name="length">Its length.</param>
    /// <param name="value">Every entry.</param>
    internal static double[] Equal(int length, double value)
    {
        var result = new double[length];
        Array.Fill(result, value);
        return result;
    }
}
