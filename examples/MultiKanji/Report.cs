using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Composable.Data.Glyphs;
using Composable.Reporting.Tables;
using ScottPlot;

namespace Composable.Examples.MultiKanjiStudy;

/// <summary>The study's table, JSON and plot.</summary>
public static class Report
{
    /// <summary>The console (and README) table: per model, each task's test headline mean ± std, its term of Δp, and Δp.</summary>
    public static string Table(StudyResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Test metrics, mean ± std over {result.Options.Seeds} seed(s); in brackets each task's relative improvement over " +
                      $"{KanjiModels.Baseline} (the terms of Δp, means over seeds first); Δp: their mean, positive is better.");
        var table = PlainTable.Create("model", "shares", ">params", ">Left acc %", ">Right acc %", ">LeftStrokes MSE", ">Δp", ">fit s");
        foreach (var model in KanjiModels.All.Where(m => result.ParameterCounts.ContainsKey(m.Name)))
        {
            var delta = result.DeltaP.SingleOrDefault(d => d.Model == model.Name);
            var seconds = result.Runs.Where(r => r.Model == model.Name).Average(r => r.Seconds);
            table.Row([
                model.Name, model.Shares, result.ParameterCounts[model.Name].ToString("N0", CultureInfo.InvariantCulture),
                .. Study.Tasks.Select(task => Cell(result, model.Name, task, delta)),
                delta is null ? "—" : Percent(delta.Percent),
                seconds.ToString("F0", CultureInfo.InvariantCulture),
            ]);
        }
        sb.Append(PlainTable.Render(table));
        return sb.ToString();
    }

    /// <summary>Writes the options, every run, summary and Δp as JSON.</summary>
    public static void WriteJson(StudyResult result, string path)
    {
        var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, json);
    }

    /// <summary>One panel per task: a bar per model, its mean over seeds, error bars one std.</summary>
    public static void WritePlot(StudyResult result, string path)
    {
        var plot = new Multiplot();
        plot.AddPlots(Study.Tasks.Length);
        plot.Layout = new ScottPlot.MultiplotLayouts.Grid(1, Study.Tasks.Length);
        var palette = new ScottPlot.Palettes.Category10();
        var models = KanjiModels.All.Select(m => m.Name).Where(result.ParameterCounts.ContainsKey).ToArray();
        for (var t = 0; t < Study.Tasks.Length; t++)
        {
            var task = Study.Tasks[t];
            var panel = plot.GetPlot(t);
            var scale = task == MultiKanji.LeftStrokes ? 1 : 100;
            var bars = models.Select((model, i) =>
            {
                var s = result.Summaries.Single(x => x.Model == model && x.Task == task);
                return new Bar { Position = i, Value = scale * s.Mean, Error = scale * s.Std, FillColor = palette.GetColor(i) };
            }).ToList();
            panel.Add.Bars(bars);
            panel.Axes.Bottom.SetTicks(models.Select((_, i) => (double)i).ToArray(), models);
            panel.Axes.Margins(bottom: 0);
            panel.Title(task == MultiKanji.LeftStrokes ? "LeftStrokes: test MSE (lower is better)" : $"{task}: test accuracy % (higher is better)");
        }
        plot.GetPlot(0).Axes.Left.Label.Text = $"mean ± std over {result.Options.Seeds} seed(s)";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 1500, 520);
    }

    private static string Cell(StudyResult result, string model, string task, DeltaPSummary? delta)
    {
        var s = result.Summaries.Single(x => x.Model == model && x.Task == task);
        var scale = task == MultiKanji.LeftStrokes ? 1 : 100;
        var text = FormattableString.Invariant($"{scale * s.Mean:F2} ± {scale * s.Std:F2}");
        return delta is null ? text : $"{text} ({Percent(delta.Tasks[task])})";
    }

    private static string Percent(double value) => value.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";
}
