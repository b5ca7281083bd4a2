using System;
using System.Collections.Generic;
using System.IO;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Reporting.Watching;

/// <summary>
/// A fit as TensorBoard event files (TorchSharp's <c>SummaryWriter</c>) in one log directory, against the step number:
/// at the start the declared task weights (<c>weights/{task}</c>) and learning rate (<c>optimiser/learning_rate</c>,
/// also at each epoch end); <c>loss/total</c> and <c>loss/{task}</c> every step (a task not sampled in a step is left
/// out of it); <c>epoch/mean_loss</c> and <c>validation/{figure}</c> at each epoch end — every figure of the validation
/// report, e.g. <c>validation/Income/Accuracy</c>, and for a mixture of experts each task's mean gate weights,
/// <c>validation/gates/{task}/expert_{e}</c>. Point <c>tensorboard --logdir</c> at the directory.
/// </summary>
public sealed class TensorBoardLog : IFitCallback
{
    private readonly string _directory;
    private IReadOnlyList<string> _taskNames = Array.Empty<string>();
    private double? _learningRate;
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
        _learningRate = start.LearningRate;
        _step = 0;
        if (_learningRate is { } rate) Scalar("optimiser/learning_rate", rate);
        if (start.TaskWeights is { } weights && weights.Count == _taskNames.Count)
            for (var t = 0; t < weights.Count; t++) Scalar($"weights/{_taskNames[t]}", weights[t]);
    }

    /// <inheritdoc />
    public void OnStep(StepResult step, FitProgress progress)
    {
        _step = progress.Step;
        Scalar("loss/total", step.Total);
        if (_taskNames.Count != step.TaskLosses.Count) return;
        for (var t = 0; t < _taskNames.Count; t++)
            if (!double.IsNaN(step.TaskLosses[t])) Scalar($"loss/{_taskNames[t]}", step.TaskLosses[t]);
        if (step.TaskWeights is { } weights && weights.Count == _taskNames.Count)
            for (var t = 0; t < weights.Count; t++) Scalar($"weights/{_taskNames[t]}", weights[t]);
    }

    /// <inheritdoc />
    public FitDecision OnEpochEnd(EpochReport epoch)
    {
        Scalar("epoch/mean_loss", epoch.MeanLoss);
        if (_learningRate is { } rate) Scalar("optimiser/learning_rate", rate);
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
