using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.FewShot.Metric;

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

    /// <summary>
    /// The estimate over episodes 0…<paramref name="episodes"/>−1 of <paramref name="split"/>: each is sampled,
    /// scored by <paramref name="accuracy"/> and released inside its own dispose scope.
    /// </summary>
    public static AccuracyEstimate Over(ITaskFamily family, MetaSplit split, int episodes, int seed, Func<Episode, double> accuracy)
    {
        var accuracies = new List<double>(episodes);
        for (var i = 0; i < episodes; i++)
        {
            using var scope = NewDisposeScope();
            accuracies.Add(accuracy(family.Sample(split, i, seed)));
        }
        return Of(accuracies);
    }

    /// <summary>Fraction of <paramref name="scores"/> [Q, N] rows whose argmax is the label in <paramref name="labels"/> [Q].</summary>
    public static double OfScores(Tensor scores, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return scores.argmax(1).eq(labels).to_type(ScalarType.Float32).mean().ToSingle();
    }

    /// <summary>As percentages: <c>48.31 ± 0.80 % (600 episodes)</c>.</summary>
    public override string ToString() => $"{100 * Mean:F2} ± {100 * HalfWidth95:F2} % ({Episodes} episodes)";
}
