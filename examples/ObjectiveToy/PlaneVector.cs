using System;

namespace Composable.Examples.ObjectiveToy;

/// <summary>A point or a gradient in ℝ², the toy's parameter space.</summary>
/// <param name="X">The first coordinate (θ₁, the horizontal axis of the plots).</param>
/// <param name="Y">The second coordinate (θ₂, the vertical axis).</param>
public readonly record struct PlaneVector(double X, double Y)
{
    /// <summary>The sum of two vectors.</summary>
    public static PlaneVector operator +(PlaneVector a, PlaneVector b) => new(a.X + b.X, a.Y + b.Y);

    /// <summary>The difference of two vectors.</summary>
    public static PlaneVector operator -(PlaneVector a, PlaneVector b) => new(a.X - b.X, a.Y - b.Y);

    /// <summary>A vector scaled by a number.</summary>
    public static PlaneVector operator *(double s, PlaneVector a) => new(s * a.X, s * a.Y);

    /// <summary>The dot product.</summary>
    public double Dot(PlaneVector other) => X * other.X + Y * other.Y;

    /// <summary>The z-component of the cross product: zero when the vectors are parallel or anti-parallel.</summary>
    public double Cross(PlaneVector other) => X * other.Y - Y * other.X;

    /// <summary>The Euclidean norm.</summary>
    public double Norm => Math.Sqrt(Dot(this));

    /// <summary>True when both coordinates are finite.</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y);

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"({X:F3}, {Y:F3})");
}
