using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Composable.Bench.Measurement;
using Composable.FewShot;
using Composable.FewShot.Metric;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.ProtoNet;

/// <summary>
/// Where a ProtoNet training episode's time goes: the operations of a training step of the benchmark's declaration
/// spelled out over its interpreted <see cref="FewShotNetwork"/> (tested equal to the generated one) and
/// <see cref="Prototypes"/>, timed one phase at a time (CPU kernels
/// are synchronous, so a stopwatch around a phase sees its whole cost). <c>protonet.py --phases</c> times the same
/// phases of the PyTorch peer; unless <c>--no-pytorch</c>, this probe runs it afterwards on the same episodes and initial
/// weights, with the same threads and step counts, and prints its lines too.
/// </summary>
internal static class ProtoNetPhaseProbe
{
    private static readonly string[] Phases = ["support + query forward", "prototypes + logits + loss", "backward", "Adam step (+ zero_grad)"];

    public static void Run(BenchOptions options, TextWriter log)
    {
        torch.set_num_threads(options.Threads);
        var heap = BenchmarkRun.HeapOf(options);
        log.WriteLine($"heap: {heap.Description}; the PyTorch phases run with glibc's defaults unless the environment says otherwise");
        log.WriteLine($"convolutions: {BenchmarkRun.KernelsOf(options)}");
        using var data = ProtoNetBenchModel.CreateEpisodes(BenchOptions.FixedBatchCount, BenchOptions.Seed);
        torch.manual_seed(BenchOptions.Seed);
        using var network = new FewShotNetwork(ProtoNetBenchModel.Spec);
        var exchangeFile = Path.Combine(Path.GetTempPath(), $"composable-protonet-{Environment.ProcessId}.safetensors");
        if (!options.SkipPyTorch) data.WriteForPeer(exchangeFile, network.state_dict().Select(kv => (kv.Key, kv.Value)));
        using var adam = optim.Adam(network.parameters(), ProtoNetBenchModel.Spec.Outer.LearningRate);
        network.train();
        var timer = new PhaseTimer(Phases, options.WarmupSteps);
        var steps = options.WarmupSteps + options.StepsPerRound * options.Rounds;
        // Resident size after warm-up and at each quarter of the timed steps: a long run must not grow.
        var residentMb = new List<long>();
        for (var step = 0; step < steps; step++)
        {
            if (step >= options.WarmupSteps && (step - options.WarmupSteps) % Math.Max(1, (steps - options.WarmupSteps) / 4) == 0)
                residentMb.Add(Environment.WorkingSet >> 20);
            using var scope = torch.NewDisposeScope();
            var episode = data.Episodes[step % data.Episodes.Count];
            timer.Start(step);
            adam.zero_grad();
            var (support, query) = network.Embed(episode.SupportInputs, episode.QueryInputs);
            timer.Lap();
            var ways = (int)episode.SupportTargets.max().ToInt64() + 1;
            var logits = Prototypes.Logits(query, Prototypes.Of(support, episode.SupportTargets, ways), Distance.SquaredEuclidean);
            var loss = nn.functional.cross_entropy(logits, episode.QueryTargets);
            timer.Lap();
            loss.backward();
            timer.Lap();
            adam.step();
            loss.ToSingle();
            timer.Lap();
        }
        residentMb.Add(Environment.WorkingSet >> 20);
        timer.Write(log, ProtoNetContenders.Composable, "training episode", options.Threads);
        log.WriteLine($"  resident MB after warm-up, then each quarter: {string.Join(" ", residentMb)}");
        if (options.SkipPyTorch) return;
        try
        {
            RunPeer(options, exchangeFile, log);
        }
        finally
        {
            File.Delete(exchangeFile);
        }
    }

    private static void RunPeer(BenchOptions options, string exchangeFile, TextWriter log)
    {
        var start = new ProcessStartInfo(options.Python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "pytorch", "protonet.py"), "--phases", "--tensors", exchangeFile,
                     "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
                     "--warmup", options.WarmupSteps.ToString(CultureInfo.InvariantCulture),
                     "--steps", (options.StepsPerRound * options.Rounds).ToString(CultureInfo.InvariantCulture),
                 })
            start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            log.Write(process.StandardOutput.ReadToEnd());
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.WriteLine($"PyTorch phases skipped: cannot start {options.Python} ({e.Message}). Install the PyTorch peer: {Peers.PyTorchPeer.InstallHint}");
        }
    }
}
