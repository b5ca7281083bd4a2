namespace Composable.Tests.Transfer;

// Small fine-tuning declarations over each source kind, compiled by the generator in this test assembly.

[FineTuning]
public static partial class TinyConvProbe
{
    public static readonly BackboneSource Source = new(new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4),
        Tasks: [new TaskSpec("Glyph", new MultiClass(6))]);

    public static readonly FineTuningSpec Spec = new(Source, [new TaskSpec("Glyph", new MultiClass(3))],
        Frozen: ["block_0", "block_1"], Optimizer: new Adam(LearningRate: 1e-2));
}

[FineTuning]
public static partial class TinyConvGradual
{
    public static readonly FineTuningSpec Spec = new(TinyConvProbe.Source, [new TaskSpec("Glyph", new MultiClass(3))],
        Unfreezing: new GradualUnfreezing(EveryEpochs: 1),
        Rates: new DiscriminativeRates(Decay: 2.0),
        Schedule: new WarmupCosine(Steps: 12, WarmupSteps: 3, FinalFactor: 0.1),
        Optimizer: new Adam(LearningRate: 1e-2));
}

[FineTuning]
public static partial class TinyConvKeep
{
    public static readonly FineTuningSpec Spec = new(TinyConvProbe.Source, [new TaskSpec("Glyph", new MultiClass(6))],
        Head: HeadInitialisation.Keep, Frozen: ["block_0"], Optimizer: new Sgd(LearningRate: 0.05, Momentum: 0.9));
}

[MultiTaskModel]
public static partial class ThreeRelated
{
    public static readonly MultiTaskSpec Spec = new(
        new Features(6),
        [new TaskSpec("A", new Regression()), new TaskSpec("B", new Regression()), new TaskSpec("C", new Binary())],
        new HardSharing(Trunk: [16, 12], Towers: [8]),
        Optimizer: new Adam(LearningRate: 1e-2));
}

[FineTuning]
public static partial class FourthRelated
{
    public static readonly FineTuningSpec Spec = new(new TrunkSource(ThreeRelated.Spec), [new TaskSpec("D", new Regression(2))],
        Rates: new ExplicitRates([new LayerRate("trunk_0", 1e-3), new LayerRate("head", 2e-2)]),
        Schedule: new WarmupStep(StepSize: 5, Gamma: 0.5, WarmupSteps: 2),
        Optimizer: new Adam(LearningRate: 1e-2));
}
