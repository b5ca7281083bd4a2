using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data.Episodes;
using Composable.Meta;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// The fit loop of every episodic trainer (meta-learner and few-shot learner, generated and interpreted), with the
/// multi-task <see cref="TrainingLoop"/>'s behaviour: an epoch holds every episode of the training source once, in
/// an order drawn from <see cref="FitOptions.Seed"/>, split into meta-batches of <see cref="FitOptions.BatchSize"/>
/// episodes (default: the declared meta-batch; the epoch's last one may be smaller); the budget is
/// <see cref="FitOptions.Steps"/> and/or <see cref="FitOptions.Epochs"/>; the validation source is evaluated at each
/// epoch's end; callbacks hear every step and epoch and may stop the fit. Each step, its episodes included, runs
/// in its own dispose scope. An epoch report's <see cref="EpochReport.MeanTaskLosses"/> is empty: episodes are
/// fresh tasks, not tasks that recur from step to step. Checkpoints, resume and early stopping work as in
/// <see cref="TrainingLoop"/>; an epoch's episode order depends only on the seed and the epoch, so a resumed fit
/// needs no more than the epoch and the step within it to draw the very same meta-batches.
/// </summary>
public static class EpisodicLoop
{
    /// <summary>Trains <paramref name="trainer"/> on episodes of <paramref name="train"/> within the budget of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">
    /// Options or sources out of range, keep-best or early stopping without a validation source, or a checkpoint to resume
    /// from written by a fit with another seed or batch size.
    /// </exception>
    /// <exception cref="CheckpointMismatchException">The checkpoint to resume from was written for another declaration.</exception>
    /// <exception cref="InvalidOperationException">A loss became NaN or infinite (the message names the step).</exception>
    /// <exception cref="ArgumentException">
    /// An episode of the source does not fit the trainer (<see cref="EpisodeChecks"/>): the message names the step, the
    /// source's episodes, the set, the row and the value; the steps before it stand, with their checkpoints.
    /// </exception>
    public static FitResult Fit(IEpisodicTrainer trainer, EpisodeSource train, FitOptions options, EpisodeSource? validation = null)
    {
        options.Validate();
        train.Validate(nameof(train));
        validation?.Validate(nameof(validation));
        if (validation is null && (options.Checkpoints?.BestMetric is not null || options.EarlyStopping is not null))
            throw new ArgumentException("Keeping the best checkpoint and early stopping compare validation figures: pass a validation source.", nameof(validation));
        var perStep = options.BatchSize ?? trainer.MetaBatch;
        var stepsPerEpoch = (train.Episodes + perStep - 1) / perStep;
        var budget = Math.Min(options.Steps ?? long.MaxValue, options.Epochs is { } epochs ? (long)epochs * stepsPerEpoch : long.MaxValue);
        var clock = Stopwatch.StartNew();
        var history = new List<EpochReport>();
        var resumed = options.ResumeFrom is { } resumeFrom ? FitCheckpoints.Resume(trainer, CheckpointFolder.Resolve(resumeFrom), options.Seed, perStep, 0) : null;
        // Steps of this fit: 0 for a new fit (a trainer may have taken steps in earlier fits), the written fit's for a resumed one.
        var step = resumed is null ? 0 : resumed.Epoch * stepsPerEpoch + resumed.StepInEpoch;
        var epoch = resumed?.Epoch ?? 0;
        var stopped = false;
        StepResult? last = null;
        var cancelled = options.Cancellation.IsCancellationRequested;
        var checkpoints = options.Checkpoints;
        if (checkpoints is not null) Directory.CreateDirectory(checkpoints.Folder);
        var stopping = options.EarlyStopping is { } early ? new FitCheckpoints.BestWeights(early) : null;
        var fitStart = new FitStart(budget, Array.Empty<string>());
        foreach (var callback in options.Callbacks) callback.OnFitStart(fitStart);
        FitResult? fitted = null;
        try
        {
            while (step < budget && !stopped && !cancelled)
            {
                epoch++;
                var order = Order(train.Episodes, options.Seed, epoch);
                var start = resumed?.StepInEpoch ?? 0;
                var end = Math.Min(stepsPerEpoch, start + (budget - step));
                var lossSum = resumed?.LossSum ?? 0;
                resumed = null;
                var interrupted = false;
                for (var s = start; s < end; s++)
                {
                    StepResult result;
                    using (NewDisposeScope())
                    {
                        var first = (int)(s * perStep);
                        var episodes = new Episode[Math.Min(perStep, train.Episodes - first)];
                        for (var i = 0; i < episodes.Length; i++)
                            episodes[i] = train.Sample(order[first + i]);
                        try
                        {
                            result = trainer.Step(episodes);
                        }
                        catch (TrainingDivergedException diverged)
                        {
                            throw diverged.After(last);
                        }
                        catch (ArgumentException poisoned)
                        {
                            var indices = string.Join(", ", Enumerable.Range(first, episodes.Length).Select(i => order[i]));
                            throw EpisodeChecks.InContext($"Step {step + 1} of the fit, on episodes {indices} of the {train.Split} split (episodes 0 to {episodes.Length - 1} of its meta-batch)", poisoned);
                        }
                    }
                    step++;
                    CheckFinite(result);
                    last = result;
                    lossSum += result.Total;
                    var progress = new FitProgress(step, budget, epoch, clock.Elapsed);
                    foreach (var callback in options.Callbacks) callback.OnStep(result, progress);
                    cancelled = options.Cancellation.IsCancellationRequested;
                    var due = checkpoints?.EverySteps is { } every && step % every == 0;
                    if (checkpoints is not null && (due || cancelled) && s + 1 < end)
                        FitCheckpoints.Write(trainer, checkpoints, new FitPosition(epoch - 1, s + 1, 0, options.Seed, perStep, lossSum, [], []), null);
                    if (cancelled && s + 1 < end)
                    {
                        interrupted = true;
                        break;
                    }
                }
                if (interrupted) break;

                var report = new EpochReport(epoch, end, lossSum / end, Array.Empty<double>(),
                    validation is null ? null : trainer.Evaluate(validation), clock.Elapsed);
                history.Add(report);
                foreach (var callback in options.Callbacks)
                    stopped |= callback.OnEpochEnd(report) == FitDecision.Stop;
                if (stopping is not null) stopped |= stopping.Observe(trainer, report.Validation!);
                if (checkpoints is not null && (checkpoints.EachEpoch || (checkpoints.EverySteps is { } n && step % n == 0)))
                    FitCheckpoints.Write(trainer, checkpoints, new FitPosition(epoch, 0, 0, options.Seed, perStep, 0, [], []), report.Validation);
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

    /// <summary>Episode indices 0…<paramref name="episodes"/>−1 shuffled by a generator seeded from (seed, epoch), so every run draws the same order.</summary>
    private static int[] Order(int episodes, int seed, int epoch)
    {
        var random = new Random(unchecked(seed * 1_000_003 + epoch));
        var order = Enumerable.Range(0, episodes).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static void CheckFinite(StepResult result)
    {
        if (double.IsFinite(result.Total)) return;
        var losses = string.Join(", ", result.TaskLosses.Select(l => l.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)));
        throw new InvalidOperationException(
            $"Training diverged at step {result.Step}: the meta-loss is {result.Total} (query losses of the meta-batch: {losses}). " +
            "Check the episodes for extreme values and lower the learning rate.");
    }
}
