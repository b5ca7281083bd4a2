using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Composable.Reporting.Tables;

namespace Composable.Examples.NegativeTransfer;

/// <summary>The study's table, JSON and plot.</summary>
public static class Report
{
    /// <summary>The task column of a topology's Δp row.</summary>
    public const string DeltaPLabel = "Δp ↑";

    /// <summary>
    /// The console table: per topology and task, test MSE mean ± std and the final training loss range, per correlation;
    /// under each sharing topology, its Δp against independent towers.
    /// </summary>
    public static string Table(StudyResult result)
    {
        var sb = new StringBuilder();
        var correlations = result.Options.Correlations;
        sb.AppendLine($"Test MSE, mean ± std over {result.Options.Seeds} seeds (final training loss min..max across seeds); " +
                      $"Δp: mean relative MSE improvement of both tasks over {Topologies.Baseline}, means over seeds first, positive is better:");
        var table = PlainTable.Create(["topology", ">params", "task", .. correlations.Select(p => ">p = " + p.ToString("0.0#", CultureInfo.InvariantCulture))]);
        foreach (var topology in result.ParameterCounts.Keys)
        {
            foreach (var task in new[] { "Task1", "Task2" })
                table.Row([topology, result.ParameterCounts[topology].ToString("N0", CultureInfo.InvariantCulture), task, .. correlations.Select(p =>
                {
                    var s = result.Summaries.Single(x => x.Topology == topology && x.Correlation == p && x.Task == task);
                    return FormattableString.Invariant($"{s.TestMseMean:F4} ± {s.TestMseStd:F4} ({s.FinalLossMin:F4}..{s.FinalLossMax:F4})");
                })]);
            if (result.DeltaP.Any(d => d.Topology == topology))
                table.Row([topology, "", DeltaPLabel, .. correlations.Select(p =>
                    result.DeltaP.Single(d => d.Topology == topology && d.Correlation == p).Percent.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%")]);
        }
        sb.Append(PlainTable.Render(table));
        return sb.ToString();
    }

    /// <summary>Writes every run and summary as JSON.</summary>
    public static void WriteJson(StudyResult result, string path)
    {
        var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        File.WriteAllText(path, json);
    }

    /// <summary>Mean test MSE of the two tasks against p, one line per topology, error bars one std over seeds.</summary>
    public static void WritePlot(StudyResult result, string path)
    {
        var plot = new ScottPlot.Plot();
        var xs = result.Options.Correlations.ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var topology in result.ParameterCounts.Keys)
        {
            var perSeed = xs.Select(p => result.Runs.Where(r => r.Topology == topology && r.Correlation == p).Select(r => r.TestMse.Average()).ToArray()).ToArray();
            var ys = perSeed.Select(v => v.Average()).ToArray();
            var errors = perSeed.Select(v => Study.Std(v)).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.Color = palette.GetColor(index++);
            line.LegendText = topology;
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = line.Color;
        }
        plot.Title("Negative transfer: test MSE vs task correlation");
        plot.XLabel("task correlation p");
        plot.YLabel("test MSE (mean of both tasks)");
        plot.ShowLegend();
        plot.SavePng(path, 900, 600);
    }
}
