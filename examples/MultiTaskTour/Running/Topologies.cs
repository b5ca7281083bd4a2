using System.Collections.Generic;
using Composable.Data;
using Composable.Training;
using MultiTaskTour.Declarations;

namespace MultiTaskTour.Running;

/// <summary>
/// The topologies of the tour, baseline first. Each entry uses its declaration's generated types as a user would:
/// <c>Trainer.Create(seed)</c>, then <c>Fit</c> and <c>Evaluate</c> through the trainer contract every family shares.
/// </summary>
internal static class Topologies
{
    /// <summary>The baseline every other topology is compared with.</summary>
    public static Topology Baseline => All[0];

    /// <summary>Every topology, baseline first.</summary>
    public static IReadOnlyList<Topology> All { get; } =
    [
        new("Independent", nameof(IndependentTowers), IndependentTowers.Spec, IndependentTowers.Graph, (seed, train, test, fit) =>
            FitAndEvaluate(IndependentTowers.Trainer.Create(seed), train, test, fit)),
        new("HardSharing", nameof(HardShared), HardShared.Spec, HardShared.Graph, (seed, train, test, fit) =>
            FitAndEvaluate(HardShared.Trainer.Create(seed), train, test, fit)),
        new("Concatenation", nameof(ConcatenationConditioned), ConcatenationConditioned.Spec, ConcatenationConditioned.Graph, (seed, train, test, fit) =>
            FitAndEvaluate(ConcatenationConditioned.Trainer.Create(seed), train, test, fit)),
        new("Additive", nameof(AdditiveConditioned), AdditiveConditioned.Spec, AdditiveConditioned.Graph, (seed, train, test, fit) =>
            FitAndEvaluate(AdditiveConditioned.Trainer.Create(seed), train, test, fit)),
        new("FiLM", nameof(FilmConditioned), FilmConditioned.Spec, FilmConditioned.Graph, (seed, train, test, fit) =>
            FitAndEvaluate(FilmConditioned.Trainer.Create(seed), train, test, fit)),
    ];

    /// <summary>Fits <paramref name="trainer"/> on <paramref name="train"/>, evaluates it on <paramref name="test"/>, then disposes it (and the model it created).</summary>
    private static TrainedModel FitAndEvaluate(IMultiTaskTrainer trainer, MultiTaskDataset train, MultiTaskDataset test, FitOptions fit)
    {
        using (trainer)
        {
            var result = trainer.Fit(train, fit);
            return new TrainedModel(result, trainer.Evaluate(test), TrainedModel.CountParameters(trainer.Module));
        }
    }
}
