using System;
using System.Globalization;
using System.IO;
using Composable.Training;

namespace MultiTaskTour.Running;

/// <summary>Shows one topology's fit as it runs: steps done, a smoothed training loss and the time taken.</summary>
internal sealed class ProgressLine(TextWriter output, string name, ProgressStyle style) : IFitCallback
{
    private const int BarWidth = 20;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private double _smoothedLoss = double.NaN;
    private TimeSpan? _lastDrawn;
    private long _lastQuarter;

    /// <inheritdoc />
    public void OnStep(StepResult step, FitProgress progress)
    {
        // An exponential moving average: single-batch losses of a 32-row batch jump around too much to read.
        _smoothedLoss = double.IsNaN(_smoothedLoss) ? step.Total : 0.95 * _smoothedLoss + 0.05 * step.Total;
        var done = progress.Step == progress.TotalSteps;
        switch (style)
        {
            case ProgressStyle.Updating when done || _lastDrawn is not { } last || progress.Elapsed - last >= RedrawInterval:
                _lastDrawn = progress.Elapsed;
                var filled = (int)(progress.Fraction * BarWidth);
                output.Write($"\r  {name,-14} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {Describe(progress)}");
                if (done) output.WriteLine();
                output.Flush();
                break;
            case ProgressStyle.Lines:
                var quarter = progress.Step * 4 / progress.TotalSteps;
                if (quarter == _lastQuarter) break;
                _lastQuarter = quarter;
                output.WriteLine($"  {name,-14} {Describe(progress)}");
                output.Flush();
                break;
        }
    }

    private string Describe(FitProgress progress) => string.Create(
        CultureInfo.InvariantCulture,
        $"{progress.Step,6}/{progress.TotalSteps} steps ({progress.Fraction * 100,3:F0}%)  epoch {progress.Epoch,4}  loss {_smoothedLoss:F4}  {progress.Elapsed.TotalSeconds:F1} s");
}
