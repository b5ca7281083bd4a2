using System.Collections.Generic;
using System.Linq;

namespace Composable.Examples.ObjectiveToy;

/// <summary>
/// When a run has reached the Pareto set: θ is Pareto-stationary (residual below <see cref="Tolerance"/>) and lies within
/// <see cref="Distance"/> of the computed set. Stationarity alone is not enough on this toy: on the kink θ₂ = 0 both
/// losses are 0 and their one-sided gradients are vertical and opposed wherever q1 and q2 differ in sign, so it is
/// Pareto-stationary there, yet dominated by the set.
/// </summary>
public sealed class ReachCriterion
{
    /// <summary>The set's bounding box grown by <see cref="Distance"/>: outside it no point is on the set, which spares the
    /// exact distance on every step a run spends Pareto-stationary away from the set.</summary>
    private readonly (double Left, double Right, double Bottom, double Top) _near;

    /// <summary>A criterion from its two thresholds and the set.</summary>
    /// <param name="tolerance">Residual ‖min-norm point of {∇f1, ∇f2}‖ below which θ is Pareto-stationary.</param>
    /// <param name="distance">Distance to <paramref name="paretoSet"/> below which θ is on it.</param>
    /// <param name="paretoSet">The computed Pareto set (<see cref="ObjectiveToy.ParetoSet.Compute"/>).</param>
    public ReachCriterion(double tolerance, double distance, IReadOnlyList<PlaneVector> paretoSet)
    {
        Tolerance = tolerance;
        Distance = distance;
        ParetoSet = paretoSet;
        _near = paretoSet.Count == 0
            ? (0, -1, 0, -1)
            : (paretoSet.Min(p => p.X) - distance, paretoSet.Max(p => p.X) + distance, paretoSet.Min(p => p.Y) - distance, paretoSet.Max(p => p.Y) + distance);
    }

    /// <summary>Residual below which θ is Pareto-stationary.</summary>
    public double Tolerance { get; }

    /// <summary>Distance to the set below which θ is on it.</summary>
    public double Distance { get; }

    /// <summary>The computed Pareto set.</summary>
    public IReadOnlyList<PlaneVector> ParetoSet { get; }

    /// <summary>Whether θ with gradients <paramref name="e"/> is Pareto-stationary.</summary>
    public bool IsStationary(ToyEvaluation e) => ParetoStationarity.Residual(e.Gradient1, e.Gradient2) < Tolerance;

    /// <summary>Whether <paramref name="theta"/> is within <see cref="Distance"/> of the Pareto set.</summary>
    public bool IsOnSet(PlaneVector theta) =>
        theta.X >= _near.Left && theta.X <= _near.Right && theta.Y >= _near.Bottom && theta.Y <= _near.Top
        && ObjectiveToy.ParetoSet.Distance(theta, ParetoSet) < Distance;

    /// <summary>Both: θ has reached the Pareto set.</summary>
    public bool HasReached(PlaneVector theta, ToyEvaluation e) => IsStationary(e) && IsOnSet(theta);
}
