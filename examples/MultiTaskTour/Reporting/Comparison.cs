using System;
using Composable;
using Composable.Evaluation;

namespace MultiTaskTour.Reporting;

/// <summary>Whether a metric value is better than the baseline's, which depends on the metric's direction.</summary>
internal enum Verdict
{
    /// <summary>Better than the baseline.</summary>
    Better,

    /// <summary>Worse than the baseline.</summary>
    Worse,

    /// <summary>Equal to the baseline (or not comparable: a value is NaN).</summary>
    Same,
}

/// <summary>A metric value set against the baseline's.</summary>
/// <param name="Baseline">The baseline's value.</param>
/// <param name="RelativeChange">(value − baseline) / |baseline|; null when the baseline is 0.</param>
/// <param name="Verdict">Better or worse, by <see cref="Metrics.HigherIsBetter"/>.</param>
internal sealed record Comparison(double Baseline, double? RelativeChange, Verdict Verdict)
{
    /// <summary>Compares <paramref name="value"/> of <paramref name="metric"/> with <paramref name="baseline"/>.</summary>
    public static Comparison Of(Metric metric, double value, double baseline)
    {
        var higherIsBetter = Metrics.HigherIsBetter(metric);
        var verdict = double.IsNaN(value) || double.IsNaN(baseline) || value == baseline ? Verdict.Same
            : (value > baseline) == higherIsBetter ? Verdict.Better
            : Verdict.Worse;
        double? relative = baseline == 0 || double.IsNaN(baseline) ? null : (value - baseline) / Math.Abs(baseline);
        return new Comparison(baseline, relative, verdict);
    }
}
