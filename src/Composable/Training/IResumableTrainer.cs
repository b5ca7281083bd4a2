using Composable.Checkpoints;

namespace Composable.Training;

/// <summary>
/// What a trainer exposes so that <see cref="TrainerCheckpoint"/> can save its whole state and put it back: the
/// optimiser, the objective's own state, the declaration it trains and a way to set its step count. Every trainer,
/// generated or interpreted, of every family implements it.
/// </summary>
public interface IResumableTrainer : ITrainer
{
    /// <summary>The optimiser, whose state a checkpoint saves.</summary>
    TorchSharp.torch.optim.Optimizer Optimizer { get; }

    /// <summary>The adaptive objective's state a checkpoint saves (learned weights, history, generators); null when it keeps none.</summary>
    IResumable? ObjectiveState => null;

    /// <summary>
    /// The trainer's own generator (dropout masks and other draws in training; <see cref="TrainerRandom"/>), whose state
    /// a checkpoint saves; null for a trainer that draws from torch's process-wide generator, whose state is saved instead.
    /// </summary>
    TorchSharp.torch.Generator? TrainingGenerator => null;

    /// <summary>The declaration in its printed form: a checkpoint records it and refuses to load into another.</summary>
    string Declaration { get; }

    /// <summary>Sets <see cref="ITrainer.Steps"/> to the steps of the checkpoint being loaded; only <see cref="TrainerCheckpoint"/> calls it.</summary>
    void ResumeAt(long steps);
}
