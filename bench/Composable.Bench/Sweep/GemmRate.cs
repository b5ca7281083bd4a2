using System;
using System.Diagnostics;
using TorchSharp;

namespace Composable.Bench.Sweep;

/// <summary>
/// The GEMM rate of one side's BLAS: GFLOP/s of [M×K]·[K×N] products, the best of
/// <see cref="Groups"/> timed groups of <see cref="Products"/> after one untimed (best, because the question is the
/// kernel's limit, not its average under the neighbours' load). <c>hard_sharing.py</c>'s <c>gemm</c> command does the same.
/// </summary>
internal sealed record GemmRate(int M, int K, int N, double GigaFlopsPerSecond)
{
    public const int Groups = 3;
    public const int Products = 10;

    /// <summary>The size measured: a batch of 512 through a 1024 → 1024 layer, about 1 GFLOP a product.</summary>
    public static (int M, int K, int N) Representative => (512, 1024, 1024);

    /// <summary>The faster of two measurements (<paramref name="earlier"/> may be none yet).</summary>
    public static GemmRate Best(GemmRate? earlier, GemmRate now) => earlier is not null && earlier.GigaFlopsPerSecond >= now.GigaFlopsPerSecond ? earlier : now;

    /// <summary>Measures TorchSharp's (libtorch's) rate in this process.</summary>
    public static GemmRate MeasureDotNet()
    {
        var (m, k, n) = Representative;
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(m, k);
        var b = torch.randn(k, n);
        torch.mm(a, b).Dispose();
        var best = double.PositiveInfinity;
        for (var group = 0; group < Groups; group++)
        {
            var clock = Stopwatch.StartNew();
            for (var product = 0; product < Products; product++) torch.mm(a, b).Dispose();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return new GemmRate(m, k, n, 2.0 * m * k * n * Products / best / 1e9);
    }
}
