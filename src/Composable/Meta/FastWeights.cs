using System.Linq;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// Operations on single tensors of fast weights that do not depend on a declaration, shared by
/// <see cref="MetaTrainer"/> (over a <see cref="ParameterSet"/>) and the generated <c>Trainer</c> (over the typed
/// <c>Parameters</c> record).
/// </summary>
public static class FastWeights
{
    /// <summary><paramref name="parameter"/> repeated along a new leading task dimension of size <paramref name="tasks"/> (a view: gradients sum back).</summary>
    public static Tensor Broadcast(Tensor parameter, int tasks) =>
        parameter.unsqueeze(0).expand(new long[] { tasks }.Concat(parameter.shape).ToArray());

    /// <summary>A copy of <paramref name="tensor"/> that is a fresh leaf of the graph requiring gradients (adaptation that does not train θ).</summary>
    public static Tensor Leaf(Tensor tensor) => tensor.clone().requires_grad_(true);

    /// <summary>
    /// Reptile's surrogate term Σ θ·(θ − mean φ) of one parameter, the second factor constant: its gradient is
    /// Reptile's update direction θ − mean over tasks of the adapted <paramref name="stackedFast"/> [T, …].
    /// </summary>
    public static Tensor ReptileTerm(Tensor theta, Tensor stackedFast) =>
        (theta * (theta - stackedFast.mean(new long[] { 0 })).detach()).sum();
}
