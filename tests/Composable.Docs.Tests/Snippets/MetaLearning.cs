using System;
using System.Collections.Generic;
using Composable.Data.Episodes;
using Composable.Meta;
using Composable.Training;

namespace Composable.Docs.Tests.Snippets;

// begin-snippet: declare-maml
[MetaLearner]
public static partial class SinusoidMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        Input: new Features(1),
        Layers: [32, 32],                                  // a 1-32-32-1 ReLU MLP
        Outputs: 1,
        Episodes: new FewShotRegression(Shots: 5, Queries: 10),
        Learner: new Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 8),
        Outer: new Adam(LearningRate: 1e-2));
}
// end-snippet

// begin-snippet: declare-learners
[MetaLearner]
public static partial class SinusoidFirstOrder
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [32, 32], 1, new FewShotRegression(Shots: 5, Queries: 10),
        new Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 8, FirstOrder: true), new Adam(LearningRate: 1e-2));
}

[MetaLearner]
public static partial class SinusoidReptile
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [32, 32], 1, new FewShotRegression(Shots: 5, Queries: 10),
        new Reptile(InnerSteps: 5, InnerLearningRate: 0.02, MetaBatch: 8),
        Outer: new Sgd(LearningRate: 1.0));                // Reptile's outer step moves θ towards the adapted weights
}

[MetaLearner]
public static partial class SinusoidMetaSgd
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [32, 32], 1, new FewShotRegression(Shots: 5, Queries: 10),
        new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 8, Rate: LearnedRate.PerParameter));
}

[MetaLearner]
public static partial class SinusoidAnil
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [32, 32], 1, new FewShotRegression(Shots: 5, Queries: 10),
        new Anil(InnerSteps: 2, InnerLearningRate: 0.05, MetaBatch: 8),
        Adapt: ["head"]);                                  // ANIL adapts the head only (the default for Anil)
}
// end-snippet

// begin-snippet: declare-conv-maml
[MetaLearner]
public static partial class GlyphConvMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        Input: new Image(1, 28, 28),                       // the backbone's image; rows of C·H·W floats
        Layers: [],                                        // the blocks are the body; the head reads their features
        Outputs: 5,
        Episodes: new FewShotClassification(Ways: 5, Shots: 1, Queries: 15),
        Learner: new Maml(InnerSteps: 1, InnerLearningRate: 0.4, MetaBatch: 32),
        Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 64));
}
// end-snippet

/// <summary>The snippets of docs/meta-learning.md.</summary>
public static class MetaLearningSnippets
{
    /// <summary>Meta-trains <see cref="SinusoidMaml"/>; returns the test evaluation before and after, and the adaptation curves.</summary>
    public static (EpisodeEvaluation Before, EpisodeEvaluation After, AdaptationCurves Curves) FitMaml()
    {
        // begin-snippet: fit-maml
        var family = new SinusoidFamily(new FewShotRegression(Shots: 5, Queries: 10));
        var test = new EpisodeSource(family, MetaSplit.Test, Episodes: 50);

        using var trainer = SinusoidMaml.Trainer.Create(seed: 1);     // or MetaTrainer.Create(SinusoidMaml.Spec, seed: 1)
        var before = trainer.Evaluate(test);
        var fit = trainer.Fit(
            new EpisodeSource(family, MetaSplit.Train, Episodes: 8 * 100),   // an epoch: 100 steps of the meta-batch
            new FitOptions(Epochs: 1),
            validation: new EpisodeSource(family, MetaSplit.Validation, Episodes: 20));
        var after = trainer.Evaluate(test);
        Console.WriteLine($"{before} → {after}");                      // query loss after the declared inner step

        var curves = trainer.MeasureAdaptation(family.SampleBatch(MetaSplit.Test, first: 0, count: 10), steps: 5);
        Console.WriteLine(string.Join(", ", curves.Losses[0]));         // episode 0's query loss after 0…5 steps
        // end-snippet
        return (before, after, curves);
    }

    /// <summary>One meta-step of every learner on the same meta-batch.</summary>
    public static IReadOnlyList<(string Learner, StepResult Step)> StepEveryLearner()
    {
        var results = new List<(string, StepResult)>();
        // begin-snippet: step-learners
        var episodes = new SinusoidFamily(new FewShotRegression(Shots: 5, Queries: 10))
            .SampleBatch(MetaSplit.Train, first: 0, count: 8);
        IMetaLearnerTrainer[] trainers =
        [
            SinusoidMaml.Trainer.Create(seed: 1), SinusoidFirstOrder.Trainer.Create(seed: 1),
            SinusoidReptile.Trainer.Create(seed: 1), SinusoidMetaSgd.Trainer.Create(seed: 1),
            SinusoidAnil.Trainer.Create(seed: 1),
        ];
        foreach (var trainer in trainers)
        {
            var step = trainer.Step(episodes);                           // TaskLosses: one query loss per episode
            results.Add((trainer.GetType().DeclaringType!.Name, step));
            trainer.Dispose();
        }
        // end-snippet
        return results;
    }
}
