using System;
using System.Collections.Generic;
using Composable.Objectives;

namespace Composable.Examples.ObjectiveToy;

/// <summary>One method's run from one start.</summary>
/// <param name="Problem">The setting's name (<see cref="ToyProblem.Name"/>).</param>
/// <param name="Method">The method's name (<see cref="ToyMethod.Name"/>).</param>
/// <param name="Start">The initial θ.</param>
/// <param name="End">θ after the last step.</param>
/// <param name="F1">f1 at the end (scaled as the setting says).</param>
/// <param name="F2">f2 at the end.</param>
/// <param name="Residual">The Pareto-stationarity residual at the end (<see cref="ParetoStationarity.Residual"/>).</param>
/// <param name="Stationary">Whether the end is Pareto-stationary (<see cref="ReachCriterion.IsStationary"/>).</param>
/// <param name="OnParetoSet">Whether the end is on the Pareto set (<see cref="ReachCriterion.IsOnSet"/>).</param>
/// <param name="FirstReachedStep">The first step (0: the start) at which θ had reached the Pareto set (<see cref="ReachCriterion.HasReached"/>), if any.</param>
/// <param name="DistanceToParetoSet">The distance from the end to the computed Pareto set.</param>
/// <param name="Steps">Steps taken; fewer than asked only when θ or the update stopped being finite.</param>
/// <param name="Trajectory">θ every few steps, from the start to the end, for the plots.</param>
public sealed record ToyRunResult(
    string Problem, string Method, PlaneVector Start, PlaneVector End, double F1, double F2, double Residual, bool Stationary, bool OnParetoSet,
    int? FirstReachedStep, double DistanceToParetoSet, int Steps, IReadOnlyList<PlaneVector> Trajectory);

/// <summary>
/// The toy's loop, as the papers' code runs it: per step the two losses and gradients at θ, the combiner's β from the
/// Gram matrix K = G Gᵀ and the losses, the direction d = β₁∇f1 + β₂∇f2 handed to Adam as the gradient.
/// </summary>
public static class ToyRun
{
    /// <summary>Points kept per trajectory (besides the start and the end).</summary>
    public const int TrajectoryPoints = 100;

    /// <summary>Runs <paramref name="method"/> from <paramref name="start"/> for <paramref name="steps"/> Adam steps.</summary>
    /// <param name="problem">The setting (loss scale, learning rate).</param>
    /// <param name="method">The method.</param>
    /// <param name="start">The initial θ.</param>
    /// <param name="steps">Adam steps.</param>
    /// <param name="seed">Seed of the combiner's random draws.</param>
    /// <param name="criterion">When θ has reached the Pareto set.</param>
    public static ToyRunResult Run(ToyProblem problem, ToyMethod method, PlaneVector start, int steps, int seed, ReachCriterion criterion)
    {
        var combiner = method.Combiner(seed);
        var adam = DoubleAdam.At(start, problem.LearningRate);
        var every = Math.Max(1, steps / TrajectoryPoints);
        var trajectory = new List<PlaneVector>();
        int? firstReached = null;
        var taken = 0;
        for (; taken < steps; taken++)
        {
            var e = problem.Evaluate(adam.Theta);
            if (taken % every == 0) trajectory.Add(adam.Theta);
            if (firstReached is null && criterion.HasReached(adam.Theta, e)) firstReached = taken;
            var direction = Direction(combiner, e);
            if (!direction.IsFinite) break;
            var next = adam.Step(direction);
            if (!next.Theta.IsFinite) break;
            adam = next;
        }
        var end = problem.Evaluate(adam.Theta);
        if (firstReached is null && criterion.HasReached(adam.Theta, end)) firstReached = taken;
        trajectory.Add(adam.Theta);
        return new ToyRunResult(problem.Name, method.Name, start, adam.Theta, end.F1, end.F2, ParetoStationarity.Residual(end.Gradient1, end.Gradient2),
            criterion.IsStationary(end), criterion.IsOnSet(adam.Theta), firstReached, ParetoSet.Distance(adam.Theta, criterion.ParetoSet), taken, trajectory);
    }

    /// <summary>d = β₁∇f1 + β₂∇f2 with β from the combiner.</summary>
    private static PlaneVector Direction(IGradientCombiner combiner, ToyEvaluation e)
    {
        var gram = new double[2, 2];
        gram[0, 0] = e.Gradient1.Dot(e.Gradient1);
        gram[0, 1] = gram[1, 0] = e.Gradient1.Dot(e.Gradient2);
        gram[1, 1] = e.Gradient2.Dot(e.Gradient2);
        ReadOnlySpan<double> losses = [e.F1, e.F2];
        var beta = combiner.Coefficients(gram, losses);
        return beta[0] * e.Gradient1 + beta[1] * e.Gradient2;
    }
}
