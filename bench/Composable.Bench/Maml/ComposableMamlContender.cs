using System.Linq;
using Composable.Meta;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.Maml;

/// <summary>
/// Composable's MAML meta-step from a <see cref="MetaLearnerSpec"/>: <see cref="MetaTrainer.Step"/>, which runs the
/// meta-batch task-batched (θ broadcast to [T, …], each layer one <c>baddbmm</c>, one <c>autograd.grad</c> for all
/// tasks, one backward, Adam). The generator does not emit meta-learner code yet; this run-time path is what the
/// generated code will call. With <c>taskBatched</c> false it runs the library's per-task reference loop instead
/// (<see cref="MetaTrainer.MetaLoss"/> over <c>functional.linear</c>, one <c>autograd.grad</c> per task) with its own
/// Adam, for context.
/// </summary>
internal sealed class ComposableMamlContender : IStepContender
{
    private readonly MamlEpisodes data;
    private readonly MetaTrainer trainer;
    private readonly optim.Optimizer? loopOptimizer;
    private int next;

    public ComposableMamlContender(MamlEpisodes data, int seed, bool firstOrder, bool taskBatched)
    {
        this.data = data;
        trainer = new MetaTrainer(MamlBenchModel.Spec(firstOrder), seed);
        if (!taskBatched) loopOptimizer = Optimizers.Create(trainer.Spec.Outer, trainer.Network.parameters());
        Name = MamlContenders.NameOf(taskBatched ? MamlContenders.ComposableBatched : MamlContenders.ComposableLoop, firstOrder);
    }

    public string Name { get; }

    public void Step()
    {
        var episodes = data.MetaBatches[next];
        next = (next + 1) % data.MetaBatches.Count;
        if (loopOptimizer is null)
        {
            trainer.Step(episodes);
            return;
        }
        using var scope = torch.NewDisposeScope();
        loopOptimizer.zero_grad();
        trainer.MetaLoss(episodes, taskBatched: false).backward();
        loopOptimizer.step();
    }

    /// <summary>Mean post-adaptation query loss over the fixed meta-batches; θ is not changed.</summary>
    public double MeasureLoss()
    {
        using var scope = torch.NewDisposeScope();
        return data.MetaBatches.Average(b => (double)trainer.MetaLoss(b, taskBatched: loopOptimizer is null).item<float>());
    }

    public void Dispose()
    {
        loopOptimizer?.Dispose();
        trainer.Dispose();
    }
}
