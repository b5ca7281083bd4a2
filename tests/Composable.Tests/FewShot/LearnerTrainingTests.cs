using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.Training;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Composable.Tests.FewShot;

public class LearnerTrainingTests(ITestOutputHelper output)
{
    /// <summary>
    /// Each learner with settings that train it in a few seconds; thresholds sit far above chance (1/ways), where
    /// a learner that ignores the support set or its labels cannot get. The readers learn slowest: the LSTM reader
    /// gets 2-way episodes and both readers meta-batches of 8.
    /// </summary>
    [Theory]
    [InlineData("prototypical", 5, 300, 1, 1e-3, 32, 0.8)]
    [InlineData("cosine", 5, 300, 1, 1e-3, 32, 0.8)]
    [InlineData("matching", 5, 300, 1, 1e-3, 32, 0.8)]
    [InlineData("relation", 5, 400, 4, 1e-3, 8, 0.4)]
    [InlineData("lstm", 2, 400, 8, 3e-3, 8, 0.62)]
    [InlineData("attention", 5, 400, 8, 3e-3, 16, 0.55)]
    public void Every_learner_learns_synthetic_classes_well_above_chance(string learner, int ways, int steps, int metaBatch, double learningRate,
        int embedding, double threshold)
    {
        var shape = new FewShotClassification(ways, 1, 5);
        var family = SyntheticClasses.Family(shape);
        var spec = SyntheticClasses.Spec(FewShotNetworkTests.Learner(learner), shape, learningRate) with
        {
            Backbone = new MlpBackbone(new Features(SyntheticClasses.Width), [64, embedding]),
            MetaBatch = metaBatch,
        };
        using var trainer = EpisodicTrainer.Create(spec, 1);
        var losses = new List<double>();
        trainer.Fit(new EpisodeSource(family, MetaSplit.Train, steps * metaBatch), new FitOptions(Steps: steps)
        {
            Callbacks = [FitCallbacks.OnStep((step, _) => losses.Add(step.Total))],
        });
        var after = trainer.Evaluate(new EpisodeSource(family, MetaSplit.Test, 100)).Accuracy!;
        output.WriteLine($"{learner}, {ways}-way: {after}; loss {losses.Take(50).Average():F3} → {losses.Skip(steps - 50).Average():F3}");
        Assert.Equal(steps, trainer.Steps);
        Assert.True(losses.Skip(steps - 50).Average() < losses.Take(50).Average(), "loss falls");
        Assert.True(after.Mean > threshold, $"{learner}: accuracy {after}; chance is {100.0 / ways:F0} %");
        if (learner is "lstm" or "attention")
        {
            // Relabelling the support set by a cyclic shift must shift the predictions with it; a reader that ignored
            // the labels would predict the same classes, agreeing with the shifted predictions nowhere.
            var agreement = RelabelledAgreement(trainer.Model, family, ways);
            output.WriteLine($"{learner}: predictions follow relabelled support in {agreement:P1} of queries");
            Assert.True(agreement > 0.7, $"{learner}: predictions follow the support labels in only {agreement:P1} of queries");
        }
    }

    private static double RelabelledAgreement(IEpisodicClassifier model, ClassIndexedFamily family, int ways)
    {
        using var noGrad = no_grad();
        model.Module.eval();
        var agree = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            using var scope = NewDisposeScope();
            var episode = family.Sample(MetaSplit.Test, i);
            var predicted = model.Scores(episode.SupportInputs, episode.SupportTargets, episode.QueryInputs, ways).argmax(1);
            var shifted = episode.SupportTargets.add(1).remainder(ways);
            var relabelled = model.Scores(episode.SupportInputs, shifted, episode.QueryInputs, ways).argmax(1);
            agree.Add(relabelled.eq(predicted.add(1).remainder(ways)).to_type(ScalarType.Float32).mean().ToSingle());
        }
        return agree.Average();
    }

    [Fact]
    public void Same_seed_gives_identical_losses()
    {
        var shape = new FewShotClassification(5, 1, 5);
        var family = SyntheticClasses.Family(shape);
        var spec = SyntheticClasses.Spec(new Composable.LstmReader(Hidden: 16), shape) with { MetaBatch = 2 };
        double[] Run()
        {
            using var trainer = EpisodicTrainer.Create(spec, 7);
            var losses = new List<double>();
            trainer.Fit(new EpisodeSource(family, MetaSplit.Train, 10), new FitOptions(Steps: 5, Seed: 3)
            {
                Callbacks = [FitCallbacks.OnStep((step, _) => losses.Add(step.Total))],
            });
            return losses.ToArray();
        }
        var first = Run();
        Assert.Equal(first, Run());
        Assert.Equal(5, first.Distinct().Count());
    }
}
