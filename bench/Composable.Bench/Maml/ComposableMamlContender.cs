using System.Linq;
using Composable.Meta;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.Maml;

/// <summary>
/// Composable's MAML meta-step. Task-batched, it is the <b>generated</b> <c>Trainer.Step</c> of the
/// <c>[MetaLearner]</c> declaration (<see cref="SecondOrderMamlBench"/> or <see cref="FirstOrderMamlBench"/>): θ
/// broadcast to [T, …], each layer one <c>baddbmm</c>, one <c>autograd.grad</c> for all tasks, one backward, Adam
/// (tests pin it equal to the run time's <see cref="MetaTrainer.Step"/>). With <c>taskBatched</c> false it runs the
/// library's per-task reference loop instead (<see cref="MetaTrainer.MetaLoss"/> over <c>functional.linear</c>, one
/// <c>autograd.grad</c> per task) with its own Adam, for context.
/// </summary>
internal sealed class ComposableMamlContender : IStepContender
{
    private readonly MamlEpisodes data;
    private readonly IMetaLearnerTrainer trainer;
    private readonly MetaTrainer? loopTrainer;
    private readonly optim.Optimizer? loopOptimizer;
    private int next;

    public ComposableMamlContender(MamlEpisodes data, int seed, bool firstOrder, bool taskBatched)
    {
        this.data = data;
        if (taskBatched)
        {
            trainer = firstOrder ? FirstOrderMamlBench.Trainer.Create(seed) : SecondOrderMamlBench.Trainer.Create(seed);
        }
        else
        {
            trainer = loopTrainer = MetaTrainer.Create(MamlBenchModel.Spec(firstOrder), seed);
            loopOptimizer = Optimizers.Create(loopTrainer.Spec.Outer, loopTrainer.Network.parameters());
        }
        Name = MamlContenders.NameOf(taskBatched ? MamlContenders.ComposableBatched : MamlContenders.ComposableLoop, firstOrder);
    }

    public string Name { get; }

    public void Step()
    {
        var episodes = data.MetaBatches[next];
        next = (next + 1) % data.MetaBatches.Count;
        if (loopTrainer is null)
        {
            trainer.Step(episodes);
            return;
        }
        using var scope = torch.NewDisposeScope();
        loopOptimizer!.zero_grad();
        loopTrainer.MetaLoss(episodes, taskBatched: false).backward();
        loopOptimizer.step();
    }

    /// <summary>Mean post-adaptation query loss over the fixed meta-batches; θ is not changed.</summary>
    public double MeasureLoss()
    {
        using var scope = torch.NewDisposeScope();
        return data.MetaBatches.Average(b => (double)(loopTrainer is null ? trainer.MetaLoss(b) : loopTrainer.MetaLoss(b, taskBatched: false)).item<float>());
    }

    public void Dispose()
    {
        loopOptimizer?.Dispose();
        trainer.Dispose();
    }
}
