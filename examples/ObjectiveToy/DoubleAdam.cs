using System;

namespace Composable.Examples.ObjectiveToy;

/// <summary>
/// Adam (Kingma and Ba 2015) for the toy's two parameters, in doubles: the update of the library's Adam
/// (<c>Composable.Training.FlatAdam</c>, TorchSharp's order of operations, no weight decay) written out for ℝ².
/// Immutable: <see cref="Step"/> returns the next state.
/// </summary>
/// <param name="Theta">The parameters.</param>
/// <param name="FirstMoment">m, the moving average of the update directions.</param>
/// <param name="SecondMoment">v, the moving average of their squares, per coordinate.</param>
/// <param name="Steps">Steps taken (bias correction).</param>
/// <param name="LearningRate">The learning rate (both papers: 0.001).</param>
public readonly record struct DoubleAdam(PlaneVector Theta, PlaneVector FirstMoment, PlaneVector SecondMoment, int Steps, double LearningRate)
{
    /// <summary>β₁, PyTorch's default as in both papers.</summary>
    public const double Beta1 = 0.9;

    /// <summary>β₂, PyTorch's default.</summary>
    public const double Beta2 = 0.999;

    /// <summary>ε, PyTorch's default.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>A fresh optimiser at <paramref name="start"/>.</summary>
    public static DoubleAdam At(PlaneVector start, double learningRate) => new(start, default, default, 0, learningRate);

    /// <summary>One step against <paramref name="direction"/> (the "gradient" handed to the optimiser).</summary>
    public DoubleAdam Step(PlaneVector direction)
    {
        var steps = Steps + 1;
        var m = Beta1 * FirstMoment + (1 - Beta1) * direction;
        var v = new PlaneVector(
            Beta2 * SecondMoment.X + (1 - Beta2) * direction.X * direction.X,
            Beta2 * SecondMoment.Y + (1 - Beta2) * direction.Y * direction.Y);
        var correction2 = Math.Sqrt(1 - Math.Pow(Beta2, steps));
        var stepSize = LearningRate / (1 - Math.Pow(Beta1, steps));
        var theta = new PlaneVector(
            Theta.X - stepSize * m.X / (Math.Sqrt(v.X) / correction2 + Epsilon),
            Theta.Y - stepSize * m.Y / (Math.Sqrt(v.Y) / correction2 + Epsilon));
        return this with { Theta = theta, FirstMoment = m, SecondMoment = v, Steps = steps };
    }
}
