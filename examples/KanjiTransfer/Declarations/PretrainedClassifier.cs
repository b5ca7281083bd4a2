using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>
/// The source network: a conv backbone (4 blocks of 32 channels) with a linear head over 500 source characters,
/// trained from scratch on their renderings; its checkpoint is what every transfer method starts from.
/// </summary>
[FineTuning]
public static partial class PretrainedClassifier
{
    /// <summary>500-way classification of 28×28 renderings; Adam 1e-3 with a warm-up and cosine decay over the full setting's 1,500 steps.</summary>
    public static readonly FineTuningSpec Spec = new(
        Source: new BackboneSource(new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 32)),
        Tasks: [new TaskSpec("Character", new MultiClass(Classes: 500))],
        Schedule: new WarmupCosine(Steps: 1500, WarmupSteps: 100),
        Optimizer: new Adam(LearningRate: 1e-3));
}
