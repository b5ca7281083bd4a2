using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.Tests.FewShot;
using Composable.Tests.Reporting;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.FewShot;

/// <summary>Parts the sample declarations share; the generator follows references to static readonly fields.</summary>
internal static class FewShotSampleParts
{
    public static readonly MlpBackbone SmallMlp = new(new Features(32), [16, 8]);
    public static readonly FewShotClassification ThreeWay = new(Ways: 3, Shots: 2, Queries: 3);
    public static readonly Adam Outer = new(LearningRate: 0.01);
}

[FewShotLearner]
public static partial class EuclideanPrototypes
{
    public static readonly FewShotLearnerSpec Spec = new(FewShotSampleParts.SmallMlp, FewShotSampleParts.ThreeWay, new Prototypical(), FewShotSampleParts.Outer);
}

[FewShotLearner]
public static partial class CosinePrototypes
{
    public static readonly FewShotLearnerSpec Spec = new(
        new MlpBackbone(new Features(32), [16, 8], Activation.Tanh),
        FewShotSampleParts.ThreeWay,
        new Prototypical(Distance.Cosine, CosineScale: 5),
        Outer: new Sgd(LearningRate: 0.1, Momentum: 0.9),
        MetaBatch: 2);
}

[FewShotLearner]
public static partial class MatchingLearner
{
    public static readonly FewShotLearnerSpec Spec = new(FewShotSampleParts.SmallMlp, FewShotSampleParts.ThreeWay, new Matching(CosineScale: 8), FewShotSampleParts.Outer);
}

[FewShotLearner]
public static partial class RelationLearner
{
    public static readonly FewShotLearnerSpec Spec = new(FewShotSampleParts.SmallMlp, FewShotSampleParts.ThreeWay, new Relation([12, 6]), FewShotSampleParts.Outer);
}

[FewShotLearner]
public static partial class LstmReaderLearner
{
    public static readonly FewShotLearnerSpec Spec = new(
        FewShotSampleParts.SmallMlp, FewShotSampleParts.ThreeWay, new LstmReader(Hidden: 10, Layers: 2), FewShotSampleParts.Outer, MetaBatch: 2);
}

[FewShotLearner]
public static partial class AttentionReaderLearner
{
    public static readonly FewShotLearnerSpec Spec = new(
        FewShotSampleParts.SmallMlp, FewShotSampleParts.ThreeWay, new AttentionReader(Width: 12, Heads: 3, Layers: 2), FewShotSampleParts.Outer);
}

[FewShotLearner]
public static partial class ConvPrototypes
{
    public static readonly FewShotLearnerSpec Spec = new(
        new ConvBackbone(new Image(Channels: 1, Height: 12, Width: 12), Blocks: 2, Channels: 8),
        FewShotSampleParts.ThreeWay,
        new Prototypical(),
        FewShotSampleParts.Outer);
}

/// <summary>
/// Every generated few-shot <c>Network</c> and <c>Trainer</c> computes exactly what the interpreted
/// <see cref="FewShotNetwork"/> and <see cref="EpisodicTrainer"/> compute for the same declaration: same initial
/// parameters, same scores, same losses step after step; and <see cref="FewShotPlan"/> names and shapes exactly the
/// parameters the network registers.
/// </summary>
public sealed class GeneratedFewShotTests
{
    private const int Seed = 11;
    private const int TrainingSteps = 5;

    /// <summary>A generated trainer seen through what the comparisons need.</summary>
    private sealed record GeneratedTrainer(IEpisodicClassifier Network, Func<IReadOnlyList<Episode>, StepResult> Step, IDisposable Trainer) : IDisposable
    {
        public void Dispose() => Trainer.Dispose();
    }

    /// <summary>A declaration, its generated graph text, and how to build its generated trainer from a seed.</summary>
    private sealed record Sample(FewShotLearnerSpec Spec, string Graph, Func<int, GeneratedTrainer> Trainer);

    private static GeneratedTrainer Of<TTrainer>(TTrainer trainer, Func<TTrainer, IEpisodicClassifier> network, Func<TTrainer, Func<IReadOnlyList<Episode>, StepResult>> step)
        where TTrainer : IDisposable => new(network(trainer), step(trainer), trainer);

    private static readonly Dictionary<string, Sample> Samples = new()
    {
        [nameof(EuclideanPrototypes)] = new(EuclideanPrototypes.Spec, EuclideanPrototypes.Graph,
            seed => Of(EuclideanPrototypes.Trainer.Create(seed), t => t.Network, t => t.Step)),
        [nameof(CosinePrototypes)] = new(CosinePrototypes.Spec, CosinePrototypes.Graph,
            seed => Of(CosinePrototypes.Trainer.Create(seed), t => t.Network, t => t.Step)),
        [nameof(MatchingLearner)] = new(MatchingLearner.Spec, MatchingLearner.Graph,
            seed => Of(MatchingLearner.Trainer.Create(seed), t => t.Network, t => t.Step)),
        [nameof(RelationLearner)] = new(RelationLearner.Spec, RelationLearner.Graph,
            seed => Of(RelationLearner.Trainer.Create(seed), t => t.Network, t => t.Step)),
        [nameof(LstmReaderLearner)] = new(LstmReaderLearner.Spec, LstmReaderLearner.Graph,
            seed => Of(LstmReaderLearner.Trainer.Create(seed), t => t.Network, t => t.Step)),
        [nameof(AttentionReaderLearner)] = new(AttentionReaderLearner.Spec, AttentionReaderLearner.Graph,
            seed => Of(AttentionReaderLearner.Trainer.Create(seed), t => t.Network, t => t.Step)),
        [nameof(ConvPrototypes)] = new(ConvPrototypes.Spec, ConvPrototypes.Graph,
            seed => Of(ConvPrototypes.Trainer.Create(seed), t => t.Network, t => t.Step)),
    };

    public static TheoryData<string> Declarations => new(Samples.Keys);

    private static ClassIndexedFamily FamilyOf(FewShotLearnerSpec spec) =>
        SyntheticClasses.Family((FewShotClassification)spec.Episodes, classes: 20, perClass: 6, width: InputWidth(spec.Backbone));

    private static int InputWidth(Backbone backbone) => backbone switch
    {
        ConvBackbone conv => conv.Input.Channels * conv.Input.Height * conv.Input.Width,
        MlpBackbone mlp => mlp.Input.Width,
        _ => throw new ArgumentOutOfRangeException(nameof(backbone), backbone, "Unknown backbone."),
    };

    /// <summary>Every parameter and buffer by name, so that batch-norm running statistics are compared too.</summary>
    private static void AssertSameState(IEpisodicClassifier expected, IEpisodicClassifier actual)
    {
        var want = expected.Module.state_dict();
        var got = actual.Module.state_dict();
        Assert.Equal(want.Keys, got.Keys);
        foreach (var (name, tensor) in want)
        {
            Assert.Equal(tensor.shape, got[name].shape);
            Assert.True(tensor.equal(got[name]).all().item<bool>(), $"{name} differs");
        }
    }

    /// <summary>Scores of both networks, torch's generator seeded alike before each (the LSTM reader shuffles in training mode).</summary>
    private static (Tensor Expected, Tensor Actual) ScoresOfBoth(IEpisodicClassifier expected, IEpisodicClassifier actual, Episode episode, int ways)
    {
        manual_seed(Seed);
        var want = expected.Scores(episode.SupportInputs, episode.SupportTargets, episode.QueryInputs, ways);
        manual_seed(Seed);
        var got = actual.Scores(episode.SupportInputs, episode.SupportTargets, episode.QueryInputs, ways);
        return (want, got);
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_network_starts_from_the_interpreted_parameters_and_scores_alike(string declaration)
    {
        var sample = Samples[declaration];
        using var generated = sample.Trainer(Seed);
        using var interpreted = EpisodicTrainer.Create(sample.Spec, Seed);
        AssertSameState(interpreted.Model, generated.Network);

        using var scope = NewDisposeScope();
        var family = FamilyOf(sample.Spec);
        var episode = family.Sample(MetaSplit.Validation, 0);
        var ways = ClassifierEpisodes.WaysOf(episode);
        foreach (var training in new[] { true, false })
        {
            interpreted.Model.Module.train(training);
            generated.Network.Module.train(training);
            using var noGrad = no_grad();
            var (want, got) = ScoresOfBoth(interpreted.Model, generated.Network, episode, ways);
            Assert.Equal(new long[] { episode.QueryInputs.shape[0], ways }, got.shape);
            Assert.True(want.equal(got).all().item<bool>(), $"scores differ in {(training ? "training" : "evaluation")} mode");
            Assert.Equal(interpreted.Model.Loss(want, episode.QueryTargets).item<float>(), generated.Network.Loss(got, episode.QueryTargets).item<float>());
        }
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_trainer_takes_the_interpreted_trainer_steps(string declaration)
    {
        var sample = Samples[declaration];
        using var generated = sample.Trainer(Seed);
        using var interpreted = EpisodicTrainer.Create(sample.Spec, Seed);
        var family = FamilyOf(sample.Spec);

        var losses = new List<double>();
        for (var step = 0; step < TrainingSteps; step++)
        {
            using var scope = NewDisposeScope();
            var episodes = family.SampleBatch(MetaSplit.Train, step * sample.Spec.MetaBatch, sample.Spec.MetaBatch);
            manual_seed(Seed + step);
            var want = interpreted.Step(episodes);
            manual_seed(Seed + step);
            var got = generated.Step(episodes);
            Assert.Equal(want.Total, got.Total);
            Assert.Equal(want.TaskLosses, got.TaskLosses);
            losses.Add(got.Total);
        }

        Assert.Equal(TrainingSteps, interpreted.Steps);
        Assert.True(losses.Distinct().Count() > 1, "training should change the loss");
        AssertSameState(interpreted.Model, generated.Network);
    }

    public static TheoryData<string, string> LearnersAndBackbones
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var learner in new[] { "prototypical", "cosine", "matching", "relation", "lstm", "attention" })
                foreach (var backbone in new[] { "mlp", "conv" })
                    data.Add(learner, backbone);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(LearnersAndBackbones))]
    public void Plan_names_and_shapes_are_the_interpreted_network_parameters(string learner, string backbone)
    {
        Backbone body = backbone == "conv"
            ? new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 8)
            : new MlpBackbone(new Features(SyntheticClasses.Width), [16, 8]);
        var spec = new FewShotLearnerSpec(body, new FewShotClassification(4, 1, 2), FewShotNetworkTests.Learner(learner));
        using var network = new FewShotNetwork(spec);

        Assert.Equal(
            FewShotPlan.For(spec).Parameters.Select(p => (p.Name, Shape: string.Join(", ", p.Shape))),
            network.named_parameters().Select(p => (p.name, Shape: string.Join(", ", p.parameter.shape))));
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Graph_lists_the_parameters_of_the_generated_and_the_interpreted_network(string declaration)
    {
        var sample = Samples[declaration];
        using var generated = sample.Trainer(Seed);
        using var interpreted = new FewShotNetwork(sample.Spec);

        GraphListing.AssertDescribes(sample.Graph, generated.Network.Module);
        GraphListing.AssertDescribes(sample.Graph, interpreted);
    }

    [Fact]
    public void Graph_listing_rejects_a_relation_module_read_with_the_wrong_width()
    {
        using var generated = Samples[nameof(RelationLearner)].Trainer(Seed);

        GraphListing.AssertCorruptionsFail(RelationLearner.Graph, generated.Network.Module,
            ("relation.layer_0.weight [12, 16] 192", "relation.layer_0.weight [12, 8] 96"));
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_network_rejects_bad_episodes_as_the_interpreted_one_does(string declaration)
    {
        using var scope = NewDisposeScope();
        using var trainer = Samples[declaration].Trainer(Seed);
        var spec = Samples[declaration].Spec;
        var width = Backbones.InputWidth(spec.Backbone);
        var labels = tensor(new long[] { 0, 1, 2 });
        var wide = Assert.Throws<ArgumentException>(() => trainer.Network.Scores(randn(3, width + 1), labels, randn(2, width), 3));
        Assert.Contains($"[3, {width + 1}]", wide.Message);
        var unlabelled = Assert.Throws<ArgumentException>(() => trainer.Network.Scores(randn(3, width), tensor(new long[] { 0, 1 }), randn(2, width), 3));
        Assert.Contains("one label per support row", unlabelled.Message);
        Assert.Contains("per query row", Assert.Throws<ArgumentException>(() => trainer.Network.Loss(randn(3, 3), tensor(new long[] { 0, 1 }))).Message);
    }
}
