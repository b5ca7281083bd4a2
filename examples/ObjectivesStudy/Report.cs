using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Composable.Reporting.Tables;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>The study's tables and plot.</summary>
public static class Report
{
    /// <summary>One table per setting: per method, each task's headline test metric and Δp against the baseline, mean ± std over seeds.</summary>
    public static string Table(StudyResult result)
    {
        var sb = new StringBuilder();
        foreach (var setting in result.Settings)
        {
            sb.AppendLine(Invariant($"{setting.Name}: {setting.Description}; {setting.Budget.Steps} steps of {setting.Budget.BatchSize}. Test metrics, mean ± std over {result.Options.Seeds} seeds; Δp against {Method.BaselineName} (positive is better) per seed, mean ± std, and of the means:"));
            var table = PlainTable.Create(["method", .. setting.Tasks.Select((t, i) => $">{t} {Abbreviation(setting.Metrics[i])}"), ">Δp %", ">Δp of means %", ">s/run"]);
            foreach (var method in result.Methods)
            {
                var s = result.Summaries.Single(x => x.Setting == setting.Name && x.Method == method);
                table.Row([method, .. s.MetricMeans.Select((m, i) => Invariant($"{m:F4} ± {s.MetricStds[i]:F4}")), Invariant($"{s.DeltaPMean:+0.0;-0.0;0.0} ± {s.DeltaPStd:F1}"), Invariant($"{s.DeltaPOfMeans:+0.0;-0.0;0.0}"), Invariant($"{s.SecondsMean:F1}")]);
            }
            sb.Append(PlainTable.Render(table));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>Lowest Δp the plot shows; a bar below it is cut there and labelled with its value.</summary>
    private const double PlotFloor = -60;

    /// <summary>Δp against the baseline per method, one bar per setting, error bars one std over seeds.</summary>
    public static void WritePlot(StudyResult result, string path)
    {
        var summaries = result.Summaries;
        var low = Math.Max(PlotFloor, summaries.Min(s => s.DeltaPMean - s.DeltaPStd)) - 4;
        var high = Math.Max(0, summaries.Max(s => s.DeltaPMean + s.DeltaPStd)) + 4;
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var settings = result.Settings.Count;
        var width = 0.8 / settings;
        for (var k = 0; k < settings; k++)
        {
            var setting = result.Settings[k];
            var color = palette.GetColor(k);
            var bars = result.Methods.Select((method, i) =>
            {
                var s = result.Summaries.Single(x => x.Setting == setting.Name && x.Method == method);
                return new ScottPlot.Bar { Position = i + (k - (settings - 1) / 2.0) * width, Value = s.DeltaPMean, Error = s.DeltaPStd, FillColor = color, Size = width };
            }).ToList();
            plot.Add.Bars(bars);
            foreach (var cut in bars.Where(b => b.Value < low))
            {
                var label = plot.Add.Text(Invariant($"{cut.Value:F0}"), cut.Position, low + 2);
                label.LabelFontSize = 11;
                label.LabelRotation = -90;
            }
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = setting.Name + ": " + setting.Description, FillColor = color });
        }
        plot.Axes.Bottom.SetTicks(result.Methods.Select((_, i) => (double)i).ToArray(), result.Methods.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Add.HorizontalLine(0, color: ScottPlot.Colors.Black);
        plot.Axes.SetLimitsY(low, high);
        plot.Title($"Δp against independent towers (mean ± std over {result.Options.Seeds} seeds)");
        plot.YLabel("Δp % (positive: better than independent towers)");
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 1200, 700);
    }

    /// <summary>How the study's JSON is written and read.</summary>
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>A study's result as <c>--out</c> wrote it.</summary>
    /// <exception cref="InvalidDataException">The file is not a study's JSON.</exception>
    public static StudyResult ReadJson(string path) =>
        JsonSerializer.Deserialize<StudyResult>(File.ReadAllText(path), Json) is { Settings.Count: > 0, Summaries.Count: > 0 } result
            ? result
            : throw new InvalidDataException($"{path} holds no study result (settings and summaries).");

    private static string Abbreviation(string metric) => metric switch
    {
        nameof(Metric.MeanSquaredError) => "MSE",
        nameof(Metric.Accuracy) => "acc",
        _ => metric,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
