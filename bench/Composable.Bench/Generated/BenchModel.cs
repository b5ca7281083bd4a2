namespace Composable.Bench.Generated;

/// <summary>The benchmark model as a user declares it; the generator emits its Model and Trainer.</summary>
[MultiTaskModel]
internal static partial class BenchModel
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: FixedBatches.InputFeatures),
        Tasks: [
            new TaskSpec("Income", new Binary()),
            new TaskSpec("Marital", new Binary(), Weight: 0.5),
            new TaskSpec("Age", new Regression(Outputs: 1))],
        Sharing: new HardSharing(Trunk: [256, 256]),
        Objective: new WeightedSum(Sampling: TaskSampling.AllTasks),
        Optimizer: new Adam(LearningRate: 1e-3));
}
