using System.Collections.Generic;
using System.Linq;

namespace Composable.Bench.Measurement;

/// <summary>What one contender did in a run: steps/s of every round, its loss before and after training, and its peak resident memory in MB (<see cref="IRoundRunner.PeakResidentMegabytes"/>).</summary>
internal sealed record ContenderFigures(string Name, IReadOnlyList<double> RoundStepsPerSecond, double InitialLoss, double FinalLoss, double PeakResidentMb)
{
    public double Median => Measurement.Median.Of(RoundStepsPerSecond);

    public double Min => RoundStepsPerSecond.Min();

    public double Max => RoundStepsPerSecond.Max();

    /// <summary>(max − min) / median: the noise a ratio has to be read against.</summary>
    public double RelativeSpread => (Max - Min) / Median;
}
