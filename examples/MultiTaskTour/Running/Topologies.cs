using System.Collections.Generic;
using MultiTaskTour.Declarations;

namespace MultiTaskTour.Running;

/// <summary>
/// The topologies of the tour, baseline first. Each entry uses its declaration's generated types as a user would:
/// <c>Trainer.Create(seed)</c>, <c>Fit</c>, <c>Evaluate</c>.
/// </summary>
internal static class Topologies
{
    /// <summary>The baseline every other topology is compared with.</summary>
    public static Topology Baseline => All[0];

    /// <summary>Every topology, baseline first.</summary>
    public static IReadOnlyList<Topology> All { get; } =
    [
        new("Independent", nameof(IndependentTowers), IndependentTowers.Spec, IndependentTowers.Graph, (seed, train, test, fit) =>
        {
            using var trainer = IndependentTowers.Trainer.Create(seed);
            using var model = trainer.Model;
            var result = trainer.Fit(train, fit);
            return new TrainedModel(result, trainer.Evaluate(test), TrainedModel.CountParameters(model));
        }),
        new("HardSharing", nameof(HardShared), HardShared.Spec, HardShared.Graph, (seed, train, test, fit) =>
        {
            using var trainer = HardShared.Trainer.Create(seed);
            using var model = trainer.Model;
            var result = trainer.Fit(train, fit);
            return new TrainedModel(result, trainer.Evaluate(test), TrainedModel.CountParameters(model));
        }),
        new("Concatenation", nameof(ConcatenationConditioned), ConcatenationConditioned.Spec, ConcatenationConditioned.Graph, (seed, train, test, fit) =>
        {
            using var trainer = ConcatenationConditioned.Trainer.Create(seed);
            using var model = trainer.Model;
            var result = trainer.Fit(train, fit);
            return new TrainedModel(result, trainer.Evaluate(test), TrainedModel.CountParameters(model));
        }),
        new("Additive", nameof(AdditiveConditioned), AdditiveConditioned.Spec, AdditiveConditioned.Graph, (seed, train, test, fit) =>
        {
            using var trainer = AdditiveConditioned.Trainer.Create(seed);
            using var model = trainer.Model;
            var result = trainer.Fit(train, fit);
            return new TrainedModel(result, trainer.Evaluate(test), TrainedModel.CountParameters(model));
        }),
        new("FiLM", nameof(FilmConditioned), FilmConditioned.Spec, FilmConditioned.Graph, (seed, train, test, fit) =>
        {
            using var trainer = FilmConditioned.Trainer.Create(seed);
            using var model = trainer.Model;
            var result = trainer.Fit(train, fit);
            return new TrainedModel(result, trainer.Evaluate(test), TrainedModel.CountParameters(model));
        }),
    ];
}
