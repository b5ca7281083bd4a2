using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Bench.Generated;
using Composable.Bench.HandWritten;
using Composable.Bench.Measurement;
using Composable.Bench.Peers;
using Composable.Bench.Reporting;
using Composable.Data;
using Composable.Training;
using TorchSharp;

namespace Composable.Bench.Sweep;

/// <summary>
/// <c>--sweep</c>: the hard-sharing step over trunk widths × batch sizes, the generated trainer of each width's declaration
/// (<see cref="HardSharingWidth64"/> …) against <c>hard_sharing.py --width W --batch-size B</c>, in interleaved rounds per
/// point as the comparison runs them. Each side's GEMM rate is measured at every point (<see cref="GemmRate"/>) and the best
/// kept, so each point says what share of a step the GEMMs alone would take at that rate.
/// </summary>
internal static class SweepRun
{
    public static readonly int[] Widths = [64, 128, 256, 512, 1024, 2048];
    public static readonly int[] BatchSizes = [32, 128, 256, 1024];
    public static readonly int[] QuickWidths = [64, 128];
    public static readonly int[] QuickBatchSizes = [32];

    /// <summary>Seconds a round of one contender should take: the steps per round of a point follow from a probe of its step.</summary>
    private const double RoundSeconds = 0.4, QuickRoundSeconds = 0.02;

    /// <summary>Seconds each point's probe steps before it times a step (see <see cref="StepsPerRound"/>).</summary>
    private const double JitSeconds = 1.5, QuickJitSeconds = 0.05;

    private const int MaxStepsPerRound = 400;

    public static SweepReport Execute(BenchOptions options, TextWriter log)
    {
        torch.set_num_threads(options.Threads);
        var heap = BenchmarkRun.HeapOf(options);
        var dotNetGemm = GemmRate.MeasureDotNet();
        var dotNet = DotNetRuntimeInfo.Capture(heap, BenchmarkRun.KernelsOf(options));

        var quick = options.QuickRun;
        var widths = options.SweepWidths ?? (quick ? QuickWidths : Widths);
        var batchSizes = options.SweepBatchSizes ?? (quick ? QuickBatchSizes : BatchSizes);
        var points = new List<SweepPoint>();
        JsonElement? pyTorch = null;
        GemmRate? pyTorchGemm = null;
        string? pyTorchSkipped = options.SkipPyTorch ? "--no-pytorch" : null;
        foreach (var width in widths)
        foreach (var batchSize in batchSizes)
        {
            using var data = FixedBatches.Create(BenchOptions.FixedBatchCount, batchSize, BenchOptions.Seed);
            var runners = new List<IRoundRunner> { new InProcessRunner(Generated(width, data, BenchOptions.Seed)) };
            try
            {
                PyTorchPeer? peer = null;
                if (pyTorchSkipped is null)
                {
                    var spec = new PeerSpec(Contenders.PyTorch, "hard_sharing.py", ["--width", $"{width}"], BatchSize: batchSize);
                    (peer, pyTorchSkipped) = PyTorchPeer.TryStart(options, spec);
                    if (peer is null) log.WriteLine($"PyTorch column skipped: {pyTorchSkipped}");
                }
                if (peer is not null)
                {
                    runners.Add(peer);
                    pyTorch ??= peer.Runtime;
                    var (m, k, n) = GemmRate.Representative;
                    pyTorchGemm = GemmRate.Best(pyTorchGemm, new GemmRate(m, k, n, peer.GemmGigaFlopsPerSecond(m, k, n)));
                }
                // Measured again at every point, the best rate kept: one measurement can land on a burst of the neighbours' load.
                dotNetGemm = GemmRate.Best(dotNetGemm, GemmRate.MeasureDotNet());
                log.WriteLine($"GEMM best so far: .NET {dotNetGemm.GigaFlopsPerSecond:F1} GFLOP/s, PyTorch {pyTorchGemm?.GigaFlopsPerSecond:F1} GFLOP/s");
                // Every point starts from the heap a fresh process would have: what the points before it left free in the C
                // heap goes back to the kernel, so the probe below grows the heap to this point's size and the measured
                // trainer reuses it, whatever the sweep measured before (a point measured while its heap still grew, or
                // trimmed mid-round, ran up to a third slower than the same point alone).
                Composable.Training.NativeHeap.ReleaseFreePages();
                var (steps, warmup) = StepsPerRound(width, data, quick ? QuickRoundSeconds : RoundSeconds, quick ? QuickJitSeconds : JitSeconds);
                points.Add(Measure(width, batchSize, steps, warmup, runners, peer, options, log));
            }
            finally
            {
                foreach (var runner in runners) runner.Dispose();
            }
        }
        // Every point's GEMM share at the best rate each side showed in the whole sweep: its BLAS's limit here.
        var shared = points.Select(p => p with
        {
            GeneratedGemmShare = p.GigaFlopsPerStep / dotNetGemm.GigaFlopsPerSecond * p.Generated.MedianStepsPerSecond,
            PyTorchGemmShare = p.PyTorch is { } py && pyTorchGemm is not null ? p.GigaFlopsPerStep / pyTorchGemm.GigaFlopsPerSecond * py.MedianStepsPerSecond : null,
        }).ToArray();
        return new SweepReport(DateTimeOffset.Now, options, dotNet, pyTorch, pyTorchSkipped, dotNetGemm, pyTorchGemm, shared);
    }

    private static SweepPoint Measure(
        int width, int batchSize, int steps, int warmup, IReadOnlyList<IRoundRunner> runners, PyTorchPeer? peer, BenchOptions options, TextWriter log)
    {
        var pointOptions = options with { WarmupSteps = warmup, StepsPerRound = steps };
        log.WriteLine($"width {width}, batch {batchSize}: {warmup} warm-up steps per side, then {options.Rounds} rounds x {steps} steps");
        var probe = new OutsideLoad(peer is null ? [Environment.ProcessId] : [Environment.ProcessId, peer.ProcessId]);
        var (figures, outsideLoad) = InterleavedSchedule.Run(runners, pointOptions, probe, log.WriteLine, () => { });

        var gigaFlops = SweepPoint.GigaFlops(width, batchSize);
        var generatedReport = ContenderReport.From(figures[0]);
        var pyTorchReport = figures.Count > 1 ? ContenderReport.From(figures[1]) : null;
        var loads = outsideLoad.Where(l => !double.IsNaN(l)).ToArray();
        return new SweepPoint(
            width, batchSize, steps, gigaFlops, generatedReport, pyTorchReport,
            RatioReport.Between(Contenders.Generated, Contenders.PyTorch, SweepReport.Target, figures),
            GeneratedGemmShare: double.NaN, PyTorchGemmShare: null,
            loads.Length > 0 ? Median.Of(loads) : double.NaN);
    }

    /// <summary>
    /// Steps per round for about <paramref name="roundSeconds"/> a round, and warm-up steps for about
    /// <paramref name="jitSeconds"/> (at least a round's), from a probe of the generated step on a trainer of its own (the
    /// measured ones must start untrained, from the same loss). The probe first steps for <paramref name="jitSeconds"/>:
    /// each width is a declaration of its own, so its trainer's methods are new to the runtime, whose tiered JIT compiles
    /// hot methods again in the background for a second or so; without that the first rounds of a width's first point
    /// measured the compiler beside the step. Each side then warms up for as long before its rounds: the C heap grows to
    /// its steady size over the first hundred steps or so of a large point, and a step that maps fresh pages is slower.
    /// </summary>
    private static (int Steps, int Warmup) StepsPerRound(int width, FixedBatches data, double roundSeconds, double jitSeconds)
    {
        using var probe = Generated(width, data, BenchOptions.Seed);
        var jit = Stopwatch.StartNew();
        do probe.Step(); while (jit.Elapsed.TotalSeconds < jitSeconds);
        var clock = Stopwatch.StartNew();
        probe.Step();
        probe.Step();
        var stepSeconds = clock.Elapsed.TotalSeconds / 2;
        var steps = (int)Math.Clamp(Math.Ceiling(roundSeconds / stepSeconds), 2, MaxStepsPerRound);
        return (steps, Math.Max(steps, (int)Math.Min(Math.Ceiling(jitSeconds / stepSeconds), 4 * MaxStepsPerRound)));
    }

    /// <summary>The generated trainer of the width's declaration, seeded as every contender is.</summary>
    private static IStepContender Generated(int width, FixedBatches data, int seed) => width switch
    {
        64 => Contender(data, HardSharingWidth64.Trainer.Create(seed), (i, m, a) => new HardSharingWidth64.Batch(i, m, a), (t, b) => t.Step(b)),
        128 => Contender(data, HardSharingWidth128.Trainer.Create(seed), (i, m, a) => new HardSharingWidth128.Batch(i, m, a), (t, b) => t.Step(b)),
        256 => Contender(data, HardSharingWidth256.Trainer.Create(seed), (i, m, a) => new HardSharingWidth256.Batch(i, m, a), (t, b) => t.Step(b)),
        512 => Contender(data, HardSharingWidth512.Trainer.Create(seed), (i, m, a) => new HardSharingWidth512.Batch(i, m, a), (t, b) => t.Step(b)),
        1024 => Contender(data, HardSharingWidth1024.Trainer.Create(seed), (i, m, a) => new HardSharingWidth1024.Batch(i, m, a), (t, b) => t.Step(b)),
        2048 => Contender(data, HardSharingWidth2048.Trainer.Create(seed), (i, m, a) => new HardSharingWidth2048.Batch(i, m, a), (t, b) => t.Step(b)),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "No declaration of that width (see SweepModels.cs)."),
    };

    private static IStepContender Contender<TTrainer, TBatch>(
        FixedBatches data, TTrainer trainer, Func<TaskBatch, TaskBatch, TaskBatch, TBatch> toBatch, Action<TTrainer, TBatch> step)
        where TTrainer : IMultiTaskTrainer =>
        new GeneratedTrainerContender<TTrainer, TBatch>(Contenders.Generated, data, trainer, toBatch, step,
            (outputs, batch) => HardSharingLoss.Weighted(outputs[0], outputs[1], outputs[2], batch));
}
