using Composable;

namespace Consumer;

[MultiTaskModel]
public static partial class Census
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: 8),
        Tasks: [
            new TaskSpec("Income", new Binary()),
            new TaskSpec("Age", new Regression(Outputs: 1))],
        Sharing: new HardSharing(Trunk: [16], Towers: [8]),
        Objective: new WeightedSum(),
        Optimizer: new Adam(LearningRate: 1e-2));
}
