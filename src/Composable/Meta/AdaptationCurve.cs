using System;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// Test-time adaptation curves, shared by <see cref="MetaTrainer.Evaluate"/> and the generated <c>Trainer.Evaluate</c>:
/// the query loss of every episode after 0, 1, …, <c>steps</c> adaptation steps.
/// </summary>
public static class AdaptationCurve
{
    /// <summary>
    /// Query losses [episode][step] of <paramref name="episodes"/> tasks: <paramref name="queryLosses"/> (a [T] tensor,
    /// read without gradients) of the fast weights after each of <paramref name="steps"/> applications of
    /// <paramref name="adapt"/> to <paramref name="start"/>.
    /// </summary>
    public static double[][] Measure<TWeights>(int episodes, int steps, TWeights start, Func<TWeights, Tensor> queryLosses, Func<TWeights, TWeights> adapt)
    {
        var fast = start;
        var curve = new double[steps + 1][];
        for (var s = 0; s <= steps; s++)
        {
            using (no_grad())
                curve[s] = queryLosses(fast).to_type(ScalarType.Float64).data<double>().ToArray();
            if (s < steps)
                fast = adapt(fast);
        }
        return Enumerable.Range(0, episodes).Select(e => curve.Select(c => c[e]).ToArray()).ToArray();
    }
}
