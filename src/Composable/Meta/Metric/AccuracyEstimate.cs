using System;
using System.Collections.Generic;
using System.Linq;

namespace Composable.Meta.Metric;

/// <summary>Mean episode accuracy with the half-width of its normal 95 % confidence interval (1.96 · s / √n).</summary>
/// <param name="Mean">Mean accuracy over episodes, in [0, 1].</param>
/// <param name="HalfWidth95">1.96 × sample standard deviation / √episodes.</param>
/// <param name="Episodes">Number of episodes.</param>
public sealed record AccuracyEstimate(double Mean, double HalfWidth95, int Episodes)
{
    /// <summary>The estimate from per-episode accuracies.</summary>
    public static AccuracyEstimate Of(IReadOnlyList<double> accuracies)
    {
        if (accuracies.Count == 0) throw new ArgumentException("At least one episode.", nameof(accuracies));
        var mean = accuracies.Average();
        var variance = accuracies.Count > 1 ? accuracies.Sum(a => (a - mean) * (a - mean)) / (accuracies.Count - 1) : 0;
        return new AccuracyEstimate(mean, 1.96 * Math.Sqrt(variance / accuracies.Count), accuracies.Count);
    }

    /// <summary>As percentages: <c>48.31 ± 0.80 % (600 episodes)</c>.</summary>
    public override string ToString() => $"{100 * Mean:F2} ± {100 * HalfWidth95:F2} % ({Episodes} episodes)";
}
