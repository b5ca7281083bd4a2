using System;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Transfer;

/// <summary>
/// A fine-tuning trainer, generated <c>Trainer</c> of a <c>[FineTuning]</c> declaration or
/// <see cref="FineTuningTrainer"/>: a multi-task trainer of the target tasks that also loads its source's weights and
/// reports its blocks, so code can drive either alike.
/// </summary>
public interface IFineTuningTrainer : IMultiTaskTrainer
{
    /// <summary>The declaration's plan: blocks bottom first, each with its rate and the epoch it thaws; the target.</summary>
    FineTuningPlan Plan { get; }

    /// <summary>The blocks: which train now, the epoch, the schedule's factor, the optimiser.</summary>
    BlockTraining Blocks { get; }

    /// <summary>Loads the source's blocks (and kept heads) from a checkpoint file; nothing changes when it does not fit (see <see cref="SourceWeights"/>).</summary>
    void LoadSource(string path, Func<string, string>? rename = null);

    /// <summary>Loads the source's blocks (and kept heads) from a trained network in memory, by state-dict name.</summary>
    void LoadSource(nn.Module source, Func<string, string>? rename = null);
}
