using System;
using System.Collections.Generic;
using Composable.Data.Episodes;
using Composable.Data.Glyphs;
using Composable.FewShot;
using Composable.Training;

namespace Composable.Docs.Tests.Snippets;

// begin-snippet: declare-few-shot
/// <summary>Parts several declarations share: the generator follows references to static readonly fields.</summary>
public static class KanjiParts
{
    public static readonly ConvBackbone Backbone = new(new Image(Channels: 1, Height: 28, Width: 28), Blocks: 4, Channels: 16);
    public static readonly FewShotClassification FiveWayOneShot = new(Ways: 5, Shots: 1, Queries: 5);
}

[FewShotLearner]
public static partial class KanjiPrototypes
{
    public static readonly FewShotLearnerSpec Spec = new(
        Backbone: KanjiParts.Backbone,
        Episodes: KanjiParts.FiveWayOneShot,
        Learner: new Prototypical(Distance.SquaredEuclidean),
        Outer: new Adam(LearningRate: 1e-3));
}
// end-snippet

// begin-snippet: declare-few-shot-learners
[FewShotLearner]
public static partial class KanjiMatching
{
    public static readonly FewShotLearnerSpec Spec = new(KanjiParts.Backbone, KanjiParts.FiveWayOneShot, new Matching(CosineScale: 10));
}

[FewShotLearner]
public static partial class KanjiRelation
{
    public static readonly FewShotLearnerSpec Spec = new(KanjiParts.Backbone, KanjiParts.FiveWayOneShot, new Relation(Layers: [8]));
}

[FewShotLearner]
public static partial class KanjiLstmReader
{
    public static readonly FewShotLearnerSpec Spec = new(KanjiParts.Backbone, KanjiParts.FiveWayOneShot, new LstmReader(Hidden: 32, Layers: 1));
}

[FewShotLearner]
public static partial class KanjiAttentionReader
{
    public static readonly FewShotLearnerSpec Spec = new(
        KanjiParts.Backbone, KanjiParts.FiveWayOneShot, new AttentionReader(Width: 32, Heads: 4, Layers: 2), MetaBatch: 2);
}
// end-snippet

/// <summary>The snippets of docs/few-shot.md.</summary>
public static class FewShotSnippets
{
    /// <summary>Kanji glyph episodes from the Debian package's stroke data.</summary>
    public static ClassIndexedFamily KanjiFamily()
    {
        // begin-snippet: kanji-episodes
        var glyphs = GlyphDataset.EvenSubset(KanjiData.Load(), count: 60);    // needs python3-kanjidraw
        var dataset = new GlyphDataset(glyphs, samplesPerClass: 10, seed: 0);  // 28×28 renderings with random strokes
        var family = dataset.Family((FewShotClassification)KanjiPrototypes.Spec.Episodes);  // classes split 60 % / 20 % / 20 %
        // end-snippet
        return family;
    }

    /// <summary>Trains <see cref="KanjiPrototypes"/> on <paramref name="family"/>; returns the fit and the test evaluation.</summary>
    public static (FitResult Fit, EpisodeEvaluation Test, double OneEpisode) TrainPrototypes(ClassIndexedFamily family)
    {
        // begin-snippet: fit-few-shot
        using var trainer = KanjiPrototypes.Trainer.Create(seed: 1);
        var fit = trainer.Fit(new EpisodeSource(family, MetaSplit.Train, Episodes: 40), new FitOptions(Epochs: 1));
        var test = trainer.Evaluate(new EpisodeSource(family, MetaSplit.Test, Episodes: 40));
        Console.WriteLine(test);                                                // query loss, accuracy ± 95 % interval
        var oneEpisode = trainer.Accuracy(family.Sample(MetaSplit.Test, index: 0));
        // end-snippet
        return (fit, test, oneEpisode);
    }

    /// <summary>One step of every other learner on one episode of <paramref name="family"/>.</summary>
    public static IReadOnlyList<StepResult> StepOtherLearners(ClassIndexedFamily family)
    {
        var steps = new List<StepResult>();
        IFewShotTrainer[] trainers =
        [
            KanjiMatching.Trainer.Create(seed: 1), KanjiRelation.Trainer.Create(seed: 1),
            KanjiLstmReader.Trainer.Create(seed: 1), KanjiAttentionReader.Trainer.Create(seed: 1),
        ];
        foreach (var trainer in trainers)
        {
            steps.Add(trainer.Step(family.SampleBatch(MetaSplit.Train, first: 0, count: trainer.MetaBatch)));
            trainer.Dispose();
        }
        return steps;
    }
}
