using System.IO;
using Composable.Examples.ObjectivesStudy;
using Composable.Testing;
using Xunit;

namespace ObjectivesStudy.Tests;

/// <summary>The study's command line: help lists every option with its default; a bad value stops it, naming the option.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var output = new StringWriter();

        Assert.Equal(0, Cli.Run(["--help"], output, TextWriter.Null));

        CommandLineHelp.AssertLists(output.ToString(), [("--seeds", "3"), ("--settings", "low|high|scales|tour")], "--quick", "--search", "--conflicts", "--steps", "--methods", "--out <FILE>", "--plot <FILE>", "--replot <FILE>");
    }

    [Theory]
    [InlineData("--steps", "--steps", "0")]
    [InlineData("--seeds", "--seeds", "abc")]
    [InlineData("--settings", "--settings", "low,nowhere")]
    [InlineData("--methods", "--methods", "EW,SGD")]
    [InlineData("--out", "--out", "--quick")]
    [InlineData("'--bogus'", "--bogus")]
    public void Bad_value_exits_with_2_naming_the_option_and_runs_nothing(string named, params string[] args)
        => CommandLineHelp.AssertRejects(Cli.Run, named, args);

    [Fact]
    public void Quick_changes_only_the_sizes_not_given()
    {
        var quick = StudyCommandLine.Read(StudyCommandLine.Command.Parse(["--quick", "--seeds", "3"]));
        var full = StudyCommandLine.Read(StudyCommandLine.Command.Parse([]));

        Assert.Equal((true, 3, null), (quick.Quick, quick.Seeds, quick.Steps));
        Assert.Equal(20, Study.BudgetOf(Settings.All[0], quick).Steps);
        Assert.Equal(Settings.All[0].Budget, Study.BudgetOf(Settings.All[0], full));
        Assert.Equal(StudyCommandLine.QuickSeeds, StudyCommandLine.Read(StudyCommandLine.Command.Parse(["--quick"])).Seeds);
    }
}
