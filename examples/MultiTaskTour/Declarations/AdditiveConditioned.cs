using Composable;

namespace MultiTaskTour.Declarations;

/// <summary>One network for all tasks, told the task by a learned embedding added to a layer's pre-activation.</summary>
[MultiTaskModel]
public static partial class AdditiveConditioned
{
    /// <summary>Layers [54, 32] (parameters within 2% of the baseline), an 8-wide learned task embedding added at the first layer, a head per task.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(16),
        Tasks: [
            new TaskSpec("Demand", new Regression()),
            new TaskSpec("Churn", new Binary()),
            new TaskSpec("Segment", new MultiClass(Classes: 4))],
        Sharing: new TaskConditioned(Layers: [54, 32], Conditioning: Conditioning.Additive, Descriptor: new LearnedEmbedding(Width: 8)),
        Optimizer: new Adam(LearningRate: 3e-3));
}
