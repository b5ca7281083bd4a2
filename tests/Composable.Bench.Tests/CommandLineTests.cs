using System.IO;
using Composable.Testing;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>The bench's command line: help lists every option with its default; a bad value stops it, naming the option.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var output = new StringWriter();

        Assert.Equal((null, 0), BenchCommandLine.Parse(["--help"], output, TextWriter.Null));

        CommandLineHelp.AssertLists(
            output.ToString(),
            [
                ("--threads", "2"), ("--steps", "400"), ("--rounds", "15"), ("--warmup", "200"), ("--python", "/usr/bin/python3"),
                ("--model", "hard-sharing"), ("--order", "both"), ("--meta-batch", "32"),
                ("--soak-steps", "10000"), ("--soak-cycles", "1000"), ("--widths", "64|128|256|512|1024|2048"), ("--batch-sizes", "32|128|256|1024"),
            ],
            "--quick", "--out <FILE>", "--no-pytorch", "--dotnet-loop", "--default-heap", "--onednn", "--phases", "--soak", "--sweep");
    }

    [Theory]
    [InlineData("--threads", "--threads", "abc")]
    [InlineData("--rounds", "--rounds", "-3")]
    [InlineData("--warmup", "--warmup", "-1")]
    [InlineData("--model", "--model", "resnet")]
    [InlineData("--order", "--order", "third")]
    [InlineData("--widths", "--sweep", "--widths", "100")]
    [InlineData("--batch-sizes", "--sweep", "--batch-sizes", "0")]
    [InlineData("'--bogus'", "--bogus")]
    [InlineData("--bound", "--bound")]
    [InlineData("--bound", "--bound", "--model", "maml")]
    public void Bad_value_exits_with_2_naming_the_option(string named, params string[] args)
    {
        var errors = new StringWriter();

        Assert.Equal((null, 2), BenchCommandLine.Parse(args, TextWriter.Null, errors));

        CommandLineHelp.AssertErrorNames(errors.ToString(), named);
    }

    [Fact]
    public void Quick_changes_only_the_counts_not_given()
    {
        var (options, _) = BenchCommandLine.Parse(["--rounds", "5", "--quick"], TextWriter.Null, TextWriter.Null);

        Assert.Equal(BenchOptions.Quick with { Rounds = 5 }, options);
    }

    [Fact]
    public void Soak_runs_every_family_unless_a_model_is_named()
    {
        Assert.Null(BenchCommandLine.Parse(["--soak"], TextWriter.Null, TextWriter.Null).Options!.SoakOnly);
        Assert.Equal("maml", BenchCommandLine.Parse(["--soak", "--model", "maml"], TextWriter.Null, TextWriter.Null).Options!.SoakOnly);
    }

    [Fact]
    public void Sweep_measures_the_whole_grid_unless_widths_or_batch_sizes_are_given()
    {
        var all = BenchCommandLine.Parse(["--sweep"], TextWriter.Null, TextWriter.Null).Options!;
        var one = BenchCommandLine.Parse(["--sweep", "--widths", "512", "--batch-sizes", "256,1024"], TextWriter.Null, TextWriter.Null).Options!;

        Assert.Equal((null, null), (all.SweepWidths, all.SweepBatchSizes));
        Assert.Equal(new[] { 512 }, one.SweepWidths);
        Assert.Equal(new[] { 256, 1024 }, one.SweepBatchSizes);
    }
}
