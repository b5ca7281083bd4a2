using Composable;

namespace Composable.Examples.KanjiTransfer.Declarations;

/// <summary>
/// The multi-task source: three related 4-class tasks of the synthetic family (relatedness 0.8) on 32 features, hard
/// sharing of a trunk [64, 64] with a head per task.
/// </summary>
[MultiTaskModel]
public static partial class RelatedTasks
{
    /// <summary>Tasks A, B and C, all trained every step with equal weights; Adam 3e-3.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(32),
        Tasks: [
            new TaskSpec("A", new MultiClass(Classes: 4)),
            new TaskSpec("B", new MultiClass(Classes: 4)),
            new TaskSpec("C", new MultiClass(Classes: 4))],
        Sharing: new HardSharing(Trunk: [64, 64]),
        Optimizer: new Adam(LearningRate: 3e-3));
}
