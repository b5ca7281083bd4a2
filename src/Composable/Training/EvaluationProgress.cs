using System;

namespace Composable.Training;

/// <summary>Where an evaluation over episodes stands.</summary>
/// <param name="Done">Episodes evaluated so far.</param>
/// <param name="Total">Episodes the evaluation reads.</param>
/// <param name="Elapsed">Wall time since the evaluation started.</param>
public sealed record EvaluationProgress(long Done, long Total, TimeSpan Elapsed)
{
    /// <summary>Fraction done, in [0, 1].</summary>
    public double Fraction => Total == 0 ? 1 : Math.Min(1.0, (double)Done / Total);
}
