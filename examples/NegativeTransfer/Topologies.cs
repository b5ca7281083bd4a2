using System.Collections.Generic;

namespace Composable.Examples.NegativeTransfer;

/// <summary>
/// The compared topologies for two regression tasks on d inputs, sized to about the same parameter budget
/// (about 14–18 thousand parameters at d = 100; the study prints the exact counts). Built as declaration values
/// and run through the interpreter, which the test suite checks against the generated code.
/// </summary>
public static class Topologies
{
    /// <summary>Soft-sharing strength λ: a single value fixed before any run, not tuned.</summary>
    public const double SoftStrength = 0.01;

    /// <summary>The topology every other is compared with (by Δp): independent towers, first in <see cref="All"/>.</summary>
    public const string Baseline = "Independent";

    /// <summary>The declarations, by display name, in report order.</summary>
    public static IReadOnlyList<(string Name, MultiTaskSpec Spec)> All(int dimension, double learningRate)
    {
        MultiTaskSpec Spec(Sharing sharing) => new(
            new Features(dimension),
            [new TaskSpec("Task1", new Regression()), new TaskSpec("Task2", new Regression())],
            sharing,
            Optimizer: new Adam(LearningRate: learningRate));

        return new (string, MultiTaskSpec)[]
        {
            (Baseline, Spec(new Independent([64, 8]))),
            ("Hard sharing", Spec(new HardSharing([128], Towers: [8]))),
            ("Soft sharing", Spec(new SoftSharing([64, 8], Strength: SoftStrength))),
            ("Cross-stitch", Spec(new CrossStitch([64, 8]))),
            ("OMoE", Spec(new MixtureOfExperts(Experts: 8, ExpertLayers: [16], TowerLayers: [8], Gating: Gating.Single))),
            ("MMoE", Spec(new MixtureOfExperts(Experts: 8, ExpertLayers: [16], TowerLayers: [8]))),
            ("PLE", Spec(new MixtureOfExperts(Experts: 4, ExpertLayers: [16], TowerLayers: [8], TaskExperts: 2, Levels: 2))),
        };
    }
}
