using System.IO;
using Composable.Examples.ObjectiveToy;
using Composable.Testing;
using Xunit;

namespace ObjectiveToy.Tests;

/// <summary>The toy's command line: help lists every option with its default; a bad value stops it, naming the option.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var output = new StringWriter();

        Assert.Equal(0, Cli.Run(["--help"], output, TextWriter.Null));

        CommandLineHelp.AssertLists(
            output.ToString(),
            [("--problems", "cagrad|nashmtl"), ("--methods", "EW|MGDA|PCGrad|CAGrad|IMTL-G|Nash-MTL|Aligned-MTL|GradVac"), ("--tolerance", "0.001"), ("--distance", "0.01"), ("--seed", "0")],
            "--quick", "--out <FILE>", "--steps");
    }

    [Theory]
    [InlineData("--steps", "--steps", "0")]
    [InlineData("--tolerance", "--tolerance", "-1")]
    [InlineData("--methods", "--methods", "EW,Adam")]
    [InlineData("--problems", "--problems", "mtl")]
    [InlineData("--out", "--out", "--quick")]
    [InlineData("'--bogus'", "--bogus")]
    public void Bad_value_exits_with_2_naming_the_option_and_runs_nothing(string named, params string[] args)
        => CommandLineHelp.AssertRejects(Cli.Run, named, args);

    [Fact]
    public void Quick_sets_the_steps_only_when_not_given_and_the_papers_steps_are_the_default()
    {
        var quick = ToyCommandLine.Read(ToyCommandLine.Command.Parse(["--quick"]));
        var quickWithSteps = ToyCommandLine.Read(ToyCommandLine.Command.Parse(["--quick", "--steps", "50"]));
        var full = ToyCommandLine.Read(ToyCommandLine.Command.Parse([]));

        Assert.Equal(ToyCommandLine.QuickSteps, quick.StepsFor(ToyProblem.CAGrad));
        Assert.Equal(50, quickWithSteps.StepsFor(ToyProblem.NashMtl));
        Assert.Equal((100_000, 35_000), (full.StepsFor(ToyProblem.CAGrad), full.StepsFor(ToyProblem.NashMtl)));
    }
}
