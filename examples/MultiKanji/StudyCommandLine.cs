using System.CommandLine;
using Composable.CommandLine;

namespace Composable.Examples.MultiKanjiStudy;

/// <summary>The study's command line: every option with its description and default, read into <see cref="StudyOptions"/>.</summary>
public static class StudyCommandLine
{
    /// <summary>Where the JSON goes when <c>--out</c> is not given (relative to the working folder, the example's).</summary>
    public const string DefaultOut = "results/multikanji.json";

    /// <summary>Where the quick setting's JSON goes when <c>--out</c> is not given: never over the full study's.</summary>
    public const string QuickOut = "results/multikanji-quick.json";

    private static readonly StudyOptions Defaults = new();

    /// <summary>The sizes <c>--quick</c> uses unless given: a few seconds per model.</summary>
    private static readonly StudyOptions QuickSizes = new()
    {
        Quick = true, Seeds = 1, Steps = 20, BatchSize = 16, TrainImages = 500, TestImages = 200, TrainVariants = 5, TestVariants = 3,
    };

    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = $"{QuickSizes.Seeds} seed, {QuickSizes.Steps} steps of {QuickSizes.BatchSize}, {QuickSizes.TrainImages} training and {QuickSizes.TestImages} test images " +
                      $"({QuickSizes.TrainVariants} and {QuickSizes.TestVariants} renderings per character) unless given; JSON to {QuickOut} unless --out",
    };
    private static readonly Option<string?> Out = RangeOptions.File("--out", $"Write the JSON of all numbers to this file (and the plot beside it) [default: {DefaultOut}]");
    private static readonly Option<string?> Plot = RangeOptions.File("--plot", "Write the PNG plot to this file (default: beside --out)");
    private static readonly Option<int> Seeds = RangeOptions.AtLeast("--seeds", 1, Defaults.Seeds, "Seeds: each draws its own images and initial weights");
    private static readonly Option<int> Epochs = RangeOptions.AtLeast("--epochs", 1, Defaults.Epochs, "Passes over the training images per model (unless --steps)");
    private static readonly Option<int?> Steps = RangeOptions.OptionalAtLeast("--steps", 1, "Optimisation steps per model, instead of --epochs");
    private static readonly Option<int> BatchSize = RangeOptions.AtLeast("--batch", 1, Defaults.BatchSize, "Images per step, the same for every model");
    private static readonly Option<int> Train = RangeOptions.AtLeast("--train", 1, Defaults.TrainImages, "Training images");
    private static readonly Option<int> Test = RangeOptions.AtLeast("--test", 1, Defaults.TestImages, "Test images");
    private static readonly Option<int> TrainVariants = RangeOptions.AtLeast("--train-variants", 1, Defaults.TrainVariants, "Renderings per character in the training pool");
    private static readonly Option<int> TestVariants = RangeOptions.AtLeast("--test-variants", 1, Defaults.TestVariants, "Renderings per character in the test pool");
    private static readonly Option<int> Threads = RangeOptions.AtLeast("--threads", 1, Defaults.Threads, "Torch intra-op threads");

    /// <summary>The command; <see cref="Read"/> turns its parse into options.</summary>
    public static RootCommand Command { get; } = new("MultiKanji: independent conv networks against hard sharing, MMoE and cross-stitch on two overlapping kanji.")
    {
        Quick, Out, Plot, Seeds, Epochs, Steps, BatchSize, Train, Test, TrainVariants, TestVariants, Threads,
    };

    /// <summary>The options of a parse without errors; <c>--quick</c> changes only the sizes not given explicitly.</summary>
    public static StudyOptions Read(ParseResult parse)
    {
        var quick = parse.GetValue(Quick);
        int Size(Option<int> option, int quickValue) => quick && parse.IsDefault(option) ? quickValue : parse.GetValue(option);
        return new StudyOptions
        {
            Quick = quick,
            Out = parse.GetValue(Out) ?? (quick ? QuickOut : DefaultOut),
            Plot = parse.GetValue(Plot),
            Seeds = Size(Seeds, QuickSizes.Seeds),
            Epochs = parse.GetValue(Epochs),
            Steps = parse.GetValue(Steps) ?? (quick ? QuickSizes.Steps : null),
            BatchSize = Size(BatchSize, QuickSizes.BatchSize),
            TrainImages = Size(Train, QuickSizes.TrainImages),
            TestImages = Size(Test, QuickSizes.TestImages),
            TrainVariants = Size(TrainVariants, QuickSizes.TrainVariants),
            TestVariants = Size(TestVariants, QuickSizes.TestVariants),
            Threads = parse.GetValue(Threads),
        };
    }
}
