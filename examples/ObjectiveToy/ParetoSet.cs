using System;
using System.Collections.Generic;
using System.Linq;

namespace Composable.Examples.ObjectiveToy;

/// <summary>
/// The toy's Pareto set, found numerically: the points of the plotted square where ∇f1 and ∇f2 are anti-parallel
/// (their cross product vanishes and their dot product is negative) or one of them vanishes (the set's two ends, the
/// minima of f1 and f2), so that a convex combination of them is zero.
/// Scaling one loss does not move it, so both papers' settings share it.
/// </summary>
public static class ParetoSet
{
    /// <summary>Bisection steps per bracket: far below the plot's resolution.</summary>
    private const int Bisections = 60;

    /// <summary>How small the Pareto-stationarity residual must be, relative to the longer gradient, at a bisected sign
    /// change to count as a point of the set, rather than a jump of the cross product across a kink of the log pieces
    /// or a point where the gradients are parallel and point the same way.</summary>
    private const double RelativeResidual = 1e-8;

    /// <summary>Points at most this far apart in each coordinate are joined by a segment for <see cref="Distance"/> (the
    /// default lines are 0.02 apart, and the set is flat: its θ₂ changes by less than 0.1 over its whole width).</summary>
    private const double NeighbourGap = 0.05;

    /// <summary>
    /// Points of the Pareto set: on each of <paramref name="lines"/> vertical lines across [−w, w]² (w =
    /// <see cref="ToyProblem.PlotHalfWidth"/>) every sign change of the gradients' normalised cross product among
    /// <paramref name="samples"/> points is bisected, and kept when the gradients are anti-parallel there. The default
    /// lines are 0.02 apart and include θ₁ = ±7, where the set ends.
    /// </summary>
    public static IReadOnlyList<PlaneVector> Compute(int lines = 1_101, int samples = 221)
    {
        var w = ToyProblem.PlotHalfWidth;
        var points = new List<PlaneVector>();
        for (var i = 0; i < lines; i++)
        {
            var x1 = -w + 2 * w * i / (lines - 1);
            var previous = Angle(new PlaneVector(x1, -w));
            for (var j = 1; j < samples; j++)
            {
                var x2 = -w + 2 * w * j / (samples - 1);
                var current = Angle(new PlaneVector(x1, x2));
                if (Math.Sign(previous) * Math.Sign(current) < 0 && Bisect(x1, x2 - 2 * w / (samples - 1), x2) is { } point)
                    points.Add(point);
                previous = current;
            }
        }
        return points;
    }

    /// <summary>
    /// The distance from <paramref name="theta"/> to <paramref name="set"/> as <see cref="Compute"/> returns it (ordered by θ₁):
    /// to the nearest of its points, or of the segments joining the points of neighbouring lines, which follow the set
    /// between the lines. Infinity when the set is empty.
    /// </summary>
    public static double Distance(PlaneVector theta, IReadOnlyList<PlaneVector> set)
    {
        if (set.Count == 0) return double.PositiveInfinity;
        // Outward from the first point right of θ, while a point can still be nearer than the nearest so far.
        var (low, high) = (0, set.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (set[middle].X < theta.X) low = middle + 1;
            else high = middle;
        }
        var nearest = double.PositiveInfinity;
        for (var i = low; i < set.Count && set[i].X - theta.X <= nearest + NeighbourGap; i++)
            nearest = Math.Min(nearest, Piece(theta, set, i));
        for (var i = low - 1; i >= 0 && theta.X - set[i].X <= nearest + NeighbourGap; i--)
            nearest = Math.Min(nearest, Piece(theta, set, i));
        return nearest;
    }

    /// <summary>The distance to point <paramref name="i"/> of the set, or to the segment from the previous point when they are neighbours.</summary>
    private static double Piece(PlaneVector theta, IReadOnlyList<PlaneVector> set, int i)
    {
        var b = set[i];
        if (i == 0) return (b - theta).Norm;
        var a = set[i - 1];
        var neighbours = b.X > a.X && b.X - a.X <= NeighbourGap && Math.Abs(b.Y - a.Y) <= NeighbourGap;
        return neighbours ? SegmentDistance(theta, a, b) : (b - theta).Norm;
    }

    private static double SegmentDistance(PlaneVector p, PlaneVector a, PlaneVector b)
    {
        var ab = b - a;
        var t = Math.Clamp((p - a).Dot(ab) / ab.Dot(ab), 0, 1);
        return (a + t * ab - p).Norm;
    }

    /// <summary>sin of the angle from ∇f1 to ∇f2 (0 where either vanishes).</summary>
    private static double Angle(PlaneVector theta)
    {
        var e = ToyObjectives.Evaluate(theta);
        var norms = e.Gradient1.Norm * e.Gradient2.Norm;
        return norms == 0 ? 0 : e.Gradient1.Cross(e.Gradient2) / norms;
    }

    private static PlaneVector? Bisect(double x1, double low, double high)
    {
        var lowSign = Math.Sign(Angle(new PlaneVector(x1, low)));
        for (var k = 0; k < Bisections; k++)
        {
            var middle = 0.5 * (low + high);
            if (Math.Sign(Angle(new PlaneVector(x1, middle))) == lowSign) low = middle;
            else high = middle;
        }
        var point = new PlaneVector(x1, 0.5 * (low + high));
        var e = ToyObjectives.Evaluate(point);
        var longer = Math.Max(e.Gradient1.Norm, e.Gradient2.Norm);
        return ParetoStationarity.Residual(e.Gradient1, e.Gradient2) <= RelativeResidual * longer ? point : null;
    }
}
