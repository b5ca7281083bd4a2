using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Examples.ObjectivesStudy;
using Xunit;

namespace ObjectivesStudy.Tests;

/// <summary>The --conflicts mode trains under the conflict monitor and writes each task pair's cosines and norm ratios.</summary>
public sealed class ConflictsTests
{
    [Fact]
    public void Quick_conflicts_run_records_every_pair_of_every_setting_and_seed_into_a_new_folder()
    {
        var folder = Directory.CreateTempSubdirectory("objectives-conflicts-");
        try
        {
            var json = Path.Combine(folder.FullName, "nested", "conflicts.json"); // a folder that does not exist yet
            var output = new StringWriter();

            Assert.Equal(0, Cli.Run(["--conflicts", "--quick", "--settings", "low,tour", "--out", json], output, TextWriter.Null));

            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var traces = document.RootElement.EnumerateArray().ToArray();
            // low: 2 tasks (1 pair); tour: 3 tasks (3 pairs); 2 seeds each.
            Assert.Equal(2 * 1 + 2 * 3, traces.Length);
            foreach (var trace in traces)
            {
                var points = trace.GetProperty("points").EnumerateArray().ToArray();
                Assert.Equal(1, points[0].GetProperty("step").GetInt64());
                Assert.True(points.Length >= 10, $"{points.Length} measurements");
                Assert.All(points, p => Assert.InRange(p.GetProperty("cosine").GetDouble(), -1.0, 1.0));
                Assert.All(points, p => Assert.True(p.GetProperty("normRatio").GetDouble() > 0));
            }
            Assert.Contains("| tour | 1 | Demand–Churn |", output.ToString());
            Assert.True(new FileInfo(Path.ChangeExtension(json, ".png")).Length > 10_000);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
