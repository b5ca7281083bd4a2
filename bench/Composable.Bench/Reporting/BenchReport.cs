using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Composable.Bench.Measurement;

namespace Composable.Bench.Reporting;

/// <summary>One contender's figures as written to the JSON report; PeakResidentMb as <see cref="IRoundRunner.PeakResidentMegabytes"/>.</summary>
internal sealed record ContenderReport(
    string Name, double MedianStepsPerSecond, double MinStepsPerSecond, double MaxStepsPerSecond,
    double RelativeSpread, IReadOnlyList<double> RoundStepsPerSecond, double InitialLoss, double FinalLoss, double PeakResidentMb)
{
    public static ContenderReport From(ContenderFigures f) =>
        new(f.Name, f.Median, f.Min, f.Max, f.RelativeSpread, f.RoundStepsPerSecond, f.InitialLoss, f.FinalLoss, f.PeakResidentMb);
}

/// <summary>
/// numerator / denominator of median steps/s, with the median and min–max of the same ratio taken round by round
/// (rounds interleave, so a round's ratio compares runs made a second apart and shrugs off slow drift and
/// bursts of load that span both). Null figures: a side is missing.
/// </summary>
internal sealed record RatioReport(
    string Numerator, string Denominator, double? Target, double? Ratio, double? RoundMedian, double? RoundMin, double? RoundMax, string? Missing)
{
    public string Label => $"{Numerator} / {Denominator}";

    public static RatioReport Between(string numerator, string denominator, double? target, IReadOnlyList<ContenderFigures> figures)
    {
        var top = figures.FirstOrDefault(f => f.Name == numerator);
        var bottom = figures.FirstOrDefault(f => f.Name == denominator);
        if (top is null || bottom is null)
            return new(numerator, denominator, target, null, null, null, null, (top is null ? numerator : denominator) + " not measured");
        var rounds = top.RoundStepsPerSecond.Zip(bottom.RoundStepsPerSecond, (a, b) => a / b).ToArray();
        return new(numerator, denominator, target, top.Median / bottom.Median, Median.Of(rounds), rounds.Min(), rounds.Max(), null);
    }
}

/// <summary>Resident set size of the .NET process (<see cref="ResidentMemory.Megabytes"/>) at the run's milestones, in MB.</summary>
internal sealed record MemoryReport(double StartMb, double AfterWarmupMb, double EndMb);

/// <summary>Everything one run measured: the JSON of <c>--out</c>. OutsideLoadPerRound: share of the machine's cores other processes used in each round. PeerEnvironments: variables set for one PyTorch child only, by contender.</summary>
internal sealed record BenchReport(
    DateTimeOffset When,
    BenchOptions Options,
    int BatchSize,
    DotNetRuntimeInfo DotNet,
    JsonElement? PyTorch,
    string? PyTorchSkipped,
    IReadOnlyList<ContenderReport> Contenders,
    IReadOnlyList<RatioReport> Ratios,
    MemoryReport Memory,
    IReadOnlyList<double> OutsideLoadPerRound,
    IReadOnlyDictionary<string, string> PeerEnvironments);
