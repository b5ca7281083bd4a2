using System.Linq;
using Composable.Data;
using MultiTaskTour.Cli;
using MultiTaskTour.Running;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Examples.Tests;

/// <summary>The topologies differ in sharing only, so the comparison is fair.</summary>
public sealed class DeclarationTests
{
    [Fact]
    public void Every_declaration_has_the_baselines_input_tasks_optimizer_and_activation()
    {
        var baseline = Topologies.Baseline.Spec;
        Assert.Equal(5, Topologies.All.Count);
        foreach (var topology in Topologies.All)
        {
            Assert.Equal(baseline with { Sharing = topology.Spec.Sharing }, topology.Spec);
        }
        Assert.Equal(5, Topologies.All.Select(t => t.Spec.Sharing).Distinct().Count());
    }

    [Fact]
    public void Parameter_budgets_are_within_three_percent_of_the_baseline()
    {
        using var scope = NewDisposeScope();
        var counts = Topologies.All.Select(t => long.Parse(t.ParameterSummary.Split(' ')[1].Replace(",", ""))).ToArray();
        foreach (var count in counts)
            Assert.InRange(count, counts[0] * 0.97, counts[0] * 1.03);
    }

    [Fact]
    public void Synthetic_data_and_split_are_identical_for_every_declaration()
    {
        using var scope = NewDisposeScope();
        var options = TourOptions.Quick with { Seed = 11 };
        var synthetic = TourRunner.SyntheticOptionsOf(options);
        var testFraction = (double)options.TestExamples / synthetic.Examples;
        using var reference = SyntheticTasks.Generate(Topologies.Baseline.Spec, synthetic);
        var (referenceTrain, referenceTest) = reference.Split(testFraction, options.Seed);
        using var _ = referenceTrain;
        using var __ = referenceTest;
        Assert.Equal(options.Examples, referenceTrain.Size(0));
        Assert.Equal(options.TestExamples, referenceTest.Size(0));

        foreach (var topology in Topologies.All.Skip(1))
        {
            using var data = SyntheticTasks.Generate(topology.Spec, synthetic);
            var (train, test) = data.Split(testFraction, options.Seed);
            using var ___ = train;
            using var ____ = test;
            Assert.True(data.SharesInputs);
            for (var t = 0; t < data.Count; t++)
            {
                Assert.True(Identical(reference[t].Inputs, data[t].Inputs), $"{topology.Name}: inputs of task {t}");
                Assert.True(Identical(reference[t].Targets, data[t].Targets), $"{topology.Name}: targets of task {t}");
                Assert.True(Identical(referenceTrain[t].Targets, train[t].Targets), $"{topology.Name}: train targets of task {t}");
                Assert.True(Identical(referenceTest[t].Inputs, test[t].Inputs), $"{topology.Name}: test inputs of task {t}");
            }
        }
    }

    private static bool Identical(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
