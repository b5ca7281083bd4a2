using System;
using System.CommandLine;
using System.Linq;
using Composable.CommandLine;

namespace Composable.Examples.KanjiTransfer;

/// <summary>The study's command line: every option with its description and default, read into <see cref="TransferOptions"/>.</summary>
public static class TransferCommandLine
{
    private static readonly TransferOptions Full = TransferOptions.Full, QuickSizes = TransferOptions.Quick;

    /// <summary>Most labelled images per target character a cell may ask for.</summary>
    public const int MaxShots = 100;

    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = $"The tested small setting for every size not given ({QuickSizes.Draws} draws, k = {string.Join(",", QuickSizes.Shots)}, {QuickSizes.PretrainSteps} pretraining and {QuickSizes.FineTuneSteps} fine-tuning steps): well under a minute",
    };
    private static readonly Option<int> Draws = RangeOptions.AtLeast("--draws", 1, Full.Draws, "Random draws per cell (target characters, support images, initial weights); the multi-task view's seeds");
    private static readonly Option<int> Seed = RangeOptions.AtLeast("--seed", 0, Full.Seed, "Seed of the draws, the pretraining and every initialisation (the character split is fixed)");
    private static readonly Option<int[]> Shots = RangeOptions.List("--shots", [.. Full.Shots],
        text => RangeOptions.ListWhole(text, k => k >= 1 && k <= MaxShots, $"a whole number from 1 to {MaxShots}"), "k, labelled images per target character, comma-separated");
    private static readonly Option<int> Renders = RangeOptions.AtLeast("--renders", 1, Full.SourceRenders, "Renderings per source character in pretraining");
    private static readonly Option<int> PretrainSteps = RangeOptions.AtLeast("--pretrain-steps", 1, Full.PretrainSteps, $"Pretraining steps (batches of {TransferOptions.PretrainBatch})");
    private static readonly Option<int> Steps = RangeOptions.AtLeast("--steps", 1, Full.FineTuneSteps, $"Steps of every trained method in every cell (batches of up to {TransferOptions.FineTuneBatch})");
    private static readonly Option<int> TestRenders = RangeOptions.AtLeast("--test-renders", 1, Full.TestRenders, "Held-out renderings per target character a cell is scored on");
    private static readonly Option<int[]> Few = RangeOptions.List("--few", [.. Full.FewExamples],
        text => RangeOptions.ListWhole(text, n => n >= 4 && n <= 1000, "a whole number from 4 to 1000"), "Training rows of the fourth task in the multi-task view, comma-separated");
    private static readonly Option<int> Threads = RangeOptions.AtLeast("--threads", 1, Math.Min(2, Environment.ProcessorCount), "Torch intra-op threads");
    private static readonly Option<string?> Replot = RangeOptions.File("--replot", "Print the tables of a run's JSON and write its chart beside it instead of running");
    private static readonly Option<string> Out = Folder("--out", "results", "Folder of the results JSON, the PNG chart and the pretrained checkpoint's cache (cache/)");

    /// <summary>The command; <see cref="Read"/> turns its parse into options.</summary>
    public static RootCommand Command { get; } = new(
        "Kanji transfer study: a conv classifier pretrained on source characters, adapted to unseen target characters with k labelled images each " +
        "(scratch, linear probe, full, discriminative, gradual unfreezing, prototypes), and a multi-task trunk fine-tuned to a fourth related task.")
    {
        Quick, Draws, Seed, Shots, Renders, PretrainSteps, Steps, TestRenders, Few, Threads, Out, Replot,
    };

    /// <summary>The JSON file to re-render instead of running, if any.</summary>
    public static string? ReplotOf(ParseResult parse) => parse.GetValue(Replot);

    /// <summary>The options of a parse without errors; <c>--quick</c> changes only the sizes not given explicitly.</summary>
    public static TransferOptions Read(ParseResult parse)
    {
        var quick = parse.GetValue(Quick);
        T Size<T>(Option<T> option, T quickValue) => quick && parse.IsDefault(option) ? quickValue : parse.GetValue(option)!;
        return new TransferOptions(
            Draws: Size(Draws, QuickSizes.Draws),
            Seed: parse.GetValue(Seed),
            Shots: Size(Shots, [.. QuickSizes.Shots]).Distinct().Order().ToArray(),
            SourceRenders: Size(Renders, QuickSizes.SourceRenders),
            PretrainSteps: Size(PretrainSteps, QuickSizes.PretrainSteps),
            FineTuneSteps: Size(Steps, QuickSizes.FineTuneSteps),
            TestRenders: Size(TestRenders, QuickSizes.TestRenders),
            TargetPool: quick ? QuickSizes.TargetPool : Full.TargetPool,
            SourceExamples: quick ? QuickSizes.SourceExamples : Full.SourceExamples,
            SourceSteps: quick ? QuickSizes.SourceSteps : Full.SourceSteps,
            FewExamples: Size(Few, [.. QuickSizes.FewExamples]).Distinct().Order().ToArray(),
            TargetSteps: quick ? QuickSizes.TargetSteps : Full.TargetSteps,
            Threads: parse.GetValue(Threads),
            Out: parse.GetValue(Out));
    }

    /// <summary>A folder name with a default; a following option (<c>--out --quick</c>) is not taken for one.</summary>
    private static Option<string> Folder(string name, string defaultValue, string description)
    {
        var option = new Option<string>(name) { Description = description, HelpName = "FOLDER", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }] && (text.Length == 0 || text.StartsWith('-')))
                result.AddError($"{name} needs a folder name, got '{text}'");
        });
        return option;
    }
}
