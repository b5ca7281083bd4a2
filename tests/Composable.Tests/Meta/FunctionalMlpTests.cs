using System.Linq;
using Composable.Meta;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

public class FunctionalMlpTests
{
    [Fact]
    public void Baddbmm_computes_input_plus_batch1_times_batch2_despite_the_torchsharp_binding_order()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var (input, b1, b2) = (randn(2, 1, 3), randn(2, 4, 5), randn(2, 5, 3));
        var expected = input + bmm(b1, b2);
        Assert.True(FunctionalMlp.Baddbmm(input, b1, b2).allclose(expected, 1e-5, 1e-6));
        // The measured TorchSharp 0.107 behaviour this works around: receiver is batch1, last argument is input.
        Assert.True(b1.baddbmm(b2, input).allclose(expected, 1e-5, 1e-6));
    }

    [Fact]
    public void Functional_forward_matches_the_module_and_the_batched_forward_matches_per_task_forwards()
    {
        using var scope = NewDisposeScope();
        var spec = new MetaLearnerSpec(new Features(3), [8, 6], 2, new FewShotRegression(4, 4), new Maml(), Activation: Activation.Tanh);
        manual_seed(2);
        var networks = Enumerable.Range(0, 4).Select(_ => new MetaNetwork(MetaPlan.For(spec))).ToArray();
        var inputs = randn(4, 5, 3);
        var stacked = ParameterSet.Stack(networks.Select(n => n.Weights).ToArray());
        Assert.Equal(new long[] { 4, 8, 3 }, stacked["layer_0.weight"].shape);
        var batched = FunctionalMlp.ForwardBatched(stacked, inputs, 2, Activation.Tanh);
        for (var t = 0; t < 4; t++)
        {
            var single = FunctionalMlp.Forward(networks[t].Weights, inputs[t], 2, Activation.Tanh);
            Assert.True(single.allclose(batched[t], 1e-5, 1e-6));
            Assert.True(single.allclose(FunctionalMlp.Forward(stacked.Task(t), inputs[t], 2, Activation.Tanh)));
            var viaModule = networks[t].call(inputs[t]);
            Assert.True(single.allclose(viaModule));
        }
    }
}
