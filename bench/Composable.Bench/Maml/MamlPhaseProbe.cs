using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Composable.Bench.Measurement;
using Composable.Meta;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.Maml;

/// <summary>
/// Where a task-batched MAML meta-step's time goes: the operations of the generated <c>Trainer.Step</c> (which are
/// those of <see cref="MetaTrainer.Step"/>), spelled out and timed one phase at a time (CPU kernels are synchronous, so a stopwatch around a phase sees its whole cost).
/// <c>maml.py --phases</c> times the same phases of the PyTorch peers.
/// </summary>
internal static class MamlPhaseProbe
{
    private static readonly string[] Phases = ["stack episodes", "inner forward + loss", "inner autograd.grad", "fast weights + query forward", "outer backward", "Adam step (+ zero_grad)"];

    public static void Run(BenchOptions options, TextWriter log)
    {
        torch.set_num_threads(options.Threads);
        log.WriteLine($"heap: {BenchmarkRun.HeapOf(options).Description}");
        using var data = MamlEpisodes.Create(BenchOptions.FixedBatchCount, MamlBenchModel.MetaBatch, MamlBenchModel.Shots, MamlBenchModel.Queries, BenchOptions.Seed);
        foreach (var firstOrder in MamlContenders.FirstOrderFlags(options.Order))
        {
            using var trainer = MetaTrainer.Create(MamlBenchModel.Spec(firstOrder), BenchOptions.Seed);
            using var adam = Optimizers.CreateForTrainer(trainer.Spec.Outer, trainer.Network.parameters());
            var hidden = trainer.Spec.Layers.Count;
            var alpha = trainer.Spec.Learner.InnerLearningRate;
            var timer = new PhaseTimer(Phases, options.WarmupSteps);
            var steps = options.WarmupSteps + options.StepsPerRound * options.Rounds;
            for (var step = 0; step < steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                timer.Start(step);
                var batch = EpisodeBatch.Of(data.MetaBatches[step % data.MetaBatches.Count]);
                timer.Lap();
                var stacked = trainer.Network.Weights.Broadcast(batch.Tasks);
                var innerLoss = trainer.TaskLosses(FunctionalMlp.ForwardBatched(stacked, batch.SupportInputs, hidden, trainer.Spec.Activation), batch.SupportTargets).sum();
                timer.Lap();
                var tensors = stacked.Select(p => p.Value).ToArray();
                var gradients = torch.autograd.grad([innerLoss], tensors, retain_graph: true, create_graph: !firstOrder);
                timer.Lap();
                var fast = new ParameterSet(stacked.Names, tensors.Select((t, i) => t - alpha * (firstOrder ? gradients[i].detach() : gradients[i])).ToArray());
                var metaLoss = trainer.TaskLosses(FunctionalMlp.ForwardBatched(fast, batch.QueryInputs, hidden, trainer.Spec.Activation), batch.QueryTargets).mean();
                timer.Lap();
                metaLoss.backward();
                timer.Lap();
                adam.step();
                adam.zero_grad();
                timer.Lap();
            }
            timer.Write(log, MamlContenders.NameOf(MamlContenders.ComposableBatched, firstOrder), "meta-step", options.Threads);
        }
    }
}
