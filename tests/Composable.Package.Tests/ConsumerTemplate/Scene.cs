using Composable;

namespace Consumer;

[MultiTaskModel]
public static partial class Scene
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: 8),
        Tasks: [
            new TaskSpec("Depth", new Regression()),
            new TaskSpec("Edge", new Binary())],
        Sharing: new HardSharing(Trunk: [16], Towers: [8]),
        Objective: new CAGrad(C: 0.4),
        Optimizer: new Adam(LearningRate: 1e-2));
}
