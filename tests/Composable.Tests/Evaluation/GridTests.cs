using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Evaluation.Selection;
using Xunit;

namespace Composable.Tests.Evaluation;

public class GridTests
{
    [Fact]
    public void A_grid_is_the_product_of_its_axes_the_last_varying_fastest()
    {
        var grid = Grid.Of(("LearningRate", new[] { 1e-3, 1e-4 }), ("FrozenBlocks", new[] { 0, 2, 4 }), ("Optimizer", new[] { "Adam" }));

        Assert.Equal(6, grid.Count);
        Assert.Equal(
            [
                "LearningRate=0.001, FrozenBlocks=0, Optimizer=Adam", "LearningRate=0.001, FrozenBlocks=2, Optimizer=Adam",
                "LearningRate=0.001, FrozenBlocks=4, Optimizer=Adam", "LearningRate=0.0001, FrozenBlocks=0, Optimizer=Adam",
                "LearningRate=0.0001, FrozenBlocks=2, Optimizer=Adam", "LearningRate=0.0001, FrozenBlocks=4, Optimizer=Adam",
            ],
            grid.Select(s => s.ToString()));
    }

    [Fact]
    public void A_setting_gives_typed_values_and_compares_by_value()
    {
        var setting = Grid.Of(("LearningRate", new[] { 1e-4 }), ("FrozenBlocks", new[] { 2 }))[0];

        Assert.Equal(1e-4, setting.Get<double>("LearningRate"));
        Assert.Equal(2, setting.Get<int>("FrozenBlocks"));
        Assert.Equal(2, setting["FrozenBlocks"]);
        Assert.Equal(new Setting([new SettingValue("LearningRate", 1e-4), new SettingValue("FrozenBlocks", 2)]), setting);
        Assert.NotEqual(new Setting([new SettingValue("LearningRate", 1e-4), new SettingValue("FrozenBlocks", 3)]), setting);
        Assert.Contains("holds a Int32, not a Double", Assert.Throws<InvalidCastException>(() => setting.Get<double>("FrozenBlocks")).Message);
        Assert.Contains("'LearningRate', 'FrozenBlocks'", Assert.Throws<KeyNotFoundException>(() => setting["Momentum"]).Message);
    }

    [Fact]
    public void Bad_axes_are_all_reported()
    {
        var error = Assert.Throws<ArgumentException>(() => Grid.Of(
            ("LearningRate", new[] { 1e-3 }), ("LearningRate", new[] { 1e-4 }), ("Blocks", Array.Empty<int>()), (" ", new[] { 1 }), ("Name", "Adam")));

        Assert.Contains("Axis 'LearningRate' is named twice.", error.Message);
        Assert.Contains("Axis 'Blocks' has no values.", error.Message);
        Assert.Contains("Axis 3 has no name.", error.Message);
        Assert.Contains("Axis 'Name' has no list of values", error.Message);
        Assert.Throws<ArgumentException>(() => Grid.Of());
    }
}
