using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Composable.Bench.Generated;
using Composable.Bench.Measurement;
using Composable.Bench.Reporting;
using Composable.Data;
using Composable.Training;
using TorchSharp;

namespace Composable.Bench.Soak;

/// <summary>
/// <c>--soak</c>: one family's create / fit / dispose loop, <see cref="BenchOptions.SoakCycles"/> times in the process;
/// then every family's generated trainer for <see cref="BenchOptions.SoakSteps"/> steps, reading the resident size and
/// the live tensors before it starts, after its warm-up and every <see cref="BenchOptions.SoakEvery"/> steps.
/// Nothing but the readings forces a garbage collection: each reading takes the process's figures first, as a user's
/// process would hold them, and then collects once to measure the managed objects still reachable.
/// </summary>
internal static class SoakRun
{
    /// <summary>Steps of each fit in the create / fit / dispose loop.</summary>
    public const int CycleFitSteps = 20;

    /// <summary>
    /// Iterations of the loop that are read (those within the run's count, every hundredth after 200, and the last);
    /// growth is read from <see cref="CycleReference"/> and from where the JIT settled (<see cref="CycleSoak.Settled"/>).
    /// </summary>
    public static bool CycleMark(int iteration, int iterations) =>
        iteration is 1 or 10 or 25 or 50 or 75 or 100 or 150 or 200 || iteration % 100 == 0 || iteration == iterations;

    public const int CycleReference = 10;

    public static SoakReport Execute(BenchOptions options, TextWriter log)
    {
        torch.set_num_threads(options.Threads);
        var heap = BenchmarkRun.HeapOf(options);
        torch.ones(1).Dispose(); // loads the natives, so that DotNetRuntimeInfo sees them
        var dotNet = DotNetRuntimeInfo.Capture(heap, BenchmarkRun.KernelsOf(options));
        var probe = new OutsideLoad([Environment.ProcessId]);

        // The loop runs first: the families' soak ends with ProtoNet's, by far the longest.
        var cycles = Cycles(options, probe, log);
        var families = SoakFamily.All
            .Where(f => options.SoakOnly is null || f.Model == options.SoakOnly)
            .Select(f => Family(f.Name, f.Create, options, probe, log))
            .ToArray();
        return new SoakReport(DateTimeOffset.Now, options, dotNet, families, cycles);
    }

    /// <summary>The process's figures now; the full collection that measures live managed memory comes last, after the others are read.</summary>
    private static SoakReading Read(long at)
    {
        var resident = ResidentMemory.Megabytes();
        var tensors = ResidentMemory.LiveTensors();
        var managed = ResidentMemory.ManagedMegabytes();
        var native = ResidentMemory.NativeInUseMegabytes();
        var jit = System.Runtime.JitInfo.GetCompiledMethodCount();
        return new(at, resident, tensors, managed, native, jit, ResidentMemory.LiveManagedMegabytes());
    }

    private static string Describe(SoakReading r) =>
        $"RSS {r.ResidentMb,7:F1} MB  live tensors {r.LiveTensors,6}  managed {r.ManagedMb,6:F1} MB  native in use {r.NativeInUseMb,7:F1} MB  JIT methods {r.JitMethods,6}  live managed {r.LiveManagedMb,5:F2} MB";

    private static FamilySoak Family(string name, Func<int, SoakFamily> create, BenchOptions options, OutsideLoad probe, TextWriter log)
    {
        var before = probe.Take();
        var start = Read(0);
        SoakFamily family;
        try
        {
            family = create(BenchOptions.Seed);
        }
        catch (FileNotFoundException e)
        {
            // ProtoNet's glyph episodes need Debian's python3-kanjidraw; the message names it.
            log.WriteLine($"  {name}: skipped ({e.Message})");
            return new FamilySoak(name, e.Message, null, null, [], double.NaN, double.NaN);
        }
        using (family)
        {
            for (var step = 0; step < options.SoakWarmup; step++) family.Contender.Step();
            var afterWarmup = Read(options.SoakWarmup);
            var readings = new List<SoakReading>();
            var clock = Stopwatch.StartNew();
            for (long step = options.SoakWarmup + 1; step <= options.SoakSteps; step++)
            {
                family.Contender.Step();
                if (step % options.SoakEvery == 0 || step == options.SoakSteps)
                {
                    readings.Add(Read(step));
                    log.WriteLine($"  {name}: step {step,6}  {Describe(readings[^1])}");
                }
            }
            var stepsPerSecond = (options.SoakSteps - options.SoakWarmup) / clock.Elapsed.TotalSeconds;
            return new FamilySoak(name, null, start, afterWarmup, readings, stepsPerSecond, OutsideLoad.Between(before, probe.Take()));
        }
    }

    /// <summary>Hard sharing's generated trainer made from the seed, fitted <see cref="CycleFitSteps"/> steps through <c>Fit</c>, disposed; again and again.</summary>
    private static CycleSoak Cycles(BenchOptions options, OutsideLoad probe, TextWriter log)
    {
        var before = probe.Take();
        using var data = SyntheticTasks.Generate(BenchModel.Spec, new SyntheticOptions(Examples: 1024, Seed: BenchOptions.Seed));
        var fit = new FitOptions(BatchSize: BenchOptions.BatchSize, Steps: CycleFitSteps, Seed: BenchOptions.Seed);
        var readings = new List<SoakReading>();
        for (var iteration = 1; iteration <= options.SoakCycles; iteration++)
        {
            using (var trainer = BenchModel.Trainer.Create(BenchOptions.Seed)) trainer.Fit(data, fit);
            if (CycleMark(iteration, options.SoakCycles))
            {
                readings.Add(Read(iteration));
                log.WriteLine($"  create / fit / dispose: iteration {iteration,4}  {Describe(readings[^1])}");
            }
        }
        return new CycleSoak("hard sharing", options.SoakCycles, CycleFitSteps, CycleReference, readings, OutsideLoad.Between(before, probe.Take()));
    }
}
