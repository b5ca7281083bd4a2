using System.Diagnostics;

namespace Composable.Bench.Measurement;

/// <summary>Times an in-process <see cref="IStepContender"/>: only the loop of <see cref="IStepContender.Step"/> calls.</summary>
/// <remarks>Around every run it resets the process's resident high-water mark (<see cref="ResidentMemory.ResetPeak"/>)
/// and reads it back, so <see cref="PeakResidentMegabytes"/> is the peak of this contender's steps, not of whichever
/// in-process contender ran before it (where the kernel cannot reset it, the process's peak so far).</remarks>
internal sealed class InProcessRunner(IStepContender contender) : IRoundRunner
{
    private double peak;

    public string Name => contender.Name;

    public double Run(int steps)
    {
        ResidentMemory.ResetPeak();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) contender.Step();
        var seconds = clock.Elapsed.TotalSeconds;
        peak = System.Math.Max(peak, ResidentMemory.PeakMegabytes());
        return seconds;
    }

    public double PeakResidentMegabytes() => peak;

    public double MeasureLoss() => contender.MeasureLoss();

    public void Dispose() => contender.Dispose();
}
