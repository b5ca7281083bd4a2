using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>Reads an episodic step's losses back as numbers.</summary>
public static class EpisodicSteps
{
    /// <summary>
    /// The step's meta-loss and the query loss of every episode of the meta-batch, read from the [T] tensor the step
    /// already computed (no extra forward).
    /// </summary>
    public static StepResult Read(long step, Tensor metaLoss, Tensor episodeLosses) =>
        new(step, metaLoss.ToSingle(), episodeLosses.detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray());
}
