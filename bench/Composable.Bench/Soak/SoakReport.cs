using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Bench.Reporting;

namespace Composable.Bench.Soak;

/// <summary>
/// What the process held at one point of a soak: resident MB and live TorchSharp tensors (the verdicts' figures), and,
/// to tell where resident memory went, the managed heap's committed MB, the C heap's MB in use, and the methods the
/// runtime's JIT has compiled so far (every tier of every method counts; tier-up recompiles hot methods, and their code
/// is resident memory that no training holds), and last the managed objects still reachable after a full garbage
/// collection (forced after the other figures are read: a leak of managed objects shows here, the heap's budget does not).
/// </summary>
/// <param name="At">The step (or, in the create / fit / dispose loop, the iteration) after which it was read.</param>
internal sealed record SoakReading(long At, double ResidentMb, long LiveTensors, double ManagedMb, double NativeInUseMb, long JitMethods, double LiveManagedMb)
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
/// The create / fit / dispose loop: readings after chosen iterations. Growth is read twice. From iteration
/// <see cref="Reference"/> (<see cref="ResidentGrowth"/>): everything the process gained, the runtime's own warm-up
/// included (the JIT recompiling hot methods at higher tiers, the garbage collector growing its budgets). From where the
/// JIT settled (<see cref="Settled"/>: the first reading at or after the reference from which, between every two later
/// readings, the runtime compiled fewer than <see cref="SettledMethodsPerIteration"/> methods per iteration): what the
/// loop itself keeps. No growth when the growth from the settled reading is within <see cref="SoakReport.Tolerance"/>
/// in resident size and live tensors, and the JIT settled within the first half of the loop (so that half the
/// iterations, at least, are measured after it); a loop whose JIT has not settled by then is a miss.
/// </summary>
internal sealed record CycleSoak(string Family, int Iterations, int FitSteps, int Reference, IReadOnlyList<SoakReading> Readings, double OutsideLoad)
{
    /// <summary>The JIT has settled once it compiles fewer methods than this per iteration of the loop, from then on.</summary>
    public const double SettledMethodsPerIteration = 1.0;

    public SoakReading ReferenceReading => Readings.Last(r => r.At <= Reference);

    public double ResidentGrowth => Readings[^1].ResidentChange(ReferenceReading);

    public double TensorGrowth => Readings[^1].TensorChange(ReferenceReading);

    /// <summary>The first reading at or after <see cref="ReferenceReading"/> from which the JIT compiled fewer than <see cref="SettledMethodsPerIteration"/> methods per iteration between every two readings (the last reading, at the latest).</summary>
    public SoakReading Settled
    {
        get
        {
            var from = Readings.Count - 1;
            while (from > 0 && Readings[from - 1].At >= ReferenceReading.At && CompileRate(Readings[from - 1], Readings[from]) < SettledMethodsPerIteration)
                from--;
            return Readings[from];
        }
    }

    /// <summary>Whether <see cref="Settled"/> came within the first half of the loop.</summary>
    public bool SettledEarly => Settled.At <= Iterations / 2;

    public double SettledResidentGrowth => Readings[^1].ResidentChange(Settled);

    public double SettledTensorGrowth => Readings[^1].TensorChange(Settled);

    public bool NoGrowth => SettledEarly && SettledResidentGrowth <= SoakReport.Tolerance && SettledTensorGrowth <= SoakReport.Tolerance;

    /// <summary>Methods the JIT compiled per iteration between two readings.</summary>
    public static double CompileRate(SoakReading earlier, SoakReading later) =>
        (double)(later.JitMethods - earlier.JitMethods) / (later.At - earlier.At);
}

/// <summary>Everything <c>--soak</c> measured: the JSON of <c>--out</c>.</summary>
internal sealed record SoakReport(
    DateTimeOffset When, BenchOptions Options, DotNetRuntimeInfo DotNet, IReadOnlyList<FamilySoak> Families, CycleSoak Cycles)
{
    /// <summary>The 5 %: how far a reading may move from its reference and still count as flat.</summary>
    public const double Tolerance = 0.05;
}
