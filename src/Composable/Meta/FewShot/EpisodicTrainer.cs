using System;
using TorchSharp;
using System.Collections.Generic;
using System.Linq;
using Composable.Meta.Episodes;
using Composable.Meta.Metric;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Meta.FewShot;

/// <summary>
/// Trains any <see cref="IEpisodicClassifier"/> episodically: each step averages the query loss of a meta-batch of
/// episodes and takes one step of the outer optimiser on every parameter. Every step and every evaluated episode
/// runs in its own dispose scope. An episode's ways come from its <see cref="ClassEpisodeTask"/> (the family's
/// declared shape), not from its labels.
/// </summary>
public sealed class EpisodicTrainer : IDisposable
{
    private readonly optim.Optimizer _optimizer;
    private readonly IDisposable? _owned;

    /// <summary>A trainer of <paramref name="model"/> (which it does not own).</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="outer">The optimiser of every parameter of <see cref="IEpisodicClassifier.Module"/>.</param>
    /// <param name="metaBatch">Episodes per optimiser step in <see cref="Train"/>.</param>
    public EpisodicTrainer(IEpisodicClassifier model, Optimizer outer, int metaBatch) : this(model, outer, metaBatch, owned: null)
    {
    }

    private EpisodicTrainer(IEpisodicClassifier model, Optimizer outer, int metaBatch, IDisposable? owned)
    {
        if (metaBatch < 1) throw new ArgumentOutOfRangeException(nameof(metaBatch), metaBatch, "At least one episode per step.");
        Model = model;
        MetaBatch = metaBatch;
        _owned = owned;
        _optimizer = Optimizers.CreateForTrainer(outer, model.Module.parameters());
    }

    /// <summary>
    /// The interpreted network of <paramref name="spec"/>, built after <c>torch.manual_seed(<paramref name="seed"/>)</c>,
    /// with a trainer using the declared optimiser and meta-batch; the trainer owns the network.
    /// </summary>
    public static EpisodicTrainer For(FewShotLearnerSpec spec, int seed = 0)
    {
        manual_seed(seed);
        var network = new FewShotNetwork(spec);
        return new EpisodicTrainer(network, spec.Outer, spec.MetaBatch, network);
    }

    /// <summary>The classifier being trained.</summary>
    public IEpisodicClassifier Model { get; }

    /// <summary>Episodes per optimiser step in <see cref="Train"/>.</summary>
    public int MetaBatch { get; }

    /// <summary>Optimiser steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>Classes of <paramref name="episode"/>: the length of its <see cref="ClassEpisodeTask.Classes"/>.</summary>
    public static int WaysOf(Episode episode) => episode.Task is ClassEpisodeTask task
        ? task.Classes.Count
        : throw new ArgumentException($"A few-shot classifier needs classification episodes (a ClassEpisodeTask), not {episode.Task.GetType().Name}.", nameof(episode));

    /// <summary>One optimiser step on the mean query loss of <paramref name="episodes"/> in training mode; returns that loss.</summary>
    public double Step(IReadOnlyList<Episode> episodes)
    {
        if (episodes.Count == 0) throw new ArgumentException("At least one episode per step.", nameof(episodes));
        using var scope = NewDisposeScope();
        Model.Module.train();
        _optimizer.zero_grad();
        var losses = episodes.Select(e =>
            Model.Loss(Model.Scores(e.SupportInputs, e.SupportTargets, e.QueryInputs, WaysOf(e)), e.QueryTargets)).ToArray();
        var loss = losses.Length == 1 ? losses[0] : stack(losses).mean();
        loss.backward();
        _optimizer.step();
        Steps++;
        return loss.ToSingle();
    }

    /// <summary>Query accuracy of <paramref name="episode"/> in evaluation mode, without gradients, in its own scope.</summary>
    public double Accuracy(Episode episode)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Model.Module.eval();
        return AccuracyEstimate.OfScores(Model.Scores(episode.SupportInputs, episode.SupportTargets, episode.QueryInputs, WaysOf(episode)), episode.QueryTargets);
    }

    /// <summary>
    /// <paramref name="steps"/> optimiser steps on meta-train episodes of <paramref name="family"/>: step t uses
    /// episodes t·<see cref="MetaBatch"/>…(t+1)·<see cref="MetaBatch"/>−1, counting t from the steps taken so far;
    /// <paramref name="progress"/> hears (steps taken, loss) after each.
    /// </summary>
    public void Train(ITaskFamily family, int steps, int seed = 0, Action<long, double>? progress = null)
    {
        CheckFamily(family);
        for (var i = 0; i < steps; i++)
        {
            double loss;
            using (var scope = NewDisposeScope())
                loss = Step(family.SampleBatch(MetaSplit.Train, Steps * MetaBatch, MetaBatch, seed));
            progress?.Invoke(Steps, loss);
        }
    }

    /// <summary>Mean query accuracy over episodes 0…<paramref name="episodes"/>−1 of <paramref name="split"/>, with its 95 % interval.</summary>
    public AccuracyEstimate Evaluate(ITaskFamily family, MetaSplit split, int episodes, int seed = 0)
    {
        CheckFamily(family);
        return AccuracyEstimate.Over(family, split, episodes, seed, Accuracy);
    }

    private static void CheckFamily(ITaskFamily family)
    {
        if (family.Shape is not FewShotClassification)
            throw new ArgumentException($"A few-shot classifier needs FewShotClassification episodes; the family produces {family.Shape}.", nameof(family));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _owned?.Dispose();
    }
}
