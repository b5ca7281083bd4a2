using System;
using System.Diagnostics;
using System.Linq;
using System.Collections.Generic;
using Composable.Data;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// The fit loop every trainer shares: draws batches as the declaration's objective samples tasks, takes the
/// trainer's steps on the trainer's device, reports epochs and honours the budget and callbacks. Each step, batch
/// included (and its copy on the device, when the data lives elsewhere), runs in its own dispose scope, so a long fit
/// does not grow in memory.
/// </summary>
public static class TrainingLoop
{
    /// <summary>Trains <paramref name="trainer"/> on <paramref name="train"/> within the budget of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">Options out of range, or data made for another declaration.</exception>
    /// <exception cref="InvalidOperationException">A loss became NaN or infinite (the message names the step and tasks).</exception>
    public static FitResult Fit(IMultiTaskTrainer trainer, MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null)
    {
        options.Validate();
        var spec = trainer.Network.Spec;
        if (!Equals(spec, train.Spec))
            throw new ArgumentException("The training data was made for a different declaration than the trainer's.", nameof(train));
        if (validation is not null && !Equals(spec, validation.Spec))
            throw new ArgumentException("The validation data was made for a different declaration than the trainer's.", nameof(validation));

        var sampling = spec.Objective is WeightedSum weighted ? weighted.Sampling : TaskSampling.AllTasks;
        var stream = new BatchStream(train, sampling, options.BatchSize ?? FitOptions.DefaultBatchSize, options.Seed);
        var budget = Math.Min(options.Steps ?? long.MaxValue, options.Epochs is { } epochs ? (long)epochs * stream.StepsPerEpoch : long.MaxValue);
        var clock = Stopwatch.StartNew();
        var history = new List<EpochReport>();
        var tasks = spec.Tasks.Count;
        long step = 0;
        var epoch = 0;
        var stopped = false;
        var fitStart = new FitStart(budget, spec.Tasks.Select(t => t.Name).ToArray(), spec.Optimizer.LearningRate, spec.Tasks.Select(t => t.Weight).ToArray());
        foreach (var callback in options.Callbacks) callback.OnFitStart(fitStart);
        var observers = options.Callbacks.OfType<IBatchObserver>().ToArray();
        FitResult? fitted = null;
        try
        {
            while (step < budget && !stopped)
            {
                epoch++;
                var stepsThisEpoch = Math.Min(stream.StepsPerEpoch, budget - step);
                double totalSum = 0;
                var taskSums = new double[tasks];
                var taskCounts = new int[tasks];
                for (long s = 0; s < stepsThisEpoch; s++)
                {
                    StepResult result;
                    using (NewDisposeScope())
                    {
                        var batch = stream.Next().To(trainer.Device);
                        foreach (var observer in observers) observer.BeforeStep(trainer, batch, step + 1);
                        result = trainer.Step(batch);
                    }
                    step++;
                    CheckFinite(spec, result);
                    totalSum += result.Total;
                    for (var t = 0; t < tasks; t++)
                    {
                        if (double.IsNaN(result.TaskLosses[t])) continue;
                        taskSums[t] += result.TaskLosses[t];
                        taskCounts[t]++;
                    }
                    var progress = new FitProgress(step, budget, epoch, clock.Elapsed);
                    foreach (var callback in options.Callbacks) callback.OnStep(result, progress);
                }

                trainer.EndEpoch();
                var report = new EpochReport(
                    epoch,
                    stepsThisEpoch,
                    totalSum / stepsThisEpoch,
                    taskSums.Select((sum, t) => taskCounts[t] == 0 ? double.NaN : sum / taskCounts[t]).ToArray(),
                    validation is null ? null : trainer.Evaluate(validation),
                    clock.Elapsed);
                history.Add(report);
                foreach (var callback in options.Callbacks)
                    stopped |= callback.OnEpochEnd(report) == FitDecision.Stop;
            }
            fitted = new FitResult(step, history, stopped && step < budget, clock.Elapsed);
            return fitted;
        }
        finally
        {
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
