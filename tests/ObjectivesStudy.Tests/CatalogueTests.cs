using System;
using System.Linq;
using Composable;
using Composable.Examples.ObjectivesStudy;
using Xunit;

namespace ObjectivesStudy.Tests;

/// <summary>The compared methods cover the whole objective catalogue, baseline first.</summary>
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
}
