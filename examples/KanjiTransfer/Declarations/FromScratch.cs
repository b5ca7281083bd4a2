using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>The baseline: the pretrained classifier's network for 20 target characters, trained from random weights (no source is loaded).</summary>
[FineTuning]
public static partial class FromScratch
{
    /// <summary>Every block and the head train at Adam 1e-3, warm-up and cosine over the 100 steps of a cell.</summary>
    public static readonly FineTuningSpec Spec = new(
        Source: new BackboneSource(
            new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 32),
            Tasks: [new TaskSpec("Character", new MultiClass(Classes: 500))]),
        Tasks: [new TaskSpec("Character", new MultiClass(Classes: 20))],
        Head: HeadInitialisation.Reinitialise,
        Schedule: new WarmupCosine(Steps: 100, WarmupSteps: 10),
        Optimizer: new Adam(LearningRate: 1e-3));
}
