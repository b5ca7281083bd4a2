using System;
using System.Collections.Generic;
using System.Text.Json;
using Composable.Bench.Reporting;

namespace Composable.Bench.Sweep;

/// <summary>
/// One point of the sweep: hard sharing with a trunk of [<paramref name="Width"/>, <paramref name="Width"/>] at
/// <paramref name="BatchSize"/> rows, generated against PyTorch.
/// </summary>
/// <param name="GigaFlopsPerStep">The step's GEMM work: forward, weight gradients and input gradients of every layer but the first.</param>
/// <param name="GeneratedGemmShare">The share of the generated step that its GEMMs would take at the best GEMM rate the .NET side showed in the sweep.</param>
/// <param name="PyTorchGemmShare">The same for PyTorch at its own best rate; null without PyTorch.</param>
/// <param name="OutsideLoad">Median share of the machine other processes used over the point's rounds.</param>
internal sealed record SweepPoint(
    int Width, int BatchSize, int StepsPerRound, double GigaFlopsPerStep,
    ContenderReport Generated, ContenderReport? PyTorch, RatioReport Ratio,
    double GeneratedGemmShare, double? PyTorchGemmShare, double OutsideLoad)
{
    /// <summary>A side whose GEMMs would take at least this share of its step at its BLAS's rate sits at the kernel limit.</summary>
    public const double KernelBoundShare = 0.7;

    /// <summary>"both", ".NET" or "PyTorch": the sides at the kernel limit, or empty.</summary>
    public string KernelBound => (GeneratedGemmShare >= KernelBoundShare, PyTorchGemmShare >= KernelBoundShare) switch
    {
        (true, true) => "both",
        (true, false) => ".NET",
        (false, true) => "PyTorch",
        _ => "",
    };

    /// <summary>2·B·(3·Σ in·out − 64·W): every layer's forward and weight-gradient GEMM, and its input-gradient GEMM but the first's.</summary>
    public static double GigaFlops(int width, int batchSize)
    {
        double first = (double)FixedBatches.InputFeatures * width, second = (double)width * width, heads = 3.0 * width;
        return 2.0 * batchSize * (3 * (first + second + heads) - first) / 1e9;
    }
}

/// <summary>Everything <c>--sweep</c> measured: the JSON of <c>--out</c>.</summary>
internal sealed record SweepReport(
    DateTimeOffset When, BenchOptions Options, DotNetRuntimeInfo DotNet, JsonElement? PyTorch, string? PyTorchSkipped,
    GemmRate DotNetGemm, GemmRate? PyTorchGemm, IReadOnlyList<SweepPoint> Points)
{
    /// <summary>The target at every point: generated / PyTorch at least this.</summary>
    public const double Target = 1.0;
}
