using System;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Data.Glyphs;
using Composable.Meta;
using Composable.Meta.Baselines;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

/// <summary>The run time's MetaTrainer on convolutional declarations: θ from the seed, task-batched learners, training on glyph episodes.</summary>
public class ConvMetaTrainerTests : IDisposable
{
    // Raw convolutions back-propagated outside any trainer step, through layers oneDNN would pad: held on the native
    // kernels so that another test class's oneDNN training step cannot switch them meanwhile (CpuKernels.Hold).
    private readonly ConvolutionLease _native = CpuKernels.Hold(ConvolutionKernels.Native);

    /// <summary>Ends the hold on the native kernels.</summary>
    public void Dispose()
    {
        _native.Dispose();
        GC.SuppressFinalize(this);
    }

    private static readonly ConvBackbone Tiny = new(new Image(1, 28, 28), Blocks: 2, Channels: 8);

    private static MetaLearnerSpec FiveWayOneShot(MetaLearner learner, double outerRate = 0.003) => new(
        new Image(1, 28, 28), [], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 5), learner, new Adam(LearningRate: outerRate),
        Backbone: Tiny);

    /// <summary>Synthetic glyphs: a few random straight strokes each, rendered with the default jitter (no data package needed).</summary>
    internal static ClassIndexedFamily GlyphFamily(int characters = 40, int seed = 1)
    {
        var random = new Random(seed);
        float Coordinate() => 30 + (float)random.NextDouble() * 196;
        var glyphs = Enumerable.Range(0, characters).Select(c => new Glyph($"g{c}", ValueList.From(
            Enumerable.Range(0, 2 + random.Next(3)).Select(_ => new GlyphStroke(Coordinate(), Coordinate(), Coordinate(), Coordinate()))))).ToArray();
        return new GlyphDataset(glyphs, samplesPerClass: 6, seed: seed).Family(new FewShotClassification(5, 1, 5), splitSeed: seed);
    }

    [Fact]
    public void Initial_weights_are_functional_convs_initial_parameters_for_the_seed()
    {
        using var scope = NewDisposeScope();
        var spec = FiveWayOneShot(new Maml());
        using var trainer = MetaTrainer.Create(spec, 7);
        using var again = MetaTrainer.Create(spec, 7);
        var expected = FunctionalConv.InitialParameters(new ConvStack(Tiny, 5), 7);

        Assert.Equal(MetaPlan.For(spec).Parameters.Select(p => p.Name), trainer.Network.state_dict().Keys);
        Assert.Equal(expected.Names, trainer.Network.Weights.Names);
        foreach (var (name, tensor) in expected)
        {
            Assert.True(tensor.equal(trainer.Network.Weights[name]).all().item<bool>(), $"{name} differs from FunctionalConv.InitialParameters");
            Assert.True(tensor.equal(again.Network.Weights[name]).all().item<bool>(), $"{name} differs between two trainers of one seed");
        }
    }

    [Theory]
    [InlineData("maml")]
    [InlineData("fomaml")]
    [InlineData("anil")]
    [InlineData("metasgd")]
    public void Task_batched_meta_loss_and_gradients_equal_the_per_task_loop(string learner)
    {
        using var scope = NewDisposeScope();
        var spec = FiveWayOneShot(learner switch
        {
            "maml" => new Maml(InnerSteps: 2, InnerLearningRate: 0.4, MetaBatch: 3),
            "fomaml" => new Maml(InnerSteps: 2, InnerLearningRate: 0.4, MetaBatch: 3, FirstOrder: true),
            "anil" => new Anil(InnerSteps: 2, InnerLearningRate: 0.4, MetaBatch: 3),
            _ => new MetaSgd(InnerSteps: 2, InnerLearningRate: 0.4, MetaBatch: 3),
        });
        using var trainer = MetaTrainer.Create(spec, 3);
        var episodes = GlyphFamily().SampleBatch(MetaSplit.Train, 0, 3);
        var theta = trainer.Network.Weights;

        var batched = trainer.MetaLoss(episodes);
        var batchedGradients = autograd.grad([batched], theta.Tensors.ToArray());
        var loop = trainer.MetaLoss(episodes, taskBatched: false);
        var loopGradients = autograd.grad([loop], theta.Tensors.ToArray());

        Assert.Equal(loop.item<float>(), batched.item<float>(), 1e-5);
        // float32 sums in another order: compare against the largest gradient (a conv bias before batch norm has a
        // true gradient of 0, so its float32 value is rounding noise of that size).
        var scale = loopGradients.Max(g => g.abs().max().item<float>());
        for (var i = 0; i < theta.Count; i++)
        {
            var difference = (batchedGradients[i] - loopGradients[i]).abs().max().item<float>();
            Assert.True(difference <= 1e-4 * scale, $"the gradient of {theta.Names[i]} differs by {difference} (largest gradient {scale})");
        }
    }

    [Fact]
    public void Five_way_one_shot_conv_maml_learns_on_glyph_episodes()
    {
        var spec = FiveWayOneShot(new Maml(InnerSteps: 1, InnerLearningRate: 0.4, MetaBatch: 4));
        var family = GlyphFamily();
        using var trainer = MetaTrainer.Create(spec, 5);
        var held = family.SampleBatch(MetaSplit.Train, 10_000, 8);
        double HeldLoss()
        {
            using var scope = NewDisposeScope();
            return trainer.MetaLoss(held).item<float>();
        }

        var before = HeldLoss();
        var losses = Enumerable.Range(0, 20).Select(s => trainer.Step(family.SampleBatch(MetaSplit.Train, 4L * s, 4)).Total).ToArray();
        var after = HeldLoss();

        Assert.All(losses, l => Assert.True(double.IsFinite(l), $"a meta-loss is {l}"));
        Assert.True(after < before, $"held-out meta-loss {before} → {after}; step losses {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
        Assert.True(losses.Skip(15).Average() < losses.Take(5).Average(), $"step losses {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
        Assert.Equal(20, trainer.Steps);
    }

    [Fact]
    public void Reptile_and_anil_fit_and_evaluate_a_conv_declaration()
    {
        var family = GlyphFamily();
        foreach (var learner in new MetaLearner[] { new Reptile(InnerSteps: 2, InnerLearningRate: 0.1, MetaBatch: 2), new Anil(InnerSteps: 2, InnerLearningRate: 0.4, MetaBatch: 2) })
        {
            using var trainer = MetaTrainer.Create(FiveWayOneShot(learner), 9);
            var before = trainer.Network.Weights.Tensors.Select(t => t.detach().clone()).ToArray();
            trainer.Fit(new EpisodeSource(family, MetaSplit.Train, 6), new FitOptions(Steps: 3));
            var evaluation = trainer.Evaluate(new EpisodeSource(family, MetaSplit.Test, 4));
            var curves = trainer.MeasureAdaptation(family.SampleBatch(MetaSplit.Test, 0, 2), 2);

            Assert.Equal(3, trainer.Steps);
            Assert.True(double.IsFinite(evaluation.MeanLoss), $"{learner}: mean loss {evaluation.MeanLoss}");
            Assert.NotNull(evaluation.Accuracy);
            Assert.Equal(3, evaluation.LossAfterStep.Count);
            Assert.Equal(2, curves.Losses.Length);
            Assert.Contains(trainer.Network.Weights.Tensors.Select((t, i) => !t.equal(before[i]).all().item<bool>()), moved => moved);
            foreach (var t in before) t.Dispose();
        }
    }

    [Fact]
    public void Pretrained_baseline_trains_and_fine_tunes_the_conv_network()
    {
        var family = GlyphFamily();
        using var baseline = new PretrainedBaseline(FiveWayOneShot(new Maml(MetaBatch: 2)), fineTuneLearningRate: 0.1, seed: 3);
        var losses = Enumerable.Range(0, 3).Select(s => baseline.Step(family.SampleBatch(MetaSplit.Train, 2L * s, 2))).ToArray();
        var curves = baseline.MeasureAdaptation(family.SampleBatch(MetaSplit.Test, 0, 2), 2);

        Assert.All(losses, l => Assert.True(double.IsFinite(l), $"a joint-training loss is {l}"));
        Assert.Equal(["block_0", "block_1", "head"], baseline.Network.Plan.Spec.Adapt);
        Assert.All(curves.Losses, c => Assert.Equal(3, c.Length));
    }
}
