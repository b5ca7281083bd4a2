using System.IO;
using Composable.Testing;
using Xunit;

namespace Composable.Examples.MultiKanjiStudy.Tests;

/// <summary>The study's command line: help lists every option with its default; a bad value stops it, naming the option.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var output = new StringWriter();

        Assert.Equal(0, Cli.Run(["--help"], output, TextWriter.Null));

        CommandLineHelp.AssertLists(
            output.ToString(),
            [
                ("--seeds", "3"), ("--epochs", "1"), ("--batch", "64"), ("--train", "50000"), ("--test", "10000"),
                ("--train-variants", "200"), ("--test-variants", "50"), ("--threads", "1"),
            ],
            "--quick", "--steps <", "--out <FILE>", "--plot <FILE>", StudyCommandLine.DefaultOut);
    }

    [Theory]
    [InlineData("--steps", "--steps", "0")]
    [InlineData("--seeds", "--seeds", "abc")]
    [InlineData("--batch", "--batch", "-1")]
    [InlineData("--epochs", "--epochs", "1.5")]
    [InlineData("--out", "--out", "--quick")]
    [InlineData("'--bogus'", "--bogus")]
    public void Bad_value_exits_with_2_naming_the_option_and_runs_nothing(string named, params string[] args)
        => CommandLineHelp.AssertRejects(Cli.Run, named, args);

    [Fact]
    public void Quick_changes_only_the_sizes_not_given_and_writes_beside_the_full_results()
    {
        var quick = StudyCommandLine.Read(StudyCommandLine.Command.Parse(["--train", "700", "--quick"]));
        var full = StudyCommandLine.Read(StudyCommandLine.Command.Parse([]));

        Assert.Equal((true, 1, 20, 16, 700, 200), (quick.Quick, quick.Seeds, quick.Steps, quick.BatchSize, quick.TrainImages, quick.TestImages));
        Assert.Equal(StudyCommandLine.QuickOut, quick.Out);
        Assert.Equal((false, 3, (int?)null, 64, 50_000, StudyCommandLine.DefaultOut), (full.Quick, full.Seeds, full.Steps, full.BatchSize, full.TrainImages, full.Out));
    }

    [Fact]
    public void Steps_replace_epochs_in_the_budget_and_every_model_gets_the_same_one()
    {
        var byEpochs = StudyCommandLine.Read(StudyCommandLine.Command.Parse(["--epochs", "2", "--batch", "100", "--train", "1050"]));
        var bySteps = StudyCommandLine.Read(StudyCommandLine.Command.Parse(["--epochs", "2", "--steps", "7"]));

        Assert.Equal((2, (long?)null, 100, 5), (byEpochs.Fit(5).Epochs, byEpochs.Fit(5).Steps, byEpochs.Fit(5).BatchSize, byEpochs.Fit(5).Seed));
        Assert.Equal(11, Study.StepsPerEpoch(byEpochs));
        Assert.Equal(((int?)null, (long?)7), (bySteps.Fit(1).Epochs, bySteps.Fit(1).Steps));
    }
}
