using System.Linq;
using Composable.Interpretation;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>Cross-stitch units start from the declared mixing and, at the identity, leave the columns independent.</summary>
public sealed class CrossStitchTests
{
    [Fact]
    public void Units_start_from_the_declared_self_and_others_weights()
    {
        using var scope = NewDisposeScope();
        var model = new Stitched.Model();
        var units = model.named_parameters().Where(p => p.name.StartsWith("cross_stitch_")).ToArray();

        Assert.Equal(new[] { "cross_stitch_0.weight", "cross_stitch_1.weight" }, units.Select(u => u.name));
        var expected = tensor(new[] { 0.8f, 0.1f, 0.1f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.8f }).view(3, 3);
        foreach (var (_, weight) in units)
            Assert.True(expected.allclose(weight));
    }

    [Fact]
    public void Identity_mixing_computes_what_independent_towers_compute()
    {
        using var scope = NewDisposeScope();
        var identity = Towers.Spec with { Sharing = new CrossStitch([12, 8], Self: 1, Others: 0) };
        manual_seed(5);
        using var stitched = new InterpretedModel(identity);
        var towers = Towers.Trainer.Create(5).Model;
        using var _ = no_grad();
        var input = randn(10, 6);

        var expected = towers.ForwardAll(input);
        var actual = stitched.ForwardAll(input);

        for (var t = 0; t < expected.Count; t++)
            Assert.True(expected[t].allclose(actual[t], rtol: 1e-6, atol: 1e-7));
    }
}
