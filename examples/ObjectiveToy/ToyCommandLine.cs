using System;
using System.CommandLine;
using System.Linq;
using Composable.CommandLine;

namespace Composable.Examples.ObjectiveToy;

/// <summary>The toy's command line: every option with its description and default, read into <see cref="ToyOptions"/>.</summary>
public static class ToyCommandLine
{
    /// <summary>Steps per run of <c>--quick</c> unless <c>--steps</c> is given: a few seconds for every run.</summary>
    public const int QuickSteps = 12_000;

    private static readonly ToyOptions Defaults = new();

    private static readonly Option<bool> Quick = new("--quick") { Description = $"{QuickSteps:N0} steps per run unless --steps is given: a few seconds" };
    private static readonly Option<string?> Out = RangeOptions.File("--out", "Write the JSON of every run to this file, and one PNG per setting beside it (FILE-cagrad.png, ...)");
    private static readonly Option<int?> Steps = RangeOptions.OptionalAtLeast("--steps", 1, "Adam steps per run (default: each paper's own, CAGrad 100,000 and Nash-MTL 35,000)");
    private static readonly Option<string[]> Problems = RangeOptions.List("--problems", [.. Defaults.Problems], Known(ToyProblem.All.Select(p => p.Name).ToArray(), "setting"),
        "The papers' settings, comma-separated: cagrad (Liu et al. 2021), nashmtl (Navon et al. 2022)");
    private static readonly Option<string[]> Methods = RangeOptions.List("--methods", [.. Defaults.Methods], Known([.. ToyMethod.Names], "method"),
        $"Methods to run, comma-separated: {string.Join(", ", ToyMethod.Names)}");
    private static readonly Option<double> Tolerance = RangeOptions.Number("--tolerance", Defaults.Tolerance, t => t > 0 && double.IsFinite(t), "a finite number > 0",
        "Pareto-stationary when the min-norm point of {∇f1, ∇f2} is shorter than this");
    private static readonly Option<double> Distance = RangeOptions.Number("--distance", Defaults.Distance, d => d > 0 && double.IsFinite(d), "a finite number > 0",
        "An end point this close to the computed Pareto set is on it");
    private static readonly Option<int> Seed = RangeOptions.Whole("--seed", Defaults.Seed, _ => true, "a whole number", "Seed of the combiners' random draws (PCGrad's order)");

    /// <summary>The command; <see cref="Read"/> turns its parse into options.</summary>
    public static RootCommand Command { get; } = new("The two-objective toy of CAGrad and Nash-MTL, every gradient method through the library's combiners.")
    {
        Quick, Out, Steps, Problems, Methods, Tolerance, Distance, Seed,
    };

    /// <summary>The options of a parse without errors; <c>--quick</c> changes the steps only when not given.</summary>
    public static ToyOptions Read(ParseResult parse)
    {
        var quick = parse.GetValue(Quick);
        return new ToyOptions
        {
            Quick = quick,
            Out = parse.GetValue(Out),
            Steps = parse.GetValue(Steps) ?? (quick ? QuickSteps : null),
            Problems = parse.GetValue(Problems)!,
            Methods = parse.GetValue(Methods)!,
            Tolerance = parse.GetValue(Tolerance),
            Distance = parse.GetValue(Distance),
            Seed = parse.GetValue(Seed),
        };
    }

    private static Func<string, string> Known(string[] names, string what) => name => Array.IndexOf(names, name) >= 0
        ? name
        : throw new ArgumentException($"unknown {what} '{name}'; known: {string.Join(", ", names)}");
}
