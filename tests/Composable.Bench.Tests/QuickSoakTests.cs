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
        // then the managed heap's committed MB, the C heap's MB in use, the JIT's methods and the live managed MB.
        var rows = Regex.Matches(text, @"(?m)^\|\s+(start|\d+(?: \(after warm-up\))?)\s+\|\s+([^|]+?)\s+\|\s+([^|]+?)\s+\|\s+([^|]*?)\s+\|\s+([^|]*?)\s+\|\s+([^|]+?)\s+\|\s+([^|]+?)\s+\|\s+([^|]+?)\s+\|\s+([^|]+?)\s+\|$");
        var expectedRows = report.Families.Where(f => f.Skipped is null).Sum(f => f.Readings.Count + 2) + report.Cycles.Readings.Count;
        Assert.Equal(expectedRows, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.True(double.TryParse(row.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), row.Value);
            Assert.True(long.TryParse(row.Groups[3].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), row.Value);
            foreach (var change in new[] { row.Groups[4].Value, row.Groups[5].Value }.Where(c => c.Length > 0))
                Assert.Matches(@"^[+-]?\d+\.\d %$", change);
            foreach (var part in new[] { row.Groups[7].Value, row.Groups[9].Value })
                Assert.True(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var mb) && mb > 0, row.Value);
            // Committed managed memory is 0 until the first collection; the JIT has compiled this very test by then.
            Assert.True(double.TryParse(row.Groups[6].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var committed) && committed >= 0, row.Value);
            Assert.True(long.TryParse(row.Groups[8].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var methods) && methods > 0, row.Value);
        });
        Assert.Equal(report.Families.Count(f => f.Skipped is null), Regex.Matches(text, @"(?m)^  flat within 5 %: (met|missed) \(").Count);
        Assert.Matches(@"(?m)^  growth from iteration 10 to 12, the JIT's tier-up included: RSS [+-]?\d+\.\d %, live tensors [+-]?\d+\.\d %$", text);
        Assert.Matches(@"(?m)^  the JIT settled at iteration (10|12) \(", text);
        Assert.Matches(@"(?m)^  growth from iteration (10|12) to 12 within 5 %: (met|missed) \(", text);
    }

    private static SoakReading At(long iteration, double residentMb, long jitMethods) => new(iteration, residentMb, 4, 20, 50, jitMethods, 0.4);

    [Fact]
    public void The_loop_is_judged_from_where_the_JIT_settled_and_its_rise_before_that_is_still_reported()
    {
        // The JIT compiles 100 methods per iteration up to 150, then 0.2: it settles at 150, where RSS has risen 20 %.
        var loop = new CycleSoak("hard sharing", 1000, 20, 10,
            [At(1, 95, 1000), At(10, 100, 1100), At(100, 115, 4000), At(150, 120, 9000), At(200, 120.5, 9010), At(1000, 121, 9170)], double.NaN);

        Assert.Equal(150, loop.Settled.At);
        Assert.True(loop.SettledEarly);
        Assert.Equal(0.21, loop.ResidentGrowth, 6);
        Assert.Equal(121.0 / 120 - 1, loop.SettledResidentGrowth, 6);
        Assert.True(loop.NoGrowth);
    }

    [Fact]
    public void A_loop_that_grows_after_the_JIT_settled_or_whose_JIT_settles_late_is_a_miss()
    {
        var leaking = new CycleSoak("hard sharing", 1000, 20, 10,
            [At(10, 100, 1100), At(100, 110, 4000), At(500, 120, 4050), At(1000, 130, 4100)], double.NaN);
        var settlingLate = new CycleSoak("hard sharing", 200, 20, 10,
            [At(10, 100, 1100), At(100, 110, 4000), At(150, 111, 4100), At(200, 111, 4110)], double.NaN);

        Assert.Equal(100, leaking.Settled.At);
        Assert.False(leaking.NoGrowth);
        Assert.Equal(150, settlingLate.Settled.At);
        Assert.False(settlingLate.SettledEarly);
        Assert.False(settlingLate.NoGrowth);
    }

    [Fact]
    public void A_skipped_family_still_writes_its_report_as_json()
    {
        var skipped = new FamilySoak("ProtoNet", "no glyph data", null, null, [], double.NaN, double.NaN);
        var report = new SoakReport(System.DateTimeOffset.Now, BenchOptions.Quick, Reporting.DotNetRuntimeInfo.Capture(new Composable.Training.HeapSetting(false, "defaults"), "native"),
            [skipped], new CycleSoak("hard sharing", 1, 20, 10, [new SoakReading(1, 100, 4, 20, 50, 1000, 0.4)], double.NaN));

        var json = System.Text.Json.JsonSerializer.Serialize(report, Reporting.BenchReportJson.Default.SoakReport);

        Assert.Contains("\"skipped\": \"no glyph data\"", json);
        Assert.Contains("\"NaN\"", json);
    }
}
