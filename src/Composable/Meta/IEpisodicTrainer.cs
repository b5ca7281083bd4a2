using System;
using System.Collections.Generic;
using Composable.Meta.Episodes;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// An episodic meta-trainer of a <c>MetaLearnerSpec</c>: the run time's <see cref="MetaTrainer"/> (which interprets
/// the declaration) or the <c>Trainer</c> the generator emits for a <c>[MetaLearner]</c> declaration.
/// </summary>
public interface IEpisodicTrainer : IDisposable
{
    /// <summary>θ (and Meta-SGD's learned rates) as a module.</summary>
    nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>Meta-updates taken so far.</summary>
    long Steps { get; }

    /// <summary>One meta-update on <paramref name="episodes"/> inside its own dispose scope; returns the meta-loss.</summary>
    double Step(IReadOnlyList<Episode> episodes);

    /// <summary>Mean post-adaptation query loss of <paramref name="episodes"/>, differentiable with respect to θ.</summary>
    Tensor MetaLoss(IReadOnlyList<Episode> episodes);

    /// <summary>Query loss per episode after 0, 1, …, <paramref name="steps"/> test-time adaptation steps, as [episode][step]; θ is not changed.</summary>
    double[][] Evaluate(IReadOnlyList<Episode> episodes, int steps);
}
