namespace Composable.Tests.Generated;

// Declarations compiled by the real generator in this test project: one per topology and conditioning mode.

[MultiTaskModel]
public static partial class Towers
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary(), Weight: 0.5)],
        Sharing: new Independent(Layers: [12, 8]));
}

[MultiTaskModel]
public static partial class Shared
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [
            new TaskSpec("Price", new Regression(Outputs: 2)),
            new TaskSpec("Churn", new Binary(), Weight: 0.5),
            new TaskSpec("Segment", new MultiClass(Classes: 3)),
            new TaskSpec("Tags", new MultiLabel(Labels: 4), Weight: 2)],
        Sharing: new HardSharing(Trunk: [16, 16], Towers: [8]),
        Optimizer: new AdamW(LearningRate: 1e-2),
        Dropout: 0.2);
}

[MultiTaskModel]
public static partial class Concatenated
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new TaskConditioned(Layers: [16, 8], Conditioning: Conditioning.Concatenation, At: [0, 1]),
        Optimizer: new Sgd(LearningRate: 0.05, Momentum: 0.9),
        Activation: Activation.Tanh);
}

[MultiTaskModel]
public static partial class Additive
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Churn", new Binary()), new TaskSpec("Tags", new MultiLabel(3))],
        Sharing: new TaskConditioned([16, 16], Conditioning.Additive, Descriptor: new LearnedEmbedding(4), At: [1]),
        Objective: new WeightedSum(TaskSampling.Uniform),
        Activation: Activation.Gelu);
}

[MultiTaskModel]
public static partial class Film
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Low", new Regression()), new TaskSpec("High", new Regression(), Loss: Loss.Huber)],
        Sharing: new TaskConditioned([16, 16], Conditioning.Multiplicative, At: [0, 1], Output: TaskOutput.SharedHead),
        Objective: new WeightedSum(TaskSampling.ProportionalToSize),
        Activation: Activation.Silu,
        Dropout: 0.1);
}

[MultiTaskModel]
public static partial class OneGate
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new MixtureOfExperts(Experts: 4, ExpertLayers: [8], Gating: Gating.Single));
}

[MultiTaskModel]
public static partial class MultiGate
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression(Outputs: 2)), new TaskSpec("Segment", new MultiClass(3)), new TaskSpec("Churn", new Binary())],
        Sharing: new MixtureOfExperts(Experts: 4, ExpertLayers: [12, 8], TowerLayers: [6]),
        Optimizer: new AdamW(LearningRate: 1e-2),
        Dropout: 0.1);
}

[MultiTaskModel]
public static partial class GateControl
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Tags", new MultiLabel(3))],
        Sharing: new MixtureOfExperts(Experts: 2, ExpertLayers: [8], TowerLayers: [4], TaskExperts: 2),
        Objective: new WeightedSum(TaskSampling.Uniform));
}

[MultiTaskModel]
public static partial class Progressive
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Low", new Regression()), new TaskSpec("High", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new MixtureOfExperts(Experts: 2, ExpertLayers: [8, 8], TaskExperts: 1, Levels: 3),
        Activation: Activation.Gelu,
        Dropout: 0.1);
}

// Soft sharing at strength 0 has exactly the layers of Towers: the two must train identically.
[MultiTaskModel]
public static partial class SoftZero
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary(), Weight: 0.5)],
        Sharing: new SoftSharing(Layers: [12, 8], Strength: 0));
}

[MultiTaskModel]
public static partial class Soft
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Tags", new MultiLabel(2))],
        Sharing: new SoftSharing([12, 8], Strength: 0.1, Penalty: SharingPenalty.PairwiseSquaredDistance, At: [1, 0]),
        Dropout: 0.1);
}

[MultiTaskModel]
public static partial class SoftTrace
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Low", new Regression()), new TaskSpec("High", new Regression())],
        Sharing: new SoftSharing([10], Strength: 0.05, Penalty: SharingPenalty.TraceNorm),
        Objective: new WeightedSum(TaskSampling.Uniform));
}

[MultiTaskModel]
public static partial class Stitched
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3)), new TaskSpec("Churn", new Binary())],
        Sharing: new CrossStitch(Layers: [12, 8], Self: 0.8, Others: 0.1),
        Activation: Activation.Tanh,
        Dropout: 0.1);
}

[MultiTaskModel]
public static partial class StitchedOnce
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Low", new Regression()), new TaskSpec("High", new Regression())],
        Sharing: new CrossStitch([10, 10, 6], At: [1]),
        Objective: new WeightedSum(TaskSampling.ProportionalToSize));
}

[MultiTaskModel]
public static partial class Sluiced
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new Sluice(Layers: [12, 8], Subspaces: 2),
        Dropout: 0.1);
}

[MultiTaskModel]
public static partial class TrunkThenExperts
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new Composition(Trunk: [16], Then: new MixtureOfExperts(Experts: 3, ExpertLayers: [8], TowerLayers: [4])),
        Dropout: 0.1);
}

[MultiTaskModel]
public static partial class TrunkThenStitch
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Low", new Regression()), new TaskSpec("High", new Regression())],
        Sharing: new Composition([12, 10], new CrossStitch([8])),
        Objective: new WeightedSum(TaskSampling.Uniform));
}

// Image backbones (issue 13): one shared by every task, or one per task for independent towers.

[MultiTaskModel]
public static partial class ConvShared
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new HardSharing([12], Towers: [8]),
        Dropout: 0.1,
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));
}

[MultiTaskModel]
public static partial class ConvGroupNormAveraged
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(2, 9, 9),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new HardSharing([12], Towers: [8]),
        Backbone: new ConvBackbone(new Image(2, 9, 9), Blocks: 2, Channels: 6, Kernel: 5, Pooling: BlockPooling.Average, PoolSize: 2,
            Norm: BlockNorm.Group, NormGroups: 3, Readout: BackboneReadout.GlobalAveragePool));
}

[MultiTaskModel]
public static partial class ConvLayerNormTowers
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new Independent([8]),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4, Padding: 0, Pooling: BlockPooling.None, Norm: BlockNorm.Layer));
}

[MultiTaskModel]
public static partial class ConvUnnormalisedExperts
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new MixtureOfExperts(2, [8], TowerLayers: [4]),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 1, Channels: 4, Kernel: 2, PoolSize: 3, Norm: BlockNorm.None));
}

[MultiTaskModel]
public static partial class ConvResidual
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new HardSharing([8]),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Widths: [3, 5], Residual: true, Readout: BackboneReadout.GlobalAveragePool));
}

[MultiTaskModel]
public static partial class ConvTowers
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(2, 6, 6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new Independent([8]),
        Backbone: new ConvBackbone(new Image(2, 6, 6), Blocks: 1, Channels: 3));
}

[MultiTaskModel]
public static partial class ConvExperts
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Segment", new MultiClass(3))],
        Sharing: new MixtureOfExperts(3, [8], TowerLayers: [4]),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));
}

[MultiTaskModel]
public static partial class ConvConditioned
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Low", new Regression()), new TaskSpec("High", new Regression())],
        Sharing: new TaskConditioned([8], Conditioning.Additive),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));
}

[MultiTaskModel]
public static partial class ConvSoft
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new SoftSharing([8], Strength: 0.1),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));
}

/// <summary>Soft sharing shares no layer of its own, but it shares the backbone: GradNorm balances the tasks there.</summary>
[MultiTaskModel]
public static partial class ConvSoftGradNorm
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new SoftSharing([8], Strength: 0.1),
        Objective: new GradNorm(),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));
}

[MultiTaskModel]
public static partial class ConvStitched
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new CrossStitch([8, 8]),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));
}

[MultiTaskModel]
public static partial class ConvStitchedAtOneBlock
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Segment", new MultiClass(Classes: 3))],
        Sharing: new CrossStitch([8], At: [], Self: 0.8, BlocksAt: [1]),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Widths: [3, 4], Residual: true, Readout: BackboneReadout.GlobalAveragePool));
}

[MultiTaskModel]
public static partial class ConvStitchedOverTrunk
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new Composition([12], new CrossStitch([8])),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));
}

[MultiTaskModel]
public static partial class ConvComposed
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 8, 8),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new Composition([12], new Sluice([8])),
        Objective: new UncertaintyWeighting(),
        Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));
}

[MultiTaskModel]
public static partial class KanjiConv
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 28, 28),
        Tasks: [
            new TaskSpec(Composable.Data.Glyphs.MultiKanji.Left, new MultiClass(Classes: 10)),
            new TaskSpec(Composable.Data.Glyphs.MultiKanji.Right, new MultiClass(Classes: 10)),
            new TaskSpec(Composable.Data.Glyphs.MultiKanji.LeftStrokes, new Regression(), Weight: 0.01)],
        Sharing: new HardSharing(Trunk: [32]),
        Optimizer: new Adam(LearningRate: 3e-3),
        Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 3, Channels: 8));
}
