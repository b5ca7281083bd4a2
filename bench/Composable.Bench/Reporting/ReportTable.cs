using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Composable.Bench.Measurement;
using Composable.Reporting.Tables;

namespace Composable.Bench.Reporting;

/// <summary>The human-readable summary of a <see cref="BenchReport"/>.</summary>
internal static class ReportTable
{
    public static void Write(BenchReport report, TextWriter output)
    {
        var o = report.Options;
        output.WriteLine();
        output.WriteLine(Invariant($"{Title(o, report.BatchSize)}, {o.Threads} thread(s): {o.Rounds} interleaved rounds x {o.StepsPerRound} steps after {o.WarmupSteps} warm-up steps"));
        output.WriteLine();
        var contenders = PlainTable.Create("contender", ">median steps/s", ">min", ">max", ">spread", ">loss start", ">loss end", ">peak RSS MB");
        foreach (var c in report.Contenders)
            contenders.Row(c.Name, Rate(c.MedianStepsPerSecond), Rate(c.MinStepsPerSecond), Rate(c.MaxStepsPerSecond),
                Invariant($"{c.RelativeSpread:P0}"), Invariant($"{c.InitialLoss:F5}"), Invariant($"{c.FinalLoss:F5}"), Invariant($"{c.PeakResidentMb:F0}"));
        output.Write(PlainTable.Render(contenders));
        output.WriteLine();
        var ratios = PlainTable.Create("ratio", ">of medians", ">per-round median", ">min-max", ">target", "verdict");
        foreach (var r in report.Ratios)
        {
            var target = r.Target is { } t ? Invariant($">= {t:F2}") : "";
            if (r.Ratio is { } ratio)
                ratios.Row(r.Label, Invariant($"{ratio:F3}"), Invariant($"{r.RoundMedian:F3}"), Invariant($"{r.RoundMin:F3}-{r.RoundMax:F3}"), target, Verdict(ratio, r.Target));
            else
                ratios.Row(r.Label, "n/a", "", "", target, $"({r.Missing})");
        }
        output.Write(PlainTable.Render(ratios));
        output.WriteLine();
        WriteRuntimes(report.DotNet, report.PyTorch, report.PyTorchSkipped, output);
        var environment = report.DotNet.Environment.Count == 0
            ? "none set"
            : string.Join(" ", report.DotNet.Environment.Select(kv => $"{kv.Key}={kv.Value}"));
        output.WriteLine($"  BLAS/OpenMP/malloc environment (inherited by the PyTorch children): {environment}");
        foreach (var (peer, variables) in report.PeerEnvironments)
            output.WriteLine($"  {peer} child only: {variables}");
        var loads = report.OutsideLoadPerRound.Where(l => !double.IsNaN(l)).ToArray();
        if (loads.Length > 0)
            output.WriteLine(Invariant($"  Outside load (other processes, share of {Environment.ProcessorCount} cores): median {Median.Of(loads):P0}, max {loads.Max():P0}; rounds above 10 %: {loads.Count(l => l > 0.10)} of {loads.Length}"));
        output.WriteLine("  peak RSS: a PyTorch peer's own process over its lifetime; a .NET contender's, the .NET process's high-water mark over one more step run alone after the rounds, once the C heap gave back its kept pages (it includes what the process holds live for every .NET contender)");
        output.WriteLine(Invariant($"  .NET RSS: start {report.Memory.StartMb:F0} MB, after warm-up {report.Memory.AfterWarmupMb:F0} MB, end {report.Memory.EndMb:F0} MB"));
    }

    /// <summary>What each side ran on: runtime, TorchSharp or torch version, threads, BLAS and heap (the .NET side's).</summary>
    public static void WriteRuntimes(DotNetRuntimeInfo dotNet, System.Text.Json.JsonElement? pyTorch, string? pyTorchSkipped, TextWriter output)
    {
        output.WriteLine(Invariant($"  .NET:    {dotNet.Runtime}, TorchSharp {dotNet.TorchSharp}, torch threads {dotNet.Threads}"));
        output.WriteLine(Invariant($"           BLAS {dotNet.Blas}"));
        output.WriteLine(Invariant($"           heap {dotNet.Heap}"));
        output.WriteLine(Invariant($"           convolutions {dotNet.Convolutions}"));
        if (pyTorch is { } py)
        {
            var openblas = py.GetProperty("openblas");
            var blas = openblas.ValueKind == System.Text.Json.JsonValueKind.Object && openblas.TryGetProperty("core", out var core)
                ? Invariant($"OpenBLAS core {core.GetString()}, {openblas.GetProperty("threads").GetInt32()} thread(s): {openblas.GetProperty("config").GetString()}")
                : "NOT OpenBLAS: " + string.Join(", ", py.GetProperty("blas_libraries").EnumerateArray().Select(e => e.GetString()))
                  + " (reference BLAS is ~10x slower; apt-get install -y libopenblas0-openmp)";
            output.WriteLine(Invariant($"  PyTorch: {py.GetProperty("torch").GetString()} (Python {py.GetProperty("python").GetString()}), torch threads {py.GetProperty("threads").GetInt32()}"));
            output.WriteLine(Invariant($"           BLAS {blas}"));
        }
        else
        {
            output.WriteLine($"  PyTorch: skipped: {pyTorchSkipped}");
        }
    }

    private static string Title(BenchOptions o, int batchSize) => o.Model switch
    {
        "mmoe" => Invariant($"MMoE (100 -> 8 experts [16], 2 towers [8]) training step, batch {batchSize}"),
        "maml" => "MAML meta-step (sinusoid 1-40-40-1 ReLU, meta-batch 25, K = 10 + 10 query, 1 inner step, Adam; loss = post-adaptation query MSE)",
        "objectives" => Invariant($"Hard-sharing training step, batch {batchSize}, every task weighted 1, by objective (EW, PCGrad, MGDA-UB, CAGrad c 0.4, Nash-MTL)"),
        "conv-sharing" => Invariant($"Conv hard-sharing training step (1x28x28 -> 4 conv blocks of 64 -> trunk [256] -> 3 heads), batch {batchSize}"),
        "conv-maml" => Invariant($"Conv MAML meta-step (5-way 1-shot, 15 queries per class, 28x28 glyphs, 4 conv blocks of 64 + linear head, meta-batch {o.MetaBatch}, 1 inner step at 0.4, Adam; loss = post-adaptation query cross-entropy)"),
        "protonet" => "ProtoNet training episode (5-way 5-shot, 15 queries per class, 28x28 glyphs, 4 conv blocks of 64; support and query forwards, Adam; loss = query cross-entropy)",
        _ => Invariant($"Hard-sharing training step, batch {batchSize}"),
    };

    /// <summary>Steps/s with one decimal, or three significant digits below 10 (a conv MAML meta-step takes seconds).</summary>
    public static string Rate(double stepsPerSecond) =>
        stepsPerSecond >= 10 || stepsPerSecond == 0 ? Invariant($"{stepsPerSecond:F1}") : stepsPerSecond.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>"met" or "NOT met" against the target, or empty without one.</summary>
    public static string Verdict(double ratio, double? target) =>
        target is { } t ? (ratio >= t ? "met" : "NOT met") : "";

    /// <summary>The text formatted with the invariant culture, as every figure the bench prints.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
