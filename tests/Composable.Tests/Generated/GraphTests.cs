using Composable.Interpretation;
using Composable.Tests.Reporting;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>
/// The generated Graph text lists exactly the parameters the built generated and interpreted modules register
/// (names, shapes, element counts and totals), read from <c>named_parameters()</c> rather than from another rendering.
/// </summary>
public sealed class GraphTests
{
    [Theory]
    [MemberData(nameof(GeneratedCase.Cases), MemberType = typeof(GeneratedCase))]
    public void Graph_lists_the_parameters_of_the_built_generated_model(string name)
    {
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();

        GraphListing.AssertDescribes(c.Graph, c.CreateModel().Module);
    }

    [Theory]
    [MemberData(nameof(GeneratedCase.Cases), MemberType = typeof(GeneratedCase))]
    public void Graph_lists_the_parameters_of_the_built_interpreted_model(string name)
    {
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();
        using var model = new InterpretedModel(c.Spec);

        GraphListing.AssertDescribes(c.Graph, model);
    }

    [Fact]
    public void Graph_listing_rejects_a_name_or_shape_the_module_does_not_have()
    {
        using var scope = NewDisposeScope();
        using var module = new Sluiced.Model();

        GraphListing.AssertCorruptionsFail(Sluiced.Graph, module,
            ("sluice_1.weight [4, 4] 16", "sluice_2.weight [4, 4] 16"),
            ("price_head.weight [1, 20] 20", "price_head.weight [1, 12] 12"),
            ("parameters: 496 in", "parameters: 497 in"));
    }
}
