using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Composable.CommandLine;

namespace FewShotGlyphs;

/// <summary>What a command line asks for: a run with <see cref="Options"/> on <see cref="Threads"/> torch threads, or to
/// re-render the saved results <see cref="From"/>.</summary>
internal sealed record GlyphRun(GlyphOptions Options, int Threads, IReadOnlyList<string> From);

/// <summary>The benchmark's command line: every option with its description and default, read into <see cref="GlyphOptions"/>.</summary>
internal static class GlyphCommandLine
{
    private static readonly GlyphOptions Full = GlyphOptions.Full, QuickSizes = GlyphOptions.Quick;

    private static readonly Option<bool> Quick = new("--quick") { Description = "Seconds: the tested small setting for every size not given" };
    private static readonly Option<int> Characters = RangeOptions.AtLeast("--characters", 0, Full.Characters, "Characters used, an even subset (0: all 6,394)");
    private static readonly Option<int> Samples = RangeOptions.AtLeast("--samples", 1, Full.SamplesPerClass, "Renderings per character");
    private static readonly Option<int> Train = RangeOptions.AtLeast("--train", 1, Full.TrainEpisodes, "Optimiser steps of the metric and black-box learners");
    private static readonly Option<int> MetaSteps = RangeOptions.AtLeast("--meta-steps", 1, Full.MetaSteps, "Meta-updates of the gradient-based learners");
    private static readonly Option<int> Pretrain = RangeOptions.AtLeast("--pretrain", 1, Full.PretrainSteps, "Mini-batch steps of the fine-tuning baseline's pretraining");
    private static readonly Option<int> Test = RangeOptions.AtLeast("--test", 1, Full.TestEpisodes, "Meta-test episodes per method and setting");
    private static readonly Option<int> Channels = RangeOptions.AtLeast("--channels", 1, Full.Channels, "Channels of the conv backbone");
    private static readonly Option<int> TrainQueries = RangeOptions.AtLeast("--train-queries", 1, Full.TrainQueries, "Query examples per class in training episodes");
    private static readonly Option<int> TestQueries = RangeOptions.AtLeast("--test-queries", 1, Full.TestQueries, "Query examples per class in test episodes (at most 100 queries an episode)");
    private static readonly Option<int?> TestSteps = RangeOptions.OptionalAtLeast("--test-steps", 1, "Test-time steps of the gradient-based learners (default: the Conv rows Finn et al.'s, 3 at 5-way and 5 at 20-way; the others their inner steps)");
    private static readonly Option<Setting[]> Settings = RangeOptions.List("--settings", [.. Full.Settings], Setting.Parse, "N-way K-shot settings as WAYSxSHOTS, comma-separated");
    private static readonly Option<string[]> Methods = new("--methods")
    {
        Description = $"Methods to run, comma-separated (default: all): {string.Join(", ", GlyphMethods.All.Select(m => m.Name))}",
        CustomParser = result =>
        {
            try
            {
                return [.. GlyphMethods.ParseNames(result.Tokens.Count == 1 ? result.Tokens[0].Value : "")];
            }
            catch (ArgumentException e)
            {
                result.AddError($"--methods: {e.Message}");
                return [];
            }
        },
    };
    private static readonly Option<int> Threads = RangeOptions.AtLeast("--threads", 1, Math.Min(2, Environment.ProcessorCount), "Torch intra-op threads");
    private static readonly Option<string?> Out = RangeOptions.File("--out", "Write the results as JSON to this file");
    private static readonly Option<string?> Sheet = RangeOptions.File("--sheet", "Write a PNG contact sheet of renderings");
    private static readonly Option<string?> Episodes = RangeOptions.File("--episodes", "Write a PNG of a sample test episode with several methods' predictions");
    private static readonly Option<string?> Chart = RangeOptions.File("--chart", "Write the accuracy table as a PNG bar chart");
    private static readonly Option<string[]> From = new("--from")
    {
        Description = "Re-render the table (and --chart) of saved runs instead of running",
        HelpName = "FILE.json",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>The command; <see cref="Parse"/> reads it.</summary>
    public static RootCommand Command { get; } = new(
        "Few-shot kanji benchmark: metric, black-box and gradient-based meta-learners against a fine-tuning baseline and 1-NN on raw pixels.")
    {
        Quick, Characters, Samples, Train, MetaSteps, Pretrain, Test, Channels, TrainQueries, TestQueries, TestSteps, Settings, Methods,
        Threads, Out, Sheet, Episodes, Chart, From,
    };

    /// <summary>Parses <paramref name="args"/>: what to run, or the exit code after writing the help to <paramref name="output"/>
    /// or the errors to <paramref name="error"/>.</summary>
    public static (GlyphRun? Run, int ExitCode) Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var parse = Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, error) is { } exitCode) return (null, exitCode);
        var quick = parse.GetValue(Quick);
        T Size<T>(Option<T> option, T quickValue) => quick && parse.IsDefault(option) ? quickValue : parse.GetValue(option)!;
        var options = new GlyphOptions(
            Size(Characters, QuickSizes.Characters), Size(Samples, QuickSizes.SamplesPerClass), Size(Train, QuickSizes.TrainEpisodes),
            Size(MetaSteps, QuickSizes.MetaSteps), Size(Pretrain, QuickSizes.PretrainSteps), Size(Test, QuickSizes.TestEpisodes),
            Size(Channels, QuickSizes.Channels), Size(TrainQueries, QuickSizes.TrainQueries), Size(TestQueries, QuickSizes.TestQueries),
            Size(Settings, [.. QuickSizes.Settings]), parse.GetValue(Methods) ?? [],
            parse.GetValue(Out), parse.GetValue(Sheet), parse.GetValue(Episodes), parse.GetValue(Chart), parse.GetValue(TestSteps));
        return (new GlyphRun(options, parse.GetValue(Threads), parse.GetValue(From) ?? []), CommandLineOutcome.Ok);
    }
}
