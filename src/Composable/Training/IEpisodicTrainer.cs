using System.Collections.Generic;
using Composable.Data.Episodes;
using Composable.Training;

namespace Composable.Training;

/// <summary>
/// The trainer of an episodic declaration, meta-learner or few-shot learner, generated or interpreted: one step on
/// a meta-batch of episodes, an evaluation over an <see cref="EpisodeSource"/>, and a fit that draws meta-batches
/// from one. <see cref="Meta.IMetaLearnerTrainer"/> adds what a gradient-based meta-learner has (the meta-loss and the
/// adaptation curves); <see cref="FewShot.IFewShotTrainer"/> what a few-shot classifier has.
/// </summary>
public interface IEpisodicTrainer : ITrainer<IReadOnlyList<Episode>, EpisodeSource, EpisodeEvaluation>, IResumableTrainer
{
    /// <summary>Episodes per step of a fit unless <see cref="FitOptions.BatchSize"/> says otherwise: the declared meta-batch.</summary>
    int MetaBatch { get; }
}
