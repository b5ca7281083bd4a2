using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>Gradual unfreezing (ULMFiT): the head trains alone first, then one block thaws every 2 epochs, top down, at discriminative rates.</summary>
[FineTuning]
public static partial class GraduallyUnfrozen
{
    /// <summary>Blocks thaw at epochs 2, 4, 6, 8 (an epoch is one pass over the support set); rates as DiscriminativeFineTuning; warm-up and cosine over 100 steps.</summary>
    public static readonly FineTuningSpec Spec = new(
        Source: new BackboneSource(
            new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 32),
            Tasks: [new TaskSpec("Character", new MultiClass(Classes: 500))]),
        Tasks: [new TaskSpec("Character", new MultiClass(Classes: 20))],
        Head: HeadInitialisation.Reinitialise,
        Unfreezing: new GradualUnfreezing(EveryEpochs: 2),
        Rates: new DiscriminativeRates(Decay: 2.6),
        Schedule: new WarmupCosine(Steps: 100, WarmupSteps: 10),
        Optimizer: new Adam(LearningRate: 1e-3));
}
