using System.Collections.Generic;
using System.Linq;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>How a method shares the network between the tasks.</summary>
public enum Topology
{
    /// <summary>One tower per task, nothing shared: the baseline.</summary>
    Independent,

    /// <summary>One trunk for all tasks, a tower per task.</summary>
    HardSharing,
}

/// <summary>A compared method: a topology and the objective it trains with.</summary>
/// <param name="Name">Name in tables, the JSON and the plot.</param>
/// <param name="Topology">Independent towers or hard sharing.</param>
/// <param name="Objective">The declaration's objective.</param>
public sealed record Method(string Name, Topology Topology, Objective Objective)
{
    /// <summary>The baseline's name: independent towers, equal weights.</summary>
    public const string BaselineName = "Independent";

    /// <summary>
    /// The baseline first, then every objective of the catalogue with hard sharing and default hyper-parameters
    /// (MGDA both with the upper bound and on the shared parameters).
    /// </summary>
    public static IReadOnlyList<Method> All { get; } = Catalogue();

    private static Method[] Catalogue()
    {
        Objective[] objectives =
        [
            new WeightedSum(),
            new UncertaintyWeighting(), new DynamicWeightAverage(), new RandomLossWeighting(), new GradNorm(), new ImtlLoss(), new GeometricLoss(),
            new PCGrad(), new Mgda(UpperBound: true), new Mgda(UpperBound: false), new CAGrad(), new ImtlGradient(), new NashMtl(), new AlignedMtl(), new GradVac(),
        ];
        return [new Method(BaselineName, Topology.Independent, new WeightedSum()), .. objectives.Select(o => new Method(o.ShortName, Topology.HardSharing, o))];
    }
}
