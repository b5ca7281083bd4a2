using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Composable.Reporting.Tables;

namespace Composable.Examples.ObjectiveToy;

/// <summary>The toy's tables and JSON.</summary>
public static class Report
{
    /// <summary>Per setting, one row per method and start: where the run ended, its losses, residual and whether (and when) it got to the Pareto set; then per method how many starts did.</summary>
    public static string Tables(ToyStudyResult result)
    {
        var text = new StringBuilder();
        var tolerance = result.Options.Tolerance.ToString("G3", CultureInfo.InvariantCulture);
        var distance = result.Options.Distance.ToString("G3", CultureInfo.InvariantCulture);
        foreach (var problem in result.Options.Problems.Select(ToyStudy.Problem))
        {
            var runs = result.Runs.Where(r => r.Problem == problem.Name).ToArray();
            text.AppendLine(Invariant($"{problem.Source}: f1 scaled by {problem.FirstLossScale}, Adam lr {problem.LearningRate}, {result.Options.StepsFor(problem):N0} steps."));
            text.AppendLine($"stationary: ‖min-norm point of {{∇f1, ∇f2}}‖ < {tolerance} at the end; on set: the end within {distance} of the Pareto set; first: the first step at which both held.");
            var table = PlainTable.Create("method", "start", "end θ", ">f1", ">f2", ">residual", "stationary", ">dist. to set", "on set", ">first");
            foreach (var run in runs)
                table.Row(run.Method, Point(run.Start), Point(run.End), Invariant($"{run.F1:F4}"), Invariant($"{run.F2:F4}"), Invariant($"{run.Residual:E1}"),
                    YesNo(run.Stationary), Invariant($"{run.DistanceToParetoSet:F4}"), YesNo(run.OnParetoSet),
                    run.FirstReachedStep is { } first ? Invariant($"{first:N0}") : "-");
            text.Append(PlainTable.Render(table));
            text.AppendLine();
            var summary = PlainTable.Create("method", ">stationary at the end", ">on the set at the end", ">both at the end", ">both at some step");
            foreach (var method in runs.Select(r => r.Method).Distinct())
            {
                var own = runs.Where(r => r.Method == method).ToArray();
                summary.Row(method, Count(own, r => r.Stationary), Count(own, r => r.OnParetoSet), Count(own, r => r.Stationary && r.OnParetoSet),
                    Count(own, r => r.FirstReachedStep is not null));
            }
            text.Append(PlainTable.Render(summary));
            text.AppendLine();
        }
        text.AppendLine(Invariant($"{result.Runs.Count} runs in {result.Seconds:F1} s."));
        return text.ToString();
    }

    /// <summary>Writes the options, the Pareto set and every run (with its trajectory) as JSON.</summary>
    public static void WriteJson(ToyStudyResult result, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(result, JsonOptions));
    }

    /// <summary>How the JSON is written and read back: camelCase, compact, points as [x, y], non-finite numbers as strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new PlaneVectorJsonConverter() },
    };

    private static string Count(ToyRunResult[] runs, Func<ToyRunResult, bool> which) => Invariant($"{runs.Count(which)}/{runs.Length}");

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Point(PlaneVector p) => Invariant($"({p.X:F3}, {p.Y:F3})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
