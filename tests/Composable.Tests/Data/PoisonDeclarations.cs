using Composable.Tests.Transfer;

namespace Composable.Tests.Data;

// Tiny declarations whose learning rate is far too large: each family's fit diverges a few steps in.

[MultiTaskModel]
public static partial class ExplodingMultiTask
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new HardSharing(Trunk: [8]),
        Optimizer: new Sgd(LearningRate: 3));
}

[MetaLearner]
public static partial class ExplodingMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [8], 1, new FewShotRegression(Shots: 5, Queries: 5),
        new Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 2, FirstOrder: true), new Sgd(LearningRate: 3));
}

[FewShotLearner]
public static partial class ExplodingPrototypes
{
    public static readonly FewShotLearnerSpec Spec = new(
        new MlpBackbone(new Features(32), [8]), new FewShotClassification(Ways: 3, Shots: 2, Queries: 3), new Prototypical(), new Sgd(LearningRate: 1000));
}

[FineTuning]
public static partial class ExplodingFineTuning
{
    public static readonly FineTuningSpec Spec = new(new TrunkSource(ThreeRelated.Spec), [new TaskSpec("D", new Regression())], Optimizer: new Sgd(LearningRate: 3));
}
