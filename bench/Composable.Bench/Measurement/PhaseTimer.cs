using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Composable.Bench.Measurement;

/// <summary>
/// Milliseconds per step spent in each named phase of a step, over the steps after a warm-up. CPU kernels are
/// synchronous, so a stopwatch around a phase sees its whole cost. Call <see cref="Start"/> at the top of every step
/// and <see cref="Lap"/> at the end of every phase, in phase order.
/// </summary>
internal sealed class PhaseTimer(IReadOnlyList<string> phases, int warmupSteps)
{
    private readonly double[] totals = new double[phases.Count];
    private readonly Stopwatch clock = new();
    private int phase;
    private bool timed;
    private int timedSteps;

    /// <summary>Starts step <paramref name="step"/> (0-based; steps before the warm-up count are not timed).</summary>
    public void Start(int step)
    {
        timed = step >= warmupSteps;
        if (timed) timedSteps++;
        phase = 0;
        clock.Restart();
    }

    /// <summary>Ends the current phase.</summary>
    public void Lap()
    {
        if (timed) totals[phase] += clock.Elapsed.TotalMilliseconds;
        phase++;
        clock.Restart();
    }

    /// <summary>Writes "<paramref name="what"/> phases, ms per <paramref name="unit"/>" and one line per phase and the total.</summary>
    public void Write(TextWriter log, string what, string unit, int threads)
    {
        log.WriteLine($"{what} phases, ms per {unit} (mean of {timedSteps} after {warmupSteps} warm-up, {threads} thread(s)):");
        for (var p = 0; p < phases.Count; p++)
            log.WriteLine($"  {phases[p],-30} {totals[p] / timedSteps,8:F3}");
        log.WriteLine($"  {"total",-30} {totals.Sum() / timedSteps,8:F3}");
    }
}
