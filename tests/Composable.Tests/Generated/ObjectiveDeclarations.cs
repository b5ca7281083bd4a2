namespace Composable.Tests.Generated;

// One declaration per adaptive objective, each on a different topology, so the generated trainers cover every method
// and the shared/own parameter split of every topology that has shared parameters.

[MultiTaskModel]
public static partial class UncertaintyShared
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3)), new TaskSpec("Churn", new Binary(), Weight: 0.5)],
        Sharing: new HardSharing(Trunk: [16], Towers: [8]),
        Objective: new UncertaintyWeighting(),
        Optimizer: new Adam(LearningRate: 1e-2));
}

[MultiTaskModel]
public static partial class DwaExperts
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new MixtureOfExperts(Experts: 3, ExpertLayers: [8], TowerLayers: [4]),
        Objective: new DynamicWeightAverage(Temperature: 2));
}

[MultiTaskModel]
public static partial class RandomConditioned
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new TaskConditioned([12, 8], Conditioning.Concatenation),
        Objective: new RandomLossWeighting());
}

[MultiTaskModel]
public static partial class GradNormShared
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Tags", new MultiLabel(3))],
        Sharing: new HardSharing(Trunk: [16, 12]),
        Objective: new GradNorm(Alpha: 1.5),
        Optimizer: new Adam(LearningRate: 1e-2));
}

[MultiTaskModel]
public static partial class ImtlLossStitched
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new CrossStitch(Layers: [10, 8]),
        Objective: new ImtlLoss());
}

[MultiTaskModel]
public static partial class GeometricSoft
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new SoftSharing([10], Strength: 0.1),
        Objective: new GeometricLoss());
}

[MultiTaskModel]
public static partial class PcgradShared
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression(Outputs: 2)), new TaskSpec("Churn", new Binary(), Weight: 2), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new HardSharing(Trunk: [16, 16], Towers: [8]),
        Objective: new PCGrad(),
        Optimizer: new AdamW(LearningRate: 1e-2),
        Dropout: 0.2);
}

[MultiTaskModel]
public static partial class MgdaUpperBound
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new HardSharing(Trunk: [16], Towers: [6]),
        Objective: new Mgda());
}

[MultiTaskModel]
public static partial class MgdaControl
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new MixtureOfExperts(Experts: 2, ExpertLayers: [8], TowerLayers: [4], TaskExperts: 1),
        Objective: new Mgda(UpperBound: false, Normalization: GradientNormalization.LossPlus));
}

[MultiTaskModel]
public static partial class CagradStitched
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new CrossStitch([10, 8], At: [0]),
        Objective: new CAGrad(C: 0.4),
        Optimizer: new Sgd(LearningRate: 0.05, Momentum: 0.9));
}

[MultiTaskModel]
public static partial class ImtlGradientFilm
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Tags", new MultiLabel(3)), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new TaskConditioned([16, 12], Conditioning.Multiplicative, Descriptor: new LearnedEmbedding(4), At: [0, 1]),
        Objective: new ImtlGradient());
}

[MultiTaskModel]
public static partial class NashSluiced
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new Sluice(Layers: [12, 8], Subspaces: 2),
        Objective: new NashMtl(MaxNorm: 1.0));
}

[MultiTaskModel]
public static partial class AlignedComposed
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Tags", new MultiLabel(2))],
        Sharing: new Composition(Trunk: [16], Then: new MixtureOfExperts(Experts: 3, ExpertLayers: [8], TowerLayers: [4])),
        Objective: new AlignedMtl());
}

[MultiTaskModel]
public static partial class GradVacShared
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new HardSharing(Trunk: [16]),
        Objective: new GradVac(Beta: 0.5));
}
