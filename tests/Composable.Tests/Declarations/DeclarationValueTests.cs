using System;
using System.Linq;
using Xunit;

namespace Composable.Tests.Declarations;

/// <summary>Declarations are values: equal contents are equal, print readably, and validate at run time.</summary>
public sealed class DeclarationValueTests
{
    private static MultiTaskSpec Census(double weight = 0.5) => new(
        Input: new Features(16),
        Tasks: [new TaskSpec("Income", new Binary()), new TaskSpec("Age", new Regression(), Weight: weight)],
        Sharing: new HardSharing(Trunk: [32, 16], Towers: [8]));

    [Fact]
    public void Declarations_with_equal_contents_are_equal_all_the_way_down()
    {
        Assert.Equal(Census(), Census());
        Assert.Equal(Census().GetHashCode(), Census().GetHashCode());
        Assert.True(Census() == Census());
        Assert.NotEqual(Census(), Census(weight: 0.25));
        Assert.NotEqual(Census(), Census() with { Sharing = new HardSharing(Trunk: [32, 16]) });
    }

    [Fact]
    public void Defaults_are_filled_so_written_and_omitted_defaults_compare_equal()
    {
        var written = Census() with { Objective = new WeightedSum(TaskSampling.AllTasks), Optimizer = new Adam(LearningRate: 1e-3) };

        Assert.Equal(Census(), written);
        Assert.Equal(new TaskConditioned([8], Conditioning.Additive), new TaskConditioned([8], Conditioning.Additive, new OneHot(), [0]));
    }

    [Fact]
    public void A_declaration_prints_as_its_contents()
    {
        var text = Census().ToString();

        Assert.Contains("Tasks = [TaskSpec { Name = Income, Target = Binary { }", text);
        Assert.Contains("Trunk = [32, 16]", text);
    }

    [Fact]
    public void Run_time_validation_gathers_every_error_with_its_argument_path()
    {
        var spec = new MultiTaskSpec(new Features(0), [new TaskSpec("A", new MultiClass(1), Weight: -1), new TaskSpec("A", new Binary())], new HardSharing([]));

        var errors = Composable.Declarations.Validate(spec).Match(_ => Array.Empty<string>(), e => e.Select(x => x.ToString()).ToArray());

        Assert.Equal(5, errors.Length);
        Assert.Contains(errors, e => e.StartsWith("CMP0006 at Input.Width"));
        Assert.Contains(errors, e => e.StartsWith("CMP0007 at Tasks[0].Target.Classes"));
        Assert.Contains(errors, e => e.StartsWith("CMP0008 at Tasks[0].Weight"));
        Assert.Contains(errors, e => e.StartsWith("CMP0004 at Tasks[1].Name"));
        Assert.Contains(errors, e => e.StartsWith("CMP0013 at Sharing.Trunk"));
        Assert.True(Composable.Declarations.Validate(Census()).IsSuccess);
    }

    [Fact]
    public void Interpreting_an_invalid_declaration_throws_listing_its_errors()
    {
        var spec = Census() with { Dropout = 1.5 };

        var error = Assert.Throws<InvalidDeclarationException>(() => new Interpretation.InterpretedModel(spec));
        Assert.Contains("CMP0011 at Dropout: Dropout 1.5 is outside [0, 1).", error.Message);
    }

    [Theory]
    [InlineData("MaritalStatus", "marital_status")]
    [InlineData("Income", "income")]
    [InlineData("HTTPCode", "http_code")]
    [InlineData("Age2Group", "age2_group")]
    [InlineData("already_snake", "already_snake")]
    public void Task_names_become_snake_case_parameter_prefixes(string name, string snake) =>
        Assert.Equal(snake, Naming.ToSnakeCase(name));
}
