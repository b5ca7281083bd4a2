using Composable.Interpretation;
using Composable.Reporting;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>The generated Graph text describes exactly the parameters the generated and interpreted modules hold.</summary>
public sealed class GraphTests
{
    [Theory]
    [MemberData(nameof(GeneratedCase.Cases), MemberType = typeof(GeneratedCase))]
    public void Generated_graph_matches_the_built_generated_module(string name)
    {
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();
        var model = c.CreateModel();

        Assert.Equal(c.Graph, ModuleGraph.Render($"{name}.Model", c.Spec, model.Module));
    }

    [Theory]
    [MemberData(nameof(GeneratedCase.Cases), MemberType = typeof(GeneratedCase))]
    public void Generated_graph_matches_the_built_interpreted_module(string name)
    {
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();
        using var model = new InterpretedModel(c.Spec);

        Assert.Equal(c.Graph, ModuleGraph.Render($"{name}.Model", c.Spec, model));
    }

    [Fact]
    public void Graph_counts_parameters_of_the_module()
    {
        using var scope = NewDisposeScope();
        var model = new Shared.Model();
        long count = 0;
        foreach (var p in model.parameters()) count += p.numel();

        Assert.Contains($"parameters: {count:N0} in ", Shared.Graph);
    }
}
