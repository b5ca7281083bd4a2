using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Composable;
using Composable.Data.Episodes;
using Composable.Meta;
using static TorchSharp.torch;

namespace MetaSinusoid;

/// <summary>Peak resident memory of second-order MAML meta-steps for one inner-step count.</summary>
/// <param name="InnerSteps">Inner steps.</param>
/// <param name="Points">Support (= query) points per task.</param>
/// <param name="PeakAboveBaselineMiB">Peak RSS during the steps minus RSS before them.</param>
/// <param name="MillisecondsPerStep">Mean wall time of a meta-step.</param>
/// <param name="Method">How the peak was taken.</param>
public sealed record MemoryResult(int InnerSteps, int Points, double PeakAboveBaselineMiB, double MillisecondsPerStep, string Method);

/// <summary>
/// Measures peak resident memory (VmHWM) of second-order MAML meta-steps for 1…5 inner steps. Each count runs in a
/// fresh child process (this program with <c>--memory-child STEPS POINTS</c>), because a process's peak only grows
/// and the allocator keeps freed pages: the child reports its peak minus its RSS just before the meta-steps.
/// </summary>
public static class MemoryProbe
{
    /// <summary>Runs the probe for 1…<paramref name="maxInnerSteps"/> inner steps at <paramref name="points"/> points per task.</summary>
    public static IReadOnlyList<MemoryResult> Run(int maxInnerSteps, int points, int metaSteps = 5)
    {
        var results = new List<MemoryResult>();
        for (var steps = 1; steps <= maxInnerSteps; steps++)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
                start.ArgumentList.Add(typeof(MemoryProbe).Assembly.Location);
            foreach (var a in new[] { "--memory-child", steps.ToString(CultureInfo.InvariantCulture), points.ToString(CultureInfo.InvariantCulture), metaSteps.ToString(CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEnd().Trim().Split('\n').Last().Split(' ');
            child.WaitForExit();
            results.Add(new MemoryResult(steps, points, double.Parse(output[0], CultureInfo.InvariantCulture),
                double.Parse(output[1], CultureInfo.InvariantCulture), "child process VmHWM - VmRSS before the meta-steps"));
        }
        return results;
    }

    /// <summary>The child's measurement: prints "peakAboveBaselineMiB msPerStep".</summary>
    public static void Child(int steps, int points, int metaSteps)
    {
        var family = new SinusoidFamily(new FewShotRegression(points, points));
        var spec = new MetaLearnerSpec(new Features(1), [40, 40], 1, new FewShotRegression(points, points), new Maml(InnerSteps: steps));
        // Warm-up on a one-point task: libtorch's lazy initialisation is not the graph's memory, but a full-size
        // warm-up would leave its freed pages resident and hide the peak.
        using (var tiny = MetaTrainer.Create(spec with { Episodes = new FewShotRegression(1, 1) }, 0))
            tiny.Step(new SinusoidFamily(new FewShotRegression(1, 1)).SampleBatch(MetaSplit.Validation, 0, 25));
        using var trainer = MetaTrainer.Create(spec, 0);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5");
        var baseline = Read("VmRSS:");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < metaSteps; i++)
        {
            using var scope = NewDisposeScope();
            trainer.Step(family.SampleBatch(MetaSplit.Train, i * 25, 25));
        }
        var ms = clock.Elapsed.TotalMilliseconds / metaSteps;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:F2} {1:F2}", (Read("VmHWM:") - baseline) / 1024.0, ms));
    }

    /// <summary>A kB field of /proc/self/status.</summary>
    private static long Read(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Substring(field.Length).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
