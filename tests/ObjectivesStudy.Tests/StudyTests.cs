using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable;
using Composable.Examples.ObjectivesStudy;
using Xunit;

namespace ObjectivesStudy.Tests;

/// <summary>The study's --quick mode runs end to end and writes every number, the table and the plot.</summary>
public sealed class StudyTests
{
    [Fact]
    public void Quick_study_writes_every_method_setting_and_seed_with_finite_metrics_a_zero_baseline_delta_and_replots_from_its_json()
    {
        var folder = Directory.CreateTempSubdirectory("objectives-study-");
        try
        {
            var json = Path.Combine(folder.FullName, "study.json");
            var output = new StringWriter();

            Assert.Equal(0, Cli.Run(["--quick", "--out", json], output, TextWriter.Null));

            var methods = Method.All.Select(m => m.Name).ToArray();
            var settings = Settings.Names;
            const int seeds = StudyCommandLine.QuickSeeds;
            var tables = output.ToString().Split("Δp against Independent (positive is better) per seed");
            Assert.Equal(settings.Count + 1, tables.Length);
            Assert.All(tables.Skip(1), table => Assert.All(methods, m => Assert.Contains($"| {m} ", table)));
            Assert.True(new FileInfo(Path.ChangeExtension(json, ".png")).Length > 10_000);

            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var runs = document.RootElement.GetProperty("runs").EnumerateArray().Select(r => (
                Setting: r.GetProperty("setting").GetString()!,
                Method: r.GetProperty("method").GetString()!,
                Seed: r.GetProperty("seed").GetInt32(),
                Metrics: r.GetProperty("metrics").EnumerateArray().Select(m => m.GetDouble()).ToArray(),
                DeltaP: r.GetProperty("deltaP").GetDouble())).ToArray();
            var expected = from s in settings from m in methods from seed in Enumerable.Range(1, seeds) select (s, m, seed);
            Assert.Equal(expected.OrderBy(x => x).ToArray(), runs.Select(r => (r.Setting, r.Method, r.Seed)).OrderBy(x => x).ToArray());
            Assert.All(runs, r => Assert.All(r.Metrics, m => Assert.True(double.IsFinite(m) && m > 0, $"{r.Setting} {r.Method} seed {r.Seed}: metric {m}")));
            Assert.All(runs, r => Assert.True(double.IsFinite(r.DeltaP), $"{r.Setting} {r.Method} seed {r.Seed}: Δp {r.DeltaP}"));
            Assert.All(runs.Where(r => r.Method == Method.BaselineName), r => Assert.Equal(0.0, r.DeltaP));
            // The tour's classification tasks report accuracies.
            Assert.All(runs.Where(r => r.Setting == "tour"), r => Assert.All(r.Metrics.Skip(1), a => Assert.InRange(a, 0.0, 1.0)));
            var summaries = document.RootElement.GetProperty("summaries").EnumerateArray().ToArray();
            Assert.Equal(settings.Count * methods.Length, summaries.Length);

            // --replot prints the same tables from the JSON alone, and plots them again.
            var replotted = new StringWriter();
            var png = Path.Combine(folder.FullName, "again.png");
            Assert.Equal(0, Cli.Run(["--replot", json, "--plot", png], replotted, TextWriter.Null));
            Assert.Equal(Tables(output.ToString()), Tables(replotted.ToString()));
            Assert.True(new FileInfo(png).Length > 10_000);
            Assert.All(summaries.Where(s => s.GetProperty("method").GetString() == Method.BaselineName),
                s => Assert.Equal((0.0, 0.0), (s.GetProperty("deltaPMean").GetDouble(), s.GetProperty("deltaPOfMeans").GetDouble())));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The tables of an output: from the line of the first table's title to the first "Wrote".</summary>
    private static string Tables(string output)
    {
        var start = output.LastIndexOf('\n', output.IndexOf("Test metrics", StringComparison.Ordinal)) + 1;
        return output[start..output.IndexOf("Wrote", StringComparison.Ordinal)];
    }

    [Fact]
    public void Runs_repeat_exactly_for_a_seed_and_differ_between_seeds()
    {
        var setting = Settings.All[0];
        var budget = setting.Budget with { Steps = 5, TrainExamples = 64, TestExamples = 64 };
        var hard = Method.All[1];

        double[] Metrics(int seed) => Study.Train(setting, hard, seed, budget).Test.Tasks.Select(t => t.Headline.Value).ToArray();
        var first = Metrics(1);
        var again = Metrics(1);
        var other = Metrics(2);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }
}
