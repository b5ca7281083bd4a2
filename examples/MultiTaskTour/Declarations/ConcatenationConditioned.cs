using Composable;

namespace MultiTaskTour.Declarations;

/// <summary>One network for all tasks, told the task by its one-hot vector concatenated to the input.</summary>
[MultiTaskModel]
public static partial class ConcatenationConditioned
{
    /// <summary>Layers [59, 32] (parameters within 2% of the baseline), one-hot task descriptor joined at the first layer, a head per task.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(16),
        Tasks: [
            new TaskSpec("Demand", new Regression()),
            new TaskSpec("Churn", new Binary()),
            new TaskSpec("Segment", new MultiClass(Classes: 4))],
        Sharing: new TaskConditioned(Layers: [59, 32], Conditioning: Conditioning.Concatenation, Descriptor: new OneHot()),
        Optimizer: new Adam(LearningRate: 3e-3));
}
