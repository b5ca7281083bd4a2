using System;

namespace Composable.Examples.ObjectiveToy;

/// <summary>The losses and gradients of the toy at one point.</summary>
/// <param name="F1">The first loss.</param>
/// <param name="F2">The second loss.</param>
/// <param name="Gradient1">∇f1.</param>
/// <param name="Gradient2">∇f2.</param>
public readonly record struct ToyEvaluation(double F1, double F2, PlaneVector Gradient1, PlaneVector Gradient2);

/// <summary>
/// The two objectives of CAGrad's toy (Liu et al., NeurIPS 2021, <c>toy.py</c>; reused by Nash-MTL, Navon et al., ICML
/// 2022, <c>experiments/toy/problem.py</c>), with their gradients in closed form. For θ = (x₁, x₂):
/// <code>
/// l1 = log max(|−x₁/2 − 7/2 + tanh x₂|, 5e−6) + 6       q1 = ((x₁ − 7)² + 0.1 (x₂ + 8)²) / 10 − 20
/// l2 = log max(|−x₁/2 + 7/2 − tanh x₂|, 5e−6) + 6       q2 = ((x₁ + 7)² + 0.1 (x₂ + 8)²) / 10 − 20
/// c1 = max(tanh(x₂/2), 0)                              c2 = max(tanh(−x₂/2), 0)
/// f1 = s · (c1 l1 + c2 q1)                             f2 = c1 l2 + c2 q2
/// </code>
/// (the papers' <c>0.5*(-x1-7) - tanh(-x2)</c> and <c>0.5*(-x1+3) + tanh(-x2) + 2</c> rewritten). The log pieces rule
/// the upper half plane, the quadratics the lower one. s = 1 in CAGrad's toy; Nash-MTL scales the first loss by 0.1.
/// </summary>
public static class ToyObjectives
{
    /// <summary>The papers' floor under |·| inside the logarithms.</summary>
    public const double Floor = 0.000005;

    /// <summary>f1, f2 and their gradients at <paramref name="theta"/>, the first loss multiplied by <paramref name="firstLossScale"/>.</summary>
    /// <remarks>
    /// At the kinks the derivative is the one PyTorch's autograd gives, as the papers' code used it: max(·, floor) and
    /// max(·, 0) pass the gradient where the argument is at least the bound, |u| has derivative sign(u) (0 at 0).
    /// </remarks>
    public static ToyEvaluation Evaluate(PlaneVector theta, double firstLossScale = 1.0)
    {
        var (x1, x2) = (theta.X, theta.Y);
        var tanh = Math.Tanh(x2);
        var sech2 = 1 - tanh * tanh;

        var (l1, dl1) = LogPiece(-0.5 * x1 - 3.5 + tanh, new PlaneVector(-0.5, sech2));
        var (l2, dl2) = LogPiece(-0.5 * x1 + 3.5 - tanh, new PlaneVector(-0.5, -sech2));

        var q1 = ((x1 - 7) * (x1 - 7) + 0.1 * (x2 + 8) * (x2 + 8)) / 10 - 20;
        var q2 = ((x1 + 7) * (x1 + 7) + 0.1 * (x2 + 8) * (x2 + 8)) / 10 - 20;
        var dq1 = new PlaneVector((x1 - 7) / 5, 0.02 * (x2 + 8));
        var dq2 = new PlaneVector((x1 + 7) / 5, 0.02 * (x2 + 8));

        var half = Math.Tanh(0.5 * x2);
        var halfSlope = 0.5 * (1 - half * half);
        var c1 = Math.Max(half, 0);
        var c2 = Math.Max(-half, 0);
        var dc1 = new PlaneVector(0, half >= 0 ? halfSlope : 0);
        var dc2 = new PlaneVector(0, -half >= 0 ? -halfSlope : 0);

        var f1 = c1 * l1 + c2 * q1;
        var f2 = c1 * l2 + c2 * q2;
        var g1 = c1 * dl1 + l1 * dc1 + c2 * dq1 + q1 * dc2;
        var g2 = c1 * dl2 + l2 * dc1 + c2 * dq2 + q2 * dc2;
        return new ToyEvaluation(firstLossScale * f1, f2, firstLossScale * g1, g2);
    }

    /// <summary>log max(|u|, floor) + 6 and its gradient, given ∇u.</summary>
    private static (double Value, PlaneVector Gradient) LogPiece(double u, PlaneVector du)
    {
        var magnitude = Math.Abs(u);
        if (magnitude < Floor) return (Math.Log(Floor) + 6, default);
        return (Math.Log(magnitude) + 6, (1 / u) * du);
    }
}
