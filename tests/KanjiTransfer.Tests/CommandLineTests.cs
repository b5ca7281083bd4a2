using System.IO;
using Composable.Data.Glyphs;
using Composable.Examples.KanjiTransfer;
using Composable.Testing;
using Xunit;

namespace KanjiTransfer.Tests;

/// <summary>The study's command line: help lists every option with its default; a bad value stops it, naming the option.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var output = new StringWriter();

        Assert.Equal(0, Cli.Run(["--help"], output, TextWriter.Null));

        CommandLineHelp.AssertLists(output.ToString(),
            [("--draws", "5"), ("--seed", "0"), ("--shots", "1|5|10|20"), ("--steps", "100"), ("--pretrain-steps", "1500"), ("--out", "results")],
            "--quick", "--renders", "--test-renders", "--few", "--threads", "--replot <FILE>");
    }

    [Theory]
    [InlineData("--draws", "--draws", "0")]
    [InlineData("--seed", "--seed", "-1")]
    [InlineData("--seed", "--seed", "abc")]
    [InlineData("--shots", "--shots", "1,0")]
    [InlineData("--shots", "--shots", "1,five")]
    [InlineData("--steps", "--steps", "0")]
    [InlineData("--pretrain-steps", "--pretrain-steps", "-5")]
    [InlineData("--renders", "--renders", "0")]
    [InlineData("--test-renders", "--test-renders", "x")]
    [InlineData("--few", "--few", "2")]
    [InlineData("--out", "--out", "--quick")]
    [InlineData("--replot", "--replot", "--quick")]
    [InlineData("'--bogus'", "--bogus")]
    public void Bad_value_exits_with_2_naming_the_option_and_runs_nothing(string named, params string[] args)
        => CommandLineHelp.AssertRejects((a, o, e) => Cli.Run(a, o, e), named, args);

    [Fact]
    public void Quick_changes_only_the_sizes_not_given()
    {
        var quick = TransferCommandLine.Read(TransferCommandLine.Command.Parse(["--quick", "--draws", "3", "--shots", "10,1"]));
        var full = TransferCommandLine.Read(TransferCommandLine.Command.Parse([]));

        Assert.Equal((3, TransferOptions.Quick.PretrainSteps, TransferOptions.Quick.FineTuneSteps), (quick.Draws, quick.PretrainSteps, quick.FineTuneSteps));
        Assert.Equal([1, 10], quick.Shots);
        Assert.Equal((TransferOptions.Full.Draws, TransferOptions.Full.PretrainSteps, "results"), (full.Draws, full.PretrainSteps, full.Out));
        Assert.Equal(TransferOptions.Full.Shots, full.Shots);
    }

    [Fact]
    public void Missing_kanji_data_exits_with_3_naming_the_debian_package()
    {
        var errors = new StringWriter();

        var exitCode = Cli.Run(["--quick"], TextWriter.Null, errors, kanjiPath: "/nonexistent/kanjidraw/data.json");

        Assert.Equal(Cli.MissingData, exitCode);
        Assert.StartsWith("error: ", errors.ToString());
        Assert.Contains(KanjiData.Package, errors.ToString());
        Assert.Contains("apt-get install", errors.ToString());
    }
}
