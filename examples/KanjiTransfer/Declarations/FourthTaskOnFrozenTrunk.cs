using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>The fourth task D as a linear probe of the multi-task trunk: both trunk blocks frozen, only D's head trains.</summary>
[FineTuning]
public static partial class FourthTaskOnFrozenTrunk
{
    /// <summary>trunk_0 and trunk_1 frozen; the head at Adam 1e-2, warm-up and cosine over 150 steps.</summary>
    public static readonly FineTuningSpec Spec = new(
        Source: new TrunkSource(RelatedTasks.Spec),
        Tasks: [new TaskSpec("D", new MultiClass(Classes: 4))],
        Head: HeadInitialisation.Reinitialise,
        Frozen: ["trunk_0", "trunk_1"],
        Schedule: new WarmupCosine(Steps: 150, WarmupSteps: 15),
        Optimizer: new Adam(LearningRate: 1e-2));
}
