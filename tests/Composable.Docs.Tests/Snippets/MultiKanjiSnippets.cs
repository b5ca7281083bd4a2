using System;
using Composable.Data.Glyphs;
using Composable.Evaluation;
using Composable.Training;

namespace Composable.Docs.Tests.Snippets;

// begin-snippet: declare-multikanji
[MultiTaskModel]
public static partial class TwoKanji
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(Channels: 1, Height: 28, Width: 28),                        // read by the MLP as 784-wide rows
        Tasks: [
            new TaskSpec(MultiKanji.Left, new MultiClass(Classes: 100)),             // the top-left character
            new TaskSpec(MultiKanji.Right, new MultiClass(Classes: 100)),            // the bottom-right character
            new TaskSpec(MultiKanji.LeftStrokes, new Regression(Outputs: 1), Weight: 0.01)],  // its stroke count, raw
        Sharing: new HardSharing(Trunk: [256, 128], Towers: [64]));
}
// end-snippet

// begin-snippet: declare-conv-backbone
[MultiTaskModel]
public static partial class ConvKanji
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(Channels: 1, Height: 28, Width: 28),             // MultiKanji's images, one flattened row each
        Tasks: [
            new TaskSpec(MultiKanji.Left, new MultiClass(Classes: 100)),
            new TaskSpec(MultiKanji.Right, new MultiClass(Classes: 100)),
            new TaskSpec(MultiKanji.LeftStrokes, new Regression(Outputs: 1), Weight: 0.01)],
        Sharing: new HardSharing(Trunk: [128], Towers: [64]),             // the trunk reads the 32-wide embedding
        Backbone: new ConvBackbone(new Image(Channels: 1, Height: 28, Width: 28), Blocks: 4, Channels: 32));
}
// end-snippet

/// <summary>The MultiKanji snippet of docs/tasks-and-topologies.md.</summary>
public static class MultiKanjiSnippets
{
    /// <summary>Small MultiKanji sets, a short fit of <see cref="TwoKanji"/> and its test report.</summary>
    public static (FitResult Fit, EvaluationReport Report) TrainOnMultiKanji()
    {
        // begin-snippet: train-multikanji
        var options = new MultiKanjiOptions(TrainSize: 2000, TestSize: 500, TrainVariants: 20, TestVariants: 10, Seed: 1);
        var (train, test) = MultiKanji.Generate(TwoKanji.Spec, options);   // needs python3-kanjidraw

        using var trainer = TwoKanji.Trainer.Create(seed: 1);
        var fit = trainer.Fit(train, new FitOptions(BatchSize: 64, Epochs: 3));
        var report = trainer.Evaluate(test);
        Console.WriteLine($"left {report[MultiKanji.Left][Metric.Accuracy]:P0}, right {report[MultiKanji.Right][Metric.Accuracy]:P0}, " +
                          $"strokes MAE {report[MultiKanji.LeftStrokes][Metric.MeanAbsoluteError]:F1}");
        train.Dispose();                                                    // the sets own their tensors
        test.Dispose();
        // end-snippet
        return (fit, report);
    }
}
