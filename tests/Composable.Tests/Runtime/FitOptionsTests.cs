using System;
using Composable.Training;
using Xunit;

namespace Composable.Tests.Runtime;

/// <summary>Fit options are checked like declarations and datasets: every problem is gathered into one exception.</summary>
public sealed class FitOptionsTests
{
    [Fact]
    public void Every_out_of_range_option_is_named_in_one_exception()
    {
        var error = Assert.Throws<ArgumentException>(() => new FitOptions(BatchSize: 0, Steps: -1, Epochs: 0).Validate());

        Assert.StartsWith("FitOptions are invalid:", error.Message);
        Assert.Contains("FitOptions.BatchSize is 0; it must be positive.", error.Message);
        Assert.Contains("FitOptions.Steps is -1; it must be positive.", error.Message);
        Assert.Contains("FitOptions.Epochs is 0; it must be positive.", error.Message);
    }

    [Fact]
    public void Options_without_a_budget_name_the_missing_options_beside_other_problems()
    {
        var error = Assert.Throws<ArgumentException>(() => new FitOptions(BatchSize: -3).Validate());

        Assert.Contains("FitOptions needs a budget: set Steps, Epochs or both.", error.Message);
        Assert.Contains("FitOptions.BatchSize is -3", error.Message);
    }

    [Fact]
    public void Options_in_range_pass()
    {
        new FitOptions(Steps: 10).Validate();
        new FitOptions(BatchSize: 1, Epochs: 2).Validate();
    }
}
