using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Composable.Bench.Reporting;
using Composable.Reporting.Tables;

namespace Composable.Bench.Objectives;

/// <summary>
/// One method's line of the <c>--model objectives</c> summary: median steps/s of the generated trainer and of the PyTorch
/// peer (plain form), generated / PyTorch by the ratio of medians and round by round, and the method's cost on each side:
/// steps/s of equal weighting over the method's, in the same run. PyTorch figures are null when the peer did not run.
/// </summary>
internal sealed record ObjectiveSummaryRow(
    string Method,
    double GeneratedStepsPerSecond,
    double? PyTorchStepsPerSecond,
    double? Ratio,
    double? RoundMedianRatio,
    double? Target,
    double GeneratedCost,
    double? PyTorchCost)
{
    /// <summary>"met", "NOT met", or empty without a target or a PyTorch figure.</summary>
    public string Verdict => Target is { } t && Ratio is { } r ? (r >= t ? "met" : "NOT met") : "";
}

/// <summary>The per-method summary of a <c>--model objectives</c> report, and its text form.</summary>
internal static class ObjectiveSummary
{
    /// <summary>One row per <see cref="ObjectiveContenders.Methods"/> entry, from the report's contenders and ratios.</summary>
    /// <exception cref="ArgumentException">The report lacks a generated contender of some method (not an objectives run).</exception>
    public static IReadOnlyList<ObjectiveSummaryRow> From(BenchReport report)
    {
        double? Median(string name) => report.Contenders.FirstOrDefault(c => c.Name == name)?.MedianStepsPerSecond;
        double Generated(ObjectiveMethod m) => Median(m.Generated)
            ?? throw new ArgumentException($"The report has no contender '{m.Generated}': it is not a --model objectives run.", nameof(report));
        var baseline = ObjectiveContenders.EqualWeighting;
        return ObjectiveContenders.Methods.Select(m =>
        {
            var ratio = report.Ratios.FirstOrDefault(r => r.Numerator == m.Generated && r.Denominator == m.PyTorch);
            var pyTorch = Median(m.PyTorch);
            return new ObjectiveSummaryRow(
                m.Label,
                Generated(m),
                pyTorch,
                ratio?.Ratio,
                ratio?.RoundMedian,
                m.Target,
                Generated(baseline) / Generated(m),
                Median(baseline.PyTorch) is { } pyTorchBaseline && pyTorch is { } method ? pyTorchBaseline / method : null);
        }).ToArray();
    }

    /// <summary>Writes the summary of <paramref name="report"/> as a table.</summary>
    public static void Write(BenchReport report, TextWriter output)
    {
        var table = PlainTable.Create("method", ">generated steps/s", ">pytorch steps/s", ">generated / pytorch", ">per-round median",
            ">target", "verdict", ">cost vs EW, generated", ">cost vs EW, pytorch");
        foreach (var row in From(report))
            table.Row(row.Method, Format(row.GeneratedStepsPerSecond, "F1"), Format(row.PyTorchStepsPerSecond, "F1"), Format(row.Ratio, "F3"),
                Format(row.RoundMedianRatio, "F3"), row.Target is { } t ? ">= " + Format(t, "F2") : "", row.Verdict,
                Format(row.GeneratedCost, "F2") + "x", row.PyTorchCost is { } c ? Format(c, "F2") + "x" : "n/a");
        output.WriteLine("  Per method (cost vs EW: steps/s of equal weighting / steps/s of the method, same side, same run):");
        output.WriteLine();
        output.Write(PlainTable.Render(table));
    }

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
