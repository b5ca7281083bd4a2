using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

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
            sb.Append($"{"method",-11}");
            for (var s = 0; s < steps; s++) sb.Append(CultureInfo.InvariantCulture, $"{"n=" + s,16}");
            sb.AppendLine();
            foreach (var r in group)
            {
                sb.Append($"{r.Method,-11}");
                for (var s = 0; s < steps; s++)
                    sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,16}", $"{r.Mean[s]:F3}±{r.Ci95[s]:F3}"));
                sb.AppendLine();
            }
            sb.AppendLine();
        }
        return sb.ToString();
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
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
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
                var xs = Enumerable.Range(0, r.Mean.Length).Select(s => (double)s).ToArray();
                var line = plot.Add.Scatter(xs, r.Mean);
                line.LegendText = r.Method;
            }
            plot.Title($"Sinusoid regression, K = {group.Key}");
            plot.XLabel("test-time gradient steps");
            plot.YLabel("mean query MSE");
            plot.ShowLegend();
            var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".",
                $"{Path.GetFileNameWithoutExtension(path)}_k{group.Key}{Path.GetExtension(path)}");
            plot.SavePng(file, 800, 500);
            files.Add(file);
        }
        return files;
    }
}
