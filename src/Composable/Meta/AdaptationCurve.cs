using System;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// Test-time adaptation curves, shared by <see cref="MetaTrainer.MeasureAdaptation"/> and the generated
/// <c>Trainer.MeasureAdaptation</c>: the query loss (and, for classification, accuracy) of every episode after 0, 1,
/// …, <c>steps</c> adaptation steps.
/// </summary>
public static class AdaptationCurve
{
    /// <summary>
    /// The curves of a task-batched meta-batch: <paramref name="queryPredictions"/> [T, Q, out] of the fast weights
    /// after each of <paramref name="steps"/> applications of <paramref name="adapt"/> to <paramref name="start"/>,
    /// scored without gradients by <paramref name="taskLosses"/> (a [T] tensor) against
    /// <paramref name="queryTargets"/>; int64 targets are class labels, whose accuracy is measured too.
    /// </summary>
    public static AdaptationCurves Measure<TWeights>(int steps, TWeights start, Func<TWeights, Tensor> queryPredictions, Tensor queryTargets,
        Func<Tensor, Tensor, Tensor> taskLosses, Func<TWeights, TWeights> adapt)
    {
        var classification = queryTargets.dtype == ScalarType.Int64;
        var fast = start;
        var losses = new double[steps + 1][];
        var accuracies = new double[steps + 1][];
        for (var s = 0; s <= steps; s++)
        {
            using (no_grad())
            {
                var predictions = queryPredictions(fast);
                losses[s] = Read(taskLosses(predictions, queryTargets));
                if (classification)
                    accuracies[s] = Read(predictions.argmax(-1).eq(queryTargets).to_type(ScalarType.Float32).mean(new long[] { 1 }));
            }
            if (s < steps)
                fast = adapt(fast);
        }
        return new AdaptationCurves(ByEpisode(losses), classification ? ByEpisode(accuracies) : null);
    }

    private static double[] Read(Tensor perTask) => perTask.to_type(ScalarType.Float64).cpu().data<double>().ToArray();

    private static double[][] ByEpisode(double[][] byStep) =>
        Enumerable.Range(0, byStep[0].Length).Select(e => byStep.Select(step => step[e]).ToArray()).ToArray();
}
