using System;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Meta;
using Composable.Tests.Reporting;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

[MetaLearner]
public static partial class ConvSecondOrderMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Maml(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4));
}

[MetaLearner]
public static partial class ConvFirstOrderMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Maml(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 3, FirstOrder: true), new Adam(LearningRate: 0.01),
        Adapt: ["block_1", "head"], Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4));
}

[MetaLearner]
public static partial class ConvReptile
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Reptile(InnerSteps: 2, InnerLearningRate: 0.1, MetaBatch: 3), new Sgd(LearningRate: 0.5),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4));
}

[MetaLearner]
public static partial class ConvHeadOnlyAnil
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Anil(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4));
}

[MetaLearner]
public static partial class ConvPerParameterMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new MetaSgd(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Adapt: ["block_0.conv.weight", "block_1.norm", "head"], Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4));
}

[MetaLearner]
public static partial class ConvPerLayerMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.3, MetaBatch: 3, Rate: LearnedRate.PerLayer, FirstOrder: true), new Adam(LearningRate: 0.01),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4));
}

[MetaLearner]
public static partial class ConvGroupNormAveragedMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Maml(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4, Kernel: 5, Pooling: BlockPooling.Average,
            Norm: BlockNorm.Group, NormGroups: 2, Readout: BackboneReadout.GlobalAveragePool));
}

[MetaLearner]
public static partial class ConvUnnormalisedMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4, Padding: 0, Pooling: BlockPooling.None, Norm: BlockNorm.None));
}

[MetaLearner]
public static partial class ConvResidualMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Maml(InnerSteps: 1, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Adapt: ["block_1", "head"],
        Backbone: new ConvBackbone(new Image(1, 12, 12), Widths: [3, 4], Residual: true));
}

[MetaLearner]
public static partial class ConvResidualMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new MetaSgd(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Adapt: ["block_0.conv2.weight", "block_0.shortcut_norm", "block_1", "head"],
        Backbone: new ConvBackbone(new Image(1, 12, 12), Widths: [3, 4], Residual: true));
}

[MetaLearner]
public static partial class ConvResidualPerLayerMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.3, MetaBatch: 3, Rate: LearnedRate.PerLayer), new Adam(LearningRate: 0.01),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Widths: [3, 4], Residual: true, Norm: BlockNorm.Group, NormGroups: 1));
}

[MetaLearner]
public static partial class ConvMamlInPasses
{
    // A with copy of another declaration field is a declaration too.
    public static readonly MetaLearnerSpec Spec = ConvSecondOrderMaml.Spec with { TasksPerPass = 2 };
}

[MetaLearner]
public static partial class ConvReptileInPasses
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Reptile(InnerSteps: 2, InnerLearningRate: 0.1, MetaBatch: 3), new Sgd(LearningRate: 0.5),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4), TasksPerPass: 1);
}

[MetaLearner]
public static partial class ConvAnilInPasses
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Anil(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4), TasksPerPass: 1);
}

[MetaLearner]
public static partial class ConvMetaSgdInPasses
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new MetaSgd(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 3), new Adam(LearningRate: 0.01),
        Adapt: ["block_0.conv.weight", "block_1.norm", "head"], Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4),
        TasksPerPass: 2);
}

/// <summary>
/// The generated Trainer of a convolutional declaration is the run-time MetaTrainer specialised: the same seed and
/// episodes give the same θ, meta-losses, updates and adaptation curves; the generated graph lists both networks.
/// </summary>
public sealed class ConvGeneratedTrainerTests : IDisposable
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

    private const int Seed = 13;

    public static TheoryData<string> Learners => new() { "maml", "fomaml", "reptile", "anil", "metasgd", "metasgd-layer", "maml-group-norm", "metasgd-no-norm", "maml-residual",
        "maml-passes", "reptile-passes", "anil-passes", "metasgd-passes", "metasgd-residual", "metasgd-residual-layer" };

    /// <summary>The declarations that run a meta-batch in passes, each against the same declaration in one pass.</summary>
    public static TheoryData<string> InPasses => new() { "maml-passes", "reptile-passes", "anil-passes", "metasgd-passes" };

    private static (MetaLearnerSpec Spec, string Graph, Func<IMetaLearnerTrainer> Generated, Func<nn.Module> Network) Named(string name) => name switch
    {
        "maml" => (ConvSecondOrderMaml.Spec, ConvSecondOrderMaml.Graph, () => ConvSecondOrderMaml.Trainer.Create(Seed), () => new ConvSecondOrderMaml.Network()),
        "fomaml" => (ConvFirstOrderMaml.Spec, ConvFirstOrderMaml.Graph, () => ConvFirstOrderMaml.Trainer.Create(Seed), () => new ConvFirstOrderMaml.Network()),
        "reptile" => (ConvReptile.Spec, ConvReptile.Graph, () => ConvReptile.Trainer.Create(Seed), () => new ConvReptile.Network()),
        "maml-group-norm" => (ConvGroupNormAveragedMaml.Spec, ConvGroupNormAveragedMaml.Graph, () => ConvGroupNormAveragedMaml.Trainer.Create(Seed), () => new ConvGroupNormAveragedMaml.Network()),
        "metasgd-no-norm" => (ConvUnnormalisedMetaSgd.Spec, ConvUnnormalisedMetaSgd.Graph, () => ConvUnnormalisedMetaSgd.Trainer.Create(Seed), () => new ConvUnnormalisedMetaSgd.Network()),
        "maml-residual" => (ConvResidualMaml.Spec, ConvResidualMaml.Graph, () => ConvResidualMaml.Trainer.Create(Seed), () => new ConvResidualMaml.Network()),
        "anil" => (ConvHeadOnlyAnil.Spec, ConvHeadOnlyAnil.Graph, () => ConvHeadOnlyAnil.Trainer.Create(Seed), () => new ConvHeadOnlyAnil.Network()),
        "metasgd" => (ConvPerParameterMetaSgd.Spec, ConvPerParameterMetaSgd.Graph, () => ConvPerParameterMetaSgd.Trainer.Create(Seed), () => new ConvPerParameterMetaSgd.Network()),
        "metasgd-layer" => (ConvPerLayerMetaSgd.Spec, ConvPerLayerMetaSgd.Graph, () => ConvPerLayerMetaSgd.Trainer.Create(Seed), () => new ConvPerLayerMetaSgd.Network()),
        "metasgd-residual" => (ConvResidualMetaSgd.Spec, ConvResidualMetaSgd.Graph, () => ConvResidualMetaSgd.Trainer.Create(Seed), () => new ConvResidualMetaSgd.Network()),
        "metasgd-residual-layer" => (ConvResidualPerLayerMetaSgd.Spec, ConvResidualPerLayerMetaSgd.Graph, () => ConvResidualPerLayerMetaSgd.Trainer.Create(Seed), () => new ConvResidualPerLayerMetaSgd.Network()),
        "maml-passes" => (ConvMamlInPasses.Spec, ConvMamlInPasses.Graph, () => ConvMamlInPasses.Trainer.Create(Seed), () => new ConvMamlInPasses.Network()),
        "reptile-passes" => (ConvReptileInPasses.Spec, ConvReptileInPasses.Graph, () => ConvReptileInPasses.Trainer.Create(Seed), () => new ConvReptileInPasses.Network()),
        "anil-passes" => (ConvAnilInPasses.Spec, ConvAnilInPasses.Graph, () => ConvAnilInPasses.Trainer.Create(Seed), () => new ConvAnilInPasses.Network()),
        "metasgd-passes" => (ConvMetaSgdInPasses.Spec, ConvMetaSgdInPasses.Graph, () => ConvMetaSgdInPasses.Trainer.Create(Seed), () => new ConvMetaSgdInPasses.Network()),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Meta-batches of 3 episodes over the training classes of 18 classes of random 12×12 images, 4 examples each.</summary>
    private static Episode[][] MetaBatches(MetaLearnerSpec spec, int count)
    {
        manual_seed(5);
        var inputs = rand(18 * 4, spec.Input.Size);
        var labels = Enumerable.Range(0, 18).SelectMany(c => Enumerable.Repeat(c, 4)).ToArray();
        var family = new ClassIndexedFamily(inputs, labels, (FewShotClassification)spec.Episodes);
        return Enumerable.Range(0, count).Select(b => family.SampleBatch(MetaSplit.Train, b * 3L, 3)).ToArray();
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Generated_conv_trainer_takes_the_steps_of_the_run_time_trainer(string learner)
    {
        using var scope = NewDisposeScope();
        var (spec, _, create, _) = Named(learner);
        var batches = MetaBatches(spec, 3);
        using var runTime = MetaTrainer.Create(spec, Seed);
        using var generated = create();

        Assert.Equal(GeneratedTrainerTests.StateOf(runTime.Network).Select(p => p.Name), GeneratedTrainerTests.StateOf(generated.Module).Select(p => p.Name));
        GeneratedTrainerTests.AssertSameParameters(runTime.Network, generated.Module, 0);
        Assert.Equal(runTime.MetaLoss(batches[0]).item<float>(), generated.MetaLoss(batches[0]).item<float>(), 1e-6);

        foreach (var batch in batches)
        {
            var expected = runTime.Step(batch);
            var actual = generated.Step(batch);
            Assert.Equal(expected.Total, actual.Total, 1e-5);
            for (var e = 0; e < batch.Length; e++)
                Assert.Equal(expected.TaskLosses[e], actual.TaskLosses[e], 1e-5 * Math.Max(1, Math.Abs(expected.TaskLosses[e])));
        }
        GeneratedTrainerTests.AssertSameParameters(runTime.Network, generated.Module, 1e-5);

        var expectedCurves = runTime.MeasureAdaptation(batches[0], 2).Losses;
        var actualCurves = generated.MeasureAdaptation(batches[0], 2).Losses;
        for (var e = 0; e < expectedCurves.Length; e++)
            for (var s = 0; s < expectedCurves[e].Length; s++)
                Assert.Equal(expectedCurves[e][s], actualCurves[e][s], 1e-5 * Math.Max(1, Math.Abs(expectedCurves[e][s])));
    }

    /// <summary>
    /// A meta-batch in passes (of 2 and 1 tasks, or 1 at a time) is the same computation as in one pass: the same
    /// meta-losses, per-task losses, updated θ (the gradients accumulate pass by pass, so only to rounding) and
    /// adaptation curves, in the generated trainer as in the run time's.
    /// </summary>
    [Theory]
    [MemberData(nameof(InPasses))]
    public void A_meta_batch_in_passes_takes_the_steps_of_one_pass(string learner)
    {
        using var scope = NewDisposeScope();
        var (spec, _, create, _) = Named(learner);
        Assert.NotNull(spec.TasksPerPass);
        var batches = MetaBatches(spec, 3);
        using var onePass = MetaTrainer.Create(spec with { TasksPerPass = null }, Seed);
        using var inPasses = create();

        Assert.Equal(onePass.MetaLoss(batches[0]).item<float>(), inPasses.MetaLoss(batches[0]).item<float>(), 1e-6);
        foreach (var batch in batches)
        {
            var expected = onePass.Step(batch);
            var actual = inPasses.Step(batch);
            Assert.Equal(batch.Length, actual.TaskLosses.Count);
            Assert.Equal(expected.Total, actual.Total, 1e-5);
            for (var e = 0; e < batch.Length; e++)
                Assert.Equal(expected.TaskLosses[e], actual.TaskLosses[e], 1e-5 * Math.Max(1, Math.Abs(expected.TaskLosses[e])));
            AssertSameGradients(onePass.Network, inPasses.Module);
        }
        using (var initial = MetaTrainer.Create(spec, Seed))
        {
            var moved = GeneratedTrainerTests.StateOf(inPasses.Module).Zip(GeneratedTrainerTests.StateOf(initial.Network))
                .Sum(p => (p.Item1.Value - p.Item2.Value).abs().sum().item<float>());
            Assert.True(moved > 1e-3, $"Three steps moved θ by only {moved}.");
        }
        // θ itself is compared through the gradients: a parameter whose meta-gradient is zero up to rounding (a
        // convolution's bias before batch norm) takes Adam steps of ±lr from the rounding, differently in each run,
        // without changing any output.

        var expectedCurves = onePass.MeasureAdaptation(batches[0], 2);
        var actualCurves = inPasses.MeasureAdaptation(batches[0], 2);
        Assert.Equal(batches[0].Length, actualCurves.Losses.Length);
        for (var e = 0; e < expectedCurves.Losses.Length; e++)
            for (var s = 0; s < expectedCurves.Losses[e].Length; s++)
            {
                Assert.Equal(expectedCurves.Losses[e][s], actualCurves.Losses[e][s], 1e-5 * Math.Max(1, Math.Abs(expectedCurves.Losses[e][s])));
                Assert.Equal(expectedCurves.Accuracies![e][s], actualCurves.Accuracies![e][s], 1e-9);
            }
    }

    /// <summary>The meta-gradients a step left on θ (and Meta-SGD's rates) agree to 1e-5 + 1e-4 of the largest.</summary>
    private static void AssertSameGradients(nn.Module expected, nn.Module actual)
    {
        var a = expected.named_parameters().ToArray();
        var b = actual.named_parameters().ToArray();
        Assert.Equal(a.Select(p => p.name), b.Select(p => p.name));
        for (var i = 0; i < a.Length; i++)
        {
            var (g, h) = (a[i].parameter.grad, b[i].parameter.grad);
            Assert.True(g is not null && h is not null, $"{a[i].name} has no gradient.");
            var scale = g!.abs().max().item<float>();
            var difference = (g - h!).abs().max().item<float>();
            Assert.True(difference <= 1e-5 + 1e-4 * scale, $"The gradient of {a[i].name} differs by {difference} (largest {scale}).");
        }
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Generated_graph_is_the_plans_and_lists_both_networks(string learner)
    {
        using var scope = NewDisposeScope();
        var (spec, graph, _, network) = Named(learner);
        using var generated = network();
        using var runTime = new MetaNetwork(MetaPlan.For(spec));

        Assert.Equal(MetaGraphText.Render(graph.Split(':')[0], MetaPlan.For(spec)), graph);
        GraphListing.AssertDescribes(graph, generated);
        GraphListing.AssertDescribes(graph, runTime);
        Assert.Equal(runTime.state_dict().Keys, generated.state_dict().Keys);
        Assert.Equal(runTime.state_dict().Values.Select(t => t.shape), generated.state_dict().Values.Select(t => t.shape));
    }

    [Fact]
    public void Meta_sgd_rates_of_a_residual_block_sit_under_its_parts()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(["inner_lr.block_0.conv2.weight", "inner_lr.block_0.shortcut_norm.weight", "inner_lr.block_0.shortcut_norm.bias"],
            ConvResidualMetaSgd.InnerRates.Names.Take(3));
        Assert.Contains("inner_lr.block_1.conv3.bias", ConvResidualMetaSgd.InnerRates.Names);
        Assert.Equal(["inner_lr.block_0.conv1", "inner_lr.block_0.norm1", "inner_lr.block_0.conv2", "inner_lr.block_0.norm2", "inner_lr.block_0.conv3",
            "inner_lr.block_0.norm3", "inner_lr.block_0.shortcut", "inner_lr.block_0.shortcut_norm"], ConvResidualPerLayerMetaSgd.InnerRates.Names.Take(8));
        using var network = new ConvResidualMetaSgd.Network();
        Assert.Equal(new long[] { 3, 3, 3, 3 }, network.LearnedRates.Block0Conv2Weight.shape);
        using var runTime = new MetaNetwork(MetaPlan.For(ConvResidualMetaSgd.Spec));
        Assert.Equal(runTime.state_dict().Keys.Where(k => k.StartsWith("inner_lr.", StringComparison.Ordinal)), ConvResidualMetaSgd.InnerRates.Names);
    }

    [Fact]
    public void Meta_sgd_rates_of_a_block_sit_under_the_blocks_name()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(["inner_lr.block_0.conv.weight", "inner_lr.block_1.norm.weight", "inner_lr.block_1.norm.bias", "inner_lr.head.weight", "inner_lr.head.bias"],
            ConvPerParameterMetaSgd.InnerRates.Names);
        Assert.Equal(["inner_lr.block_0.conv", "inner_lr.block_0.norm", "inner_lr.block_1.conv", "inner_lr.block_1.norm", "inner_lr.head"],
            ConvPerLayerMetaSgd.InnerRates.Names);
        using var network = new ConvPerParameterMetaSgd.Network();
        Assert.Equal(new long[] { 4, 1, 3, 3 }, network.LearnedRates.Block0ConvWeight.shape);
        Assert.Contains("inner rates: inner_lr.block_0.conv, inner_lr.block_0.norm, inner_lr.block_1.conv, inner_lr.block_1.norm, inner_lr.head (5 learned)", ConvPerLayerMetaSgd.Graph);
    }
}
