using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Meta;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

[MetaLearner]
public static partial class SecondOrderMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [12, 12], 1, new FewShotRegression(Shots: 5, Queries: 5),
        new Maml(InnerSteps: 2, InnerLearningRate: 0.05, MetaBatch: 4), new Adam(LearningRate: 0.01));
}

[MetaLearner]
public static partial class FirstOrderMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [12, 12], 1, new FewShotRegression(Shots: 5, Queries: 5),
        new Maml(InnerSteps: 2, InnerLearningRate: 0.05, MetaBatch: 4, FirstOrder: true), new Adam(LearningRate: 0.01));
}

[MetaLearner]
public static partial class SmallReptile
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [12, 12], 1, new FewShotRegression(Shots: 5, Queries: 5),
        new Reptile(InnerSteps: 3, InnerLearningRate: 0.05, MetaBatch: 4), new Sgd(LearningRate: 0.5));
}

[MetaLearner]
public static partial class PerParameterMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [12, 12], 1, new FewShotRegression(Shots: 5, Queries: 5),
        new MetaSgd(InnerSteps: 2, InnerLearningRate: 0.05, MetaBatch: 4), new Adam(LearningRate: 0.01));
}

[MetaLearner]
public static partial class PerLayerMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [12, 12], 1, new FewShotRegression(Shots: 5, Queries: 5),
        new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.05, MetaBatch: 4, Rate: LearnedRate.PerLayer), new Adam(LearningRate: 0.01),
        Adapt: ["layer_1", "head"]);
}

[MetaLearner]
public static partial class RegressionAnil
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [12, 12], 1, new FewShotRegression(Shots: 5, Queries: 5),
        new Anil(InnerSteps: 2, InnerLearningRate: 0.1, MetaBatch: 4), new Adam(LearningRate: 0.01));
}

[MetaLearner]
public static partial class PartialMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [12, 12], 1, new FewShotRegression(Shots: 5, Queries: 5),
        new Maml(InnerSteps: 2, InnerLearningRate: 0.05, MetaBatch: 4), new Adam(LearningRate: 0.01),
        Activation: Activation.Tanh, Adapt: ["layer_1", "head.bias"]);
}

[MetaLearner]
public static partial class ClassifyingMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(8), [16], 3, new FewShotClassification(Ways: 3, Shots: 2, Queries: 2),
        new MetaSgd(InnerSteps: 2, InnerLearningRate: 0.3, MetaBatch: 4, FirstOrder: true), new Adam(LearningRate: 0.01),
        Adapt: ["layer_0.bias", "head"]);
}

/// <summary>
/// The generated episodic Trainer of each learner is the run-time MetaTrainer specialised: same seed and episodes give
/// the same meta-losses, the same parameters (learned rates included) and the same adaptation curves.
/// </summary>
public sealed class GeneratedTrainerTests
{
    private const int Seed = 11;

    public static TheoryData<string> Learners => new()
    {
        "maml", "fomaml", "reptile", "metasgd", "metasgd-layer", "anil", "partial", "metasgd-classification", "anil-classification",
    };

    private static (MetaLearnerSpec Spec, Func<IMetaLearnerTrainer> Generated) Named(string name) => name switch
    {
        "maml" => (SecondOrderMaml.Spec, () => SecondOrderMaml.Trainer.Create(Seed)),
        "fomaml" => (FirstOrderMaml.Spec, () => FirstOrderMaml.Trainer.Create(Seed)),
        "reptile" => (SmallReptile.Spec, () => SmallReptile.Trainer.Create(Seed)),
        "metasgd" => (PerParameterMetaSgd.Spec, () => PerParameterMetaSgd.Trainer.Create(Seed)),
        "metasgd-layer" => (PerLayerMetaSgd.Spec, () => PerLayerMetaSgd.Trainer.Create(Seed)),
        "anil" => (RegressionAnil.Spec, () => RegressionAnil.Trainer.Create(Seed)),
        "partial" => (PartialMaml.Spec, () => PartialMaml.Trainer.Create(Seed)),
        "metasgd-classification" => (ClassifyingMetaSgd.Spec, () => ClassifyingMetaSgd.Trainer.Create(Seed)),
        "anil-classification" => (TanhClassifier.Spec, () => TanhClassifier.Trainer.Create(Seed)),
        _ => throw new ArgumentException(name),
    };

    private static Episode[][] MetaBatches(MetaLearnerSpec spec, int count)
    {
        if (spec.Episodes is FewShotClassification shape)
        {
            manual_seed(5);
            var inputs = randn(30 * 6, spec.Input.Size);
            var labels = Enumerable.Range(0, 30).SelectMany(c => Enumerable.Repeat(c, 6)).ToArray();
            var family = new ClassIndexedFamily(inputs, labels, shape);
            return Enumerable.Range(0, count).Select(b => family.SampleBatch(MetaSplit.Train, b * 4L, 4)).ToArray();
        }
        var sinusoids = new SinusoidFamily((FewShotRegression)spec.Episodes);
        return Enumerable.Range(0, count).Select(b => sinusoids.SampleBatch(MetaSplit.Train, b * 4L, 4)).ToArray();
    }

    internal static (string Name, Tensor Value)[] StateOf(nn.Module module) =>
        module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToArray();

    [Theory]
    [MemberData(nameof(Learners))]
    public void Generated_trainer_takes_the_steps_of_the_run_time_trainer(string learner)
    {
        using var scope = NewDisposeScope();
        var (spec, create) = Named(learner);
        var batches = MetaBatches(spec, 4);
        using var runTime = MetaTrainer.Create(spec, Seed);
        using var generated = create();

        Assert.Equal(StateOf(runTime.Network).Select(p => p.Name), StateOf(generated.Module).Select(p => p.Name));
        AssertSameParameters(runTime.Network, generated.Module, 0);
        Assert.Equal(runTime.MetaLoss(batches[0]).item<float>(), generated.MetaLoss(batches[0]).item<float>(), 1e-6);

        foreach (var batch in batches)
        {
            var expected = runTime.Step(batch);
            var actual = generated.Step(batch);
            Assert.Equal(expected.Total, actual.Total, 1e-6);
            Assert.Equal(batch.Length, actual.TaskLosses.Count);
            for (var e = 0; e < batch.Length; e++)
                Assert.Equal(expected.TaskLosses[e], actual.TaskLosses[e], 1e-6 * Math.Max(1, Math.Abs(expected.TaskLosses[e])));
        }
        Assert.Equal(batches.Length, generated.Steps);
        AssertSameParameters(runTime.Network, generated.Module, 1e-6);

        var expectedCurves = runTime.MeasureAdaptation(batches[0], 3).Losses;
        var actualCurves = generated.MeasureAdaptation(batches[0], 3).Losses;
        Assert.Equal(batches[0].Length, actualCurves.Length);
        for (var e = 0; e < expectedCurves.Length; e++)
        {
            Assert.Equal(4, actualCurves[e].Length);
            for (var s = 0; s < expectedCurves[e].Length; s++)
                Assert.Equal(expectedCurves[e][s], actualCurves[e][s], 1e-6 * Math.Max(1, Math.Abs(expectedCurves[e][s])));
        }
        // The curves adapt: after three steps the mean query loss is not the unadapted one.
        Assert.NotEqual(actualCurves.Average(c => c[0]), actualCurves.Average(c => c[3]));
    }

    internal static void AssertSameParameters(nn.Module expected, nn.Module actual, double tolerance)
    {
        var a = StateOf(expected);
        var b = StateOf(actual);
        for (var i = 0; i < a.Length; i++)
        {
            var difference = (a[i].Value - b[i].Value).abs().max().item<float>();
            Assert.True(difference <= tolerance, $"{a[i].Name} differs by {difference}");
        }
    }

    [Fact]
    public void Training_moves_the_parameters_and_the_learned_rates()
    {
        using var scope = NewDisposeScope();
        using var trainer = PerParameterMetaSgd.Trainer.Create(Seed);
        var before = StateOf(trainer.Network).Select(p => p.Value.clone()).ToArray();
        foreach (var batch in MetaBatches(PerParameterMetaSgd.Spec, 2)) trainer.Step(batch);
        var after = StateOf(trainer.Network);
        for (var i = 0; i < before.Length; i++)
            Assert.False(before[i].equal(after[i].Value).all().item<bool>(), $"{after[i].Name} did not change");
    }

    [Fact]
    public void Generated_network_state_dict_names_equal_the_run_time_network_with_rates()
    {
        using var scope = NewDisposeScope();
        foreach (var (spec, network) in new (MetaLearnerSpec, nn.Module)[]
                 {
                     (PerParameterMetaSgd.Spec, new PerParameterMetaSgd.Network()),
                     (PerLayerMetaSgd.Spec, new PerLayerMetaSgd.Network()),
                     (ClassifyingMetaSgd.Spec, new ClassifyingMetaSgd.Network()),
                 })
        {
            using var runTime = new MetaNetwork(MetaPlan.For(spec));
            Assert.Equal(runTime.state_dict().Keys, network.state_dict().Keys);
            Assert.Equal(runTime.state_dict().Values.Select(t => t.shape), network.state_dict().Values.Select(t => t.shape));
        }
        Assert.Contains("inner_lr.layer_0.weight", new PerParameterMetaSgd.Network().state_dict().Keys);
        Assert.Equal(new[] { "inner_lr.layer_1", "inner_lr.head" }, PerLayerMetaSgd.InnerRates.Names);
        Assert.Equal(new[] { "inner_lr.layer_0.bias", "inner_lr.head.weight", "inner_lr.head.bias" }, ClassifyingMetaSgd.InnerRates.Names);
        Assert.Equal(new long[] { 3, 16 }, new ClassifyingMetaSgd.Network().LearnedRates.HeadWeight.shape);
        Assert.Contains("inner rates: inner_lr.layer_1, inner_lr.head (2 learned)", PerLayerMetaSgd.Graph);
    }
}
