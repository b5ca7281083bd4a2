using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>What both fit loops (<see cref="TrainingLoop"/>, <see cref="EpisodicLoop"/>) do with checkpoints: resume, write and prune, keep the best, stop early.</summary>
internal static class FitCheckpoints
{
    /// <summary>The value of <paramref name="metric"/> in <paramref name="evaluation"/>: <c>loss</c> or a figure's name.</summary>
    /// <exception cref="ArgumentException">No figure of that name (the message lists the names there are).</exception>
    internal static double Metric(IEvaluation evaluation, string metric)
    {
        if (metric == "loss") return evaluation.MeanLoss;
        foreach (var (name, value) in evaluation.Figures)
            if (name == metric) return value;
        throw new ArgumentException(
            $"The validation has no figure '{metric}'; it has loss, {string.Join(", ", evaluation.Figures.Select(f => f.Key))}.", nameof(metric));
    }

    internal static FitPosition Resume(IResumableTrainer trainer, string path, int seed, int batchSize, int tasks)
    {
        var position = TrainerCheckpoint.ReadInfo(path).Position
            ?? throw new ArgumentException($"{path}: the checkpoint was not written by a fit, so it has no position to resume a fit from.", nameof(FitOptions.ResumeFrom));
        if (position.Seed != seed || position.BatchSize != batchSize || position.TaskLossSums.Count != tasks)
            throw new ArgumentException(
                $"{path}: the checkpoint was written by a fit with seed {position.Seed} and batch size {position.BatchSize}; this fit has seed {seed} and batch size {batchSize}, so its batches would differ.",
                nameof(FitOptions.ResumeFrom));
        TrainerCheckpoint.Load(trainer, path);
        return position;
    }

    internal static void Write(IResumableTrainer trainer, CheckpointOptions checkpoints, FitPosition position, IEvaluation? validation)
    {
        var metrics = validation is null
            ? new Dictionary<string, double>()
            : validation.Figures.Prepend(new KeyValuePair<string, double>("loss", validation.MeanLoss)).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
        TrainerCheckpoint.Save(trainer, CheckpointFolder.StepPath(checkpoints.Folder, trainer.Steps), position, metrics);
        CheckpointFolder.Prune(checkpoints.Folder, checkpoints.KeepLast);
        if (checkpoints.BestMetric is not { } name || validation is null) return;
        var value = Metric(validation, name);
        var best = CheckpointFolder.BestMetric(checkpoints.Folder, name);
        if (best is null || (checkpoints.HigherIsBetter ? value > best : value < best))
            TrainerCheckpoint.Save(trainer, CheckpointFolder.BestPath(checkpoints.Folder), position, metrics);
    }

    /// <summary>Early stopping's record: the best value so far, the epochs since, and a copy of the best weights.</summary>
    internal sealed class BestWeights(EarlyStopping rule) : IDisposable
    {
        private double? _best;
        private int _since;
        private Dictionary<string, Tensor>? _weights;

        /// <summary>Records the epoch's validation; true when patience has run out.</summary>
        public bool Observe(IResumableTrainer trainer, IEvaluation validation)
        {
            var value = Metric(validation, rule.Metric);
            if (_best is null || (rule.HigherIsBetter ? value > _best : value < _best))
            {
                _best = value;
                _since = 0;
                if (rule.RestoreBestWeights)
                {
                    Dispose();
                    _weights = StateDict.Of(trainer.Module).ToDictionary(e => e.Key, e => e.Value.detach().clone().DetachFromDisposeScope());
                }
                return false;
            }
            return ++_since >= rule.Patience;
        }

        public void RestoreIfAsked(IResumableTrainer trainer)
        {
            if (rule.RestoreBestWeights && _weights is not null) StateDict.Load(trainer.Module, _weights, source: "the best epoch's weights");
        }

        public void Dispose()
        {
            foreach (var tensor in _weights?.Values ?? Enumerable.Empty<Tensor>()) tensor.Dispose();
            _weights = null;
        }
    }
}
