using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Composable.Bench.Maml;
using Composable.Bench.Measurement;
using Composable.Bench.Peers;
using Composable.Data.Episodes;
using Composable.Meta;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;
using Network = Composable.Bench.ConvMaml.SecondOrderConvMamlPerTaskBench.Network;
using Parameters = Composable.Bench.ConvMaml.SecondOrderConvMamlPerTaskBench.Parameters;
using Functional = Composable.Bench.ConvMaml.SecondOrderConvMamlPerTaskBench.Functional;

namespace Composable.Bench.ConvMaml;

/// <summary>
/// <c>--model conv-maml --bound</c>: the most that running tasks together can gain on these kernels. One second-order
/// meta-step's arithmetic (the conv MAML benchmark's: T tasks of 5 support and 75 query images, one inner step, Adam) is
/// run <c>k</c> tasks per pass, where the <c>k</c> tasks of a pass share one set of fast weights, so that every block
/// of the pass is one <b>plain</b> convolution over <c>k</c>·80 images: the same convolutions, normalisations and
/// pools as <c>k</c> separate tasks, in the layout most favourable to batching (a grouped convolution over per-task
/// weights does the same arithmetic and is never cheaper than a plain one). With <c>k</c> = 1 it is exactly the
/// per-task meta-step. The time at <c>k</c> against the time at 1 bounds what any task-batched layout of the
/// meta-step can gain over a loop over tasks on the same kernels. Both sides are measured: Composable's (libtorch 2.10,
/// the lease the generated second-order step holds) in this process, PyTorch's (<c>conv_maml.py --variant shared</c>,
/// one child per <c>k</c>, with the .NET process's heap setting) beside them, rounds interleaved. Not MAML for
/// <c>k</c> &gt; 1 (the tasks share their adaptation and their batch statistics): a cost probe, not a contender.
/// </summary>
internal static class ConvMamlBatchingBound
{
    /// <summary>The pass sizes measured: 1, 2, 4, … up to the meta-batch, and the meta-batch itself.</summary>
    public static IReadOnlyList<int> PassSizes(int metaBatch) =>
        Enumerable.Range(0, 31).Select(i => 1 << i).TakeWhile(k => k < metaBatch).Append(metaBatch).Distinct().ToArray();

    /// <summary>
    /// One pass size's figures: seconds per meta-step of each round on each side (the PyTorch column null when its
    /// peer did not run), and Composable's meta-loss of the fixed meta-batches before the first step.
    /// </summary>
    public sealed record Row(int TasksPerPass, double[] DotNetSeconds, double[]? PyTorchSeconds, double DotNetInitialLoss);

    /// <summary>
    /// What <see cref="Measure"/> found: a row per pass size (<see cref="PassSizes"/>), the meta-loss one task per pass
    /// on each side before the first step and after the last, and why PyTorch did not run, if it did not.
    /// </summary>
    /// <param name="Rows">A row per pass size.</param>
    /// <param name="GeneratedSeconds">The generated per-task trainer's <c>Step</c> (<see cref="ConvMamlContenders.ComposablePerTask"/>) in the same rounds: seconds per meta-step.</param>
    /// <param name="DotNetFinalLoss">Composable's meta-loss one task per pass after the last step.</param>
    /// <param name="PyTorchInitialLoss">PyTorch's, before the first step (null when it did not run).</param>
    /// <param name="PyTorchFinalLoss">PyTorch's, after the last step.</param>
    /// <param name="PyTorchSkipped">Why PyTorch did not run.</param>
    public sealed record Report(IReadOnlyList<Row> Rows, double[] GeneratedSeconds, double DotNetFinalLoss, double? PyTorchInitialLoss, double? PyTorchFinalLoss, string? PyTorchSkipped);

    public static void Run(BenchOptions options, TextWriter log) => Write(Measure(options, log), log);

    /// <summary>Times every pass size on both sides, rounds interleaved (k = 1, 2, … on Composable's side, then PyTorch's, each round), logging each round.</summary>
    public static Report Measure(BenchOptions options, TextWriter log)
    {
        torch.set_num_threads(options.Threads);
        if (options.Native) CpuKernels.OneDnnForAlignedBackbones = false;
        var heap = BenchmarkRun.HeapOf(options);
        using var data = ConvMamlContenders.Episodes(options.MetaBatch, BenchOptions.Seed);
        var metaBatches = data.Episodes.Chunk(options.MetaBatch).ToArray();
        var sizes = PassSizes(options.MetaBatch);
        var passes = sizes.Select(k => new SharedPasses(metaBatches, k, BenchOptions.Seed)).ToArray();
        var layouts = passes.Select(p => new InProcessRunner(p)).ToArray();
        using var generated = new InProcessRunner(new ComposableMamlContender(ConvMamlContenders.ComposablePerTask, metaBatches,
            ConvMamlBenchModel.PerTaskTrainer(firstOrder: false, BenchOptions.Seed), ConvMamlBenchModel.Spec(firstOrder: false), BenchOptions.Seed));

        var exchangeFile = Path.Combine(Path.GetTempPath(), $"composable-conv-maml-bound-{Environment.ProcessId}.safetensors");
        var peers = new List<PyTorchPeer>();
        var skipped = options.SkipPyTorch ? "--no-pytorch" : null;
        try
        {
            if (skipped is null)
            {
                data.WriteForPeer(exchangeFile, passes[0].State());
                foreach (var k in sizes)
                {
                    var (peer, why) = PyTorchPeer.TryStart(options, PeerSpec(options, exchangeFile, k));
                    if (peer is null) { skipped = why; break; }
                    peers.Add(peer);
                }
                if (skipped is not null) { peers.ForEach(p => p.Dispose()); peers.Clear(); }
            }

            log.WriteLine($"Conv MAML batching bound: meta-batch {options.MetaBatch}, {options.Threads} thread(s), {options.WarmupSteps} warm-up and {options.Rounds} rounds of {options.StepsPerRound} meta-step(s) per layout; heap: {heap.Description}");
            var initial = layouts.Select(l => l.MeasureLoss()).ToArray();
            double? pytorchInitial = peers.Count > 0 ? peers[0].MeasureLoss() : null;
            foreach (var runner in layouts.Prepend(generated).Concat<IRoundRunner>(peers)) runner.Run(options.WarmupSteps);
            var dotnet = sizes.Select(_ => new List<double>()).ToArray();
            var pytorch = sizes.Select(_ => new List<double>()).ToArray();
            var generatedSeconds = new List<double>();
            for (var round = 0; round < options.Rounds; round++)
            {
                generatedSeconds.Add(generated.Run(options.StepsPerRound) / options.StepsPerRound);
                for (var i = 0; i < sizes.Count; i++)
                {
                    dotnet[i].Add(layouts[i].Run(options.StepsPerRound) / options.StepsPerRound);
                    if (peers.Count > 0) pytorch[i].Add(peers[i].Run(options.StepsPerRound) / options.StepsPerRound);
                }
                log.WriteLine($"  round {round + 1}: generated {generatedSeconds[^1]:F2}s  " + string.Join("  ", sizes.Select((k, i) =>
                    $"k={k} {dotnet[i][^1]:F2}s" + (peers.Count > 0 ? $"/{pytorch[i][^1]:F2}s" : ""))));
            }
            var rows = sizes.Select((k, i) => new Row(k, [.. dotnet[i]], peers.Count > 0 ? [.. pytorch[i]] : null, initial[i])).ToArray();
            return new Report(rows, [.. generatedSeconds], layouts[0].MeasureLoss(), pytorchInitial, peers.Count > 0 ? peers[0].MeasureLoss() : null, skipped);
        }
        finally
        {
            foreach (var peer in peers) peer.Dispose();
            foreach (var layout in layouts) layout.Dispose();
            File.Delete(exchangeFile);
        }
    }

    private static PeerSpec PeerSpec(BenchOptions options, string exchangeFile, int tasksPerPass) => new(
        $"pytorch-shared-{tasksPerPass}", "conv_maml.py",
        [
            "--tensors", exchangeFile, "--variant", "shared", "--tasks-per-pass", tasksPerPass.ToString(CultureInfo.InvariantCulture),
            "--order", "second", "--meta-batch", options.MetaBatch.ToString(CultureInfo.InvariantCulture),
            "--inner-lr", ConvMamlBenchModel.InnerLearningRate.ToString("R", CultureInfo.InvariantCulture),
            "--lr", ConvMamlBenchModel.Outer.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ])
    {
        Environment = options.DefaultHeap ? null : PeerForms.RetainedHeapEnvironment,
    };

    /// <summary>Each side's gain at each pass size over one task per pass: median seconds at 1 over median seconds at k.</summary>
    public static double Gain(double[] seconds, double[] oneTaskPerPass) => Median.Of(oneTaskPerPass) / Median.Of(seconds);

    /// <summary>The table: per pass size, each side's median seconds per meta-step (min–max) and its gain over one task per pass.</summary>
    public static void Write(Report report, TextWriter log)
    {
        var rows = report.Rows;
        static string Cell(double[] seconds) => $"{Median.Of(seconds):F2} ({seconds.Min():F2}–{seconds.Max():F2})";
        log.WriteLine();
        log.WriteLine("| tasks per pass | Composable s / meta-step | gain over 1 | PyTorch s / meta-step | gain over 1 |");
        log.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            var pytorch = row.PyTorchSeconds is { } p ? $"{Cell(p)} | {Gain(p, rows[0].PyTorchSeconds!):F3}" : "n/a | n/a";
            log.WriteLine($"| {row.TasksPerPass} | {Cell(row.DotNetSeconds)} | {Gain(row.DotNetSeconds, rows[0].DotNetSeconds):F3} | {pytorch} |");
        }
        log.WriteLine($"| generated per-task `Trainer.Step` | {Cell(report.GeneratedSeconds)} | {Gain(report.GeneratedSeconds, rows[0].DotNetSeconds):F3} | | |");
        log.WriteLine();
        log.WriteLine($"  Composable: the most batching gains over one task per pass is {rows.Max(r => Gain(r.DotNetSeconds, rows[0].DotNetSeconds)):F3}× " +
                      "(a task-batched trainer at ≥ 2× a per-task loop on the same kernels needs ≥ 2).");
        log.WriteLine(rows[0].PyTorchSeconds is null
            ? $"  PyTorch:    not measured ({report.PyTorchSkipped})."
            : $"  PyTorch:    the most batching gains over its loop is {rows.Max(r => Gain(r.PyTorchSeconds!, rows[0].PyTorchSeconds!)):F3}×.");
        log.WriteLine($"  Meta-loss one task per pass, before → after: Composable {rows[0].DotNetInitialLoss:F5} → {report.DotNetFinalLoss:F5}" +
                      (report.PyTorchInitialLoss is { } a && report.PyTorchFinalLoss is { } b ? $", PyTorch {a:F5} → {b:F5}" : ""));
    }

    /// <summary>
    /// The meta-step's arithmetic, <paramref name="tasksPerPass"/> tasks per pass through one set of fast weights, on
    /// the generated network's functional forward (<see cref="Functional.ForwardBatched"/> over one "task" of the
    /// pass's images), under the kernels the generated second-order step holds; each pass back-propagated and freed
    /// before the next, then one Adam step.
    /// </summary>
    private sealed class SharedPasses(IReadOnlyList<Episode[]> metaBatches, int tasksPerPass, int seed) : IStepContender
    {
        private readonly Network network = TrainerRandom.Build(seed, () => new Network());
        private int next;

        public string Name => $"composable-shared-{tasksPerPass}";

        private optim.Optimizer Adam => adam ??= Optimizers.CreateForTrainer(ConvMamlBenchModel.Outer, network.parameters());
        private optim.Optimizer? adam;

        public IEnumerable<(string Name, Tensor Value)> State() => network.state_dict().Select(kv => (kv.Key, kv.Value));

        public void Step()
        {
            var episodes = metaBatches[next];
            next = (next + 1) % metaBatches.Count;
            using var kernels = CpuKernels.ForTrainingStep(ConvMamlBenchModel.Backbone, differentiatesConvolutionBackward: true);
            using var scope = torch.NewDisposeScope();
            network.train();
            Adam.zero_grad();
            foreach (var part in episodes.Chunk(tasksPerPass))
            {
                using var passScope = torch.NewDisposeScope();
                PassLoss(part, episodes.Length, createGraph: true).backward();
            }
            Adam.step();
        }

        /// <summary>The mean query loss over the fixed meta-batches after one inner step, one task per pass (the MAML meta-loss when <paramref name="tasksPerPass"/> is 1).</summary>
        public double MeasureLoss()
        {
            using var scope = torch.NewDisposeScope();
            return metaBatches.Average(b => b.Chunk(tasksPerPass).Sum(part => (double)PassLoss(part, b.Length, createGraph: false).item<float>()));
        }

        private Tensor PassLoss(Episode[] part, int tasks, bool createGraph)
        {
            var batch = EpisodeBatch.Of(part);
            var shared = network.Weights.Select((_, t) => FastWeights.Broadcast(t, 1));
            var set = shared.ToSet();
            // Each task's loss is the mean over its own rows: the mean over the pass's rows times the tasks in it.
            var inner = EpisodeLosses.Classification(Functional.ForwardBatched(shared, OneTask(batch.SupportInputs)), OneTask(batch.SupportTargets)).sum() * part.Length;
            var gradients = torch.autograd.grad([inner], set.Tensors.ToArray(), retain_graph: true, create_graph: createGraph);
            var fast = Parameters.From(new ParameterSet(set.Names, set.Tensors.Select((t, i) => t - ConvMamlBenchModel.InnerLearningRate * gradients[i]).ToArray()));
            return EpisodeLosses.Classification(Functional.ForwardBatched(fast, OneTask(batch.QueryInputs)), OneTask(batch.QueryTargets)).sum() * part.Length / tasks;
        }

        private static Tensor OneTask(Tensor stacked) => stacked.flatten(0, 1).unsqueeze(0);

        public void Dispose()
        {
            adam?.Dispose();
            network.Dispose();
        }
    }
}
