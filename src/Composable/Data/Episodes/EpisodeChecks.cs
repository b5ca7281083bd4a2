using System;
using System.Collections.Generic;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;
using Composable.Training;

namespace Composable.Data.Episodes;

/// <summary>
/// Checks a meta-batch of episodes before a step uses it, with the rules a multi-task data set is built under
/// (<see cref="BatchChecks"/>): inputs float32 [N, width] with N positive and every value finite; regression targets
/// float32 [N, outputs], finite; class labels int64 [N] in [0, ways); support and query rows matching their targets;
/// and, where the learner needs them, one shape for every episode of the meta-batch (a meta-learner stacks them) and a
/// support example of every class (a prototype of no examples is NaN). Every problem is named by episode (and its
/// classes), set, row and value, instead of an error from inside libtorch or a NaN loss after the forward; a refused
/// meta-batch leaves the network and its optimiser as they were.
/// </summary>
/// <remarks>Cheap on healthy episodes: metadata, then one reduction per tensor; a bad row is located only when one fails.</remarks>
public static class EpisodeChecks
{
    /// <summary>Returns when <paramref name="episodes"/> fit the meta-learning declaration <paramref name="spec"/> and stack into one batch.</summary>
    /// <exception cref="ArgumentException">Lists every problem, each naming its episode, set, row and value.</exception>
    public static void ThrowIfInvalid(MetaLearnerSpec spec, IReadOnlyList<Episode> episodes)
    {
        Target target = spec.Episodes is FewShotClassification ? new MultiClass(spec.Outputs) : new Regression(spec.Outputs);
        var each = episodes.Select((episode, i) => (Sets(i, episode, spec.Input.Size, target), Ways(i, episode, target)).Apply((_, _) => unit)).ToSeq().Traverse(c => c);
        var result = (NotEmpty(episodes), each).Apply((_, _) => unit).Bind(_ => OneShape(episodes));
        Requirement.ThrowIfFailed(result, "The meta-batch does not fit the declaration:", nameof(episodes));
    }

    /// <summary>
    /// Returns when every episode of <paramref name="episodes"/> is a valid N-way classification episode for a few-shot
    /// classifier: N from its <see cref="ClassEpisodeTask"/>, every class with a support example. Episodes may differ in shape.
    /// </summary>
    /// <exception cref="ArgumentException">Lists every problem, each naming its episode, set, row and value.</exception>
    public static void ThrowIfInvalid(IReadOnlyList<Episode> episodes)
    {
        var each = episodes.Select((episode, i) =>
        {
            if (episode.Task is not ClassEpisodeTask task)
                return Requirement.That(false, $"Episode {i} of the meta-batch is a {episode.Task?.GetType().Name ?? "null"} task; a few-shot classifier needs classification episodes (a ClassEpisodeTask).");
            var ways = task.Classes.Count;
            return Sets(i, episode, width: null, new MultiClass(ways)).Bind(_ => EveryClassInSupport(i, episode, ways));
        }).ToSeq().Traverse(c => c);
        var result = (NotEmpty(episodes), each).Apply((_, _) => unit);
        Requirement.ThrowIfFailed(result, "The meta-batch does not fit the learner:", nameof(episodes));
    }

    /// <summary>A classification episode has the declared number of ways.</summary>
    private static Validation<Error, Unit> Ways(int index, Episode episode, Target target) =>
        episode.Task is ClassEpisodeTask task && target is MultiClass declared && task.Classes.Count != declared.Classes
            ? Requirement.That(false, $"{Owner(index, episode)} is {task.Classes.Count}-way, but the declaration has {declared.Classes} ways.")
            : Success<Error, Unit>(unit);

    /// <summary>
    /// <paramref name="problem"/> prefixed by where its episodes came from — a fit's step and the source's episode
    /// indices, an evaluation's episodes — since its own message numbers them within the meta-batch.
    /// </summary>
    internal static ArgumentException InContext(string context, ArgumentException problem) => new($"{context}: {problem.Message}", problem);

    private static Validation<Error, Unit> NotEmpty(IReadOnlyList<Episode> episodes) =>
        Requirement.That(episodes.Count > 0, "The meta-batch holds no episode; a step needs at least one.");

    /// <summary>Whether every tensor of <paramref name="episode"/> came from a family that checked it (<see cref="CheckedData"/>).</summary>
    private static bool Checked(Episode episode) =>
        CheckedData.Has(episode.SupportInputs) && CheckedData.Has(episode.SupportTargets) && CheckedData.Has(episode.QueryInputs) && CheckedData.Has(episode.QueryTargets);

    /// <summary>Both sets of one episode: inputs, targets and their rows; dtypes and shapes only when its tensors were checked where they were made.</summary>
    private static Validation<Error, Unit> Sets(int index, Episode episode, int? width, Target target)
    {
        var owner = Owner(index, episode);
        var readValues = !Checked(episode);
        return (Set($"{owner}, support set", episode.SupportInputs, episode.SupportTargets, width, target, readValues),
                Set($"{owner}, query set", episode.QueryInputs, episode.QueryTargets, width, target, readValues))
            .Apply((_, _) => unit);
    }

    private static Validation<Error, Unit> Set(string owner, Tensor? inputs, Tensor? targets, int? width, Target target, bool readValues) =>
        (DatasetRules.Inputs($"{owner}: inputs", inputs, width, readValues),
         DatasetRules.Targets(owner, target, targets, readValues),
         DatasetRules.Rows(owner, inputs, "inputs", targets))
        .Apply((_, _, _) => unit);

    /// <summary>Every episode with episode 0's sizes: a meta-learner stacks the meta-batch along a task dimension.</summary>
    private static Validation<Error, Unit> OneShape(IReadOnlyList<Episode> episodes)
    {
        static string Sizes(Episode e) => $"{e.SupportInputs.shape[0]} support and {e.QueryInputs.shape[0]} query rows";
        var first = Sizes(episodes[0]);
        return Requirement.None(toSeq(episodes.Select((e, i) => (e, i)).Skip(1).Where(p => Sizes(p.e) != first).Select(p => Error.New(
            $"{Owner(p.i, p.e)} has {Sizes(p.e)} but episode 0 has {first}: a meta-learner stacks its meta-batch, so every episode needs one shape."))));
    }

    /// <summary>Each of the episode's <paramref name="ways"/> labels has at least one support example.</summary>
    private static Validation<Error, Unit> EveryClassInSupport(int index, Episode episode, int ways)
    {
        if (Checked(episode)) return Success<Error, Unit>(unit);
        using var scope = NewDisposeScope();
        var counts = episode.SupportTargets.bincount(null, ways);
        if (counts.min().item<long>() > 0) return Success<Error, Unit>(unit);
        var missing = counts.eq(Scalars.Zero).nonzero()[0, 0].item<long>();
        return Requirement.That(false,
            $"{Owner(index, episode)}, support set: label {missing} has no example; every one of the {ways} ways needs a support example.");
    }

    /// <summary><c>Episode 2 of the meta-batch</c>, and its original classes when the episode says which.</summary>
    private static string Owner(int index, Episode episode) => episode.Task is ClassEpisodeTask task
        ? $"Episode {index} of the meta-batch (classes {string.Join(", ", task.Classes)})"
        : $"Episode {index} of the meta-batch";
}
