using System.IO;
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

        foreach (var (option, defaultValue) in new[]
                 {
                     ("--threads", "2"), ("--steps", "400"), ("--rounds", "15"), ("--warmup", "200"), ("--python", "/usr/bin/python3"),
                     ("--model", "hard-sharing"), ("--order", "both"),
                 })
            Assert.Matches($@"(?m)^\s+{option} <[^>]+>\s+.*\[default: {defaultValue}\]\s*$", output.ToString());
        foreach (var flag in new[] { "--quick", "--out <FILE>", "--no-pytorch", "--dotnet-loop", "--default-heap", "--phases" })
            Assert.Contains(flag, output.ToString());
    }

    [Theory]
    [InlineData("--threads", "--threads", "abc")]
    [InlineData("--rounds", "--rounds", "-3")]
    [InlineData("--warmup", "--warmup", "-1")]
    [InlineData("--model", "--model", "resnet")]
    [InlineData("--order", "--order", "third")]
    [InlineData("'--bogus'", "--bogus")]
    public void Bad_value_exits_with_2_naming_the_option(string named, params string[] args)
    {
        var errors = new StringWriter();

        Assert.Equal((null, 2), BenchCommandLine.Parse(args, TextWriter.Null, errors));

        Assert.StartsWith("error: ", errors.ToString());
        Assert.Contains(named, errors.ToString());
    }

    [Fact]
    public void Quick_changes_only_the_counts_not_given()
    {
        var (options, _) = BenchCommandLine.Parse(["--rounds", "5", "--quick"], TextWriter.Null, TextWriter.Null);

        Assert.Equal(BenchOptions.Quick with { Rounds = 5 }, options);
    }
}
