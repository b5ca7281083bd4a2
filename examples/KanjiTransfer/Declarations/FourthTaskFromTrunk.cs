using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>
/// The fourth related task D on the trunk of <see cref="RelatedTasks"/>: trunk_0 and trunk_1 are the blocks, D gets a
/// fresh head. Loaded from the trained multi-task model it is transfer; not loaded it is D alone from scratch, the
/// very same network and budget.
/// </summary>
[FineTuning]
public static partial class FourthTaskFromTrunk
{
    /// <summary>Every block and the head train at Adam 3e-3, warm-up and cosine over the 150 steps of a run.</summary>
    public static readonly FineTuningSpec Spec = new(
        Source: new TrunkSource(RelatedTasks.Spec),
        Tasks: [new TaskSpec("D", new MultiClass(Classes: 4))],
        Head: HeadInitialisation.Reinitialise,
        Schedule: new WarmupCosine(Steps: 150, WarmupSteps: 15),
        Optimizer: new Adam(LearningRate: 3e-3));
}
