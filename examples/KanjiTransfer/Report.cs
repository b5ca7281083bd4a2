using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Composable.FewShot.Metric;
using Composable.Reporting.Tables;

namespace Composable.Examples.KanjiTransfer;

/// <summary>The study's tables, JSON and chart.</summary>
public static class Report
{
    /// <summary>The JSON file a run writes into its folder.</summary>
    public const string JsonFile = "kanji-transfer.json";

    /// <summary>The chart a run writes into its folder.</summary>
    public const string PngFile = "kanji-transfer.png";

    /// <summary>How the JSON is written and read.</summary>
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Both tables: accuracy per method and k, then per method and training size of task D; mean ± 95 % half-width.</summary>
    public static string Table(StudyResult result)
    {
        var kanji = result.Kanji;
        var options = result.Options;
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"Kanji: {kanji.Ways}-way accuracy (%) on {options.TestRenders} held-out renderings per character; mean ± 95 % CI over {options.Draws} draws. ") +
            Invariant($"Pretrained on {kanji.SourceCharacters} other characters × {kanji.Pretraining.Renders} renderings, {kanji.Pretraining.Steps} steps of {TransferOptions.PretrainBatch} in {kanji.Pretraining.Seconds:F0} s (held-out source accuracy {100 * kanji.Pretraining.HeldOutAccuracy:F1} %); ") +
            Invariant($"every trained method {options.FineTuneSteps} steps of min({TransferOptions.FineTuneBatch}, {kanji.Ways}·k) images."));
        var shots = kanji.Cells.Select(c => c.Shots).Distinct().ToArray();
        var table = PlainTable.Create(["method", .. shots.Select(k => $">k = {k}"), ">s"]);
        foreach (var method in kanji.Cells.Select(c => c.Method).Distinct())
            table.Row([method, .. shots.Select(k => Cell(kanji.Cells.Single(c => c.Method == method && c.Shots == k))), Invariant($"{kanji.MethodSeconds[method]:F0}")]);
        sb.Append(PlainTable.Render(table));
        sb.AppendLine();
        sb.AppendLine(Invariant($"Kanji: accuracy minus scratch's on the same draw (percentage points), mean ± 95 % CI over the {options.Draws} paired draws:"));
        var paired = PlainTable.Create(["method", .. shots.Select(k => $">k = {k}")]);
        foreach (var method in kanji.Cells.Select(c => c.Method).Distinct().Where(m => m != Baseline))
            paired.Row([method, .. shots.Select(k => Difference(kanji.Cells.Single(c => c.Method == method && c.Shots == k).Accuracies,
                kanji.Cells.Single(c => c.Method == Baseline && c.Shots == k).Accuracies))]);
        sb.Append(PlainTable.Render(paired));
        sb.AppendLine();

        var multi = result.MultiTask;
        sb.AppendLine(Invariant($"Multi-task view: accuracy (%) on task D ({TransferOptions.TargetTestExamples} test rows), mean ± 95 % CI over {options.Draws} seeds; ") +
            Invariant($"source model on A, B, C: {100 * multi.SourceAccuracy.Average():F1} %; every method {options.TargetSteps} steps."));
        var sizes = multi.Cells.Select(c => c.Examples).Distinct().ToArray();
        var view = PlainTable.Create(["method", .. sizes.Select(n => $">{n} rows of D")]);
        foreach (var method in multi.Cells.Select(c => c.Method).Distinct())
            view.Row([method, .. sizes.Select(n => multi.Cells.Single(c => c.Method == method && c.Examples == n)).Select(c => Invariant($"{100 * c.Mean:F1} ± {100 * c.HalfWidth95:F1}"))]);
        sb.Append(PlainTable.Render(view));
        sb.AppendLine();
        sb.AppendLine(Invariant($"Multi-task view: accuracy minus D alone's on the same seed (percentage points), mean ± 95 % CI over the {options.Draws} paired seeds:"));
        var alone = MultiTaskStudy.Methods[0].Name;
        var viewPaired = PlainTable.Create(["method", .. sizes.Select(n => $">{n} rows of D")]);
        foreach (var method in multi.Cells.Select(c => c.Method).Distinct().Where(m => m != alone))
            viewPaired.Row([method, .. sizes.Select(n => Difference(multi.Cells.Single(c => c.Method == method && c.Examples == n).Accuracies,
                multi.Cells.Single(c => c.Method == alone && c.Examples == n).Accuracies))]);
        sb.Append(PlainTable.Render(viewPaired));
        return sb.ToString();
    }

    /// <summary>Writes the JSON of <paramref name="result"/> to <paramref name="path"/>.</summary>
    public static void WriteJson(StudyResult result, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(result, Json));
    }

    /// <summary>Accuracy against k, one line per method, 95 % interval bars; k on a log scale.</summary>
    public static void WritePlot(StudyResult result, string path)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var cells = result.Kanji.Cells;
        var methods = cells.Select(c => c.Method).Distinct().ToArray();
        var shots = cells.Select(c => c.Shots).Distinct().ToArray();
        var xs = shots.Select(k => Math.Log10(k)).ToArray();
        for (var m = 0; m < methods.Length; m++)
        {
            var row = shots.Select(k => cells.Single(c => c.Method == methods[m] && c.Shots == k)).ToArray();
            var ys = row.Select(c => 100 * c.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.Color = palette.GetColor(m);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = methods[m];
            var bars = plot.Add.ErrorBar(xs, ys, row.Select(c => 100 * c.HalfWidth95).ToArray());
            bars.Color = line.Color;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(shots.Select(k => new ScottPlot.Tick(Math.Log10(k), k.ToString(CultureInfo.InvariantCulture))).ToArray());
        plot.Axes.SetLimitsX(xs.Min() - 0.1, xs.Max() + 0.1);
        plot.Axes.SetLimitsY(0, 100);
        plot.Title(Invariant($"Kanji transfer: {result.Kanji.Ways}-way accuracy on unseen characters (mean ± 95 % CI, {result.Options.Draws} draws)"));
        plot.XLabel("k, labelled images per target character (log scale)");
        plot.YLabel("held-out accuracy (%)");
        plot.ShowLegend(ScottPlot.Edge.Right);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 1100, 600);
    }

    /// <summary>The method every kanji method is compared with, draw by draw.</summary>
    public static string Baseline => TransferMethod.All[0].Name;

    /// <summary>The study's result as a run wrote it to <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a study's JSON.</exception>
    public static StudyResult ReadJson(string path) =>
        JsonSerializer.Deserialize<StudyResult>(File.ReadAllText(path), Json) is { Kanji.Cells.Count: > 0, MultiTask.Cells.Count: > 0 } result
            ? result
            : throw new InvalidDataException($"{path} holds no kanji transfer study (kanji and multi-task cells).");

    /// <summary>Mean ± 95 % half-width of the paired differences, in percentage points.</summary>
    private static string Difference(IReadOnlyList<double> method, IReadOnlyList<double> baseline)
    {
        var estimate = AccuracyEstimate.Of(method.Zip(baseline, (a, b) => a - b).ToArray());
        return Invariant($"{100 * estimate.Mean:+0.0;-0.0;0.0} ± {100 * estimate.HalfWidth95:F1}");
    }

    private static string Cell(CellSummary cell) => Invariant($"{100 * cell.Mean:F1} ± {100 * cell.HalfWidth95:F1}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
