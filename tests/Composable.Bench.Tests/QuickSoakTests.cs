using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Composable.Bench.Soak;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>
/// <c>--soak --quick</c> prints a table per family and one for the create / fit / dispose loop, each row of figures read
/// from the process, each table with its verdict line. Whether memory stays flat is the full soak's to print, not asserted here.
/// </summary>
public sealed class QuickSoakTests
{
    [Fact]
    public void Quick_soak_prints_every_family_and_the_loop_with_numeric_readings_and_a_verdict()
    {
        var options = BenchCommandLine.Parse(["--soak", "--quick", "--threads", "1"], TextWriter.Null, TextWriter.Null).Options!;
        var output = new StringWriter();

        var report = SoakRun.Execute(options, TextWriter.Null);
        SoakTable.Write(report, output);

        var text = output.ToString();
        Assert.Equal(["hard sharing", "MMoE", "MAML", "ProtoNet"], report.Families.Select(f => f.Family));
        foreach (var family in report.Families.Where(f => f.Skipped is null))
        {
            Assert.Equal(options.SoakSteps / options.SoakEvery, family.Readings.Count);
            Assert.True(family.Start!.ResidentMb > 0);
            // The trainer's parameters and moments, at least, are live from the warm-up on.
            Assert.All(family.Readings.Prepend(family.AfterWarmup!), r => Assert.True(r.ResidentMb > 0 && r.LiveTensors > family.Start.LiveTensors, $"{family.Family}: {r}"));
            Assert.Matches($@"(?m)^{Regex.Escape(family.Family)} \(", text);
        }
        Assert.Equal([1, 10, options.SoakCycles], report.Cycles.Readings.Select(r => (int)r.At));
        // Every row of every table: a step or iteration, then RSS MB and live tensors as numbers, then signed percentages,
        // then the managed heap's committed MB and the C heap's MB in use.
        var rows = Regex.Matches(text, @"(?m)^\|\s+(start|\d+(?: \(after warm-up\))?)\s+\|\s+([^|]+?)\s+\|\s+([^|]+?)\s+\|\s+([^|]*?)\s+\|\s+([^|]*?)\s+\|\s+([^|]+?)\s+\|\s+([^|]+?)\s+\|$");
        var expectedRows = report.Families.Where(f => f.Skipped is null).Sum(f => f.Readings.Count + 2) + report.Cycles.Readings.Count;
        Assert.Equal(expectedRows, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.True(double.TryParse(row.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), row.Value);
            Assert.True(long.TryParse(row.Groups[3].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), row.Value);
            foreach (var change in new[] { row.Groups[4].Value, row.Groups[5].Value }.Where(c => c.Length > 0))
                Assert.Matches(@"^[+-]?\d+\.\d %$", change);
            foreach (var part in new[] { row.Groups[6].Value, row.Groups[7].Value })
                Assert.True(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var mb) && mb > 0, row.Value);
        });
        Assert.Equal(report.Families.Count(f => f.Skipped is null), Regex.Matches(text, @"(?m)^  flat within 5 %: (met|missed) \(").Count);
        Assert.Matches(@"(?m)^  growth from iteration 10 to 12 within 5 %: (met|missed) \(", text);
    }

    [Fact]
    public void A_skipped_family_still_writes_its_report_as_json()
    {
        var skipped = new FamilySoak("ProtoNet", "no glyph data", null, null, [], double.NaN, double.NaN);
        var report = new SoakReport(System.DateTimeOffset.Now, BenchOptions.Quick, Reporting.DotNetRuntimeInfo.Capture(new Composable.Training.HeapSetting(false, "defaults"), "native"),
            [skipped], new CycleSoak("hard sharing", 1, 20, 10, [new SoakReading(1, 100, 4, 20, 50)], double.NaN));

        var json = System.Text.Json.JsonSerializer.Serialize(report, Reporting.BenchReportJson.Default.SoakReport);

        Assert.Contains("\"skipped\": \"no glyph data\"", json);
        Assert.Contains("\"NaN\"", json);
    }
}
