namespace Composable.Generators.Tests;

/// <summary>Declarations as users write them: one per topology and conditioning mode.</summary>
internal static class SampleDeclarations
{
    public const string Independent = """
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(Width: 8),
                Tasks: [
                    new TaskSpec("Income", new Binary()),
                    new TaskSpec("Age", new Regression(Outputs: 1), Weight: 0.5)],
                Sharing: new Independent(Layers: [16, 8]));
        }
        """;

    public const string HardSharing = """
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class Census
        {
            const int Width = 64;

            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(Width),
                Tasks: [
                    new TaskSpec("Income", new Binary()),
                    new TaskSpec("MaritalStatus", new MultiClass(Classes: 4), Weight: 0.5),
                    new TaskSpec("Age", new Regression(), Loss: Loss.Huber),
                    new TaskSpec("Interests", new MultiLabel(Labels: 5))],
                Sharing: new HardSharing(Trunk: [32, 32], Towers: [16]),
                Objective: new WeightedSum(TaskSampling.ProportionalToSize),
                Optimizer: new AdamW(LearningRate: 3e-3),
                Activation: Activation.Gelu,
                Dropout: 0.1);
        }
        """;

    public const string HardSharingOnGlyphs = """
        using Composable;

        namespace Samples.Images;

        [MultiTaskModel]
        public static partial class Glyphs
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Image(1, 28, 28),
                Tasks: [
                    new TaskSpec("Character", new MultiClass(Classes: 10)),
                    new TaskSpec("Strokes", new Regression())],
                Sharing: new HardSharing(Trunk: [32], Towers: [16]),
                Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 2, Channels: 8));
        }
        """;

    public const string HardSharingOnGroupNormAveragePooledBackbone = """
        using Composable;

        namespace Samples.Images;

        [MultiTaskModel]
        public static partial class ColourGlyphs
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Image(3, 20, 20),
                Tasks: [
                    new TaskSpec("Character", new MultiClass(Classes: 10)),
                    new TaskSpec("Strokes", new Regression())],
                Sharing: new HardSharing(Trunk: [16], Towers: [8]),
                Backbone: new ConvBackbone(new Image(3, 20, 20), Blocks: 2, Channels: 12, Kernel: 5,
                    Pooling: BlockPooling.Average, Norm: BlockNorm.Group, NormGroups: 4, Readout: BackboneReadout.GlobalAveragePool));
        }
        """;

    public const string IndependentTowersOnGlyphs = """
        using Composable;

        namespace Samples.Images;

        [MultiTaskModel]
        public static partial class Glyphs
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Image(1, 16, 16),
                Tasks: [
                    new TaskSpec("Character", new MultiClass(Classes: 10)),
                    new TaskSpec("Strokes", new Regression())],
                Sharing: new Independent(Layers: [16]),
                Backbone: new ConvBackbone(new Image(1, 16, 16), Blocks: 3, Channels: 4));
        }
        """;

    public const string MultiGateMixtureOnGlyphs = """
        using Composable;

        namespace Samples.Images;

        [MultiTaskModel]
        public static partial class Glyphs
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Image(1, 28, 28),
                Tasks: [
                    new TaskSpec("Character", new MultiClass(Classes: 10)),
                    new TaskSpec("Radical", new MultiClass(Classes: 5)),
                    new TaskSpec("Strokes", new Regression())],
                Sharing: new MixtureOfExperts(Experts: 3, ExpertLayers: [16], TowerLayers: [8]),
                Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 8));
        }
        """;

    public const string ConcatenatedOneHot = """
        using Composable;

        namespace Samples.Conditioned;

        [MultiTaskModel]
        public static partial class Concatenated
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Price", new Regression()), new TaskSpec("Volume", new Regression(2))],
                new TaskConditioned(Layers: [32, 16], Conditioning: Conditioning.Concatenation, At: [0, 1]),
                Optimizer: new Sgd(LearningRate: 0.05, Momentum: 0.9, Nesterov: true),
                Activation: Activation.Tanh);
        }
        """;

    public const string AdditiveEmbedding = """
        using Composable;

        namespace Samples.Conditioned;

        [MultiTaskModel]
        public static partial class Additive
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(12),
                Tasks: [new("Spam", new Binary()), new("Topic", new MultiClass(3))],
                Sharing: new TaskConditioned([24, 24], Conditioning.Additive, Descriptor: new LearnedEmbedding(Width: 4), At: [1]),
                Activation: Activation.Silu);
        }
        """;

    public const string FilmSharedHead = """
        using Composable;

        namespace Samples.Conditioned;

        public static partial class Outer
        {
            [MultiTaskModel]
            internal static partial class Film
            {
                public static readonly MultiTaskSpec Spec = new(
                    Input: new Features(6),
                    Tasks: [new TaskSpec("Sine", new Regression()), new TaskSpec("Cosine", new Regression()), new TaskSpec("Tangent", new Regression())],
                    Sharing: new TaskConditioned(
                        Layers: [20, 20],
                        Conditioning: Conditioning.Multiplicative,
                        Descriptor: new OneHot(),
                        At: [0, 1],
                        Output: TaskOutput.SharedHead),
                    Activation: Activation.Elu);
            }
        }
        """;

    public const string MultiGateMixture = """
        using Composable;

        namespace Samples.Experts;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(Width: 64),
                Tasks: [
                    new TaskSpec("Income", new Binary()),
                    new TaskSpec("Marital", new Binary(), Weight: 0.5),
                    new TaskSpec("Age", new Regression(Outputs: 1))],
                Sharing: new MixtureOfExperts(Experts: 8, ExpertLayers: [16, 12], TowerLayers: [8]),
                Objective: new WeightedSum(Sampling: TaskSampling.Uniform),
                Optimizer: new Adam(LearningRate: 1e-3));
        }
        """;

    public const string OneGateMixture = """
        using Composable;

        namespace Samples.Experts;

        [MultiTaskModel]
        public static partial class OneGate
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Price", new Regression()), new TaskSpec("Segment", new MultiClass(3))],
                new MixtureOfExperts(4, [8], Gating: Gating.Single));
        }
        """;

    public const string CustomizedGateControl = """
        using Composable;

        namespace Samples.Experts;

        [MultiTaskModel]
        public static partial class Cgc
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Click", new Binary()), new TaskSpec("Watch", new Regression())],
                new MixtureOfExperts(Experts: 2, ExpertLayers: [8], TowerLayers: [4], TaskExperts: 1));
        }
        """;

    public const string ProgressiveLayeredExtraction = """
        using Composable;

        namespace Samples.Experts;

        [MultiTaskModel]
        public static partial class Ple
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Click", new Binary()), new TaskSpec("Watch", new Regression()), new TaskSpec("Share", new Binary())],
                new MixtureOfExperts(Experts: 2, ExpertLayers: [8, 6], TaskExperts: 2, Levels: 2),
                Dropout: 0.1);
        }
        """;

    public const string SoftParameterSharing = """
        using Composable;

        namespace Samples.Soft;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Income", new Binary()), new TaskSpec("Age", new Regression(), Weight: 0.5)],
                new SoftSharing(Layers: [16, 8], Strength: 0.01, At: [0]));
        }
        """;

    public const string TraceNormSharing = """
        using Composable;

        namespace Samples.Soft;

        [MultiTaskModel]
        public static partial class Trace
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Low", new Regression()), new TaskSpec("High", new Regression()), new TaskSpec("Mid", new Regression())],
                new SoftSharing([16], 0.5, SharingPenalty.TraceNorm));
        }
        """;

    public const string CrossStitchUnits = """
        using Composable;

        namespace Samples.Stitch;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Income", new Binary()), new TaskSpec("Segment", new MultiClass(4))],
                new CrossStitch(Layers: [16, 16, 8], At: [0, 1], Self: 0.9, Others: 0.1),
                Dropout: 0.2);
        }
        """;

    /// <summary>Three tasks and no initial values: Others defaults to (1 − 0.9)/2 = 0.05, so the rows sum to 1.</summary>
    public const string CrossStitchDefaultsForThreeTasks = """
        using Composable;

        namespace Samples.StitchThree;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Income", new Binary()), new TaskSpec("Segment", new MultiClass(4)), new TaskSpec("Age", new Regression())],
                new CrossStitch(Layers: [16, 8]));
        }
        """;

    public const string SluiceNetwork = """
        using Composable;

        namespace Samples.Sluices;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Income", new Binary()), new TaskSpec("Age", new Regression()), new TaskSpec("Segment", new MultiClass(3))],
                new Sluice(Layers: [16, 8], Subspaces: 2, Self: 0.5));
        }
        """;

    public const string TrunkThenMixture = """
        using Composable;

        namespace Samples.Stacks;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(10),
                [new TaskSpec("Income", new Binary()), new TaskSpec("Age", new Regression())],
                new Composition(Trunk: [32], Then: new MixtureOfExperts(Experts: 4, ExpertLayers: [8, 8], TowerLayers: [4])));
        }
        """;

    public const string MamlSinusoid = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class Sinusoid
        {
            public static readonly MetaLearnerSpec Spec = new(
                Input: new Features(1),
                Layers: [40, 40],
                Outputs: 1,
                Episodes: new FewShotRegression(Shots: 10, Queries: 10),
                Learner: new Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 25),
                Outer: new Adam(LearningRate: 1e-3));
        }
        """;

    public const string AnilFewShotClassification = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class Glyphs
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Features(64),
                [32, 16],
                5,
                new FewShotClassification(Ways: 5, Shots: 1, Queries: 15),
                new Anil(InnerSteps: 5, InnerLearningRate: 0.1),
                Activation: Activation.Tanh,
                Adapt: ["head.weight"]);
        }
        """;

    public const string PrototypicalEuclideanMlp = """
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class Prototypes
        {
            public static readonly FewShotLearnerSpec Spec = new(
                Backbone: new MlpBackbone(new Features(64), [32, 16]),
                Episodes: new FewShotClassification(Ways: 5, Shots: 1, Queries: 15),
                Learner: new Prototypical());
        }
        """;

    public const string PrototypicalOnGroupNormBackbone = """
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class GroupNormGlyphs
        {
            public static readonly FewShotLearnerSpec Spec = new(
                new ConvBackbone(new Image(1, 28, 28), Blocks: 3, Channels: 16, Norm: BlockNorm.Group, NormGroups: 4,
                    Readout: BackboneReadout.GlobalAveragePool),
                new FewShotClassification(Ways: 5, Shots: 1, Queries: 5),
                new Prototypical());
        }
        """;

    public const string PrototypicalOnResNet12 = """
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class ResNetGlyphs
        {
            public static readonly FewShotLearnerSpec Spec = new(
                new ConvBackbone(new Image(3, 84, 84), Widths: [64, 160, 320, 640], Residual: true, Readout: BackboneReadout.GlobalAveragePool,
                    Activation: Activation.LeakyRelu),
                new FewShotClassification(Ways: 5, Shots: 1, Queries: 15),
                new Prototypical());
        }
        """;

    public const string PrototypicalCosineConv = """
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class Glyphs
        {
            public static readonly FewShotLearnerSpec Spec = new(
                new ConvBackbone(new Image(Channels: 1, Height: 28, Width: 28), Blocks: 4, Channels: 64),
                new FewShotClassification(Ways: 20, Shots: 5, Queries: 5),
                new Prototypical(Distance.Cosine, CosineScale: 12.5),
                Outer: new Adam(LearningRate: 1e-3, WeightDecay: 1e-5),
                MetaBatch: 2);
        }
        """;

    public const string MatchingNetwork = """
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class Matcher
        {
            public static readonly FewShotLearnerSpec Spec = new(
                new MlpBackbone(new Features(32), [64, 32], Activation.Tanh),
                new FewShotClassification(5, 5, 10),
                new Matching(CosineScale: 8),
                Outer: new Sgd(LearningRate: 0.05, Momentum: 0.9));
        }
        """;

    public const string RelationNetwork = """
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class Related
        {
            public static readonly FewShotLearnerSpec Spec = new(
                new MlpBackbone(new Features(16), [32]),
                new FewShotClassification(Ways: 3, Shots: 2, Queries: 4),
                new Relation(Layers: [8]));
        }
        """;

    public const string LstmReaderLearner = """
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class Sequential
        {
            public static readonly FewShotLearnerSpec Spec = new(
                new MlpBackbone(new Features(16), [24]),
                new FewShotClassification(Ways: 4, Shots: 1, Queries: 3),
                new LstmReader(Hidden: 32, Layers: 2),
                Outer: new AdamW(LearningRate: 3e-4));
        }
        """;

    public const string AttentionReaderLearner = """
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class Attentive
        {
            public static readonly FewShotLearnerSpec Spec = new(
                new MlpBackbone(new Features(16), [24], Activation.Gelu),
                new FewShotClassification(Ways: 3, Shots: 2, Queries: 2),
                new AttentionReader(Width: 16, Heads: 2, Layers: 1),
                MetaBatch: 4);
        }
        """;

    /// <summary>A [FewShotLearner] class <c>Samples.FewShot.Learner</c> whose declaration field has <paramref name="initializer"/>.</summary>
    public static string FewShotLearner(string initializer, string members = "") => $$"""
        using Composable;

        namespace Samples.FewShot;

        [FewShotLearner]
        public static partial class Learner
        {
            {{members}}
            public static readonly FewShotLearnerSpec Spec = {{initializer}};
        }
        """;

    public const string FirstOrderMamlSinusoid = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class FirstOrderSinusoid
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Features(1), [40, 40], 1, new FewShotRegression(Shots: 10, Queries: 10),
                new Maml(InnerSteps: 3, InnerLearningRate: 0.01, MetaBatch: 25, FirstOrder: true));
        }
        """;

    public const string ReptileSinusoid = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ReptileSinusoid
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Features(1), [32], 1, new FewShotRegression(Shots: 10, Queries: 10),
                new Reptile(InnerSteps: 5, InnerLearningRate: 0.02, MetaBatch: 10), new Sgd(LearningRate: 1.0));
        }
        """;

    public const string MetaSgdPerParameterPartial = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class LearnedRates
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Features(2), [16, 8], 1, new FewShotRegression(Shots: 5, Queries: 5),
                new MetaSgd(InnerSteps: 2, InnerLearningRate: 0.05, MetaBatch: 8),
                Adapt: ["layer_1", "head.bias"]);
        }
        """;

    public const string MetaSgdPerLayerClassifier = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class LayerRates
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Features(16), [32], 4, new FewShotClassification(Ways: 4, Shots: 1, Queries: 5),
                new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.1, MetaBatch: 16, Rate: LearnedRate.PerLayer, FirstOrder: true),
                new AdamW(LearningRate: 0.003));
        }
        """;

    public const string ConvMamlGlyphs = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ConvGlyphs
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Image(1, 28, 28), [], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 15),
                new Maml(InnerSteps: 1, InnerLearningRate: 0.4, MetaBatch: 32),
                Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 64));
        }
        """;

    public const string CrossStitchedConvColumns = """
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class StitchedKanji
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Image(1, 28, 28),
                Tasks: [new TaskSpec("Left", new MultiClass(Classes: 10)), new TaskSpec("Right", new MultiClass(Classes: 10))],
                Sharing: new CrossStitch(Layers: [64], BlocksAt: [0, 2]),
                Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 3, Channels: 16));
        }
        """;

    public const string ConvMetaSgdOverResidualBlocks = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ResidualMetaSgd
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Image(3, 16, 16), [], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 5),
                new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.1, MetaBatch: 4),
                Adapt: ["block_1.conv3", "block_1.shortcut_norm", "head"],
                Backbone: new ConvBackbone(new Image(3, 16, 16), Widths: [8, 16], Residual: true, Readout: BackboneReadout.GlobalAveragePool));
        }
        """;

    public const string ConvMamlInPassesOfOneTask = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ConvPasses
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Image(1, 28, 28), [], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 15),
                new Maml(InnerSteps: 1, InnerLearningRate: 0.4, MetaBatch: 32),
                Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 64),
                TasksPerPass: 1);
        }
        """;

    public const string ReptileInPasses = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ReptilePasses
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Features(1), [40, 40], 1, new FewShotRegression(Shots: 10, Queries: 10),
                new Reptile(InnerSteps: 3, InnerLearningRate: 0.02, MetaBatch: 10), new Sgd(LearningRate: 1.0),
                TasksPerPass: 4);
        }
        """;

    public const string ConvAnilGlyphs = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ConvAnil
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Image(1, 28, 28), Layers: [], Outputs: 5, new FewShotClassification(Ways: 5, Shots: 5, Queries: 5),
                new Anil(InnerSteps: 3, InnerLearningRate: 0.1, MetaBatch: 4, FirstOrder: true), new Adam(LearningRate: 0.003),
                Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 2, Channels: 8));
        }
        """;

    public const string ConvMamlLayerNormUnpadded = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ConvLayerNorm
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Image(1, 28, 28), [], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 5),
                new Maml(InnerSteps: 1, InnerLearningRate: 0.4, MetaBatch: 4),
                Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 3, Channels: 8, Kernel: 3, Padding: 0, PoolSize: 2, Norm: BlockNorm.Layer));
        }
        """;

    public const string ConvMamlWithoutNormOrPooling = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ConvPlain
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Image(1, 12, 12), [], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 5),
                new Maml(InnerSteps: 1, InnerLearningRate: 0.4, MetaBatch: 4),
                Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 4, Pooling: BlockPooling.None, Norm: BlockNorm.None,
                    Readout: BackboneReadout.GlobalAveragePool));
        }
        """;

    public const string ConvMetaSgdPerLayer = """
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class ConvRates
        {
            public static readonly MetaLearnerSpec Spec = new(
                new Image(3, 32, 32), [], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 5),
                new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.1, MetaBatch: 4, Rate: LearnedRate.PerLayer),
                Adapt: ["block_0.norm", "block_2", "head.bias"],
                Backbone: new ConvBackbone(new Image(3, 32, 32), Blocks: 3, Channels: 16));
        }
        """;

    /// <summary>A [MetaLearner] class <c>Samples.Meta.Learner</c> whose declaration field has <paramref name="initializer"/>.</summary>
    public static string MetaLearner(string initializer) => $$"""
        using Composable;

        namespace Samples.Meta;

        [MetaLearner]
        public static partial class Learner
        {
            public static readonly MetaLearnerSpec Spec = {{initializer}};
        }
        """;

    /// <summary>A [MultiTaskModel] class <c>Samples.Census</c> whose declaration field has <paramref name="initializer"/>.</summary>
    public static string Census(string initializer, string members = "") => $$"""
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class Census
        {
            {{members}}
            public static readonly MultiTaskSpec Spec = {{initializer}};
        }
        """;

    public const string UncertaintyWeighting = """
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class Scene
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(16),
                Tasks: [new TaskSpec("Depth", new Regression()), new TaskSpec("Segment", new MultiClass(Classes: 5), Weight: 0.5)],
                Sharing: new HardSharing(Trunk: [32]),
                Objective: new UncertaintyWeighting());
        }
        """;

    public const string DynamicWeightAverage = """
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class Scene
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(16),
                Tasks: [new TaskSpec("Depth", new Regression()), new TaskSpec("Normal", new Regression(Outputs: 3))],
                Sharing: new SoftSharing(Layers: [32], Strength: 0.01),
                Objective: new DynamicWeightAverage(Temperature: 2));
        }
        """;

    public const string GradNormOnCrossStitch = """
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class Scene
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(16),
                Tasks: [new TaskSpec("Depth", new Regression()), new TaskSpec("Edge", new Binary())],
                Sharing: new CrossStitch(Layers: [24, 16]),
                Objective: new GradNorm(Alpha: 1.5));
        }
        """;

    public const string PCGradOnMixture = """
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(16),
                Tasks: [new TaskSpec("Income", new Binary()), new TaskSpec("Marital", new MultiClass(3)), new TaskSpec("Age", new Regression())],
                Sharing: new MixtureOfExperts(Experts: 4, ExpertLayers: [16], TowerLayers: [8]),
                Objective: new PCGrad());
        }
        """;

    public const string MgdaUpperBound = """
        using Composable;

        namespace Samples;

        [MultiTaskModel]
        public static partial class Census
        {
            public static readonly MultiTaskSpec Spec = new(
                Input: new Features(16),
                Tasks: [new TaskSpec("Income", new Binary()), new TaskSpec("Age", new Regression(), Weight: 2)],
                Sharing: new HardSharing(Trunk: [32, 32], Towers: [8]),
                Objective: new Mgda(UpperBound: true, Normalization: GradientNormalization.LossPlus));
        }
        """;

    public const string ConvLinearProbe = """
        using Composable;

        namespace Samples.Transfer;

        [FineTuning]
        public static partial class KanjiProbe
        {
            public static readonly FineTuningSpec Spec = new(
                Source: new BackboneSource(new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: 32),
                    Tasks: [new TaskSpec("Character", new MultiClass(Classes: 200))]),
                Tasks: [new TaskSpec("Character", new MultiClass(Classes: 20))],
                Frozen: ["block_0", "block_1", "block_2", "block_3"],
                Optimizer: new Adam(LearningRate: 1e-2));
        }
        """;

    public const string ConvGradualUnfreezing = """
        using Composable;

        namespace Samples.Transfer;

        [FineTuning]
        public static partial class KanjiGradual
        {
            public static readonly FineTuningSpec Spec = new(
                new BackboneSource(new ConvBackbone(new Image(1, 28, 28))),
                [new TaskSpec("Character", new MultiClass(Classes: 20))],
                Frozen: ["block_0"],
                Unfreezing: new GradualUnfreezing(EveryEpochs: 2),
                Rates: new DiscriminativeRates(Decay: 2.6),
                Schedule: new WarmupCosine(Steps: 500, WarmupSteps: 50, FinalFactor: 0.1),
                Optimizer: new AdamW(LearningRate: 3e-3));
        }
        """;

    public const string TrunkToFourthTask = """
        using Composable;

        namespace Samples.Transfer;

        [MultiTaskModel]
        public static partial class ThreeTasks
        {
            public static readonly MultiTaskSpec Spec = new(
                new Features(16),
                [new TaskSpec("A", new Regression(1)), new TaskSpec("B", new Regression(1)), new TaskSpec("C", new Binary())],
                new HardSharing(Trunk: [32, 32], Towers: [8]));
        }

        [FineTuning]
        public static partial class FourthTask
        {
            public static readonly FineTuningSpec Spec = new(
                new TrunkSource(ThreeTasks.Spec),
                [new TaskSpec("D", new Regression(2), Weight: 2.0)],
                Rates: new ExplicitRates([new LayerRate("trunk_0", 1e-4), new LayerRate("head", 1e-2)]),
                Schedule: new WarmupStep(StepSize: 100, Gamma: 0.5, WarmupSteps: 10),
                Optimizer: new Sgd(LearningRate: 1e-3, Momentum: 0.9));
        }
        """;

    public static string FineTuning(string initializer, string members = "") => $$"""
        using Composable;

        namespace Samples.Transfer;

        [FineTuning]
        public static partial class Tuned
        {
            {{members}}
            public static readonly FineTuningSpec Spec = {{initializer}};
        }
        """;
}
