using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Composable.CommandLine;

namespace MetaSinusoid;

/// <summary>The reproduction's command line: every option with its description and default, read into <see cref="ReproductionOptions"/>.</summary>
public static class SinusoidCommandLine
{
    private static readonly ReproductionOptions Full = ReproductionOptions.Full, QuickSizes = ReproductionOptions.Quick;

    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = $"Seconds: {QuickSizes.MetaIterations} meta-iterations, {QuickSizes.EvaluationTasks} held-out tasks, progress every {QuickSizes.ProgressEvery} unless given",
    };
    private static readonly Option<int> Iterations = RangeOptions.AtLeast("--iterations", 1, Full.MetaIterations, "Meta-updates per method (the paper: 70,000)");
    private static readonly Option<int> Tasks = RangeOptions.AtLeast("--tasks", 1, Full.EvaluationTasks, "Held-out meta-test tasks (the paper: 600)");
    private static readonly Option<string[]> Methods = RangeOptions.List("--methods", [.. Full.Methods], KnownMethod,
        $"Methods to run, comma-separated: {string.Join(", ", SinusoidReproduction.AllMethods)}");
    private static readonly Option<int[]> Shots = RangeOptions.List("--shots", [.. Full.Shots],
        text => RangeOptions.ListWhole(text, k => k >= 1, "a whole number >= 1"), "The K values, comma-separated");
    private static readonly Option<int> Seed = RangeOptions.Whole("--seed", Full.Seed, _ => true, "a whole number", "Seed of initialisation and task streams");
    private static readonly Option<string?> Out = RangeOptions.File("--out", "Write the results as JSON to this file");
    private static readonly Option<string?> Plot = RangeOptions.File("--plot", "Write PNG plots (one per K: NAME_k5.png, ...)");
    private static readonly Option<bool> Memory = new("--memory") { Description = "Also measure peak memory of second-order MAML against inner steps" };
    private static readonly Option<int> Progress = RangeOptions.AtLeast("--progress", 0, Full.ProgressEvery, "A progress line every this many meta-iterations (0: none)");
    private static readonly Option<string[]> From = new("--from")
    {
        Description = "Re-render the table (and --plot) of saved results instead of running",
        HelpName = "FILE.json",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>The command; <see cref="Parse"/> reads it.</summary>
    public static RootCommand Command { get; } = new("MAML sinusoid regression (Finn et al. 2017, §5.1) with Composable's meta-learners and baselines.")
    {
        Quick, Iterations, Tasks, Methods, Shots, Seed, Out, Plot, Memory, Progress, From,
    };

    /// <summary>Parses <paramref name="args"/>: the options to run with (or the saved files to re-render), or the exit code
    /// after writing the help to <paramref name="output"/> or the errors to <paramref name="error"/>.</summary>
    public static (ReproductionOptions? Options, IReadOnlyList<string> From, int ExitCode) Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var parse = Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, error) is { } exitCode) return (null, [], exitCode);
        var quick = parse.GetValue(Quick);
        int Size(Option<int> option, int quickValue) => quick && parse.IsDefault(option) ? quickValue : parse.GetValue(option);
        var baseline = quick ? QuickSizes : Full;
        var options = baseline with
        {
            MetaIterations = Size(Iterations, QuickSizes.MetaIterations),
            EvaluationTasks = Size(Tasks, QuickSizes.EvaluationTasks),
            Methods = parse.GetValue(Methods)!,
            Shots = parse.GetValue(Shots)!,
            Seed = parse.GetValue(Seed),
            Out = parse.GetValue(Out),
            Plot = parse.GetValue(Plot),
            Memory = parse.GetValue(Memory),
            ProgressEvery = Size(Progress, QuickSizes.ProgressEvery),
        };
        return (options, parse.GetValue(From) ?? [], CommandLineOutcome.Ok);
    }

    private static string KnownMethod(string name) => Array.IndexOf(SinusoidReproduction.AllMethods, name) >= 0
        ? name
        : throw new ArgumentException($"unknown method '{name}'; known: {string.Join(", ", SinusoidReproduction.AllMethods)}");
}
