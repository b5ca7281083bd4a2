using System;
using Composable.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Optimisation;

/// <summary><see cref="ParameterGroup"/> refuses groups no optimiser could use, naming the group.</summary>
public sealed class ParameterGroupTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_rate_that_is_not_finite_and_positive_is_refused_naming_the_group(double rate)
    {
        using var parameter = new Parameter(zeros(2));
        var error = Assert.Throws<ArgumentException>(() => new ParameterGroup("head", [parameter], rate));
        Assert.Contains("'head'", error.Message);
    }

    [Fact]
    public void A_group_without_parameters_is_refused_naming_the_group()
    {
        var error = Assert.Throws<ArgumentException>(() => new ParameterGroup("head", [], 1e-3));
        Assert.Contains("'head'", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_group_without_a_name_is_refused(string name)
    {
        using var parameter = new Parameter(zeros(2));
        Assert.Throws<ArgumentException>(() => new ParameterGroup(name, [parameter], 1e-3));
    }

    [Fact]
    public void A_valid_group_keeps_what_it_was_given()
    {
        using var parameter = new Parameter(zeros(2));
        var group = new ParameterGroup("body", [parameter], 2e-4);
        Assert.Equal("body", group.Name);
        Assert.Same(parameter, Assert.Single(group.Parameters));
        Assert.Equal(2e-4, group.LearningRate);
    }
}
