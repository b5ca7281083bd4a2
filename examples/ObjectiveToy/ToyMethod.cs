using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Objectives;

namespace Composable.Examples.ObjectiveToy;

/// <summary>A gradient method of the toy: its name and the library combiner that runs it.</summary>
/// <param name="Name">The name in tables, plots and on the command line (the objective's short name).</param>
/// <param name="Combiner">A fresh combiner for two tasks from a seed (random order, moving averages start anew).</param>
public sealed record ToyMethod(string Name, Func<int, IGradientCombiner> Combiner)
{
    /// <summary>
    /// Every method, through the combiners the trainers use: equal weighting (<see cref="GradientCombiners.Mean"/>) and
    /// MGDA on the parameters, PCGrad, CAGrad with c = 0.5 (CAGrad's toy), IMTL-G, Nash-MTL (max norm 1, solved every
    /// step, as the paper's toy), Aligned-MTL and GradVac (β = 0.01), each with its catalogue defaults otherwise.
    /// </summary>
    public static IReadOnlyList<ToyMethod> All { get; } =
    [
        new("EW", _ => GradientCombiners.Mean(2)),
        Of(new Mgda(UpperBound: false)),
        Of(new PCGrad()),
        Of(new CAGrad(C: 0.5)),
        Of(new ImtlGradient()),
        Of(new NashMtl(MaxNorm: 1.0, UpdateEvery: 1)),
        Of(new AlignedMtl()),
        Of(new GradVac(Beta: 0.01)),
    ];

    /// <summary>The names of <see cref="All"/>, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    private static ToyMethod Of(GradientCombination method) => new(method.ShortName, seed => GradientCombiners.Create(method, 2, seed));
}
