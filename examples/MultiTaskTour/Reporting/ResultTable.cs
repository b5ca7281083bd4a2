using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Composable;
using Composable.Evaluation;
using Composable.Reporting.Tables;

namespace MultiTaskTour.Reporting;

/// <summary>
/// The tour's table: a row per topology; per task, the headline test metric and, beside it, its change against the
/// baseline and whether that is better or worse (which way is better depends on the metric); then Δp, the mean of those
/// changes with the sign making positive better.
/// </summary>
internal static class ResultTable
{
    /// <summary>Title line above the table; a reader (or a test) finds the table by it.</summary>
    public const string Title = "Test metrics";

    /// <summary>Headline values are printed with this many decimals (the JSON keeps full precision).</summary>
    public const int Decimals = 4;

    /// <summary>Writes the table of <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(TourReport report, TextWriter output)
    {
        // Text columns left-aligned, number columns right-aligned.
        var tasks = report.Topologies[0].Tasks;
        var table = PlainTable.Create(
            ["Topology", ">Params", .. tasks.Select(t => $">{t.Task} {ShortName(t.Headline)} {(HigherIsBetter(t.Headline) ? "↑" : "↓")}"), ">Δp ↑", ">Train s"]);
        foreach (var topology in report.Topologies)
            table.Row(
            [
                topology.Name, topology.Parameters.ToString("N0", CultureInfo.InvariantCulture), .. topology.Tasks.Select(Cell),
                topology.DeltaP is { } deltaP ? Percent(deltaP) : NotApplicable,
                topology.Seconds.ToString("F1", CultureInfo.InvariantCulture),
            ]);
        output.WriteLine($"{Title} on {report.TestExamples} test examples; in brackets the change against {report.Baseline} (↓ lower is better, ↑ higher is better); " +
                         $"Δp, the mean change over the tasks counted positive when better (Maninis et al. 2019):");
        output.Write(PlainTable.Render(table));
        output.WriteLine();
    }

    /// <summary>A headline value as the table prints it.</summary>
    public static string Format(double value) => value.ToString("F" + Decimals, CultureInfo.InvariantCulture);

    /// <summary>A percentage as the table prints it, with its sign: <c>+7.5%</c>.</summary>
    public static string Percent(double percent) => percent.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>What the table prints where there is no comparison (the baseline's Δp, a change against a zero baseline).</summary>
    public const string NotApplicable = "n/a";

    private static string Cell(TaskResult task)
    {
        var value = Format(task.HeadlineValue);
        if (task.VersusBaseline is not { } comparison) return value;
        var change = comparison.RelativeChange is { } relative ? Percent(relative * 100) : NotApplicable;
        return $"{value} ({change}) {comparison.Verdict.ToString().ToLowerInvariant()}";
    }

    private static bool HigherIsBetter(string metric) => Metrics.HigherIsBetter(Enum.Parse<Metric>(metric));

    private static string ShortName(string metric) => Enum.Parse<Metric>(metric) switch
    {
        Metric.MeanSquaredError => "MSE",
        Metric.MeanAbsoluteError => "MAE",
        Metric.RSquared => "R²",
        Metric.Accuracy => "accuracy",
        Metric.AreaUnderRoc => "AUC",
        Metric.LogLoss => "log loss",
        Metric.MacroF1 => "macro F1",
        Metric.MicroF1 => "micro F1",
        Metric.HammingAccuracy => "Hamming accuracy",
        Metric.SubsetAccuracy => "subset accuracy",
        var other => other.ToString(),
    };
}
