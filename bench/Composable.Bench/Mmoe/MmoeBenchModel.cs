namespace Composable.Bench.Mmoe;

/// <summary>The MMoE benchmark model as a user declares it: 8 experts of [16], a gate and a tower of [8] per task.</summary>
[MultiTaskModel]
internal static partial class MmoeBenchModel
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: MmoeBatches.InputFeatures),
        Tasks: [new TaskSpec("Click", new Binary()), new TaskSpec("Watch", new Regression())],
        Sharing: new MixtureOfExperts(Experts: 8, ExpertLayers: [16], TowerLayers: [8]),
        Optimizer: new Adam(LearningRate: 1e-3));
}
