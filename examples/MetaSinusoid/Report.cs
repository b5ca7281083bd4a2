using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Composable.Reporting.Tables;

namespace MetaSinusoid;

/// <summary>The reproduction's outputs: a text table, JSON and PNG plots.</summary>
public static class Report
{
    /// <summary>Mean query MSE ± 95% CI after 0…S steps, one row per (K, method).</summary>
    public static string Table(IReadOnlyList<MethodResult> results)
    {
        var sb = new StringBuilder();
        foreach (var group in results.GroupBy(r => r.Shots))
        {
            var steps = group.First().Mean.Length;
            sb.AppendLine(CultureInfo.InvariantCulture, $"K = {group.Key}: mean query MSE ± 95% CI after n test-time gradient steps");
            var table = PlainTable.Create(["method", .. Enumerable.Range(0, steps).Select(s => FormattableString.Invariant($">n={s}"))]);
            foreach (var r in group)
                table.Row([r.Method, .. Enumerable.Range(0, steps).Select(s =>
                    double.IsFinite(r.Mean[s]) && r.Mean[s] < 1e3 ? FormattableString.Invariant($"{r.Mean[s]:F3}±{r.Ci95[s]:F3}") : "diverged")]);
            sb.Append(PlainTable.Render(table));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The results of a JSON file written by <see cref="Json"/>.</summary>
    public static IReadOnlyList<MethodResult> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("results").Deserialize<MethodResult[]>(JsonOptions)!;
    }

    /// <summary>Writes options, results and memory figures as JSON.</summary>
    public static void Json(string path, ReproductionOptions options, IReadOnlyList<MethodResult> results, IReadOnlyList<MemoryResult>? memory)
    {
        var document = new
        {
            paper = "Finn, Abbeel, Levine 2017, section 5.1 (sinusoid regression)",
            options = new { options.MetaIterations, options.EvaluationTasks, options.EvaluationQueries, options.TestSteps, options.Shots, options.Seed },
            results,
            memory,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, JsonOptions));
    }

    /// <summary>One PNG per K of mean query MSE against test-time steps; returns the files written.</summary>
    public static IReadOnlyList<string> Plot(string path, IReadOnlyList<MethodResult> results)
    {
        var files = new List<string>();
        foreach (var group in results.GroupBy(r => r.Shots))
        {
            var plot = new ScottPlot.Plot();
            foreach (var r in group)
            {
                // A method that diverges (Meta-SGD and ANIL beyond the step count they were trained for) is drawn
                // up to its last finite point; the y axis is capped so that the others stay readable.
                var finite = r.Mean.TakeWhile(double.IsFinite).ToArray();
                var xs = Enumerable.Range(0, finite.Length).Select(s => (double)s).ToArray();
                var line = plot.Add.Scatter(xs, finite);
                line.LegendText = r.Method;
            }
            var top = group.SelectMany(r => r.Mean).Where(double.IsFinite).DefaultIfEmpty(1).Max();
            plot.Axes.SetLimits(0, group.First().Mean.Length - 1, 0, Math.Min(top, 5) * 1.05);
            plot.Title($"Sinusoid regression, K = {group.Key}");
            plot.XLabel("test-time gradient steps");
            plot.YLabel("mean query MSE");
            plot.ShowLegend(ScottPlot.Alignment.UpperRight);
            var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".",
                $"{Path.GetFileNameWithoutExtension(path)}_k{group.Key}{Path.GetExtension(path)}");
            plot.SavePng(file, 800, 500);
            files.Add(file);
        }
        return files;
    }
}
