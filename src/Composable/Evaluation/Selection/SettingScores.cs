using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Composable.Evaluation.Selection;

/// <summary>One setting's validation scores, one per fold, and their summary.</summary>
/// <typeparam name="TSetting">The type of the settings tried.</typeparam>
/// <param name="Index">The setting's position in the list given to <see cref="CrossValidation.Run{TSetting}"/>.</param>
/// <param name="Setting">The setting.</param>
/// <param name="Scores">Its score on each fold, by fold index.</param>
public sealed record SettingScores<TSetting>(int Index, TSetting Setting, IReadOnlyList<double> Scores)
{
    /// <summary>Mean score over the folds; NaN when any fold's score is NaN.</summary>
    public double Mean => Scores.Average();

    /// <summary>Sample standard deviation (n − 1) of the fold scores; NaN when any is NaN.</summary>
    public double StandardDeviation
    {
        get
        {
            var mean = Mean;
            return Math.Sqrt(Scores.Sum(s => (s - mean) * (s - mean)) / (Scores.Count - 1));
        }
    }

    /// <summary>
    /// A 95 % interval of the mean, Mean ± t(0.975, folds − 1) · StandardDeviation / √folds. The folds share training
    /// rows, so their scores are not independent: read it as a rough guide to the spread, not an exact coverage.
    /// </summary>
    public (double Low, double High) Interval95
    {
        get
        {
            var halfWidth = StudentT.Quantile975(Scores.Count - 1) * StandardDeviation / Math.Sqrt(Scores.Count);
            return (Mean - halfWidth, Mean + halfWidth);
        }
    }

    /// <summary>The folds whose score is NaN (a diverged or failed evaluation), in order; empty when none.</summary>
    public IReadOnlyList<int> NaNFolds => Enumerable.Range(0, Scores.Count).Where(f => double.IsNaN(Scores[f])).ToArray();

    /// <summary><c>Setting: mean 0.8123 ± 0.0110 (sd 0.0044, 3 folds)</c>.</summary>
    public override string ToString()
    {
        var (low, high) = Interval95;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Setting}: mean {Mean:G4} ± {(high - low) / 2:G4} (sd {StandardDeviation:G4}, {Scores.Count} folds)");
    }
}
