using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Meta;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

public class MetaTrainerTests
{
    private static MetaLearnerSpec Sinusoid(MetaLearner learner, int shots = 10) => new(
        new Features(1), [40, 40], 1, new FewShotRegression(shots, 10), learner);

    private static Episode[] Tasks(int count, int shots = 10, MetaSplit split = MetaSplit.Train, long first = 0) =>
        new SinusoidFamily(new FewShotRegression(shots, 10)).SampleBatch(split, first, count);

    private static Tensor[] Gradients(MetaTrainer trainer, Tensor loss) =>
        autograd.grad(new[] { loss }, trainer.Network.parameters().Select(p => (Tensor)p).ToArray(), retain_graph: true).ToArray();

    private static double MaxDifference(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b) =>
        a.Zip(b, (x, y) => (x - y).abs().max().item<float>()).Max();

    private static double Scale(IReadOnlyList<Tensor> a) => a.Max(x => x.abs().max().item<float>());

    public static TheoryData<string> Learners => new() { "maml", "maml2", "fomaml", "anil", "metasgd", "metasgd-layer", "partial", "reptile" };

    private static MetaLearnerSpec Named(string name) => name switch
    {
        "maml" => Sinusoid(new Maml()),
        "maml2" => Sinusoid(new Maml(InnerSteps: 3, InnerLearningRate: 0.05)),
        "fomaml" => Sinusoid(new Maml(InnerSteps: 2, FirstOrder: true)),
        "anil" => Sinusoid(new Anil(InnerSteps: 2, InnerLearningRate: 0.1)),
        "metasgd" => Sinusoid(new MetaSgd(InnerSteps: 2)),
        "metasgd-layer" => Sinusoid(new MetaSgd(Rate: LearnedRate.PerLayer)),
        "partial" => Sinusoid(new Maml(InnerSteps: 2)) with { Adapt = ["layer_1", "head.bias"] },
        "reptile" => Sinusoid(new Reptile(InnerSteps: 3, InnerLearningRate: 0.02)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Learners))]
    public void Task_batched_and_per_task_paths_give_the_same_loss_and_meta_gradient(string learner)
    {
        using var scope = NewDisposeScope();
        using var trainer = MetaTrainer.Create(Named(learner), 1);
        var tasks = Tasks(6);
        var batched = trainer.MetaLoss(tasks, taskBatched: true);
        var looped = trainer.MetaLoss(tasks, taskBatched: false);
        Assert.Equal(looped.item<float>(), batched.item<float>(), 1e-5 * Math.Max(1, looped.item<float>()));
        var gb = Gradients(trainer, batched);
        var gl = Gradients(trainer, looped);
        Assert.True(MaxDifference(gb, gl) <= 1e-5 * Math.Max(1, Scale(gl)), $"max |Δ∇| = {MaxDifference(gb, gl)} (scale {Scale(gl)})");
    }

    [Fact]
    public void Task_batched_classification_matches_the_per_task_loop()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var inputs = randn(30 * 6, 8);
        var labels = Enumerable.Range(0, 30).SelectMany(c => Enumerable.Repeat(c, 6)).ToArray();
        var family = new ClassIndexedFamily(inputs, labels, new FewShotClassification(3, 2, 2));
        var spec = new MetaLearnerSpec(new Features(8), [16], 3, family.Shape, new Maml(InnerSteps: 2, InnerLearningRate: 0.5));
        using var trainer = MetaTrainer.Create(spec, 2);
        var tasks = family.SampleBatch(MetaSplit.Train, 0, 4);
        var batched = trainer.MetaLoss(tasks);
        var looped = trainer.MetaLoss(tasks, taskBatched: false);
        Assert.Equal(looped.item<float>(), batched.item<float>(), 1e-5);
        Assert.True(MaxDifference(Gradients(trainer, batched), Gradients(trainer, looped)) < 1e-5);
    }

    [Fact]
    public void Second_order_meta_gradient_differs_from_first_order_and_agrees_when_the_inner_rate_is_zero()
    {
        using var scope = NewDisposeScope();
        using var second = MetaTrainer.Create(Sinusoid(new Maml(InnerLearningRate: 0.1)), 3);
        using var first = MetaTrainer.Create(Sinusoid(new Maml(InnerLearningRate: 0.1, FirstOrder: true)), 3);
        var tasks = Tasks(4);
        Assert.Equal(0, MaxDifference(second.Network.Weights.Tensors, first.Network.Weights.Tensors));

        var g2 = Gradients(second, second.MetaLoss(tasks));
        var g1 = Gradients(first, first.MetaLoss(tasks));
        Assert.Equal(second.MetaLoss(tasks).item<float>(), first.MetaLoss(tasks).item<float>(), 6);
        Assert.True(MaxDifference(g2, g1) > 1e-3 * Scale(g1), $"second- and first-order meta-gradients agree (max |Δ| {MaxDifference(g2, g1)})");

        var z2 = Gradients(second, second.MetaLoss(tasks, innerLearningRate: 0));
        var z1 = Gradients(first, first.MetaLoss(tasks, innerLearningRate: 0));
        Assert.True(MaxDifference(z2, z1) < 1e-7, $"with α = 0 the orders differ by {MaxDifference(z2, z1)}");
    }

    [Fact]
    public void Anil_adapts_only_the_head()
    {
        using var scope = NewDisposeScope();
        using var trainer = MetaTrainer.Create(Sinusoid(new Anil(InnerSteps: 3, InnerLearningRate: 0.1)), 4);
        var batch = EpisodeBatch.Of(Tasks(5));
        var theta = trainer.Network.Weights;
        var fast = trainer.InnerLoop(theta.Broadcast(5), trainer.Network.InnerRatesOf(), batch.SupportInputs, batch.SupportTargets, 3, createGraph: true);
        Assert.Equal(["head.weight", "head.bias"], trainer.Plan.Adapted);
        foreach (var name in theta.Names)
        {
            var moved = (fast[name] - theta[name].unsqueeze(0)).abs().max().item<float>();
            if (name.StartsWith("head", StringComparison.Ordinal)) Assert.True(moved > 1e-4, $"{name} was not adapted");
            else Assert.Equal(0f, moved);
        }
        // The body still learns in the outer loop.
        var gradients = Gradients(trainer, trainer.MetaLoss(Tasks(5)));
        Assert.True(gradients[0].abs().max().item<float>() > 0);
    }

    [Fact]
    public void Parameter_and_rate_names_read_like_a_pytorch_state_dict()
    {
        using var perParameter = MetaTrainer.Create(Sinusoid(new MetaSgd()) with { Adapt = ["layer_1", "head"] }, 0);
        Assert.Equal(
            ["layer_0.weight", "layer_0.bias", "layer_1.weight", "layer_1.bias", "head.weight", "head.bias",
             "inner_lr.layer_1.weight", "inner_lr.layer_1.bias", "inner_lr.head.weight", "inner_lr.head.bias"],
            perParameter.Network.state_dict().Keys);
        Assert.Equal(new long[] { 40, 40 }, perParameter.Network.state_dict()["inner_lr.layer_1.weight"].shape);
        using var perLayer = MetaTrainer.Create(Sinusoid(new MetaSgd(Rate: LearnedRate.PerLayer)), 0);
        Assert.Equal(["inner_lr.layer_0", "inner_lr.layer_1", "inner_lr.head"], perLayer.Network.state_dict().Keys.Skip(6));
        Assert.Equal("layer_0.weight [40, 1], layer_0.bias [40], layer_1.weight [40, 40], layer_1.bias [40], head.weight [1, 40], head.bias [1]",
            perLayer.Network.Weights.ToString());
    }

    [Fact]
    public void Meta_sgd_learns_its_inner_rates()
    {
        using var trainer = MetaTrainer.Create(Sinusoid(new MetaSgd(Rate: LearnedRate.PerLayer, MetaBatch: 5)), 6);
        for (var step = 0; step < 20; step++) trainer.Step(Tasks(5, first: step * 5));
        var rates = trainer.Network.InnerRatesOf().Tensors.Select(r => r.item<float>()).ToArray();
        Assert.Contains(rates, r => Math.Abs(r - 0.01f) > 1e-4);
    }

    [Theory]
    [InlineData("maml")]
    [InlineData("reptile")]
    public void Short_meta_training_reduces_post_adaptation_query_mse_on_sinusoids(string learner)
    {
        MetaLearner declared = learner == "maml" ? new Maml(MetaBatch: 10) : new Reptile(InnerSteps: 5, MetaBatch: 10);
        using var trainer = MetaTrainer.Create(Sinusoid(declared), 7);
        var held = Tasks(100, split: MetaSplit.Validation);
        double After(int steps) => trainer.MeasureAdaptation(held, steps).Losses.Average(curve => curve[steps]);
        var before = After(1);
        var steps = learner == "maml" ? 300 : 800; // Reptile's update is a small first-order step: it needs more.
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            trainer.Step(Tasks(10, first: step * 10));
        }
        var after = After(1);
        Assert.True(after < 0.8 * before, $"query MSE after one step: {before:F3} before, {after:F3} after meta-training");
        Assert.Equal(steps, trainer.Steps);
    }

    [Fact]
    public void Evaluation_leaves_theta_unchanged_and_its_first_point_is_the_unadapted_loss()
    {
        using var scope = NewDisposeScope();
        using var trainer = MetaTrainer.Create(Sinusoid(new Maml()), 8);
        var before = trainer.Network.Weights.Tensors.Select(t => t.clone()).ToArray();
        var tasks = Tasks(3);
        var curves = trainer.MeasureAdaptation(tasks, 5).Losses;
        Assert.Equal(0, MaxDifference(before, trainer.Network.Weights.Tensors));
        for (var i = 0; i < tasks.Length; i++)
        {
            using var _ = no_grad();
            var plain = (trainer.Network.call(tasks[i].QueryInputs) - tasks[i].QueryTargets).square().mean().item<float>();
            Assert.Equal(plain, curves[i][0], 4);
            Assert.True(curves[i][5] < curves[i][0]);
        }
    }
}
