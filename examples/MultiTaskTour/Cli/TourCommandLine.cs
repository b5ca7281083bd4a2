using System.CommandLine;
using Composable.CommandLine;

namespace MultiTaskTour.Cli;

/// <summary>The tour's command line: every option with its description and default, read into <see cref="TourOptions"/>.</summary>
internal static class TourCommandLine
{
    private static readonly TourOptions Defaults = new();

    private static readonly Option<int> Examples = RangeOptions.AtLeast("--examples", 2, Defaults.Examples, "Training examples");
    private static readonly Option<int> TestExamples = RangeOptions.AtLeast("--test-examples", 1, Defaults.TestExamples, "Held-out examples the table is computed on");
    private static readonly Option<double> Relatedness = RangeOptions.Number("--relatedness", Defaults.Relatedness, r => r is >= 0 and <= 1, "a number from 0 to 1", "How related the tasks are, 0 to 1");
    private static readonly Option<double> Noise = RangeOptions.Number("--noise", Defaults.Noise, s => s >= 0 && double.IsFinite(s), "a finite number >= 0", "Target noise, >= 0");
    private static readonly Option<int> Epochs = RangeOptions.AtLeast("--epochs", 1, Defaults.Epochs, "Epochs per topology");
    private static readonly Option<int> BatchSize = RangeOptions.AtLeast("--batch-size", 1, Defaults.BatchSize, "Rows per step");
    private static readonly Option<int> Seed = RangeOptions.Whole("--seed", Defaults.Seed, _ => true, "a whole number", "Seed of data, split, weights and batch order");
    private static readonly Option<int> Threads = RangeOptions.AtLeast("--threads", 1, Defaults.Threads, "Torch intra-op threads (1 is fastest for models this small)");
    private static readonly Option<string?> Out = RangeOptions.File("--out", "Also write the results as JSON to this file");
    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = $"A few seconds in all: {TourOptions.Quick.Examples} examples, {TourOptions.Quick.TestExamples} test, {TourOptions.Quick.Epochs} epochs unless given",
    };

    /// <summary>The command; <see cref="Read"/> turns its parse into options.</summary>
    public static RootCommand Command { get; } = new(
        "Trains one three-task model (Demand regression, Churn binary, Segment 4-class) in every sharing topology on the same " +
        "synthetic data and budget, and compares each with the independent baseline.")
    {
        Examples, TestExamples, Relatedness, Noise, Epochs, BatchSize, Seed, Threads, Out, Quick,
    };

    /// <summary>The options of a parse without errors; <c>--quick</c> changes only the sizes not given explicitly.</summary>
    public static TourOptions Read(ParseResult parse)
    {
        var quick = parse.GetValue(Quick);
        int Size(Option<int> option, int quickValue) => quick && parse.IsDefault(option) ? quickValue : parse.GetValue(option);
        return new TourOptions(
            Examples: Size(Examples, TourOptions.Quick.Examples),
            TestExamples: Size(TestExamples, TourOptions.Quick.TestExamples),
            Relatedness: parse.GetValue(Relatedness),
            Noise: parse.GetValue(Noise),
            Epochs: Size(Epochs, TourOptions.Quick.Epochs),
            BatchSize: parse.GetValue(BatchSize),
            Seed: parse.GetValue(Seed),
            Threads: parse.GetValue(Threads),
            OutputFile: parse.GetValue(Out));
    }
}
