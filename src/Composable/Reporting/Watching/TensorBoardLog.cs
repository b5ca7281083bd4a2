using System;
using System.Collections.Generic;
using System.IO;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Reporting.Watching;

/// <summary>
/// A fit as TensorBoard event files (TorchSharp's <c>SummaryWriter</c>) in one log directory: <c>loss/total</c> and
/// <c>loss/{task}</c> every step (a task not sampled in a step is left out of it), <c>epoch/mean_loss</c> and
/// <c>validation/{figure}</c> (every figure of the validation report, e.g. <c>validation/Income/accuracy</c>) at each
/// epoch end, against the step number. Point <c>tensorboard --logdir</c> at the directory.
/// </summary>
public sealed class TensorBoardLog : IFitCallback
{
    private readonly string _directory;
    private IReadOnlyList<string> _taskNames = Array.Empty<string>();
    private TorchSharp.Modules.SummaryWriter? _writer;
    private long _step;

    /// <summary>Writes into <paramref name="logDirectory"/> (created when missing).</summary>
    public TensorBoardLog(string logDirectory)
    {
        if (string.IsNullOrWhiteSpace(logDirectory)) throw new ArgumentException("A TensorBoard log needs a directory.", nameof(logDirectory));
        _directory = logDirectory;
    }

    /// <inheritdoc />
    public void OnFitStart(FitStart start)
    {
        Directory.CreateDirectory(_directory);
        _taskNames = start.TaskNames;
        _writer ??= utils.tensorboard.SummaryWriter(_directory);
    }

    /// <inheritdoc />
    public void OnStep(StepResult step, FitProgress progress)
    {
        _step = progress.Step;
        Scalar("loss/total", step.Total);
        if (_taskNames.Count != step.TaskLosses.Count) return;
        for (var t = 0; t < _taskNames.Count; t++)
            if (!double.IsNaN(step.TaskLosses[t])) Scalar($"loss/{_taskNames[t]}", step.TaskLosses[t]);
    }

    /// <inheritdoc />
    public FitDecision OnEpochEnd(EpochReport epoch)
    {
        Scalar("epoch/mean_loss", epoch.MeanLoss);
        if (epoch.Validation is { } validation)
        {
            Scalar("validation/loss", validation.MeanLoss);
            foreach (var (name, value) in validation.Figures) Scalar($"validation/{name}", value);
        }
        return FitDecision.Continue;
    }

    private void Scalar(string tag, double value) =>
        _writer?.add_scalar(tag, (float)value, checked((int)_step));
}
