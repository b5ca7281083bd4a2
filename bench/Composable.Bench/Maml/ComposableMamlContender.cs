using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Meta;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.Maml;

/// <summary>
/// Composable's MAML meta-step on fixed meta-batches, cycled. Task-batched, it is the <b>generated</b>
/// <c>Trainer.Step</c> of a <c>[MetaLearner]</c> declaration (the MLP of <see cref="SecondOrderMamlBench"/> or the conv
/// backbone of <see cref="ConvMaml.SecondOrderConvMamlBench"/>, and their first-order twins): θ broadcast to [T, …], each
/// layer one batched op (<c>baddbmm</c>, or a grouped convolution with groups = tasks), one <c>autograd.grad</c> for all
/// tasks, one backward, Adam (tests pin it equal to the run time's <see cref="MetaTrainer.Step"/>). Without a generated
/// trainer it runs the library's per-task reference loop instead (<see cref="MetaTrainer.MetaLoss"/> with
/// <c>taskBatched: false</c>, one <c>autograd.grad</c> per task) with its own Adam, for context.
/// </summary>
internal sealed class ComposableMamlContender : IStepContender
{
    private readonly IReadOnlyList<Episode[]> metaBatches;
    private readonly IMetaLearnerTrainer trainer;
    private readonly MetaTrainer? loopTrainer;
    private readonly optim.Optimizer? loopOptimizer;
    private int next;

    /// <param name="name">Column name.</param>
    /// <param name="metaBatches">The fixed meta-batches, cycled.</param>
    /// <param name="generated">The generated trainer to time, or null for the per-task loop of <paramref name="spec"/>.</param>
    /// <param name="spec">The declaration (the loop's; the generated trainer has its own).</param>
    /// <param name="seed">The loop's seed (the generated trainer was created with its own).</param>
    public ComposableMamlContender(string name, IReadOnlyList<Episode[]> metaBatches, IMetaLearnerTrainer? generated, MetaLearnerSpec spec, int seed)
    {
        Name = name;
        this.metaBatches = metaBatches;
        if (generated is not null)
        {
            trainer = generated;
        }
        else
        {
            trainer = loopTrainer = MetaTrainer.Create(spec, seed);
            loopOptimizer = Optimizers.Create(loopTrainer.Spec.Outer, loopTrainer.Network.parameters());
        }
    }

    public string Name { get; }

    /// <summary>θ as it starts (the trainer's state dict), for a peer that starts from the same weights.</summary>
    public IEnumerable<(string Name, Tensor Value)> State() => trainer.Module.state_dict().Select(kv => (kv.Key, kv.Value));

    public void Step()
    {
        var episodes = metaBatches[next];
        next = (next + 1) % metaBatches.Count;
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
        return metaBatches.Average(b => (double)(loopTrainer is null ? trainer.MetaLoss(b) : loopTrainer.MetaLoss(b, taskBatched: false)).item<float>());
    }

    public void Dispose()
    {
        loopOptimizer?.Dispose();
        trainer.Dispose();
    }
}
