namespace Composable.FewShot.Baselines;

/// <summary>Settings of <see cref="FineTunedClassifier"/>: how it pretrains, and how it fits a new head at test time.</summary>
/// <param name="BatchSize">Examples per pretraining mini-batch, drawn without replacement from every meta-train example.</param>
/// <param name="Pretrain">Optimiser of the backbone and the pretraining head; Adam with learning rate 1e-3 when omitted.</param>
/// <param name="HeadSteps">Optimiser steps of the new head on an episode's support embeddings.</param>
/// <param name="Head">Optimiser of the new head; Adam with learning rate 0.01 when omitted.</param>
public sealed record FineTuning(int BatchSize = 64, Optimizer? Pretrain = null, int HeadSteps = 100, Optimizer? Head = null)
{
    /// <summary>Optimiser of the backbone and the pretraining head.</summary>
    public Optimizer Pretrain { get; init; } = Pretrain ?? new Adam();

    /// <summary>Optimiser of the new head fitted on each episode's support set.</summary>
    public Optimizer Head { get; init; } = Head ?? new Adam(LearningRate: 0.01);
}
