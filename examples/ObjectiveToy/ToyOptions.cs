using System.Collections.Generic;

namespace Composable.Examples.ObjectiveToy;

/// <summary>Settings of a run of the toy; <see cref="ToyCommandLine"/> reads them from the command line.</summary>
public sealed record ToyOptions
{
    /// <summary>The papers' settings to run, by <see cref="ToyProblem.Name"/>.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [ToyProblem.CAGrad.Name, ToyProblem.NashMtl.Name];

    /// <summary>The methods to run, by <see cref="ToyMethod.Name"/>.</summary>
    public IReadOnlyList<string> Methods { get; init; } = ToyMethod.Names;

    /// <summary>Adam steps per run; null: each paper's own (CAGrad 100,000, Nash-MTL 35,000).</summary>
    public int? Steps { get; init; }

    /// <summary>Residual ‖min-norm point of {∇f1, ∇f2}‖ below which θ counts as Pareto-stationary.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Distance to the computed Pareto set below which an end point counts as on it (Pareto-stationarity alone also
    /// holds on the kink θ₂ = 0, which is not part of the set).</summary>
    public double Distance { get; init; } = 0.01;

    /// <summary>Seed of the combiners' random draws (PCGrad's order); run i of a setting uses seed + i.</summary>
    public int Seed { get; init; }

    /// <summary>Where to write the JSON of every run, if anywhere (the PNGs go beside it).</summary>
    public string? Out { get; init; }

    /// <summary>The quick setting (a few thousand steps per run).</summary>
    public bool Quick { get; init; }

    /// <summary>The steps of a run of <paramref name="problem"/>.</summary>
    public int StepsFor(ToyProblem problem) => Steps ?? problem.Steps;
}
