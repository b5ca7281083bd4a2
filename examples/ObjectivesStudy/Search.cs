using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Composable.Evaluation;
using Composable.Reporting.Tables;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>One candidate of the search: test MSE (mean over tasks) of both models and Δp of hard sharing, over seeds.</summary>
public sealed record SearchRow(string Candidate, string Description, double IndependentMean, double IndependentStd, double HardMean, double HardStd, double DeltaPMean, double DeltaPStd)
{
    /// <summary>Negative transfer: hard sharing's Δp against independent towers is below zero by more than one std over seeds.</summary>
    public bool NegativeTransfer => DeltaPMean + DeltaPStd < 0;
}

/// <summary>
/// The search for negative transfer in the MMoE regression family: hard sharing with equal weights against
/// independent towers over candidate settings (larger c, fewer examples, more tasks, low or negative correlation,
/// different target scales), a few seeds each.
/// </summary>
public static class Search
{
    /// <summary>The budget of the candidates with many examples, and of the study's regression settings: 1,000 steps of 128 on 10,000 examples.</summary>
    public static readonly Budget Large = new(1000, 128, 10_000, 2_000);
    private static readonly Budget Small = Large with { TrainExamples = 1_000 };

    /// <summary>The candidates, the negative-transfer example's setting first.</summary>
    public static IReadOnlyList<RegressionSetting> Candidates { get; } =
    [
        new("c0.3 p0.5 n10k", 2, 0.5, 0.3, null, Large),
        new("c1 p0.5 n10k", 2, 0.5, 1, null, Large),
        new("c3 p0.5 n10k", 2, 0.5, 3, null, Large),
        new("c3 p0 n10k", 2, 0.0, 3, null, Large),
        new("c3 p-0.5 n10k", 2, -0.5, 3, null, Large),
        new("c3 p0.9 n10k", 2, 0.9, 3, null, Large),
        new("c3 p1 n10k", 2, 1.0, 3, null, Large),
        new("c2 p0 n10k", 2, 0.0, 2, null, Large),
        new("k4 c3 p0 n10k", 4, 0.0, 3, null, Large),
        new("c3 p0 n10k s1/10", 2, 0.0, 3, [1.0, 10.0], Large),
        new("c1 p0 n1k", 2, 0.0, 1, null, Small),
        new("c3 p0.9 n1k", 2, 0.9, 3, null, Small),
        new("c3 p0.5 n1k", 2, 0.5, 3, null, Small),
        new("c3 p0 n1k", 2, 0.0, 3, null, Small),
        new("c3 p-1 n1k", 2, -1.0, 3, null, Small),
        new("c3 p0 n300", 2, 0.0, 3, null, Small with { TrainExamples = 300 }),
        new("k4 c3 p0 n1k", 4, 0.0, 3, null, Small),
        new("k4 c3 p0.9 n1k", 4, 0.9, 3, null, Small),
        new("c3 p0 n1k s1/10", 2, 0.0, 3, [1.0, 10.0], Small),
    ];

    /// <summary>Runs every candidate (or those named in <paramref name="names"/>), logging progress to <paramref name="log"/>.</summary>
    public static IReadOnlyList<SearchRow> Run(StudyOptions options, TextWriter log, IReadOnlyList<string>? names = null)
    {
        var independent = Method.All[0];
        var hard = Method.All.Single(m => m.Name == new WeightedSum().ShortName);
        var rows = new List<SearchRow>();
        foreach (var candidate in Candidates.Where(c => names is null || names.Contains(c.Name)))
        {
            var budget = Study.BudgetOf(candidate, options);
            var runs = Enumerable.Range(1, options.Seeds).Select(seed =>
            {
                var baselineReport = Study.Train(candidate, independent, seed, budget).Test;
                var sharedReport = Study.Train(candidate, hard, seed, budget).Test;
                var deltaP = DeltaP.Compute(sharedReport, baselineReport).Percent;
                var baseline = baselineReport.Tasks.Select(t => t.Headline.Value).ToArray();
                var shared = sharedReport.Tasks.Select(t => t.Headline.Value).ToArray();
                log.WriteLine(FormattableString.Invariant($"{candidate.Name,-18} seed {seed}: independent {baseline.Average():F4}, hard sharing {shared.Average():F4}, Δp {deltaP:+0.0;-0.0} %"));
                return (Independent: baseline.Average(), Hard: shared.Average(), DeltaP: deltaP);
            }).ToArray();
            rows.Add(new SearchRow(candidate.Name, candidate.Description,
                runs.Average(r => r.Independent), Study.Std(runs.Select(r => r.Independent).ToArray()),
                runs.Average(r => r.Hard), Study.Std(runs.Select(r => r.Hard).ToArray()),
                runs.Average(r => r.DeltaP), Study.Std(runs.Select(r => r.DeltaP).ToArray())));
        }
        return rows;
    }

    /// <summary>The search's table: test MSE (mean over tasks) of both models and Δp of hard sharing, mean ± std over seeds.</summary>
    public static string Table(IReadOnlyList<SearchRow> rows, int seeds)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Hard sharing (equal weights) against independent towers, test MSE averaged over tasks, mean ± std over {seeds} seeds:");
        var table = PlainTable.Create("candidate", ">independent", ">hard sharing", ">Δp % (hard vs independent)", "negative transfer");
        foreach (var r in rows)
            table.Row(r.Candidate,
                Invariant($"{r.IndependentMean:F4} ± {r.IndependentStd:F4}"),
                Invariant($"{r.HardMean:F4} ± {r.HardStd:F4}"),
                Invariant($"{r.DeltaPMean:+0.0;-0.0} ± {r.DeltaPStd:F1}"),
                r.NegativeTransfer ? "yes" : "no");
        sb.Append(PlainTable.Render(table));
        return sb.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
