using System.Linq;
using Composable.Interpretation;
using Composable.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>The fused experts compute what a loop over separate expert networks computes, and gate weights can be read.</summary>
public sealed class MixtureOfExpertsTests
{
    [Fact]
    public void Fused_experts_and_mixture_equal_a_loop_over_separate_experts()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var model = new MultiGate.Model();
        model.eval();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var input = randn(5, 6);
        using var _ = no_grad();

        // Reference: expert e is Linear(6 -> 12) (rows e·12..e·12+11 of the fused weight), ReLU, Linear(12 -> 8), ReLU.
        var first = parameters["experts_0.weight"];
        var firstBias = parameters["experts_0.bias"];
        var experts = Enumerable.Range(0, 4).Select(e =>
        {
            var h = nn.functional.relu(nn.functional.linear(input, first.narrow(0, e * 12, 12), firstBias.narrow(0, e * 12, 12)));
            return nn.functional.relu(nn.functional.linear(h, parameters["experts_1.weight"][e], parameters["experts_1.bias"][e]));
        }).ToArray();
        // Segment is task 1 of 3: its gate is rows 4..7 of the fused task_gates layer.
        var gate = nn.functional.softmax(nn.functional.linear(input, parameters["task_gates.weight"].narrow(0, 4, 4), parameters["task_gates.bias"].narrow(0, 4, 4)), 1);
        var mixture = Enumerable.Range(0, 4).Select(e => gate.narrow(1, e, 1) * experts[e]).Aggregate((a, b) => a + b);
        var tower = nn.functional.relu(nn.functional.linear(mixture, parameters["segment_tower_0.weight"], parameters["segment_tower_0.bias"]));
        var expected = nn.functional.linear(tower, parameters["segment_head.weight"], parameters["segment_head.bias"]);

        var actual = model.ForwardSegment(input);

        Assert.True(expected.allclose(actual, rtol: 1e-5, atol: 1e-6), "Fused forward differs from the per-expert loop.");
    }

    [Fact]
    public void Stacked_linear_equals_one_linear_layer_per_slice()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var layer = new StackedLinear(3, 5, 2);
        var input = randn(3, 7, 5);

        var actual = layer.call(input);

        for (var e = 0; e < 3; e++)
            Assert.True(nn.functional.linear(input[e], layer.Weight[e], layer.Bias[e]).allclose(actual[e], rtol: 1e-5, atol: 1e-6));
        Assert.Equal(new long[] { 3, 2, 5 }, layer.Weight.shape);
    }

    [Theory]
    [InlineData(nameof(OneGate))]
    [InlineData(nameof(MultiGate))]
    [InlineData(nameof(GateControl))]
    [InlineData(nameof(Progressive))]
    public void Mean_gate_weights_are_distributions_and_equal_between_generated_and_interpreted(string name)
    {
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();
        using var interpreted = InterpretedTrainer.Create(c.Spec, 8);
        var generated = (Training.IGatedModule)c.CreateTrainer(8).Network;
        generated.Module.eval();
        interpreted.Model.eval();
        using var _ = no_grad();
        var input = randn(16, 6);

        var expected = interpreted.Model.MeanGateWeights(input);
        var actual = generated.MeanGateWeights(input);

        Assert.Equal(c.Spec.Tasks.Count, actual.Count);
        var mixture = (MixtureOfExperts)c.Spec.Sharing;
        for (var t = 0; t < actual.Count; t++)
        {
            Assert.Equal(new long[] { mixture.GatedExperts(c.Spec.Tasks.Count) }, actual[t].shape);
            Assert.Equal(1.0, actual[t].sum().item<float>(), 5);
            Assert.True(expected[t].equal(actual[t]).all().item<bool>());
        }
    }
}
