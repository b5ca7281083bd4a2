using System;

namespace Composable.Bench.Measurement;

/// <summary>A contender as the schedule sees it: runs a number of steps and says how long they took.</summary>
internal interface IRoundRunner : IDisposable
{
    string Name { get; }

    /// <summary>Runs <paramref name="steps"/> training steps and returns their wall-clock time in seconds.</summary>
    double Run(int steps);

    /// <summary>The contender's weighted loss averaged over its fixed batches.</summary>
    double MeasureLoss();

    /// <summary>
    /// Peak resident memory in MB: a PyTorch peer's own process over its lifetime; an in-process contender's the .NET
    /// process's high-water mark over one more step run alone, after the C heap gave back the pages it kept (which
    /// still includes the process and what the other in-process contenders hold live). Called once, after the rounds
    /// and the last <see cref="MeasureLoss"/>.
    /// </summary>
    double PeakResidentMegabytes();
}
