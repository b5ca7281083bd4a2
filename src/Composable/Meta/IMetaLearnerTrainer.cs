using System.Collections.Generic;
using Composable.Data.Episodes;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// The trainer of a <c>MetaLearnerSpec</c>: the run time's <see cref="MetaTrainer"/> (which interprets the
/// declaration) or the <c>Trainer</c> the generator emits for a <c>[MetaLearner]</c> declaration.
/// </summary>
public interface IMetaLearnerTrainer : IEpisodicTrainer
{
    /// <summary>Mean post-adaptation query loss of <paramref name="episodes"/>, differentiable with respect to θ.</summary>
    Tensor MetaLoss(IReadOnlyList<Episode> episodes);

    /// <summary>
    /// Query loss (and accuracy, for classification) of every episode after 0, 1, …, <paramref name="steps"/>
    /// test-time adaptation steps; θ is not changed.
    /// </summary>
    AdaptationCurves MeasureAdaptation(IReadOnlyList<Episode> episodes, int steps);
}
