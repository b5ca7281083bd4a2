using System.Collections.Generic;
using System.Globalization;
using Composable.FewShot.Metric;

namespace Composable.Training;

/// <summary>
/// An episodic trainer's evaluation: how the learner does on query sets after it has read (or adapted to) each
/// episode's support set.
/// </summary>
/// <param name="Episodes">Episodes evaluated.</param>
/// <param name="MeanLoss">Mean query loss after adaptation (after the declared inner steps, for a gradient-based learner).</param>
/// <param name="Accuracy">Query accuracy with its 95 % interval, for classification episodes; null for regression.</param>
/// <param name="LossAfterStep">
/// For a gradient-based learner, the mean query loss after 0, 1, …, inner-steps test-time steps (the last is
/// <paramref name="MeanLoss"/>); empty for a learner that does not adapt by gradient steps.
/// </param>
public sealed record EpisodeEvaluation(int Episodes, double MeanLoss, AccuracyEstimate? Accuracy, IReadOnlyList<double> LossAfterStep) : IEvaluation
{
    /// <summary>
    /// <c>query/loss</c>, then for classification <c>query/accuracy</c> and <c>query/accuracy_95</c> (the interval's
    /// half-width), then <c>query/loss_after_step_{s}</c> for each test-time step s.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>> Figures
    {
        get
        {
            var figures = new List<KeyValuePair<string, double>> { new("query/loss", MeanLoss) };
            if (Accuracy is not null)
            {
                figures.Add(new("query/accuracy", Accuracy.Mean));
                figures.Add(new("query/accuracy_95", Accuracy.HalfWidth95));
            }
            for (var s = 0; s < LossAfterStep.Count; s++)
                figures.Add(new("query/loss_after_step_" + s.ToString(CultureInfo.InvariantCulture), LossAfterStep[s]));
            return figures;
        }
    }

    /// <summary><c>query loss 0.123, accuracy 48.31 ± 0.80 % (600 episodes)</c>.</summary>
    public override string ToString() => Accuracy is null
        ? $"query loss {MeanLoss.ToString("F4", CultureInfo.InvariantCulture)} ({Episodes} episodes)"
        : $"query loss {MeanLoss.ToString("F4", CultureInfo.InvariantCulture)}, accuracy {Accuracy}";
}
