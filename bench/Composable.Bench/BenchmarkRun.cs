using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Bench.Maml;
using Composable.Bench.Measurement;
using Composable.Bench.Objectives;
using Composable.Bench.Peers;
using Composable.Bench.ProtoNet;
using Composable.Bench.Reporting;
using Composable.Training;
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

    private static readonly (string Numerator, string Denominator, double? Target)[] MmoeRatioDefinitions =
    [
        (Contenders.Generated, Contenders.PyTorchPerExpert, 1.5),
        (Contenders.Generated, Contenders.PyTorchFused, 1.0),
        (Contenders.PyTorchFused, Contenders.PyTorchPerExpert, null),
    ];

    public static BenchReport Execute(BenchOptions options, TextWriter log)
    {
        var rssStart = ResidentMemory.Megabytes();
        torch.set_num_threads(options.Threads);
        var heap = HeapOf(options);
        var kernels = KernelsOf(options);

        var mmoe = options.Model == "mmoe";
        var maml = options.Model == "maml";
        var protoNet = options.Model == "protonet";
        var convSharing = options.Model == "conv-sharing";
        var convMaml = options.Model == "conv-maml";
        using var data = mmoe || maml || protoNet || convMaml ? null
            : convSharing ? FixedBatches.Create(ConvSharing.ConvSharingBenchModel.Batches, ConvSharing.ConvSharingBenchModel.BatchSize, BenchOptions.Seed, ConvSharing.ConvSharingBenchModel.InputFeatures)
            : FixedBatches.Create(BenchOptions.FixedBatchCount, BenchOptions.BatchSize, BenchOptions.Seed);
        using var mmoeData = mmoe ? Mmoe.MmoeBatches.Create(BenchOptions.FixedBatchCount, BenchOptions.BatchSize, BenchOptions.Seed) : null;
        using var mamlData = maml
            ? MamlEpisodes.Create(BenchOptions.FixedBatchCount, MamlBenchModel.MetaBatch, MamlBenchModel.Shots, MamlBenchModel.Queries, BenchOptions.Seed)
            : null;
        // Throws FileNotFoundException naming python3-kanjidraw when the glyph data is missing.
        using var protoNetData = protoNet ? ProtoNetBenchModel.CreateEpisodes(BenchOptions.FixedBatchCount, BenchOptions.Seed) : null;
        using var convMamlData = convMaml ? ConvMaml.ConvMamlContenders.Episodes(options.MetaBatch, BenchOptions.Seed) : null;
        var dotNet = DotNetRuntimeInfo.Capture(heap, kernels);

        var runners = new List<IRoundRunner>();
        string? exchangeFile = null;
        try
        {
            if (protoNet)
            {
                var composable = new ComposableProtoNetContender(protoNetData!, BenchOptions.Seed);
                runners.Add(new InProcessRunner(composable));
                if (!options.SkipPyTorch)
                {
                    // The peer trains on the very same episode tensors from the very same initial weights.
                    exchangeFile = Path.Combine(Path.GetTempPath(), $"composable-protonet-{Environment.ProcessId}.safetensors");
                    protoNetData!.WriteForPeer(exchangeFile, composable.State());
                }
            }
            else if (convMaml)
            {
                var contenders = ConvMaml.ConvMamlContenders.Create(convMamlData!, options.MetaBatch, BenchOptions.Seed, options.Order, options.DotNetLoop);
                runners.AddRange(contenders.Select(c => new InProcessRunner(c)));
                if (!options.SkipPyTorch)
                {
                    // Every contender of one order starts from the same θ (the generated trainers and the loop draw it alike from the seed).
                    exchangeFile = Path.Combine(Path.GetTempPath(), $"composable-conv-maml-{Environment.ProcessId}.safetensors");
                    convMamlData!.WriteForPeer(exchangeFile, contenders[0].State());
                }
            }
            else if (convSharing)
            {
                // The peer makes the same batches itself and starts from the generated trainer's weights.
                exchangeFile = options.SkipPyTorch ? null : Path.Combine(Path.GetTempPath(), $"composable-conv-sharing-{Environment.ProcessId}.safetensors");
                runners.Add(new InProcessRunner(ConvSharing.ConvSharingContenders.Create(data!, BenchOptions.Seed, exchangeFile)));
            }
            else if (mmoe) runners.Add(new InProcessRunner(new Mmoe.MmoeGeneratedContender(mmoeData!, BenchOptions.Seed)));
            else if (maml) runners.AddRange(MamlContenders.Create(mamlData!, BenchOptions.Seed, options.Order, options.DotNetLoop).Select(c => new InProcessRunner(c)));
            else if (options.Model == "objectives") runners.AddRange(ObjectiveContenders.Create(data!, BenchOptions.Seed).Select(c => new InProcessRunner(c)));
            else runners.AddRange(Contenders.Create(data!, BenchOptions.Seed).Select(c => new InProcessRunner(c)));

            string? pyTorchSkipped = "--no-pytorch";
            PyTorchPeer? peer = null;
            var peers = new List<PyTorchPeer>();
            var peerEnvironments = new Dictionary<string, string>();
            if (!options.SkipPyTorch)
            {
                var wanted = PeerForms.Expand(PeersOf(options, exchangeFile), FlatAdamOnEveryModel).ToArray();
                foreach (var spec in wanted)
                {
                    (peer, pyTorchSkipped) = PyTorchPeer.TryStart(options, spec);
                    if (peer is null)
                    {
                        log.WriteLine($"PyTorch column {spec.Name} skipped: {pyTorchSkipped}");
                        break;
                    }
                    peers.Add(peer);
                    runners.Add(peer);
                    if (spec.Environment is not null) peerEnvironments[spec.Name] = spec.EnvironmentText;
                }
            }
            // Every peer has read it by the time it reports ready.
            if (exchangeFile is not null) File.Delete(exchangeFile);

            log.WriteLine($"Contenders: {string.Join(", ", runners.Select(r => r.Name))}; threads {options.Threads}; warm-up {options.WarmupSteps}, {options.Rounds} rounds x {options.StepsPerRound} steps");
            var rssAfterWarmup = 0.0;
            var probe = new OutsideLoad([Environment.ProcessId, .. peers.Select(p => p.ProcessId)]);
            var (figures, outsideLoad) = InterleavedSchedule.Run(runners, options, probe, log.WriteLine, () => rssAfterWarmup = ResidentMemory.Megabytes());

            return new BenchReport(
                DateTimeOffset.Now,
                options,
                convSharing ? ConvSharing.ConvSharingBenchModel.BatchSize : BenchOptions.BatchSize,
                dotNet,
                peers.FirstOrDefault()?.Runtime,
                peers.Count == 0 ? pyTorchSkipped : null,
                figures.Select(ContenderReport.From).ToArray(),
                RatiosOf(options).Select(d => RatioReport.Between(d.Numerator, d.Denominator, d.Target, figures)).ToArray(),
                new MemoryReport(rssStart, rssAfterWarmup, ResidentMemory.Megabytes()),
                outsideLoad,
                peerEnvironments);
        }
        finally
        {
            foreach (var runner in runners) runner.Dispose();
            if (exchangeFile is not null) File.Delete(exchangeFile);
        }
    }

    /// <summary>The PyTorch peers of the model in their plain form (PyTorch as it runs by default); <see cref="PeerForms"/> adds the others.</summary>
    private static IEnumerable<PeerSpec> PeersOf(BenchOptions options, string? exchangeFile) => options.Model switch
    {
        "protonet" => ProtoNetContenders.Peers(exchangeFile!),
        "conv-sharing" => ConvSharing.ConvSharingContenders.Peers(exchangeFile!),
        "conv-maml" => ConvMaml.ConvMamlContenders.Peers(options.Order, options.MetaBatch, exchangeFile!),
        "maml" => MamlContenders.Peers(options.Order),
        "objectives" => ObjectiveContenders.Peers(),
        "mmoe" => [new PeerSpec(Contenders.PyTorchPerExpert, "mmoe.py", ["--variant", "per-expert"]), new PeerSpec(Contenders.PyTorchFused, "mmoe.py", ["--variant", "fused"])],
        _ => [new PeerSpec(Contenders.PyTorch, "hard_sharing.py", [])],
    };

    /// <summary>
    /// Every model's .NET trainer updates its parameters with <see cref="Composable.Training.FlatAdam"/> (the generated
    /// meta-learner trainers too: every generated trainer creates its optimiser through <c>Optimizers.CreateForTrainer</c>),
    /// so every peer also runs PyTorch's multi-tensor Adam.
    /// </summary>
    private const bool FlatAdamOnEveryModel = true;

    /// <summary>The model's ratios, each ratio to a peer also against the peer's other forms.</summary>
    private static IEnumerable<(string Numerator, string Denominator, double? Target)> RatiosOf(BenchOptions options)
    {
        var ratios = options.Model switch
        {
            "protonet" => ProtoNetContenders.Ratios(),
            "conv-sharing" => ConvSharing.ConvSharingContenders.Ratios(),
            "conv-maml" => ConvMaml.ConvMamlContenders.Ratios(options.Order, options.DotNetLoop),
            "maml" => MamlContenders.Ratios(options.Order, options.DotNetLoop),
            "objectives" => ObjectiveContenders.Ratios(),
            "mmoe" => MmoeRatioDefinitions,
            _ => RatioDefinitions,
        };
        var peerNames = PeersOf(options, "").Select(p => p.Name).ToArray();
        return PeerForms.ExpandRatios(ratios, peerNames, FlatAdamOnEveryModel);
    }

    /// <summary>
    /// Composable's CPU kernel choice (<see cref="CpuKernels.Configure"/>: oneDNN in training steps of backbones that fit
    /// its channel blocks, native kernels elsewhere), or every convolution on oneDNN with <c>--onednn</c> (a lease held
    /// for the run: the bench runs its contenders on this one thread), or on native kernels with <c>--native</c>: what
    /// runs, in words.
    /// </summary>
    public static string KernelsOf(BenchOptions options)
    {
        var setting = CpuKernels.Configure();
        // Never released: the run's contenders all run on this thread, inside this lease.
        if (options.OneDnn && (CpuKernels.Hold(ConvolutionKernels.OneDnn).Kernels == ConvolutionKernels.OneDnn || CpuKernels.OneDnnConvolutions == true))
            return $"every CPU convolution on oneDNN (--onednn), instruction set up to {setting.MaxIsa ?? "default"}";
        if (options.Native)
        {
            CpuKernels.OneDnnForAlignedBackbones = false;
            return "every CPU convolution on libtorch's native kernels (--native)";
        }
        return $"{setting.Description}, instruction set up to {setting.MaxIsa ?? "default"}";
    }

    /// <summary>Composable's heap setting (<see cref="NativeHeap.RetainFreedPages"/>) unless <c>--default-heap</c>; the phase probes apply it too.</summary>
    public static HeapSetting HeapOf(BenchOptions options) =>
        options.DefaultHeap ? new HeapSetting(false, "glibc defaults (--default-heap)") : NativeHeap.RetainFreedPages();
}
