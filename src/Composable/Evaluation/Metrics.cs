using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using static TorchSharp.torch;
using Composable.Training;
using TorchSharp;

namespace Composable.Evaluation;

/// <summary>
/// The evaluation metrics of a task, from its head's raw outputs: logits for binary, multi-class and multi-label
/// targets, values for regression. Computed in float64 without gradients; results are plain numbers.
/// </summary>
public static class Metrics
{
    /// <summary>
    /// Exactly <see cref="Target.Metrics"/> of <paramref name="target"/>, in that order, for one task's outputs
    /// and targets over N examples.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Regression: mean squared error, mean absolute error and R² = 1 − SS_res/SS_tot, each averaged over
    /// outputs (an output with constant targets scores R² 1 when predicted exactly, else 0, as scikit-learn).</item>
    /// <item>Binary: accuracy of logit &gt; 0; AUC by ranks (Mann–Whitney, tied scores get their average rank;
    /// NaN when only one class is present); log loss from logits, computed stably.</item>
    /// <item>Multi-class: accuracy of the arg-max; macro F1 over the classes that occur in targets or
    /// predictions (as scikit-learn); log loss through log-softmax.</item>
    /// <item>Multi-label (decision: logit &gt; 0): micro F1 over all label decisions (0 when there is no positive
    /// target or prediction at all, as scikit-learn); Hamming accuracy, the share of correct decisions; subset
    /// accuracy, the share of examples with every label right.</item>
    /// </list>
    /// </remarks>
    /// <param name="target">The task's target kind.</param>
    /// <param name="outputs">The head's outputs, [N, <see cref="Target.OutputWidth"/>], floating point.</param>
    /// <param name="targets">The targets in the task's layout (binary and multi-label targets count as positive
    /// above 0.5).</param>
    /// <exception cref="ArgumentException">Shapes do not fit the target, N is 0, or a class label is out of range.</exception>
    public static IReadOnlyList<(Metric Metric, double Value)> Compute(Target target, Tensor outputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(targets);
        CheckShapes(target, outputs, targets);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var values = target switch
        {
            Regression => RegressionMetrics(outputs, targets),
            Binary => BinaryMetrics(outputs, targets),
            MultiClass c => MultiClassMetrics(outputs, targets, c.Classes),
            MultiLabel => MultiLabelMetrics(outputs, targets),
            _ => throw new ArgumentException($"Unknown target kind {target.GetType().Name}.", nameof(target)),
        };
        return target.Metrics.Select(m => (m, values[m])).ToArray();
    }

    /// <summary>Whether a larger value of <paramref name="metric"/> is better (false for errors and losses).</summary>
    public static bool HigherIsBetter(Metric metric) => metric switch
    {
        Metric.MeanSquaredError or Metric.MeanAbsoluteError or Metric.LogLoss => false,
        Metric.RSquared or Metric.Accuracy or Metric.AreaUnderRoc or Metric.MacroF1 or Metric.MicroF1
            or Metric.HammingAccuracy or Metric.SubsetAccuracy => true,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    private static Dictionary<Metric, double> RegressionMetrics(Tensor outputs, Tensor targets)
    {
        var y = targets.to_type(ScalarType.Float64);
        var error = outputs.to_type(ScalarType.Float64) - y;
        var residual = error.pow(Scalars.Two).sum([0]).cpu().data<double>().ToArray();
        var total = (y - y.mean([0])).pow(Scalars.Two).sum([0]).cpu().data<double>().ToArray();
        var rSquared = residual.Zip(total, (res, tot) => tot == 0 ? (res == 0 ? 1.0 : 0.0) : 1 - res / tot).Average();
        return new()
        {
            [Metric.MeanSquaredError] = error.pow(Scalars.Two).mean().item<double>(),
            [Metric.MeanAbsoluteError] = error.abs().mean().item<double>(),
            [Metric.RSquared] = rSquared,
        };
    }

    private static Dictionary<Metric, double> BinaryMetrics(Tensor outputs, Tensor targets)
    {
        var logits = outputs.reshape(-1).to_type(ScalarType.Float64);
        var positive = targets.reshape(-1).gt(Scalars.Half);
        var y = positive.to_type(ScalarType.Float64);
        // log(1 + e^z) − y·z, written so that no exponential overflows.
        var logLoss = (logits.clamp_min(Scalars.Zero) - logits * y).add(logits.abs().neg().exp().log1p(), Scalars.One);
        return new()
        {
            [Metric.Accuracy] = logits.gt(Scalars.Zero).eq(positive).to_type(ScalarType.Float64).mean().item<double>(),
            [Metric.AreaUnderRoc] = AreaUnderRoc(logits.cpu().data<double>().ToArray(), positive.cpu().data<bool>().ToArray()),
            [Metric.LogLoss] = logLoss.mean().item<double>(),
        };
    }

    private static Dictionary<Metric, double> MultiClassMetrics(Tensor outputs, Tensor targets, int classes)
    {
        var logits = outputs.to_type(ScalarType.Float64);
        var labels = targets.to_type(ScalarType.Int64);
        using var classCount = classes.ToScalar();
        var outside = labels.lt(Scalars.Zero).logical_or(labels.ge(classCount)).nonzero();
        if (outside.shape[0] > 0)
        {
            var row = outside[0, 0].item<long>();
            throw new ArgumentException(
                $"Label {labels[row].item<long>()} at row {row} is outside [0, {classes}).", nameof(targets));
        }
        var predicted = logits.argmax(1);
        var correct = predicted.eq(labels);
        var truePositives = labels.masked_select(correct).bincount(null, classes).cpu().data<long>().ToArray();
        var predictedCounts = predicted.bincount(null, classes).cpu().data<long>().ToArray();
        var actualCounts = labels.bincount(null, classes).cpu().data<long>().ToArray();
        var macroF1 = Enumerable.Range(0, classes)
            .Where(c => predictedCounts[c] + actualCounts[c] > 0)
            .Select(c => 2.0 * truePositives[c] / (predictedCounts[c] + actualCounts[c]))
            .Average();
        var logLoss = -logits.log_softmax(1).gather(1, labels.unsqueeze(1)).mean().item<double>();
        return new()
        {
            [Metric.Accuracy] = correct.to_type(ScalarType.Float64).mean().item<double>(),
            [Metric.MacroF1] = macroF1,
            [Metric.LogLoss] = logLoss,
        };
    }

    private static Dictionary<Metric, double> MultiLabelMetrics(Tensor outputs, Tensor targets)
    {
        var predicted = outputs.gt(Scalars.Zero);
        var actual = targets.gt(Scalars.Half);
        var agree = predicted.eq(actual);
        var truePositives = predicted.logical_and(actual).sum().item<long>();
        var wrong = agree.logical_not().sum().item<long>();
        var denominator = 2 * truePositives + wrong;
        return new()
        {
            [Metric.MicroF1] = denominator == 0 ? 0.0 : 2.0 * truePositives / denominator,
            [Metric.HammingAccuracy] = agree.to_type(ScalarType.Float64).mean().item<double>(),
            [Metric.SubsetAccuracy] = agree.all(1).to_type(ScalarType.Float64).mean().item<double>(),
        };
    }

    /// <summary>P(score of a random positive &gt; score of a random negative), ties counting one half.</summary>
    internal static double AreaUnderRoc(double[] scores, bool[] positive)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var positiveRankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
                if (positive[order[k]]) positiveRankSum += averageRank;
            start = end + 1;
        }
        long positives = positive.Count(p => p), negatives = positive.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    private static void CheckShapes(Target target, Tensor outputs, Tensor targets)
    {
        var shape = outputs.shape;
        if (shape.Length != 2 || shape[1] != target.OutputWidth || !outputs.is_floating_point())
            throw new ArgumentException(
                $"Outputs have shape {TargetLayout.Format(shape)} and dtype {TargetLayout.Format(outputs.dtype)}, "
                + $"expected floating point [N, {target.OutputWidth}] for {TargetLayout.Describe(target)}.",
                nameof(outputs));
        if (shape[0] == 0)
            throw new ArgumentException("Metrics need at least one example.", nameof(outputs));
        var expected = TargetLayout.Shape(target, shape[0]);
        if (!targets.shape.SequenceEqual(expected))
            throw new ArgumentException(
                $"Targets have shape {TargetLayout.Format(targets.shape)}, expected {TargetLayout.Format(expected)} "
                + $"({TargetLayout.Describe(target)}) for outputs of {shape[0]} rows.",
                nameof(targets));
    }
}
