using System;

namespace Composable.Examples.ObjectiveToy;

/// <summary>
/// Pareto-stationarity of two objectives: θ is Pareto-stationary when some convex combination of ∇f1 and ∇f2 vanishes,
/// so the residual ‖min over γ ∈ [0, 1] of γ∇f1 + (1 − γ)∇f2‖ measures how far θ is from it (MGDA's min-norm point,
/// Sener and Koltun 2018, in closed form for two vectors).
/// </summary>
public static class ParetoStationarity
{
    /// <summary>The point of the segment between <paramref name="g1"/> and <paramref name="g2"/> nearest the origin.</summary>
    public static PlaneVector MinNormPoint(PlaneVector g1, PlaneVector g2)
    {
        var difference = g1 - g2;
        var squared = difference.Dot(difference);
        if (squared == 0) return g1;
        var gamma = Math.Clamp(-g2.Dot(difference) / squared, 0, 1);
        return gamma * g1 + (1 - gamma) * g2;
    }

    /// <summary>The norm of <see cref="MinNormPoint"/>: 0 exactly at Pareto-stationary points.</summary>
    public static double Residual(PlaneVector g1, PlaneVector g2) => MinNormPoint(g1, g2).Norm;
}
