using Composable.Data.Episodes;
using Composable.Training;

namespace Composable.FewShot;

/// <summary>
/// The trainer of a <c>FewShotLearnerSpec</c>: the run time's <see cref="EpisodicTrainer"/> or the <c>Trainer</c>
/// the generator emits for a <c>[FewShotLearner]</c> declaration.
/// </summary>
public interface IFewShotTrainer : IEpisodicTrainer
{
    /// <summary>Query accuracy of <paramref name="episode"/> in evaluation mode, without gradients.</summary>
    double Accuracy(Episode episode);
}
