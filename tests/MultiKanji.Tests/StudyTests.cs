using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Data.Glyphs;
using Composable.Evaluation;
using Xunit;

namespace Composable.Examples.MultiKanjiStudy.Tests;

/// <summary>The study's pure parts on hand-made evaluations: aggregation over seeds, Δp against independent networks, the table.</summary>
public sealed class StudyTests
{
    /// <summary>A test evaluation with the given headlines (accuracy, accuracy, MSE) and a second metric that Δp must not count.</summary>
    private static EvaluationReport Evaluation(double left, double right, double strokesMse) => new(
    [
        new TaskEvaluation(MultiKanji.Left, 100, 2.0, [new MetricValue(Metric.Accuracy, left), new MetricValue(Metric.MacroF1, 0.01)]),
        new TaskEvaluation(MultiKanji.Right, 100, 2.0, [new MetricValue(Metric.Accuracy, right), new MetricValue(Metric.MacroF1, 0.01)]),
        new TaskEvaluation(MultiKanji.LeftStrokes, 100, 1.0, [new MetricValue(Metric.MeanSquaredError, strokesMse), new MetricValue(Metric.MeanAbsoluteError, 99)]),
    ]);

    private static RunResult Run(string model, int seed, double left, double right, double strokesMse)
    {
        var report = Evaluation(left, right, strokesMse);
        return new RunResult(model, seed, Study.Tasks.ToDictionary(t => t, t => report[t].Headline.Value), 10, 1.0, 2.0, report);
    }

    private static readonly RunResult[] Runs =
    [
        Run(KanjiModels.Baseline, 1, 0.40, 0.50, 4.0),
        Run("Hard sharing", 1, 0.50, 0.45, 5.0),
        Run(KanjiModels.Baseline, 2, 0.60, 0.70, 6.0),
        Run("Hard sharing", 2, 0.70, 0.55, 3.0),
    ];

    [Fact]
    public void Summaries_hold_each_task_headline_mean_and_sample_std_over_seeds_per_model()
    {
        var summaries = Study.Summarise(Runs);

        Assert.Equal(2 * 3, summaries.Count);
        var left = summaries.Single(s => s.Model == "Hard sharing" && s.Task == MultiKanji.Left);
        Assert.Equal(("Accuracy", 0.60, Math.Sqrt(0.02), 2), (left.Metric, left.Mean, left.Std, left.Seeds), new ApproximateTuple());
        var strokes = summaries.Single(s => s.Model == KanjiModels.Baseline && s.Task == MultiKanji.LeftStrokes);
        Assert.Equal(("MeanSquaredError", 5.0, Math.Sqrt(2.0), 2), (strokes.Metric, strokes.Mean, strokes.Std, strokes.Seeds), new ApproximateTuple());
    }

    [Fact]
    public void Delta_p_compares_seed_means_of_the_headlines_against_independent_networks_only()
    {
        var delta = Assert.Single(Study.DeltaPAgainst(KanjiModels.Baseline, Runs));

        // Seed means: baseline (0.5, 0.6, 5.0), hard sharing (0.6, 0.5, 4.0); MSE is lower-is-better.
        var left = (0.6 - 0.5) / 0.5 * 100;
        var right = (0.5 - 0.6) / 0.6 * 100;
        var strokes = -(4.0 - 5.0) / 5.0 * 100;
        Assert.Equal("Hard sharing", delta.Model);
        Assert.Equal(left, delta.Tasks[MultiKanji.Left], 9);
        Assert.Equal(right, delta.Tasks[MultiKanji.Right], 9);
        Assert.Equal(strokes, delta.Tasks[MultiKanji.LeftStrokes], 9);
        Assert.Equal((left + right + strokes) / 3, delta.Percent, 9);
    }

    [Fact]
    public void Std_is_the_sample_deviation_and_zero_for_one_seed()
    {
        Assert.Equal(0, Study.Std([3.0]));
        Assert.Equal(Math.Sqrt(35.0 / 3), Study.Std([1.0, 3.0, 5.0, 9.0]), 12);
    }

    [Fact]
    public void Table_prints_percent_accuracies_mse_delta_p_terms_and_parameter_counts()
    {
        var runs = Runs.Select(r => r.Model == "Hard sharing" ? r with { Model = KanjiModels.CrossStitch } : r).ToArray();
        var result = new StudyResult(new StudyOptions { Seeds = 2 }, new Dictionary<string, long> { [KanjiModels.Baseline] = 1000, [KanjiModels.CrossStitch] = 2500 },
            [], runs, Study.Summarise(runs), Study.DeltaPAgainst(KanjiModels.Baseline, runs), 1);

        var table = Report.Table(result);

        var baseline = table.Split('\n').Single(l => l.StartsWith("| Independent", StringComparison.Ordinal));
        Assert.Contains("50.00 ± 14.14", baseline);
        Assert.Contains("5.00 ± 1.41", baseline);
        var stitched = table.Split('\n').Single(l => l.StartsWith("| Cross-stitch ", StringComparison.Ordinal));
        Assert.Contains("60.00 ± 14.14 (+20.0%)", stitched);
        Assert.Contains("4.00 ± 1.41 (+20.0%)", stitched);
        Assert.Contains("2,500", stitched);
        Assert.Contains("+7.8%", stitched); // (20 − 16.67 + 20) / 3
        Assert.DoesNotContain("Hard sharing", table);
    }

    private sealed class ApproximateTuple : IEqualityComparer<(string, double, double, int)>
    {
        public bool Equals((string, double, double, int) x, (string, double, double, int) y) =>
            x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-9 && Math.Abs(x.Item3 - y.Item3) < 1e-9 && x.Item4 == y.Item4;

        public int GetHashCode((string, double, double, int) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }
}
