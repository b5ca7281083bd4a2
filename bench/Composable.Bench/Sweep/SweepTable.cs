using System;
using System.IO;
using System.Linq;
using Composable.Reporting.Tables;
using static Composable.Bench.Reporting.ReportTable;

namespace Composable.Bench.Sweep;

/// <summary>The human-readable <see cref="SweepReport"/>: one row per point, then each side's GEMM rate and runtime.</summary>
internal static class SweepTable
{
    public static void Write(SweepReport report, TextWriter output)
    {
        var o = report.Options;
        output.WriteLine();
        output.WriteLine(Invariant($"Cost sweep: hard-sharing training step (64 -> W -> W, heads income / marital / age), generated vs PyTorch, {o.Threads} thread(s), {o.Rounds} interleaved rounds per point"));
        output.WriteLine();
        var table = PlainTable.Create(
            ">width", ">batch", ">GFLOP/step", ">steps/round", ">generated steps/s", ">pytorch steps/s", ">generated / pytorch", ">per-round median",
            ">target", "verdict", ">GEMM share .NET", ">GEMM share PyTorch", "kernel-bound", ">outside load");
        foreach (var p in report.Points)
        {
            var ratio = p.Ratio.Ratio is { } r ? Invariant($"{r:F3}") : "n/a";
            var roundMedian = p.Ratio.RoundMedian is { } m ? Invariant($"{m:F3}") : "";
            table.Row(
                Invariant($"{p.Width}"), Invariant($"{p.BatchSize}"), Invariant($"{p.GigaFlopsPerStep:F4}"), Invariant($"{p.StepsPerRound}"),
                Invariant($"{p.Generated.MedianStepsPerSecond:F1}"), p.PyTorch is { } py ? Invariant($"{py.MedianStepsPerSecond:F1}") : "n/a",
                ratio, roundMedian, Invariant($">= {SweepReport.Target:F2}"), p.Ratio.Ratio is { } value ? Verdict(value, SweepReport.Target) : $"({p.Ratio.Missing})",
                Invariant($"{p.GeneratedGemmShare:P0}"), p.PyTorchGemmShare is { } share ? Invariant($"{share:P0}") : "n/a",
                p.KernelBound, Invariant($"{p.OutsideLoad:P0}"));
        }
        output.Write(PlainTable.Render(table));
        output.WriteLine();
        output.WriteLine(Invariant($"  GEMM share: the step's GEMM work (GFLOP/step: forward, weight and input gradients) over the side's GEMM rate, times its steps/s; kernel-bound: the sides at >= {SweepPoint.KernelBoundShare:P0}"));
        var d = report.DotNetGemm;
        var pyTorchGemm = report.PyTorchGemm is { } g ? Invariant($"{g.GigaFlopsPerSecond:F1}") : "n/a";
        output.WriteLine(Invariant($"  GEMM rate, [{d.M}x{d.K}]·[{d.K}x{d.N}], best of {GemmRate.Groups} x {GemmRate.Products} products at every point, best over the sweep: .NET {d.GigaFlopsPerSecond:F1} GFLOP/s, PyTorch {pyTorchGemm} GFLOP/s"));
        WriteRuntimes(report.DotNet, report.PyTorch, report.PyTorchSkipped, output);
        var loads = report.Points.Select(p => p.OutsideLoad).Where(l => !double.IsNaN(l)).ToArray();
        if (loads.Length > 0)
            output.WriteLine(Invariant($"  Outside load (other processes, share of {Environment.ProcessorCount} cores), per point median: median {Measurement.Median.Of(loads):P0}, max {loads.Max():P0}; points above 10 %: {loads.Count(l => l > 0.10)} of {loads.Length}"));
    }
}
