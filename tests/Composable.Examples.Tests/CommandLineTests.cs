using System.IO;
using Composable.Testing;
using MultiTaskTour.Cli;
using Xunit;

namespace Composable.Examples.Tests;

/// <summary>Bad arguments stop the tour before it trains, with a message naming the argument.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--epochs", "--epochs", "0")]
    [InlineData("--epochs", "--epochs", "many")]
    [InlineData("--examples", "--examples", "1")]
    [InlineData("--test-examples", "--test-examples", "-3")]
    [InlineData("--relatedness", "--relatedness", "1.5")]
    [InlineData("--relatedness", "--relatedness", "NaN")]
    [InlineData("--noise", "--noise", "-0.1")]
    [InlineData("--batch-size", "--batch-size", "0")]
    [InlineData("--seed", "--seed", "1.5")]
    [InlineData("--threads", "--threads", "0")]
    [InlineData("--seed", "--seed")]
    [InlineData("--out", "--out", "--quick")]
    [InlineData("--threads", "--threads", "abc")]
    [InlineData("'--epoch'", "--epoch", "3")]
    public void Bad_argument_exits_with_2_naming_it_and_runs_nothing(string named, params string[] args)
    {
        var (exitCode, output, error) = Execute(args);

        Assert.Equal(TourCommand.UsageError, exitCode);
        CommandLineHelp.AssertErrorNames(error, named);
        Assert.Contains("--help", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void Out_into_a_missing_directory_fails_before_training_naming_the_directory_and_writes_nothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tour-missing-" + Path.GetRandomFileName());
        var file = Path.Combine(missing, "results.json");

        var (exitCode, output, error) = Execute(["--quick", "--out", file]);

        Assert.Equal(TourCommand.UsageError, exitCode);
        Assert.StartsWith($"error: --out: the directory '{missing}' does not exist", error);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void Out_naming_a_directory_is_rejected()
    {
        var directory = Directory.CreateTempSubdirectory("tour-out-").FullName;
        try
        {
            var (exitCode, _, error) = Execute(["--out", directory]);

            Assert.Equal(TourCommand.UsageError, exitCode);
            Assert.StartsWith($"error: --out: '{directory}' is a directory", error);
            Assert.Empty(Directory.GetFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Help_lists_every_option_with_its_default_and_succeeds()
    {
        var (exitCode, output, error) = Execute(["--help"]);

        Assert.Equal(TourCommand.Ok, exitCode);
        Assert.Equal("", error);
        CommandLineHelp.AssertLists(
            output,
            [
                ("--examples", "300"), ("--test-examples", "2000"), ("--relatedness", "0.8"), ("--noise", "0.1"), ("--epochs", "50"),
                ("--batch-size", "32"), ("--seed", "1"), ("--threads", "1"),
            ]);
        Assert.Contains("--out <FILE>", output);
        Assert.Contains("--quick", output);
    }

    [Fact]
    public void Quick_changes_only_the_sizes_not_given_and_defaults_are_the_documented_ones()
    {
        Assert.Equal(TourOptions.Quick with { Epochs = 3, Seed = 7 }, Read("--seed", "7", "--quick", "--epochs", "3"));
        Assert.Equal(TourOptions.Quick with { Examples = 500 }, Read("--examples", "500", "--quick"));
        Assert.Equal(new TourOptions(Examples: 300, TestExamples: 2000, Relatedness: 0.8, Epochs: 50, BatchSize: 32, Threads: 1), Read());
        Assert.Equal(0.25, Read("--relatedness", "0.25").Relatedness);
    }

    private static TourOptions Read(params string[] args) => TourCommandLine.Read(TourCommandLine.Command.Parse(args));

    private static (int ExitCode, string Output, string Error) Execute(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TourCommand.Execute(args, output, error, progress: null);
        return (exitCode, output.ToString(), error.ToString());
    }
}
