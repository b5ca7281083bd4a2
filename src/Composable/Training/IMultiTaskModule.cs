using System.Collections.Generic;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// What the run time needs of a multi-task network, generated or interpreted: the declaration it was built
/// from and an untyped forward per task.
/// </summary>
public interface IMultiTaskModule
{
    /// <summary>The declaration the network was built from.</summary>
    MultiTaskSpec Spec { get; }

    /// <summary>The network as a TorchSharp module (parameters, state dict, train/eval).</summary>
    nn.Module Module { get; }

    /// <summary>Head outputs of task <paramref name="task"/> (declaration index) for inputs [B, F].</summary>
    Tensor ForwardTask(int task, Tensor input);

    /// <summary>Head outputs of every task for one inputs tensor, running shared layers once.</summary>
    IReadOnlyList<Tensor> ForwardAll(Tensor input);
}
