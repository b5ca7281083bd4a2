using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>A linear probe: the pretrained backbone frozen whole, only a fresh 20-way head trains on its embeddings.</summary>
[FineTuning]
public static partial class LinearProbe
{
    /// <summary>All 4 blocks frozen (normalisation in evaluation mode); the head at Adam 1e-2, warm-up and cosine over 100 steps.</summary>
    public static readonly FineTuningSpec Spec = new(
        Source: new BackboneSource(
            new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 32),
            Tasks: [new TaskSpec("Character", new MultiClass(Classes: 500))]),
        Tasks: [new TaskSpec("Character", new MultiClass(Classes: 20))],
        Head: HeadInitialisation.Reinitialise,
        Frozen: ["block_0", "block_1", "block_2", "block_3"],
        Schedule: new WarmupCosine(Steps: 100, WarmupSteps: 10),
        Optimizer: new Adam(LearningRate: 1e-2));
}
