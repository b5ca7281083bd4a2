using System.Collections.Generic;

namespace Composable.Training;

/// <summary>
/// An evaluation's report as every family gives it: the mean loss and every figure by name, so that callbacks,
/// logs and progress displays read any family's validation the same way.
/// </summary>
public interface IEvaluation
{
    /// <summary>The mean loss over what was evaluated.</summary>
    double MeanLoss { get; }

    /// <summary>Every figure as (name, value), e.g. <c>Income/accuracy</c> or <c>query/accuracy</c>, in a stable order.</summary>
    IReadOnlyList<KeyValuePair<string, double>> Figures { get; }
}
