using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Composable.CommandLine;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>The study's command line: every option with its description and default, read into <see cref="StudyOptions"/>.</summary>
public static class StudyCommandLine
{
    private static readonly StudyOptions Defaults = new();

    /// <summary>Seeds <c>--quick</c> uses unless given.</summary>
    public const int QuickSeeds = 2;

    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = $"{QuickSeeds} seeds, 20 steps on 128 training and 128 test examples per run unless given: well under a minute",
    };
    private static readonly Option<bool> SearchFlag = new("--search")
    {
        Description = "Instead of the study, search the regression family for negative transfer (hard sharing with equal weights against independent towers)",
    };
    private static readonly Option<bool> ConflictsFlag = new("--conflicts")
    {
        Description = "Instead of the study, train hard sharing with equal weights under a conflict monitor: task-gradient cosines and norm ratios over training",
    };
    private static readonly Option<string?> Out = RangeOptions.File("--out", "Write the JSON of all numbers to this file (and the plot beside it)");
    private static readonly Option<string?> Replot = RangeOptions.File("--replot", "Print the tables and write the plot of a study's JSON (written by --out) instead of training");
    private static readonly Option<string?> Plot = RangeOptions.File("--plot", "Write the PNG plot to this file (default: beside --out)");
    private static readonly Option<int> Seeds = RangeOptions.AtLeast("--seeds", 1, Defaults.Seeds, "Replicates per setting and method");
    private static readonly Option<int?> Steps = RangeOptions.OptionalAtLeast("--steps", 1, "Optimisation steps per run for every setting (default: each setting's own)");
    private static readonly Option<string[]> SettingNames = RangeOptions.List("--settings", [.. Defaults.Settings],
        text => Known(text, Settings.Names, "setting"), "Settings to run");
    private static readonly Option<string[]> MethodNames = RangeOptions.List("--methods", [.. Defaults.Methods],
        text => Known(text, Method.All.Select(m => m.Name).ToArray(), "method"), "Methods to run (the baseline always runs)");

    /// <summary>The command; <see cref="Read"/> turns its parse into options.</summary>
    public static RootCommand Command { get; } = new("Every multi-task objective of the catalogue with hard sharing, against independent towers, on synthetic task families.")
    {
        Quick, SearchFlag, ConflictsFlag, Replot, Out, Plot, Seeds, Steps, SettingNames, MethodNames,
    };

    /// <summary>The options of a parse without errors; <c>--quick</c> changes only the sizes not given explicitly.</summary>
    public static StudyOptions Read(ParseResult parse)
    {
        var quick = parse.GetValue(Quick);
        return new StudyOptions
        {
            Quick = quick,
            Search = parse.GetValue(SearchFlag),
            Conflicts = parse.GetValue(ConflictsFlag),
            Replot = parse.GetValue(Replot),
            Out = parse.GetValue(Out),
            Plot = parse.GetValue(Plot),
            Seeds = quick && parse.IsDefault(Seeds) ? QuickSeeds : parse.GetValue(Seeds),
            Steps = parse.GetValue(Steps),
            Settings = parse.GetValue(SettingNames)!,
            Methods = parse.GetValue(MethodNames)!,
        };
    }

    private static string Known(string text, IReadOnlyList<string> names, string what) =>
        names.Contains(text) ? text : throw new FormatException($"'{text}' is not a {what}; the {what}s are {string.Join(", ", names)}");
}
