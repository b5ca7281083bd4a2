using Composable.Data;
using Composable.Evaluation;

namespace Composable.Training;

/// <summary>
/// A multi-task trainer, generated <c>Trainer</c> or <see cref="Interpretation.InterpretedTrainer"/>: the family's
/// <see cref="ITrainer{TBatch, TData, TEvaluation}"/> plus the network <see cref="TrainingLoop"/> reads the declaration from.
/// </summary>
public interface IMultiTaskTrainer : ITrainer<MultiTaskBatch, MultiTaskDataset, EvaluationReport>, IResumableTrainer
{
    /// <summary>The network being trained, with its declaration and untyped forwards.</summary>
    IMultiTaskModule Network { get; }

    /// <summary>The declaration of <see cref="Network"/>, printed.</summary>
    string IResumableTrainer.Declaration => Network.Spec.ToString();

    /// <summary>
    /// Ends a training epoch for objectives that follow epochs (dynamic weight average); <see cref="TrainingLoop"/> calls
    /// it after every epoch, and a caller that steps by hand calls it at its own epoch ends. Nothing for other objectives.
    /// </summary>
    void EndEpoch()
    {
    }
}
