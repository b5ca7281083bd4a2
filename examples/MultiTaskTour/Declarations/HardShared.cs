using Composable;

namespace MultiTaskTour.Declarations;

/// <summary>Hard parameter sharing: one trunk for all tasks, then a head per task.</summary>
[MultiTaskModel]
public static partial class HardShared
{
    /// <summary>A [64, 32] trunk and a linear head per task.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(16),
        Tasks: [
            new TaskSpec("Demand", new Regression()),
            new TaskSpec("Churn", new Binary()),
            new TaskSpec("Segment", new MultiClass(Classes: 4))],
        Sharing: new HardSharing(Trunk: [64, 32]),
        Optimizer: new Adam(LearningRate: 3e-3));
}
