using System;
using System.IO;
using Composable.Reporting.Tables;
using static Composable.Bench.Reporting.ReportTable;

namespace Composable.Bench.Soak;

/// <summary>The human-readable <see cref="SoakReport"/>: a table per family, then the create / fit / dispose loop, each with its verdict.</summary>
internal static class SoakTable
{
    public static void Write(SoakReport report, TextWriter output)
    {
        var o = report.Options;
        output.WriteLine();
        output.WriteLine(Invariant($"Soak, {o.Threads} thread(s): each family's generated trainer for {o.SoakSteps} steps (warm-up {o.SoakWarmup}), read every {o.SoakEvery}; heap {report.DotNet.Heap}"));
        foreach (var family in report.Families)
        {
            output.WriteLine();
            if (family.Skipped is { } reason)
            {
                output.WriteLine($"{family.Family}: skipped ({reason})");
                continue;
            }
            output.WriteLine(Invariant($"{family.Family} ({family.StepsPerSecond:F1} steps/s after warm-up, outside load {family.OutsideLoad:P0}):"));
            var table = PlainTable.Create(">step", ">RSS MB", ">live tensors", ">RSS vs after warm-up", ">tensors vs after warm-up", ">managed MB", ">native in use MB", ">JIT methods", ">live managed MB");
            var afterWarmup = family.AfterWarmup!;
            table.Row([.. Figures("start", family.Start!, "", "")]);
            table.Row([.. Figures(Invariant($"{afterWarmup.At} (after warm-up)"), afterWarmup, "", "")]);
            foreach (var r in family.Readings)
                table.Row([.. Figures(Invariant($"{r.At}"), r, Percent(r.ResidentChange(afterWarmup)), Percent(r.TensorChange(afterWarmup)))]);
            output.Write(PlainTable.Render(table));
            output.WriteLine(Invariant($"  flat within {SoakReport.Tolerance:P0}: {(family.Flat ? "met" : "missed")} (largest change after warm-up: RSS {family.MaxResidentChange:P1}, live tensors {family.MaxTensorChange:P1})"));
        }

        var cycles = report.Cycles;
        output.WriteLine();
        output.WriteLine(Invariant($"Create / fit / dispose, {cycles.Family}: {cycles.Iterations} times in this process (generated Trainer.Create(seed), Fit {cycles.FitSteps} steps, Dispose; outside load {cycles.OutsideLoad:P0}):"));
        var loop = PlainTable.Create(">iteration", ">RSS MB", ">live tensors", Invariant($">RSS vs iteration {cycles.ReferenceReading.At}"), Invariant($">tensors vs iteration {cycles.ReferenceReading.At}"), ">managed MB", ">native in use MB", ">JIT methods", ">live managed MB");
        foreach (var r in cycles.Readings)
            loop.Row([.. Figures(Invariant($"{r.At}"), r, Percent(r.ResidentChange(cycles.ReferenceReading)), Percent(r.TensorChange(cycles.ReferenceReading)))]);
        output.Write(PlainTable.Render(loop));
        output.WriteLine(Invariant($"  growth from iteration {cycles.ReferenceReading.At} to {cycles.Readings[^1].At}, the JIT's tier-up included: RSS {cycles.ResidentGrowth:P1}, live tensors {cycles.TensorGrowth:P1}"));
        var settled = cycles.Settled;
        output.WriteLine(Invariant($"  the JIT settled at iteration {settled.At} (fewer than {CycleSoak.SettledMethodsPerIteration:F0} method compiled per iteration from then on; {settled.JitMethods} compiled by then, {cycles.Readings[^1].JitMethods - settled.JitMethods} after), in the first half of the loop: {(cycles.SettledEarly ? "yes" : "no")}"));
        output.WriteLine(Invariant($"  growth from iteration {settled.At} to {cycles.Readings[^1].At} within {SoakReport.Tolerance:P0}: {(cycles.NoGrowth ? "met" : "missed")} (RSS {cycles.SettledResidentGrowth:P1}, live tensors {cycles.SettledTensorGrowth:P1})"));
    }

    /// <summary>One table row: the label, the verdicts' figures with their changes, then where the memory is.</summary>
    private static string[] Figures(string label, SoakReading r, string residentChange, string tensorChange) =>
        [label, Invariant($"{r.ResidentMb:F1}"), Invariant($"{r.LiveTensors}"), residentChange, tensorChange, Invariant($"{r.ManagedMb:F1}"), Invariant($"{r.NativeInUseMb:F1}"), Invariant($"{r.JitMethods}"), Invariant($"{r.LiveManagedMb:F2}")];

    private static string Percent(double change) => Invariant($"{change * 100:+0.0;-0.0;0.0} %");
}
