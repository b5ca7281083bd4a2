using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// The fit loop every trainer shares: draws batches as the declaration's objective samples tasks, takes the
/// trainer's steps on the trainer's device, reports epochs and honours the budget and callbacks. Each step, batch
/// included (and its copy on the device, when the data lives elsewhere), runs in its own dispose scope, so a long fit
/// does not grow in memory. It writes checkpoints and resumes from one (<see cref="FitOptions.Checkpoints"/>,
/// <see cref="FitOptions.ResumeFrom"/>): a resumed fit takes exactly the steps the uninterrupted one would have taken.
/// </summary>
public static class TrainingLoop
{
    /// <summary>Trains <paramref name="trainer"/> on <paramref name="train"/> within the budget of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">
    /// Options out of range, data made for another declaration, keep-best or early stopping without validation data, or
    /// a checkpoint to resume from written by a fit with another seed or batch size.
    /// </exception>
    /// <exception cref="InvalidOperationException">A loss became NaN or infinite (the message names the step and tasks).</exception>
    /// <exception cref="CheckpointMismatchException">The checkpoint to resume from was written for another declaration.</exception>
    public static FitResult Fit(IMultiTaskTrainer trainer, MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null)
    {
        options.Validate();
        var spec = trainer.Network.Spec;
        if (!Equals(spec, train.Spec))
            throw new ArgumentException("The training data was made for a different declaration than the trainer's.", nameof(train));
        if (validation is not null && !Equals(spec, validation.Spec))
            throw new ArgumentException("The validation data was made for a different declaration than the trainer's.", nameof(validation));
        if (validation is null && (options.Checkpoints?.BestMetric is not null || options.EarlyStopping is not null))
            throw new ArgumentException("Keeping the best checkpoint and early stopping compare validation figures: pass validation data.", nameof(validation));

        var sampling = spec.Objective is WeightedSum weighted ? weighted.Sampling : TaskSampling.AllTasks;
        var batchSize = options.BatchSize ?? FitOptions.DefaultBatchSize;
        var stream = new BatchStream(train, sampling, batchSize, options.Seed);
        var budget = Math.Min(options.Steps ?? long.MaxValue, options.Epochs is { } epochs ? (long)epochs * stream.StepsPerEpoch : long.MaxValue);
        var tasks = spec.Tasks.Count;
        var resumed = options.ResumeFrom is { } resumeFrom ? FitCheckpoints.Resume(trainer, CheckpointFolder.Resolve(resumeFrom), options.Seed, batchSize, tasks) : null;
        for (long s = 0; s < (resumed?.StreamSteps ?? 0); s++) stream.NextRows();
        var streamSteps = resumed?.StreamSteps ?? 0;
        var clock = Stopwatch.StartNew();
        var history = new List<EpochReport>();
        // Steps of this fit: 0 for a new fit (a trainer may have taken steps in earlier fits), the written fit's for a resumed one.
        var step = resumed?.StreamSteps ?? 0;
        var epoch = resumed?.Epoch ?? 0;
        var stopped = false;
        StepResult? last = null;
        var cancelled = options.Cancellation.IsCancellationRequested;
        var checkpoints = options.Checkpoints;
        if (checkpoints is not null) Directory.CreateDirectory(checkpoints.Folder);
        var stopping = options.EarlyStopping is { } early ? new FitCheckpoints.BestWeights(early) : null;
        var fitStart = new FitStart(budget, spec.Tasks.Select(t => t.Name).ToArray(), spec.Optimizer.LearningRate, spec.Tasks.Select(t => t.Weight).ToArray());
        foreach (var callback in options.Callbacks) callback.OnFitStart(fitStart);
        var observers = options.Callbacks.OfType<IBatchObserver>().ToArray();
        FitResult? fitted = null;
        try
        {
            while (step < budget && !stopped && !cancelled)
            {
                epoch++;
                var start = resumed?.StepInEpoch ?? 0;
                var end = Math.Min(stream.StepsPerEpoch, start + (budget - step));
                var totalSum = resumed?.LossSum ?? 0;
                var taskSums = resumed?.TaskLossSums.ToArray() ?? new double[tasks];
                var taskCounts = resumed?.TaskLossCounts.ToArray() ?? new double[tasks];
                resumed = null;
                var interrupted = false;
                for (var s = start; s < end; s++)
                {
                    StepResult result;
                    using (NewDisposeScope())
                    {
                        var batch = stream.Next().To(trainer.Device);
                        foreach (var observer in observers) observer.BeforeStep(trainer, batch, step + 1);
                        try
                        {
                            result = trainer.Step(batch);
                        }
                        catch (TrainingDivergedException diverged)
                        {
                            throw diverged.After(last);
                        }
                    }
                    step++;
                    streamSteps++;
                    CheckFinite(spec, result);
                    last = result;
                    totalSum += result.Total;
                    for (var t = 0; t < tasks; t++)
                    {
                        if (double.IsNaN(result.TaskLosses[t])) continue;
                        taskSums[t] += result.TaskLosses[t];
                        taskCounts[t]++;
                    }
                    var progress = new FitProgress(step, budget, epoch, clock.Elapsed);
                    foreach (var callback in options.Callbacks) callback.OnStep(result, progress);
                    cancelled = options.Cancellation.IsCancellationRequested;
                    var due = checkpoints?.EverySteps is { } every && step % every == 0;
                    if (checkpoints is not null && (due || cancelled) && s + 1 < end)
                        FitCheckpoints.Write(trainer, checkpoints, new FitPosition(epoch - 1, s + 1, streamSteps, options.Seed, batchSize, totalSum, taskSums, taskCounts), null);
                    if (cancelled && s + 1 < end)
                    {
                        interrupted = true;
                        break;
                    }
                }
                if (interrupted) break;

                trainer.EndEpoch();
                var report = new EpochReport(
                    epoch,
                    end,
                    totalSum / end,
                    taskSums.Select((sum, t) => taskCounts[t] == 0 ? double.NaN : sum / taskCounts[t]).ToArray(),
                    validation is null ? null : trainer.Evaluate(validation),
                    clock.Elapsed);
                history.Add(report);
                foreach (var callback in options.Callbacks)
                    stopped |= callback.OnEpochEnd(report) == FitDecision.Stop;
                if (stopping is not null) stopped |= stopping.Observe(trainer, report.Validation!);
                if (checkpoints is not null && (checkpoints.EachEpoch || (checkpoints.EverySteps is { } n && step % n == 0)))
                    FitCheckpoints.Write(trainer, checkpoints, new FitPosition(epoch, 0, streamSteps, options.Seed, batchSize, 0, new double[tasks], new double[tasks]), report.Validation);
            }
            stopping?.RestoreIfAsked(trainer);
            fitted = new FitResult(step, history, stopped && step < budget, clock.Elapsed, cancelled && step < budget);
            return fitted;
        }
        finally
        {
            stopping?.Dispose();
            foreach (var callback in options.Callbacks) callback.OnFitEnd(fitted);
        }
    }

    private static void CheckFinite(MultiTaskSpec spec, StepResult result)
    {
        if (double.IsFinite(result.Total)) return;
        var losses = string.Join(", ", spec.Tasks.Select((task, t) => double.IsNaN(result.TaskLosses[t]) && double.IsFinite(result.Total) ? $"{task.Name} not sampled" : $"{task.Name} = {result.TaskLosses[t]}"));
        throw new InvalidOperationException(
            $"Training diverged at step {result.Step}: the objective is {result.Total} (task losses: {losses}). " +
            "Check the data for extreme values and lower the learning rate.");
    }
}
