using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>Discriminative fine-tuning (ULMFiT): every block trains, each at a rate 2.6 times smaller than the block above it.</summary>
[FineTuning]
public static partial class DiscriminativeFineTuning
{
    /// <summary>The head at Adam 1e-3, block_3 at 1e-3 / 2.6, … block_0 at 1e-3 / 2.6⁴; warm-up and cosine over 100 steps.</summary>
    public static readonly FineTuningSpec Spec = new(
        Source: new BackboneSource(
            new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 32),
            Tasks: [new TaskSpec("Character", new MultiClass(Classes: 500))]),
        Tasks: [new TaskSpec("Character", new MultiClass(Classes: 20))],
        Head: HeadInitialisation.Reinitialise,
        Rates: new DiscriminativeRates(Decay: 2.6),
        Schedule: new WarmupCosine(Steps: 100, WarmupSteps: 10),
        Optimizer: new Adam(LearningRate: 1e-3));
}
