using System.IO;
using Composable.Testing;
using MetaSinusoid;
using Xunit;

namespace MetaSinusoid.Tests;

/// <summary>The reproduction's command line: help lists every option with its default; a bad value stops it, naming the option.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var output = new StringWriter();

        var (options, _, exitCode) = SinusoidCommandLine.Parse(["--help"], output, TextWriter.Null);

        Assert.Null(options);
        Assert.Equal(0, exitCode);
        CommandLineHelp.AssertLists(
            output.ToString(),
            [
                ("--iterations", "10000"), ("--tasks", "600"), ("--methods", "MAML|FOMAML|Reptile|Meta-SGD|ANIL|pretrained|oracle"),
                ("--shots", "5|10"), ("--seed", "0"), ("--progress", "1000"),
            ],
            "--quick", "--out <FILE>", "--plot <FILE>", "--memory", "--from <FILE.json>");
    }

    [Theory]
    [InlineData("--iterations", "--iterations", "-3")]
    [InlineData("--tasks", "--tasks", "abc")]
    [InlineData("--shots", "--shots", "5,0")]
    [InlineData("--methods", "--methods", "MAML,Unknown")]
    [InlineData("'--bogus'", "--bogus")]
    public void Bad_value_exits_with_2_naming_the_option(string named, params string[] args)
    {
        var errors = new StringWriter();

        var (options, _, exitCode) = SinusoidCommandLine.Parse(args, TextWriter.Null, errors);

        Assert.Null(options);
        Assert.Equal(2, exitCode);
        CommandLineHelp.AssertErrorNames(errors.ToString(), named);
    }

    [Fact]
    public void Quick_changes_only_the_sizes_not_given()
    {
        var (options, from, _) = SinusoidCommandLine.Parse(["--iterations", "7", "--quick", "--shots", "5"], TextWriter.Null, TextWriter.Null);

        Assert.Equal(ReproductionOptions.Quick with { MetaIterations = 7, Shots = options!.Shots, Methods = options.Methods }, options);
        Assert.Equal([5], options.Shots);
        Assert.Empty(from);
        Assert.Equal(["a.json", "b.json"], SinusoidCommandLine.Parse(["--from", "a.json", "b.json"], TextWriter.Null, TextWriter.Null).From);
    }
}
