using System;
using System.Collections.Generic;
using Composable.Evaluation;
using LanguageExt;

namespace Composable.Training;

/// <summary>The budget and settings of a fit.</summary>
/// <param name="BatchSize">
/// Rows per task per step for a multi-task fit (default <see cref="DefaultBatchSize"/>), episodes per step for an
/// episodic one (default: the declared meta-batch); positive when given.
/// </param>
/// <param name="Steps">Stop after this many steps (when <paramref name="Epochs"/> is also given, whichever comes first).</param>
/// <param name="Epochs">Stop after this many epochs (see <c>BatchStream.StepsPerEpoch</c>).</param>
/// <param name="Seed">Seed of batch order and task sampling.</param>
public sealed record FitOptions(int? BatchSize = null, long? Steps = null, int? Epochs = null, int Seed = 0)
{
    /// <summary>Rows per task per step of a multi-task fit when <c>BatchSize</c> is not given.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>Called after every step and at the end of every epoch, in order.</summary>
    public IReadOnlyList<IFitCallback> Callbacks { get; init; } = Array.Empty<IFitCallback>();

    /// <summary>Where and when to write checkpoints; none when null.</summary>
    public CheckpointOptions? Checkpoints { get; init; }

    /// <summary>
    /// A checkpoint to resume from before the first step: a file, or a folder whose newest valid
    /// checkpoint is taken. The budget counts the steps taken before, so a resumed fit ends where the uninterrupted one would.
    /// </summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Stop when validation stops improving, optionally putting back the best weights; none when null.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// Stops the fit after the step during which cancellation is requested (a step is never cut short): the result
    /// says <see cref="FitResult.Cancelled"/> and holds the epochs completed; with <see cref="Checkpoints"/> a
    /// checkpoint of that very step is written first, so <see cref="ResumeFrom"/> continues exactly where it stopped.
    /// </summary>
    public System.Threading.CancellationToken Cancellation { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming every option that is out of range, one per line.</summary>
    public void Validate() =>
        Requirement.ThrowIfFailed(
            (Requirement.That(BatchSize is null or > 0, $"FitOptions.BatchSize is {BatchSize}; it must be positive."),
             Requirement.That(Steps is not null || Epochs is not null, "FitOptions needs a budget: set Steps, Epochs or both."),
             Requirement.That(Steps is null or > 0, $"FitOptions.Steps is {Steps}; it must be positive."),
             Requirement.That(Epochs is null or > 0, $"FitOptions.Epochs is {Epochs}; it must be positive."),
             Requirement.That(Checkpoints?.EverySteps is null or > 0, $"FitOptions.Checkpoints.EverySteps is {Checkpoints?.EverySteps}; it must be positive."),
             Requirement.That(Checkpoints is null or { KeepLast: > 0 }, $"FitOptions.Checkpoints.KeepLast is {Checkpoints?.KeepLast}; it must be positive."),
             Requirement.That(Checkpoints is null || !string.IsNullOrWhiteSpace(Checkpoints.Folder), "FitOptions.Checkpoints.Folder is empty."),
             Requirement.That(EarlyStopping is null or { Patience: > 0 }, $"FitOptions.EarlyStopping.Patience is {EarlyStopping?.Patience}; it must be positive."))
            .Apply((_, _, _, _, _, _, _, _) => this),
            "FitOptions are invalid:", "options");
}

/// <summary>What a callback tells the fit loop at the end of an epoch.</summary>
public enum FitDecision
{
    /// <summary>Keep training.</summary>
    Continue,

    /// <summary>Stop after this epoch.</summary>
    Stop,
}

/// <summary>Observes (and may stop) a fit. Every member has a default that does nothing.</summary>
public interface IFitCallback
{
    /// <summary>Before the first step: the budget and the names of the losses a step reports.</summary>
    void OnFitStart(FitStart start)
    {
    }

    /// <summary>After every optimisation step.</summary>
    void OnStep(StepResult step, FitProgress progress)
    {
    }

    /// <summary>At the end of every epoch (and of a final partial one); <see cref="FitDecision.Stop"/> ends the fit.</summary>
    FitDecision OnEpochEnd(EpochReport epoch) => FitDecision.Continue;

    /// <summary>After the last step: the fit's result, or null when the fit failed (the exception then propagates).</summary>
    void OnFitEnd(FitResult? result)
    {
    }
}

/// <summary>What a fit is about to do.</summary>
/// <param name="TotalSteps">Steps the budget allows.</param>
/// <param name="TaskNames">
/// The names of <see cref="StepResult.TaskLosses"/> in order for a multi-task fit (the declaration's tasks); empty for an
/// episodic fit, whose per-episode losses name no lasting task.
/// </param>
/// <param name="LearningRate">The declared optimiser's learning rate, when the fit loop knows the declaration.</param>
/// <param name="TaskWeights">The declared weight of each task in <paramref name="TaskNames"/>' order (empty for an episodic fit).</param>
public sealed record FitStart(long TotalSteps, IReadOnlyList<string> TaskNames, double? LearningRate = null, IReadOnlyList<double>? TaskWeights = null);

/// <summary>Where a fit stands.</summary>
/// <param name="Step">Steps taken.</param>
/// <param name="TotalSteps">Steps the budget allows.</param>
/// <param name="Epoch">Current epoch, from 1.</param>
/// <param name="Elapsed">Wall time since the fit started.</param>
public sealed record FitProgress(long Step, long TotalSteps, int Epoch, TimeSpan Elapsed)
{
    /// <summary>Fraction of the budget done, in [0, 1].</summary>
    public double Fraction => TotalSteps == 0 ? 1 : Math.Min(1.0, (double)Step / TotalSteps);
}

/// <summary>An epoch's training losses and, when a validation set was given, its evaluation.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="Steps">Steps taken in this epoch.</param>
/// <param name="MeanLoss">Mean objective over the epoch's steps.</param>
/// <param name="MeanTaskLosses">Per task, mean loss over the steps that sampled it (NaN if none did).</param>
/// <param name="Validation">Evaluation on the validation data, if any (an <c>EvaluationReport</c> for a multi-task fit).</param>
/// <param name="Elapsed">Wall time since the fit started.</param>
public sealed record EpochReport(int Epoch, long Steps, double MeanLoss, IReadOnlyList<double> MeanTaskLosses, IEvaluation? Validation, TimeSpan Elapsed);

/// <summary>The outcome of a fit.</summary>
/// <param name="Steps">Steps taken.</param>
/// <param name="History">One report per (possibly partial) epoch.</param>
/// <param name="StoppedEarly">Whether a callback stopped the fit before its budget.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Cancelled">Whether <see cref="FitOptions.Cancellation"/> stopped the fit before its budget.</param>
public sealed record FitResult(long Steps, IReadOnlyList<EpochReport> History, bool StoppedEarly, TimeSpan Elapsed, bool Cancelled = false);

/// <summary>
/// A callback that also sees each multi-task step's batch, before the step (a gradient monitor). <see cref="TrainingLoop"/>
/// calls it for callbacks that implement it; it must not change the trainer's state.
/// </summary>
public interface IBatchObserver
{
    /// <summary>Before step <paramref name="step"/> (from 1) of <paramref name="trainer"/> on <paramref name="batch"/> (already on the trainer's device).</summary>
    void BeforeStep(IMultiTaskTrainer trainer, Data.MultiTaskBatch batch, long step);
}
