using System.Collections.Generic;

namespace Composable.Examples.ObjectiveToy;

/// <summary>One paper's setting of the toy: the scale of the first loss, the starting points and the optimiser.</summary>
/// <param name="Name">Short name for the command line, tables and files (<c>cagrad</c>, <c>nashmtl</c>).</param>
/// <param name="Source">The paper and the file of its code this setting is read from.</param>
/// <param name="FirstLossScale">s in f1 = s · (…); see <see cref="ToyObjectives"/>.</param>
/// <param name="Starts">The initial θ, in the paper's order.</param>
/// <param name="Steps">Adam steps per run in the paper.</param>
/// <param name="LearningRate">Adam's learning rate in the paper.</param>
public sealed record ToyProblem(string Name, string Source, double FirstLossScale, IReadOnlyList<PlaneVector> Starts, int Steps, double LearningRate)
{
    /// <summary>Half the side of the square the papers plot, [−11, 11]² (CAGrad's <c>plotme</c>, <c>xl=11</c>).</summary>
    public const double PlotHalfWidth = 11;

    /// <summary>CAGrad's toy (Liu et al. 2021, Cranial-XIX/CAGrad <c>toy.py</c>): both losses unscaled, three starts, 100,000 Adam steps, lr 0.001.</summary>
    public static ToyProblem CAGrad { get; } = new(
        "cagrad", "Liu et al. 2021, CAGrad toy.py", 1.0,
        [new(-8.5, 7.5), new(-8.5, -5), new(9, 9)],
        100_000, 1e-3);

    /// <summary>Nash-MTL's toy (Navon et al. 2022, AvivNavon/nash-mtl <c>experiments/toy</c>): the first loss scaled by 0.1, five starts, 35,000 Adam steps, lr 0.001.</summary>
    public static ToyProblem NashMtl { get; } = new(
        "nashmtl", "Navon et al. 2022, nash-mtl experiments/toy", 0.1,
        [new(-8.5, 7.5), new(0, 0), new(9, 9), new(-7.5, -0.5), new(9, -1)],
        35_000, 1e-3);

    /// <summary>Both settings, by <see cref="Name"/>.</summary>
    public static IReadOnlyList<ToyProblem> All { get; } = [CAGrad, NashMtl];

    /// <summary>The losses and gradients of this setting at <paramref name="theta"/>.</summary>
    public ToyEvaluation Evaluate(PlaneVector theta) => ToyObjectives.Evaluate(theta, FirstLossScale);
}
