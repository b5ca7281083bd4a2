using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>Full fine-tuning at a small rate: every pretrained block and a fresh head train together.</summary>
[FineTuning]
public static partial class FullFineTuning
{
    /// <summary>Every block and the head at Adam 3e-4, warm-up and cosine over 100 steps.</summary>
    public static readonly FineTuningSpec Spec = new(
        Source: new BackboneSource(
            new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 32),
            Tasks: [new TaskSpec("Character", new MultiClass(Classes: 500))]),
        Tasks: [new TaskSpec("Character", new MultiClass(Classes: 20))],
        Head: HeadInitialisation.Reinitialise,
        Schedule: new WarmupCosine(Steps: 100, WarmupSteps: 10),
        Optimizer: new Adam(LearningRate: 3e-4));
}
