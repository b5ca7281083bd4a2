using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Examples.NegativeTransfer;
using Xunit;

namespace Composable.NegativeTransfer.Tests;

/// <summary>The study's --quick mode runs end to end and writes every number, the table and the plot.</summary>
public sealed class NegativeTransferStudyTests
{
    [Fact]
    public void Quick_study_writes_table_json_and_plot_for_every_topology_correlation_and_seed()
    {
        var folder = Directory.CreateTempSubdirectory("negative-transfer-");
        try
        {
            var json = Path.Combine(folder.FullName, "study.json");
            var output = new StringWriter();

            var code = Cli.Run(new[] { "--quick", "--out", json }, output, TextWriter.Null);

            Assert.Equal(0, code);
            var text = output.ToString();
            Assert.Contains("[ 42/42]", text);
            foreach (var topology in new[] { "Independent", "Hard sharing", "Soft sharing", "Cross-stitch", "OMoE", "MMoE", "PLE" })
                Assert.Contains(topology, text.Split("Test MSE, mean ± std")[1]);
            Assert.True(new FileInfo(Path.ChangeExtension(json, ".png")).Length > 10_000);

            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var runs = document.RootElement.GetProperty("runs").EnumerateArray().ToArray();
            Assert.Equal(7 * 3 * 2, runs.Length);
            Assert.All(runs, run => Assert.All(run.GetProperty("testMse").EnumerateArray(), mse => Assert.InRange(mse.GetDouble(), 1e-4, 1.0)));
            var summaries = document.RootElement.GetProperty("summaries").EnumerateArray().ToArray();
            Assert.Equal(7 * 3 * 2, summaries.Length);
            var counts = document.RootElement.GetProperty("parameterCounts").EnumerateObject().Select(p => p.Value.GetInt64()).ToArray();
            Assert.InRange(counts.Max() / (double)counts.Min(), 1.0, 1.3); // about the same parameter budget

            // Δp per sharing topology and correlation: both tasks' seed-mean MSE against Independent's, lower is better.
            var deltaP = document.RootElement.GetProperty("deltaP").EnumerateArray().ToArray();
            Assert.Equal(6 * 3, deltaP.Length);
            Assert.DoesNotContain(deltaP, d => d.GetProperty("topology").GetString() == "Independent");
            double MeanMse(string topology, double p, int task) => runs
                .Where(r => r.GetProperty("topology").GetString() == topology && r.GetProperty("correlation").GetDouble() == p)
                .Average(r => r.GetProperty("testMse")[task].GetDouble());
            foreach (var d in deltaP)
            {
                var (topology, p) = (d.GetProperty("topology").GetString()!, d.GetProperty("correlation").GetDouble());
                var expected = Enumerable.Range(0, 2).Average(task => -(MeanMse(topology, p, task) - MeanMse("Independent", p, task)) / MeanMse("Independent", p, task) * 100);
                Assert.Equal(expected, d.GetProperty("percent").GetDouble(), 9);
            }
            var deltaPRows = text.Split('\n').Where(l => l.Contains(Report.DeltaPLabel, StringComparison.Ordinal)).ToArray();
            Assert.Equal(6, deltaPRows.Length);
            Assert.All(deltaPRows, row => Assert.Equal(3, row.Count(c => c == '%')));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Independent_towers_do_not_depend_on_the_other_task_so_task1_is_the_same_for_every_correlation()
    {
        var options = StudyCommandLine.Read(StudyCommandLine.Command.Parse(new[] { "--quick", "--seeds", "1", "--steps", "20", "--train", "200", "--test", "100" }));
        var result = Study.Run(options, TextWriter.Null);

        var task1 = result.Runs.Where(r => r.Topology == "Independent").Select(r => r.TestMse[0]).Distinct().ToArray();
        Assert.Single(task1);
    }
}
