using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Evaluation;
using MultiTaskTour.Cli;
using MultiTaskTour.Reporting;
using MultiTaskTour.Running;
using Xunit;

namespace Composable.Examples.Tests;

/// <summary>The quick tour runs every topology and reports numbers that are sane and the same in text and JSON.</summary>
public sealed class TourReportTests(QuickTour tour) : IClassFixture<QuickTour>
{
    private static readonly string[] TaskNames = ["Demand", "Churn", "Segment"];

    [Fact]
    public void Quick_tour_succeeds_and_says_where_the_json_went()
    {
        Assert.Equal(TourCommand.Ok, tour.ExitCode);
        Assert.Equal("", tour.Error);
        Assert.Contains($"Results written to {tour.JsonFile}", tour.Output);
    }

    [Fact]
    public void Table_has_a_row_per_topology_baseline_first_and_a_column_per_task()
    {
        var table = TableLines();
        var header = table[0];
        foreach (var task in TaskNames)
            Assert.Contains(task, header);
        Assert.Contains("Demand MSE ↓", header);
        Assert.Contains("Churn accuracy ↑", header);
        Assert.Contains("Segment accuracy ↑", header);

        var rows = table.Skip(2).ToArray();
        Assert.Equal(Topologies.All.Select(t => t.Name), rows.Select(r => Cells(r)[0]));
        Assert.Equal("Independent", Cells(rows[0])[0]);
        Assert.DoesNotContain("(", rows[0]);
        foreach (var row in rows.Skip(1))
            Assert.Equal(TaskNames.Length, row.Split('(').Length - 1);
    }

    [Fact]
    public void Every_topology_reports_every_task_with_finite_metrics_in_range()
    {
        Assert.Equal(Topologies.All.Select(t => t.Name), tour.Report.Topologies.Select(t => t.Name));
        foreach (var topology in tour.Report.Topologies)
        {
            Assert.Equal(TaskNames, topology.Tasks.Select(t => t.Task));
            Assert.True(topology.Seconds > 0 && double.IsFinite(topology.Seconds), $"{topology.Name}: {topology.Seconds} s");
            Assert.True(double.IsFinite(topology.FinalTrainLoss) && topology.FinalTrainLoss > 0, $"{topology.Name}: loss {topology.FinalTrainLoss}");
            foreach (var task in topology.Tasks)
            {
                Assert.True(double.IsFinite(task.Loss) && task.Loss >= 0, $"{topology.Name}.{task.Task}: loss {task.Loss}");
                foreach (var (name, value) in task.Metrics)
                {
                    var metric = Enum.Parse<Metric>(name);
                    Assert.True(double.IsFinite(value), $"{topology.Name}.{task.Task}.{name} = {value}");
                    var (low, high) = metric switch
                    {
                        Metric.MeanSquaredError or Metric.MeanAbsoluteError or Metric.LogLoss => (0.0, double.MaxValue),
                        Metric.RSquared => (double.MinValue, 1.0),
                        _ => (0.0, 1.0),
                    };
                    Assert.InRange(value, low, high);
                }
            }
        }
        Assert.Equal(["MeanSquaredError", "MeanAbsoluteError", "RSquared"], tour.Report.Topologies[0].Tasks[0].Metrics.Keys);
        Assert.Equal(["Accuracy", "AreaUnderRoc", "LogLoss"], tour.Report.Topologies[0].Tasks[1].Metrics.Keys);
        Assert.Equal(["Accuracy", "MacroF1", "LogLoss"], tour.Report.Topologies[0].Tasks[2].Metrics.Keys);
    }

    [Fact]
    public void Every_topology_trains_for_the_same_quick_budget()
    {
        var quick = TourOptions.Quick;
        var stepsPerEpoch = (quick.Examples + quick.BatchSize - 1) / quick.BatchSize;
        Assert.All(tour.Report.Topologies, t => Assert.Equal((long)quick.Epochs * stepsPerEpoch, t.Steps));
        Assert.Equal(quick.Examples, tour.Report.TrainExamples);
        Assert.Equal(quick.TestExamples, tour.Report.TestExamples);
        Assert.Equal(quick with { OutputFile = tour.JsonFile }, tour.Report.Options);
    }

    [Fact]
    public void Json_matches_the_printed_table_number_for_number()
    {
        var rows = TableLines().Skip(2).ToDictionary(r => Cells(r)[0]);
        foreach (var topology in tour.Report.Topologies)
        {
            var cells = Cells(rows[topology.Name]);
            Assert.Equal(topology.Parameters.ToString("N0", CultureInfo.InvariantCulture), cells[1]);
            for (var t = 0; t < TaskNames.Length; t++)
            {
                var task = topology.Tasks[t];
                var printed = cells[2 + t].Split(' ')[0];
                Assert.Equal(task.Metrics[task.Headline].ToString("F4", CultureInfo.InvariantCulture), printed);
                if (task.VersusBaseline is { } comparison)
                    Assert.EndsWith(comparison.Verdict.ToString().ToLowerInvariant(), cells[2 + t]);
            }
            Assert.Equal(topology.DeltaP is { } deltaP ? ResultTable.Percent(deltaP) : ResultTable.NotApplicable, cells[^2]);
            Assert.Equal(topology.Seconds.ToString("F1", CultureInfo.InvariantCulture), cells[^1]);
        }
        Assert.Contains("Δp ↑", TableLines()[0]);
    }

    [Fact]
    public void Delta_p_is_the_mean_headline_improvement_over_the_baseline_counted_positive_when_better()
    {
        var baseline = tour.Report.Topologies[0];
        Assert.Null(baseline.DeltaP);
        foreach (var topology in tour.Report.Topologies.Skip(1))
        {
            var improvements = topology.Tasks.Zip(baseline.Tasks, (task, reference) =>
            {
                var sign = Metrics.HigherIsBetter(Enum.Parse<Metric>(task.Headline)) ? 1 : -1;
                var expected = reference.Metrics[task.Headline];
                return sign * (task.Metrics[task.Headline] - expected) / Math.Abs(expected) * 100;
            });
            Assert.Equal(improvements.Average(), topology.DeltaP!.Value, 9);
        }
        using var document = JsonDocument.Parse(tour.Json);
        var topologies = document.RootElement.GetProperty("topologies");
        Assert.Equal(JsonValueKind.Null, topologies[0].GetProperty("delta_p").ValueKind);
        Assert.Equal(tour.Report.Topologies[1].DeltaP, topologies[1].GetProperty("delta_p").GetDouble());
    }

    [Fact]
    public void Json_is_snake_case_and_compares_headlines_with_the_baseline_by_their_direction()
    {
        using var document = JsonDocument.Parse(tour.Json);
        var root = document.RootElement;
        Assert.Equal("Independent", root.GetProperty("baseline").GetString());
        Assert.Equal(2, root.GetProperty("options").GetProperty("epochs").GetInt32());
        var baseline = tour.Report.Topologies[0];
        foreach (var topology in tour.Report.Topologies.Skip(1))
        {
            for (var t = 0; t < TaskNames.Length; t++)
            {
                var task = topology.Tasks[t];
                var comparison = task.VersusBaseline!;
                var expected = baseline.Tasks[t].Metrics[task.Headline];
                Assert.Equal(expected, comparison.Baseline);
                var value = task.Metrics[task.Headline];
                var higherIsBetter = Metrics.HigherIsBetter(Enum.Parse<Metric>(task.Headline));
                var expectedVerdict = value == expected ? Verdict.Same : (value > expected) == higherIsBetter ? Verdict.Better : Verdict.Worse;
                Assert.Equal(expectedVerdict, comparison.Verdict);
                Assert.Equal((value - expected) / Math.Abs(expected), comparison.RelativeChange!.Value, 12);
            }
        }
        Assert.Equal(JsonValueKind.Null, root.GetProperty("topologies")[0].GetProperty("tasks")[0].GetProperty("versus_baseline").ValueKind);
        foreach (var topology in root.GetProperty("topologies").EnumerateArray().Skip(1))
            foreach (var task in topology.GetProperty("tasks").EnumerateArray())
                Assert.Contains(task.GetProperty("versus_baseline").GetProperty("verdict").GetString(), new[] { "Better", "Worse", "Same" });
    }

    [Fact]
    public void Parameter_counts_of_the_built_models_match_the_generated_graphs()
    {
        foreach (var (topology, result) in Topologies.All.Zip(tour.Report.Topologies))
        {
            var graphCount = long.Parse(topology.ParameterSummary.Split(' ')[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            Assert.Equal(graphCount, result.Parameters);
            Assert.Contains(topology.ParameterSummary, tour.Output);
        }
    }

    [Fact]
    public void Progress_lines_name_every_topology_and_reach_the_whole_budget()
    {
        var lines = tour.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var topology in Topologies.All)
        {
            var header = lines.IndexOf($"  {topology.Name}");
            Assert.True(header >= 0, $"no progress of {topology.Name}:\n{tour.Output}");
            var fit = lines.Skip(header + 1).TakeWhile(l => l.StartsWith("step ", StringComparison.Ordinal) || l.StartsWith("epoch ", StringComparison.Ordinal) || l.StartsWith("done:", StringComparison.Ordinal));
            Assert.Contains(fit, line => line.Contains("(100%)"));
        }
        Assert.DoesNotContain("\r", tour.Output.Replace(Environment.NewLine, "\n"));
    }

    /// <summary>The cells of a Markdown table row.</summary>
    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|', StringSplitOptions.TrimEntries);

    private string[] TableLines()
    {
        var lines = tour.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var title = lines.FindIndex(l => l.StartsWith(ResultTable.Title, StringComparison.Ordinal));
        Assert.True(title >= 0, "no table in the output:\n" + tour.Output);
        return lines.Skip(title + 1).TakeWhile(l => l.Length > 0).ToArray();
    }
}
