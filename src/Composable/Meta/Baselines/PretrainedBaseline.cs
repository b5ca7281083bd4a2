using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Meta.Baselines;

/// <summary>
/// The "pretrained" baseline of Finn et al. (2017): one network trained on all training tasks jointly (every
/// support and query example of a meta-batch pooled, no adaptation), then fine-tuned on a test task's support set by
/// plain gradient descent on every parameter.
/// </summary>
public sealed class PretrainedBaseline : IDisposable
{
    private readonly MetaTrainer _network;
    private readonly optim.Optimizer _optimizer;

    /// <summary>
    /// The baseline for the network of <paramref name="spec"/> (its learner is ignored, except that the fine-tuning
    /// step size is <paramref name="fineTuneLearningRate"/>), trained with <paramref name="spec"/>'s outer optimiser.
    /// </summary>
    public PretrainedBaseline(MetaLearnerSpec spec, double fineTuneLearningRate = 0.01, int seed = 0)
    {
        _network = MetaTrainer.Create(spec with { Learner = new Maml(InnerLearningRate: fineTuneLearningRate, MetaBatch: spec.Learner.MetaBatch), Adapt = MetaPlan.DefaultAdapt(spec.Layers, null, spec.Backbone) }, seed);
        _optimizer = Optimizers.Create(spec.Outer, _network.Network.parameters());
    }

    /// <summary>The network (θ).</summary>
    public MetaNetwork Network => _network.Network;

    /// <summary>One joint-training step on every example of <paramref name="episodes"/>; returns the loss.</summary>
    public double Step(IReadOnlyList<Episode> episodes)
    {
        using var scope = NewDisposeScope();
        Network.train();
        _optimizer.zero_grad();
        var batch = EpisodeBatch.Of(episodes);
        var inputs = cat(new[] { batch.SupportInputs, batch.QueryInputs }, 1);
        var targets = cat(new[] { batch.SupportTargets, batch.QueryTargets }, 1);
        var theta = Network.Weights.Broadcast(batch.Tasks);
        var loss = _network.TaskLosses(Network.ForwardBatched(theta, inputs), targets).mean();
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Query loss (and accuracy, for classification) per episode after 0…<paramref name="steps"/> fine-tuning steps on its support set.</summary>
    public AdaptationCurves MeasureAdaptation(IReadOnlyList<Episode> episodes, int steps) => _network.MeasureAdaptation(episodes, steps);

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _network.Dispose();
    }
}
