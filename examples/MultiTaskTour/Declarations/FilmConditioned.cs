using Composable;

namespace MultiTaskTour.Declarations;

/// <summary>One network for all tasks, told the task by a FiLM gate and shift of a layer's pre-activation.</summary>
[MultiTaskModel]
public static partial class FilmConditioned
{
    /// <summary>Layers [54, 32] (parameters within 2% of the baseline), a one-hot task descriptor modulating the first layer, a head per task.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(16),
        Tasks: [
            new TaskSpec("Demand", new Regression()),
            new TaskSpec("Churn", new Binary()),
            new TaskSpec("Segment", new MultiClass(Classes: 4))],
        Sharing: new TaskConditioned(Layers: [54, 32], Conditioning: Conditioning.Multiplicative, Descriptor: new OneHot()),
        Optimizer: new Adam(LearningRate: 3e-3));
}
