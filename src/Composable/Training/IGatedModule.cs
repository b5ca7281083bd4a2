using System.Collections.Generic;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>A multi-task network with expert gates (a mixture of experts), whose gate weights can be read.</summary>
public interface IGatedModule : IMultiTaskModule
{
    /// <summary>
    /// Each task's gate weights at the last level, averaged over the rows of <paramref name="input"/>: one tensor
    /// [experts the task's gate mixes] per task, in declaration order. Call in eval mode under <c>no_grad</c> to read.
    /// </summary>
    IReadOnlyList<Tensor> MeanGateWeights(Tensor input);
}
