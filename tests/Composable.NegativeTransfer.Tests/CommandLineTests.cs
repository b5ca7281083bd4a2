using System.IO;
using Composable.Examples.NegativeTransfer;
using Composable.Testing;
using Xunit;

namespace Composable.NegativeTransfer.Tests;

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
                ("--seeds", "3"), ("--steps", "3000"), ("--correlations", "0.5|0.9|1"), ("--d", "100"), ("--c", "0.3"), ("--m", "5"),
                ("--train", "10000"), ("--test", "2000"), ("--lr", "0.001"),
            ]);
        Assert.Contains("--quick", output.ToString());
        Assert.Contains("--out <FILE>", output.ToString());
        Assert.Contains("--plot <FILE>", output.ToString());
    }

    [Theory]
    [InlineData("--steps", "--steps", "-3")]
    [InlineData("--seeds", "--seeds", "abc")]
    [InlineData("--lr", "--lr", "0")]
    [InlineData("--correlations", "--correlations", "0.5,x")]
    [InlineData("--out", "--out", "--quick")]
    [InlineData("'--bogus'", "--bogus")]
    public void Bad_value_exits_with_2_naming_the_option_and_runs_nothing(string named, params string[] args)
        => CommandLineHelp.AssertRejects(Cli.Run, named, args);

    [Fact]
    public void Quick_changes_only_the_sizes_not_given()
    {
        var options = StudyCommandLine.Read(StudyCommandLine.Command.Parse(["--steps", "50", "--quick"]));

        Assert.Equal((true, 2, 50, 2_000, 1_000), (options.Quick, options.Seeds, options.Steps, options.TrainExamples, options.TestExamples));
        Assert.Equal(new StudyOptions().Correlations, StudyCommandLine.Read(StudyCommandLine.Command.Parse([])).Correlations);
    }
}
