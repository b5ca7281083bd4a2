using System.Diagnostics;

namespace Composable.Bench.Measurement;

/// <summary>Times an in-process <see cref="IStepContender"/>: only the loop of <see cref="IStepContender.Step"/> calls.</summary>
internal sealed class InProcessRunner(IStepContender contender) : IRoundRunner
{
    public string Name => contender.Name;

    public double Run(int steps)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) contender.Step();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// This contender's own peak, measured apart from the timed rounds: the C heap hands the pages it kept from every
    /// contender's steps back to the kernel (<see cref="Composable.Training.NativeHeap.ReleaseFreePages"/>), the
    /// process's high-water mark is reset to what is resident now (<see cref="ResidentMemory.ResetPeak"/>: the process,
    /// the runtime and every contender's live parameters and data), and one step runs alone. Without the release the
    /// mark would start from the largest contender's kept pages. Where the kernel cannot reset the mark, the process's
    /// peak so far.
    /// </summary>
    public double PeakResidentMegabytes()
    {
        Composable.Training.NativeHeap.ReleaseFreePages();
        ResidentMemory.ResetPeak();
        contender.Step();
        return ResidentMemory.PeakMegabytes();
    }

    public double MeasureLoss() => contender.MeasureLoss();

    public void Dispose() => contender.Dispose();
}
