using System.Linq;
using Composable.Meta;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

[MetaLearner]
public static partial class SinusoidLearner
{
    public static readonly MetaLearnerSpec Spec = new(
        Input: new Features(1),
        Layers: [40, 40],
        Outputs: 1,
        Episodes: new FewShotRegression(Shots: 10, Queries: 10),
        Learner: new Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 25));
}

[MetaLearner]
public static partial class TanhClassifier
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(6),
        [12],
        3,
        new FewShotClassification(Ways: 3, Shots: 2, Queries: 4),
        new Anil(),
        Activation: Activation.Tanh);
}

/// <summary>
/// The generated typed parameter set and functional forwards compute exactly what the run-time meta-learners'
/// FunctionalMlp computes (values and meta-gradients), and the generated Network starts from the same weights as
/// the run time's MetaNetwork.
/// </summary>
public sealed class GeneratedMetaLearnerTests
{
    [Fact]
    public void Generated_network_starts_from_the_weights_of_the_run_time_network()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var generated = new SinusoidLearner.Network();
        manual_seed(3);
        var interpreted = new MetaNetwork(MetaPlan.For(SinusoidLearner.Spec));

        var expected = interpreted.Weights;
        var actual = generated.Weights.ToSet();
        Assert.Equal(expected.Names, actual.Names);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(expected.Tensors[i].equal(actual.Tensors[i]).all().item<bool>(), $"{expected.Names[i]} differs");
        Assert.Equal(SinusoidLearner.Parameters.Names, generated.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Functional_forward_equals_the_run_time_forward_and_the_module()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var network = new TanhClassifier.Network();
        var x = randn(7, 6);

        var generated = TanhClassifier.Functional.Forward(network.Weights, x);
        var runTime = FunctionalMlp.Forward(network.Weights.ToSet(), x, TanhClassifier.Spec.Layers.Count, TanhClassifier.Spec.Activation);

        Assert.True(generated.equal(runTime).all().item<bool>());
        Assert.True(generated.equal(network.forward(x)).all().item<bool>());
    }

    [Fact]
    public void Task_batched_forward_and_its_meta_gradient_equal_the_run_time_ones()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var network = new SinusoidLearner.Network();
        const int tasks = 4;
        var stacked = network.Weights.Select((_, t) => stack(Enumerable.Repeat(t, tasks)) + 0.01f * randn(new long[] { tasks }.Concat(t.shape).ToArray()));
        var x = randn(tasks, 10, 1);
        var y = randn(tasks, 10, 1);

        Tensor MetaLoss(System.Func<Tensor> forward)
        {
            var loss = nn.functional.mse_loss(forward(), y);
            return loss;
        }

        var generatedLoss = MetaLoss(() => SinusoidLearner.Functional.ForwardBatched(stacked, x));
        var generatedGrads = autograd.grad(new[] { generatedLoss }, network.parameters().ToArray());
        var runTimeLoss = MetaLoss(() => FunctionalMlp.ForwardBatched(stacked.ToSet(), x, 2, Activation.Relu));
        var runTimeGrads = autograd.grad(new[] { runTimeLoss }, network.parameters().ToArray());

        Assert.Equal(runTimeLoss.item<float>(), generatedLoss.item<float>());
        for (var i = 0; i < runTimeGrads.Count; i++)
            Assert.True(runTimeGrads[i].equal(generatedGrads[i]).all().item<bool>());

        var perTask = Enumerable.Range(0, tasks)
            .Select(t => SinusoidLearner.Functional.Forward(stacked.Select((_, p) => p[t]), x[t]))
            .ToArray();
        Assert.True(stack(perTask).allclose(SinusoidLearner.Functional.ForwardBatched(stacked, x), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Generated_graph_marks_the_adapted_head_of_an_Anil_classifier()
    {
        Assert.Contains("head.weight [3, 12] 36 (adapted)", TanhClassifier.Graph);
        Assert.Equal(new[] { "head.weight", "head.bias" }, TanhClassifier.Parameters.Adapted);
    }
}
