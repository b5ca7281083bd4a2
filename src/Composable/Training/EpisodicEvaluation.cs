using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.FewShot.Metric;
using Composable.Meta;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>The evaluations of episodic trainers over an <see cref="EpisodeSource"/>, shared by generated and interpreted trainers.</summary>
public static class EpisodicEvaluation
{
    /// <summary>
    /// A gradient-based meta-learner adapted to every episode of <paramref name="source"/> by <paramref name="steps"/>
    /// test-time steps, a meta-batch at a time (each in its own dispose scope): mean query loss after each step,
    /// and query accuracy after the last for classification.
    /// </summary>
    public static EpisodeEvaluation OfAdaptation(IMetaLearnerTrainer trainer, EpisodeSource source, int steps)
    {
        source.Validate(nameof(source));
        var losses = new List<double[]>(source.Episodes);
        var accuracies = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var first = 0; first < source.Episodes; first += trainer.MetaBatch)
        {
            using var scope = NewDisposeScope();
            var episodes = source.Family.SampleBatch(source.Split, first, Math.Min(trainer.MetaBatch, source.Episodes - first), source.Seed);
            AdaptationCurves curves;
            try
            {
                curves = trainer.MeasureAdaptation(episodes, steps);
            }
            catch (ArgumentException poisoned)
            {
                throw EpisodeChecks.InContext($"Evaluating episodes {first} to {first + episodes.Length - 1} of the {source.Split} split", poisoned);
            }
            losses.AddRange(curves.Losses);
            if (curves.Accuracies is { } accuracy) accuracies.AddRange(accuracy.Select(curve => curve[steps]));
            source.Progress?.Report(new EvaluationProgress(losses.Count, source.Episodes, clock.Elapsed));
        }
        var lossAfterStep = Enumerable.Range(0, steps + 1).Select(s => losses.Average(curve => curve[s])).ToArray();
        return new EpisodeEvaluation(source.Episodes, lossAfterStep[steps], accuracies.Count == 0 ? null : AccuracyEstimate.Of(accuracies), lossAfterStep);
    }

    /// <summary>
    /// A few-shot classifier on every episode of <paramref name="source"/> in evaluation mode without gradients,
    /// each episode in its own dispose scope: mean query loss and query accuracy.
    /// </summary>
    public static EpisodeEvaluation OfClassifier(IEpisodicClassifier classifier, EpisodeSource source, Device device)
    {
        source.Validate(nameof(source));
        if (source.Family.Shape is not FewShotClassification)
            throw new ArgumentException($"A few-shot classifier needs FewShotClassification episodes; the family produces {source.Family.Shape}.", nameof(source));
        var losses = new double[source.Episodes];
        var accuracies = new double[source.Episodes];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        classifier.Module.eval();
        for (var i = 0; i < source.Episodes; i++)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var sampled = source.Sample(i);
            try
            {
                EpisodeChecks.ThrowIfInvalid([sampled]);
            }
            catch (ArgumentException poisoned)
            {
                throw EpisodeChecks.InContext($"Evaluating episode {i} of the {source.Split} split", poisoned);
            }
            var episode = sampled.To(device);
            var scores = classifier.Scores(episode.SupportInputs, episode.SupportTargets, episode.QueryInputs, ClassifierEpisodes.WaysOf(episode));
            losses[i] = classifier.Loss(scores, episode.QueryTargets).ToSingle();
            accuracies[i] = AccuracyEstimate.OfScores(scores, episode.QueryTargets);
            source.Progress?.Report(new EvaluationProgress(i + 1, source.Episodes, clock.Elapsed));
        }
        return new EpisodeEvaluation(source.Episodes, losses.Average(), AccuracyEstimate.Of(accuracies), Array.Empty<double>());
    }
}
