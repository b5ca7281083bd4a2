using Composable;

namespace Consumer;

[FineTuning]
public static partial class SceneEdges
{
    public static readonly FineTuningSpec Spec = new(
        Source: new TrunkSource(Scene.Spec),
        Tasks: [new TaskSpec("Corner", new Binary())],
        Unfreezing: new GradualUnfreezing(EveryEpochs: 1),
        Rates: new DiscriminativeRates(Decay: 2.6),
        Schedule: new WarmupCosine(Steps: 40, WarmupSteps: 4),
        Optimizer: new Adam(LearningRate: 1e-2));
}
