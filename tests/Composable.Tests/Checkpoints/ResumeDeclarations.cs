namespace Composable.Tests.Checkpoints;

[MultiTaskModel]
public static partial class SgdDropout
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new HardSharing(Trunk: [16], Towers: [8]),
        Optimizer: new Sgd(LearningRate: 0.05, Momentum: 0.9),
        Dropout: 0.2);
}

[MultiTaskModel]
public static partial class SgdDropoutFaster
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new HardSharing(Trunk: [16], Towers: [8]),
        Optimizer: new Sgd(LearningRate: 0.1, Momentum: 0.9),
        Dropout: 0.2);
}
