using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Composable.Bench.Peers;
using Composable.Bench.Sweep;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>
/// <c>--sweep --quick</c> prints a row per point of its small grid with every figure a number, and both sides start each
/// point from the same loss (the same model). Whether a point meets its target is the full sweep's to print, not asserted here.
/// </summary>
public sealed class QuickSweepTests
{
    [Fact]
    public void Quick_sweep_prints_a_row_of_numbers_per_point_and_each_point_compares_the_same_model()
    {
        var options = BenchCommandLine.Parse(["--sweep", "--quick", "--rounds", "2", "--threads", "1"], TextWriter.Null, TextWriter.Null).Options!;
        var output = new StringWriter();

        var report = SweepRun.Execute(options, TextWriter.Null);
        SweepTable.Write(report, output);

        var grid = SweepRun.QuickWidths.SelectMany(w => SweepRun.QuickBatchSizes.Select(b => (w, b))).ToArray();
        Assert.Equal(grid, report.Points.Select(p => (p.Width, p.BatchSize)));
        Assert.True(report.DotNetGemm.GigaFlopsPerSecond > 0);
        var rows = Regex.Matches(output.ToString(), @"(?m)^\|\s+(\d+) \|\s+(\d+) \|(.*)\|$");
        Assert.Equal(grid.Length, rows.Count);
        foreach (Match row in rows)
        {
            var cells = row.Groups[3].Value.Split('|').Select(c => c.Trim()).ToArray();
            // GFLOP/step, steps/round, generated steps/s, then (with PyTorch) its steps/s, both ratios; the target; both GEMM shares; the outside load.
            Assert.All(new[] { cells[0], cells[1], cells[2] }, c => Assert.True(double.Parse(c, CultureInfo.InvariantCulture) > 0, row.Value));
            Assert.Equal(">= 1.00", cells[6]);
            Assert.Matches(@"^\d+ %$", cells[8]);
            Assert.Matches(@"^\d+ %$", cells[11]);
            if (report.PyTorch is null) continue;
            Assert.All(new[] { cells[3], cells[4], cells[5] }, c => Assert.True(double.Parse(c, CultureInfo.InvariantCulture) > 0, row.Value));
            Assert.Matches("^(met|NOT met)$", cells[7]);
            Assert.Matches(@"^\d+ %$", cells[9]);
        }
        if (report.PyTorch is null)
        {
            Assert.Contains(PyTorchPeer.InstallHint, report.PyTorchSkipped, StringComparison.Ordinal);
            return;
        }
        Assert.True(report.PyTorchGemm!.GigaFlopsPerSecond > 0);
        Assert.All(report.Points, p => Assert.Equal(p.Generated.InitialLoss, p.PyTorch!.InitialLoss, 4));
    }
}
