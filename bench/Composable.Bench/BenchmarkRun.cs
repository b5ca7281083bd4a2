using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Bench.Measurement;
using Composable.Bench.Peers;
using Composable.Bench.Reporting;
using TorchSharp;

namespace Composable.Bench;

/// <summary>One benchmark run: set up every contender from the same data, measure them interleaved, report.</summary>
internal static class BenchmarkRun
{
    private static readonly (string Numerator, string Denominator, double? Target)[] RatioDefinitions =
    [
        (Contenders.Generated, Contenders.HandWritten, 0.98),
        (Contenders.Generated, Contenders.PyTorch, 1.0),
        (Contenders.HandWritten, Contenders.PyTorch, null),
    ];

    public static BenchReport Execute(BenchOptions options, TextWriter log)
    {
        var rssStart = MegabytesResident();
        torch.set_num_threads(options.Threads);

        using var data = FixedBatches.Create(BenchOptions.FixedBatchCount, BenchOptions.BatchSize, BenchOptions.Seed);
        var dotNet = DotNetRuntimeInfo.Capture();

        var runners = new List<IRoundRunner>();
        try
        {
            runners.AddRange(Contenders.Create(data, BenchOptions.Seed).Select(c => new InProcessRunner(c)));

            string? pyTorchSkipped = "--no-pytorch";
            PyTorchPeer? peer = null;
            if (!options.SkipPyTorch)
            {
                (peer, pyTorchSkipped) = PyTorchPeer.TryStart(options);
                if (peer is null) log.WriteLine($"PyTorch column skipped: {pyTorchSkipped}");
                else runners.Add(peer);
            }

            log.WriteLine($"Contenders: {string.Join(", ", runners.Select(r => r.Name))}; threads {options.Threads}; warm-up {options.WarmupSteps}, {options.Rounds} rounds x {options.StepsPerRound} steps");
            var rssAfterWarmup = 0.0;
            var probe = new OutsideLoad(peer is null ? [Environment.ProcessId] : [Environment.ProcessId, peer.ProcessId]);
            var (figures, outsideLoad) = InterleavedSchedule.Run(runners, options, probe, log.WriteLine, () => rssAfterWarmup = MegabytesResident());

            return new BenchReport(
                DateTimeOffset.Now,
                options,
                BenchOptions.BatchSize,
                dotNet,
                peer?.Runtime,
                peer is null ? pyTorchSkipped : null,
                figures.Select(ContenderReport.From).ToArray(),
                RatioDefinitions.Select(d => RatioReport.Between(d.Numerator, d.Denominator, d.Target, figures)).ToArray(),
                new MemoryReport(rssStart, rssAfterWarmup, MegabytesResident()),
                outsideLoad);
        }
        finally
        {
            foreach (var runner in runners) runner.Dispose();
        }
    }

    private static double MegabytesResident() => Environment.WorkingSet / (1024.0 * 1024.0);
}
