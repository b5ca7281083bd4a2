using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data;
using Composable.Evaluation;
using Composable.Training;

namespace Composable.Docs.Tests.Snippets;

// begin-snippet: transfer-declarations
[FineTuning]
public static partial class GlyphPretraining
{
    public static readonly ValueList<TaskSpec> Characters = [new TaskSpec("Character", new MultiClass(Classes: 12))];

    public static readonly BackboneSource Conv = new(
        new ConvBackbone(new Image(Channels: 1, Height: 16, Width: 16), Blocks: 3, Channels: 16), Characters);

    // Pre-training is fine-tuning from scratch: nothing loaded, nothing frozen.
    public static readonly FineTuningSpec Spec = new(Conv, Characters, Optimizer: new Adam(LearningRate: 3e-3));
}

[FineTuning]
public static partial class GlyphTransfer
{
    public static readonly FineTuningSpec Spec = new(
        Source: GlyphPretraining.Conv,
        Tasks: [new TaskSpec("Character", new MultiClass(Classes: 5))],  // new characters: a re-initialised head
        Frozen: ["block_0"],                                               // never trains
        Unfreezing: new GradualUnfreezing(EveryEpochs: 1),                 // block_2 thaws after epoch 1, block_1 after 2
        Rates: new DiscriminativeRates(Decay: 2.6),                        // head 1e-3, block_2 1e-3/2.6, block_1 1e-3/2.6²
        Schedule: new WarmupCosine(Steps: 60, WarmupSteps: 6),
        Optimizer: new Adam(LearningRate: 1e-3));
}
// end-snippet

// begin-snippet: transfer-trunk
[MultiTaskModel]
public static partial class ThreeSignals
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: 8),
        Tasks: [new TaskSpec("A", new Regression()), new TaskSpec("B", new Regression()), new TaskSpec("C", new Binary())],
        Sharing: new HardSharing(Trunk: [32, 16]));
}

[FineTuning]
public static partial class FourthSignal
{
    public static readonly FineTuningSpec Spec = new(
        Source: new TrunkSource(ThreeSignals.Spec),                         // blocks trunk_0, trunk_1
        Tasks: [new TaskSpec("D", new Regression())],
        Rates: new ExplicitRates([new LayerRate("trunk_0", 1e-4), new LayerRate("trunk_1", 3e-4)]),
        Optimizer: new Adam(LearningRate: 1e-3));                           // the head's rate
}
// end-snippet

/// <summary>The snippets of docs/transfer.md.</summary>
public static class TransferSnippets
{
    /// <summary>Pre-trains, saves, loads into the fine-tuning declaration and fine-tunes; returns what the page shows.</summary>
    public static (IReadOnlyList<string> Before, IReadOnlyList<string> After, EvaluationReport Report, string Checkpoint) PretrainAndFineTune(string folder)
    {
        using var sourceData = SyntheticTasks.Generate(GlyphPretraining.Target, new SyntheticOptions(Examples: 240, Seed: 1));
        using var targetData = SyntheticTasks.Generate(GlyphTransfer.Target, new SyntheticOptions(Examples: 60, Seed: 2));
        // begin-snippet: transfer-run
        var checkpoint = Path.Combine(folder, "pretrained.safetensors");
        using (var pretraining = GlyphPretraining.Trainer.Create(seed: 0))
        {
            pretraining.Fit(sourceData, new FitOptions(BatchSize: 32, Epochs: 2));
            ModuleCheckpoint.Save(pretraining.Model, checkpoint);            // backbone.block_*.*, character_head.*
        }

        using var transfer = GlyphTransfer.Trainer.Create(seed: 0);
        transfer.LoadSource(checkpoint);                                      // the blocks only: the head is new
        var before = transfer.Blocks.Training;                                // [head]
        transfer.Fit(targetData, new FitOptions(BatchSize: 16, Epochs: 3));   // block_2, then block_1 thaw
        var after = transfer.Blocks.Training;                                 // [block_1, block_2, head]
        EvaluationReport report = transfer.Evaluate(targetData);
        // end-snippet
        return (before, after, report, checkpoint);
    }

    /// <summary>Trains the three-task source, carries its trunk to the fourth task, and returns the fourth task's loss.</summary>
    public static double TrunkToFourthTask()
    {
        using var sourceData = SyntheticTasks.Generate(ThreeSignals.Spec, new SyntheticOptions(Examples: 200, Seed: 1));
        using var targetData = SyntheticTasks.Generate(FourthSignal.Target, new SyntheticOptions(Examples: 40, Seed: 2));
        // begin-snippet: transfer-trunk-run
        using var source = ThreeSignals.Trainer.Create(seed: 0);
        source.Fit(sourceData, new FitOptions(Epochs: 5));

        using var fourth = FourthSignal.Trainer.Create(seed: 0);
        fourth.LoadSource(source.Model);                                      // trunk_0, trunk_1 by state-dict name
        fourth.Fit(targetData, new FitOptions(BatchSize: 8, Epochs: 5));
        double loss = fourth.Evaluate(targetData)["D"].Loss;
        // end-snippet
        return loss;
    }
}
