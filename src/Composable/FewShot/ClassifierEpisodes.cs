using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot.Metric;
using static TorchSharp.torch;

namespace Composable.FewShot;

/// <summary>
/// What a few-shot trainer does with an <see cref="IEpisodicClassifier"/> over episodes, shared by the run time's
/// <see cref="EpisodicTrainer"/> and every generated few-shot <c>Trainer</c>. An episode's ways come from its
/// <see cref="ClassEpisodeTask"/> (the family's declared shape), not from its labels.
/// </summary>
public static class ClassifierEpisodes
{
    /// <summary>Classes of <paramref name="episode"/>: the length of its <see cref="ClassEpisodeTask.Classes"/>.</summary>
    public static int WaysOf(Episode episode) => episode.Task is ClassEpisodeTask task
        ? task.Classes.Count
        : throw new ArgumentException($"A few-shot classifier needs classification episodes (a ClassEpisodeTask), not {episode.Task.GetType().Name}.", nameof(episode));

    /// <summary>
    /// The query loss [T] of every episode of <paramref name="episodes"/> (moved to <paramref name="device"/>),
    /// differentiable, after checking the episodes (<see cref="EpisodeChecks"/>) before any forward.
    /// </summary>
    /// <exception cref="ArgumentException">No episode, or an episode that is not a valid classification episode (the message names episode, set, row and value).</exception>
    public static Tensor QueryLosses(IEpisodicClassifier classifier, IReadOnlyList<Episode> episodes, Device device)
    {
        EpisodeChecks.ThrowIfInvalid(episodes);
        return stack(episodes.Select(e => e.To(device)).Select(e =>
            classifier.Loss(classifier.Scores(e.SupportInputs, e.SupportTargets, e.QueryInputs, WaysOf(e)), e.QueryTargets)).ToArray());
    }

    /// <summary>Query accuracy of <paramref name="episode"/> in evaluation mode, without gradients, in its own dispose scope.</summary>
    /// <exception cref="ArgumentException">The episode is not a valid classification episode (<see cref="EpisodeChecks"/>).</exception>
    public static double Accuracy(IEpisodicClassifier classifier, Episode episode, Device device)
    {
        EpisodeChecks.ThrowIfInvalid([episode]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        classifier.Module.eval();
        var moved = episode.To(device);
        return AccuracyEstimate.OfScores(classifier.Scores(moved.SupportInputs, moved.SupportTargets, moved.QueryInputs, WaysOf(moved)), moved.QueryTargets);
    }
}
