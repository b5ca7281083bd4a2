using Composable;

namespace MultiTaskTour.Declarations;

/// <summary>The baseline: one network per task, nothing shared.</summary>
[MultiTaskModel]
public static partial class IndependentTowers
{
    /// <summary>Three towers of [32, 16] hidden units: 3,318 parameters, the budget the other topologies match.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(16),
        Tasks: [
            new TaskSpec("Demand", new Regression()),
            new TaskSpec("Churn", new Binary()),
            new TaskSpec("Segment", new MultiClass(Classes: 4))],
        Sharing: new Independent(Layers: [32, 16]),
        Optimizer: new Adam(LearningRate: 3e-3));
}
