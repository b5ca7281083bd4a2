using System;
using System.Linq;
using Composable;
using Composable.Examples.ObjectivesStudy;
using Xunit;

namespace ObjectivesStudy.Tests;

/// <summary>The compared methods cover the whole objective catalogue, and Δp follows its definition.</summary>
public sealed class CatalogueTests
{
    [Fact]
    public void Every_objective_of_the_catalogue_runs_with_hard_sharing_after_the_independent_baseline()
    {
        var declared = typeof(Objective).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Objective)) && !t.IsAbstract).ToHashSet();

        Assert.Equal((Method.BaselineName, Topology.Independent), (Method.All[0].Name, Method.All[0].Topology));
        Assert.IsType<WeightedSum>(Method.All[0].Objective);
        Assert.All(Method.All.Skip(1), m => Assert.Equal(Topology.HardSharing, m.Topology));
        Assert.Equal(declared, Method.All.Skip(1).Select(m => m.Objective.GetType()).ToHashSet());
        Assert.Equal(Method.All.Count, Method.All.Select(m => m.Name).Distinct().Count());
        Assert.Equal([true, false], Method.All.Select(m => m.Objective).OfType<Mgda>().Select(m => m.UpperBound).ToArray());
    }

    [Fact]
    public void Delta_p_is_the_mean_relative_improvement_with_the_sign_of_each_metric_direction()
    {
        // MSE 0.9 against 1.0 is 10 % better; accuracy 0.6 against 0.5 is 20 % better; accuracy 0.4 against 0.5 is 20 % worse.
        Assert.Equal(15.0, Study.DeltaP([0.9, 0.6], [1.0, 0.5], [false, true]), 9);
        Assert.Equal(-15.0, Study.DeltaP([1.1, 0.4], [1.0, 0.5], [false, true]), 9);
        Assert.Equal(0.0, Study.DeltaP([0.3, 0.7], [0.3, 0.7], [false, true]));
        Assert.Throws<ArgumentException>(() => Study.DeltaP([0.3], [0.3, 0.7], [false, true]));
    }
}
