using System.CommandLine;
using Composable.CommandLine;

namespace Composable.Examples.NegativeTransfer;

/// <summary>The study's command line: every option with its description and default, read into <see cref="StudyOptions"/>.</summary>
public static class StudyCommandLine
{
    private static readonly StudyOptions Defaults = new();

    /// <summary>The sizes <c>--quick</c> uses unless given: about a minute or less.</summary>
    private static readonly StudyOptions QuickSizes = new() { Quick = true, Seeds = 2, Steps = 300, TrainExamples = 2_000, TestExamples = 1_000 };

    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = $"{QuickSizes.Seeds} seeds, {QuickSizes.Steps} steps, {QuickSizes.TrainExamples} training and {QuickSizes.TestExamples} test examples unless given: about a minute or less",
    };
    private static readonly Option<string?> Out = RangeOptions.File("--out", "Write the JSON of all numbers to this file (and the plot beside it)");
    private static readonly Option<string?> Plot = RangeOptions.File("--plot", "Write the PNG plot to this file (default: beside --out)");
    private static readonly Option<int> Seeds = RangeOptions.AtLeast("--seeds", 1, Defaults.Seeds, "Replicates per correlation");
    private static readonly Option<int> Steps = RangeOptions.AtLeast("--steps", 1, Defaults.Steps, "Optimisation steps per run");
    private static readonly Option<double[]> Correlations = RangeOptions.List("--correlations", [.. Defaults.Correlations],
        text => RangeOptions.ListNumber(text, p => p is >= -1 and <= 1, "a number from -1 to 1"), "Task correlations p to compare");
    private static readonly Option<int> Dimension = RangeOptions.AtLeast("--d", 1, Defaults.Dimension, "d, the input width");
    private static readonly Option<double> Scale = RangeOptions.Number("--c", Defaults.Scale, c => c > 0 && double.IsFinite(c), "a finite number > 0", "c, the norm of the task weight vectors");
    private static readonly Option<int> Sinusoids = RangeOptions.AtLeast("--m", 1, Defaults.Sinusoids, "m, the number of shared sinusoids");
    private static readonly Option<int> Train = RangeOptions.AtLeast("--train", 1, Defaults.TrainExamples, "Training examples per run");
    private static readonly Option<int> Test = RangeOptions.AtLeast("--test", 1, Defaults.TestExamples, "Test examples per run");
    private static readonly Option<double> LearningRate = RangeOptions.Number("--lr", Defaults.LearningRate, r => r > 0 && double.IsFinite(r), "a finite number > 0", "Adam learning rate, the same for every topology");

    /// <summary>The command; <see cref="Read"/> turns its parse into options.</summary>
    public static RootCommand Command { get; } = new("Negative transfer: hard sharing against separate models as the tasks' correlation falls.")
    {
        Quick, Out, Plot, Seeds, Steps, Correlations, Dimension, Scale, Sinusoids, Train, Test, LearningRate,
    };

    /// <summary>The options of a parse without errors; <c>--quick</c> changes only the sizes not given explicitly.</summary>
    public static StudyOptions Read(ParseResult parse)
    {
        var quick = parse.GetValue(Quick);
        int Size(Option<int> option, int quickValue) => quick && parse.IsDefault(option) ? quickValue : parse.GetValue(option);
        return new StudyOptions
        {
            Quick = quick,
            Out = parse.GetValue(Out),
            Plot = parse.GetValue(Plot),
            Seeds = Size(Seeds, QuickSizes.Seeds),
            Steps = Size(Steps, QuickSizes.Steps),
            Correlations = parse.GetValue(Correlations)!,
            Dimension = parse.GetValue(Dimension),
            Scale = parse.GetValue(Scale),
            Sinusoids = parse.GetValue(Sinusoids),
            TrainExamples = Size(Train, QuickSizes.TrainExamples),
            TestExamples = Size(Test, QuickSizes.TestExamples),
            LearningRate = parse.GetValue(LearningRate),
        };
    }
}
