using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Bench.Reporting;

namespace Composable.Bench.Soak;

/// <summary>
/// What the process held at one point of a soak: resident MB and live TorchSharp tensors (the verdicts' figures), and,
/// to tell where resident memory went, the managed heap's committed MB and the C heap's MB in use.
/// </summary>
/// <param name="At">The step (or, in the create / fit / dispose loop, the iteration) after which it was read.</param>
internal sealed record SoakReading(long At, double ResidentMb, long LiveTensors, double ManagedMb, double NativeInUseMb)
{
    /// <summary>Relative change of the resident size against <paramref name="reference"/>.</summary>
    public double ResidentChange(SoakReading reference) => ResidentMb / reference.ResidentMb - 1;

    /// <summary>Relative change of the live tensor count against <paramref name="reference"/>.</summary>
    public double TensorChange(SoakReading reference) => (double)LiveTensors / reference.LiveTensors - 1;
}

/// <summary>
/// One family's soak: readings before its data and trainer are made, after the warm-up, and every few steps after it.
/// Flat when no later reading is more than <see cref="SoakReport.Tolerance"/> away from the after-warm-up one, in
/// resident size and in live tensors. Skipped (with the reason) when the family cannot run here.
/// </summary>
internal sealed record FamilySoak(
    string Family, string? Skipped, SoakReading? Start, SoakReading? AfterWarmup, IReadOnlyList<SoakReading> Readings, double StepsPerSecond, double OutsideLoad)
{
    public double MaxResidentChange => Readings.Count == 0 ? 0 : Readings.Max(r => Math.Abs(r.ResidentChange(AfterWarmup!)));

    public double MaxTensorChange => Readings.Count == 0 ? 0 : Readings.Max(r => Math.Abs(r.TensorChange(AfterWarmup!)));

    public bool Flat => MaxResidentChange <= SoakReport.Tolerance && MaxTensorChange <= SoakReport.Tolerance;
}

/// <summary>
/// The create / fit / dispose loop: readings after chosen iterations; no growth when the last reading is within
/// <see cref="SoakReport.Tolerance"/> of the reading at iteration <see cref="Reference"/>.
/// </summary>
internal sealed record CycleSoak(string Family, int Iterations, int FitSteps, int Reference, IReadOnlyList<SoakReading> Readings, double OutsideLoad)
{
    public SoakReading ReferenceReading => Readings.Last(r => r.At <= Reference);

    public double ResidentGrowth => Readings[^1].ResidentChange(ReferenceReading);

    public double TensorGrowth => Readings[^1].TensorChange(ReferenceReading);

    public bool NoGrowth => ResidentGrowth <= SoakReport.Tolerance && TensorGrowth <= SoakReport.Tolerance;
}

/// <summary>Everything <c>--soak</c> measured: the JSON of <c>--out</c>.</summary>
internal sealed record SoakReport(
    DateTimeOffset When, BenchOptions Options, DotNetRuntimeInfo DotNet, IReadOnlyList<FamilySoak> Families, CycleSoak Cycles)
{
    /// <summary>The 5 %: how far a reading may move from its reference and still count as flat.</summary>
    public const double Tolerance = 0.05;
}
