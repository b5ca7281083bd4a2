using System;
using System.Collections.Generic;
using Composable.Meta.Episodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Meta.Metric;

/// <summary>
/// Prototypical networks (Snell et al. 2017) trained episodically: embed support and query sets with one network,
/// take class prototypes as mean support embeddings, classify queries by softmax over negative distances, and
/// minimise the query cross-entropy with Adam. Every step and every evaluated episode runs in its own dispose scope.
/// </summary>
public sealed class PrototypicalTrainer : IDisposable
{
    private readonly TorchSharp.Modules.Adam _optimizer;

    /// <summary>A trainer of <paramref name="embedding"/> (which it does not own).</summary>
    /// <param name="embedding">The embedding network, inputs [B, width] → [B, D].</param>
    /// <param name="distance">The metric.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="cosineScale">Scale of cosine logits.</param>
    public PrototypicalTrainer(nn.Module<Tensor, Tensor> embedding, MetricDistance distance = MetricDistance.SquaredEuclidean,
        double learningRate = 1e-3, double cosineScale = 10.0)
    {
        Embedding = embedding;
        Distance = distance;
        CosineScale = cosineScale;
        _optimizer = optim.Adam(embedding.parameters(), learningRate);
    }

    /// <summary>The embedding network.</summary>
    public nn.Module<Tensor, Tensor> Embedding { get; }

    /// <summary>The metric.</summary>
    public MetricDistance Distance { get; }

    /// <summary>Scale of cosine logits.</summary>
    public double CosineScale { get; }

    /// <summary>Optimiser steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>Query logits [Q, N] of an episode (in the caller's scope and grad mode).</summary>
    public Tensor Logits(Episode episode)
    {
        var ways = (int)episode.SupportTargets.max().ToInt64() + 1;
        var prototypes = Prototypes.Of(Embedding.forward(episode.SupportInputs), episode.SupportTargets, ways);
        return Prototypes.Logits(Embedding.forward(episode.QueryInputs), prototypes, Distance, CosineScale);
    }

    /// <summary>One training step on <paramref name="episode"/>; returns the query loss.</summary>
    public double Step(Episode episode)
    {
        using var scope = NewDisposeScope();
        Embedding.train();
        _optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(Logits(episode), episode.QueryTargets);
        loss.backward();
        _optimizer.step();
        Steps++;
        return loss.ToSingle();
    }

    /// <summary>Query accuracy of <paramref name="episode"/> in evaluation mode.</summary>
    public double Accuracy(Episode episode)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Embedding.eval();
        return Logits(episode).argmax(1).eq(episode.QueryTargets).to_type(ScalarType.Float32).mean().ToSingle();
    }

    /// <summary>
    /// Trains on episodes <c>Steps</c>… of the meta-train split of <paramref name="family"/> for
    /// <paramref name="episodes"/> steps; <paramref name="progress"/> hears (step, loss) after each.
    /// </summary>
    public void Train(ITaskFamily family, int episodes, int seed = 0, Action<long, double>? progress = null)
    {
        for (var i = 0; i < episodes; i++)
        {
            double loss;
            using (var scope = NewDisposeScope())
            {
                var episode = family.Sample(MetaSplit.Train, Steps, seed);
                loss = Step(episode);
            }
            progress?.Invoke(Steps, loss);
        }
    }

    /// <summary>Mean query accuracy over episodes 0…<paramref name="episodes"/>−1 of <paramref name="split"/>, with its 95 % interval.</summary>
    public AccuracyEstimate Evaluate(ITaskFamily family, MetaSplit split, int episodes, int seed = 0)
    {
        var accuracies = new List<double>(episodes);
        for (var i = 0; i < episodes; i++)
        {
            using var scope = NewDisposeScope();
            accuracies.Add(Accuracy(family.Sample(split, i, seed)));
        }
        return AccuracyEstimate.Of(accuracies);
    }

    /// <inheritdoc />
    public void Dispose() => _optimizer.Dispose();
}
