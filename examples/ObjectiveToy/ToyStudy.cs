using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Composable.Examples.ObjectiveToy;

/// <summary>Every run of a study, the Pareto set they are judged against, and what the study cost.</summary>
/// <param name="Options">The settings it ran with.</param>
/// <param name="ParetoSet">The computed Pareto set (<see cref="ObjectiveToy.ParetoSet"/>).</param>
/// <param name="Runs">One per setting × method × start, in that order.</param>
/// <param name="Seconds">Wall-clock time of the runs.</param>
public sealed record ToyStudyResult(ToyOptions Options, IReadOnlyList<PlaneVector> ParetoSet, IReadOnlyList<ToyRunResult> Runs, double Seconds);

/// <summary>Runs every chosen method from every start of every chosen setting.</summary>
public static class ToyStudy
{
    /// <summary>The runs of <paramref name="options"/>; one progress line per setting and method on <paramref name="progress"/>.</summary>
    public static ToyStudyResult Run(ToyOptions options, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        var paretoSet = ObjectiveToy.ParetoSet.Compute();
        var criterion = new ReachCriterion(options.Tolerance, options.Distance, paretoSet);
        var runs = new List<ToyRunResult>();
        foreach (var problem in options.Problems.Select(Problem))
            foreach (var method in options.Methods.Select(Method))
            {
                var steps = options.StepsFor(problem);
                var results = problem.Starts
                    .Select((start, i) => ToyRun.Run(problem, method, start, steps, options.Seed + i, criterion))
                    .ToArray();
                runs.AddRange(results);
                progress.WriteLine(FormattableString.Invariant(
                    $"{problem.Name,-8} {method.Name,-12} {results.Count(r => r.Stationary && r.OnParetoSet)}/{results.Length} starts on the Pareto set after {steps:N0} steps ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        return new ToyStudyResult(options, paretoSet, runs, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The setting named <paramref name="name"/>.</summary>
    public static ToyProblem Problem(string name) => ToyProblem.All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"unknown setting '{name}'; known: {string.Join(", ", ToyProblem.All.Select(p => p.Name))}", nameof(name));

    /// <summary>The method named <paramref name="name"/>.</summary>
    public static ToyMethod Method(string name) => ToyMethod.All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"unknown method '{name}'; known: {string.Join(", ", ToyMethod.Names)}", nameof(name));
}
