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

    public double MeasureLoss() => contender.MeasureLoss();

    public void Dispose() => contender.Dispose();
}
