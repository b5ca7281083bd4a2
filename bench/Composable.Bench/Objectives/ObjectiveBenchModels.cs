namespace Composable.Bench.Objectives;

/// <summary>The hard-sharing bench model, every task weighted 1, trained with equal weighting (the in-run baseline): one backward of the sum of the task losses.</summary>
[MultiTaskModel]
internal static partial class EqualWeightingBenchModel
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: FixedBatches.InputFeatures),
        Tasks: [new TaskSpec("Income", new Binary()), new TaskSpec("Marital", new Binary()), new TaskSpec("Age", new Regression(Outputs: 1))],
        Sharing: new HardSharing(Trunk: [256, 256]),
        Objective: new WeightedSum(),
        Optimizer: new Adam(LearningRate: 1e-3));
}

/// <summary>The hard-sharing bench model, every task weighted 1, trained with PCGrad.</summary>
[MultiTaskModel]
internal static partial class PCGradBenchModel
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: FixedBatches.InputFeatures),
        Tasks: [new TaskSpec("Income", new Binary()), new TaskSpec("Marital", new Binary()), new TaskSpec("Age", new Regression(Outputs: 1))],
        Sharing: new HardSharing(Trunk: [256, 256]),
        Objective: new PCGrad(),
        Optimizer: new Adam(LearningRate: 1e-3));
}

/// <summary>The hard-sharing bench model, every task weighted 1, trained with MGDA-UB (gradients on the trunk output).</summary>
[MultiTaskModel]
internal static partial class MgdaUbBenchModel
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: FixedBatches.InputFeatures),
        Tasks: [new TaskSpec("Income", new Binary()), new TaskSpec("Marital", new Binary()), new TaskSpec("Age", new Regression(Outputs: 1))],
        Sharing: new HardSharing(Trunk: [256, 256]),
        Objective: new Mgda(UpperBound: true),
        Optimizer: new Adam(LearningRate: 1e-3));
}

/// <summary>The hard-sharing bench model, every task weighted 1, trained with CAGrad, c = 0.4.</summary>
[MultiTaskModel]
internal static partial class CAGradBenchModel
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: FixedBatches.InputFeatures),
        Tasks: [new TaskSpec("Income", new Binary()), new TaskSpec("Marital", new Binary()), new TaskSpec("Age", new Regression(Outputs: 1))],
        Sharing: new HardSharing(Trunk: [256, 256]),
        Objective: new CAGrad(C: 0.4),
        Optimizer: new Adam(LearningRate: 1e-3));
}

/// <summary>The hard-sharing bench model, every task weighted 1, trained with Nash-MTL (max-norm 1, solved every step).</summary>
[MultiTaskModel]
internal static partial class NashMtlBenchModel
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: FixedBatches.InputFeatures),
        Tasks: [new TaskSpec("Income", new Binary()), new TaskSpec("Marital", new Binary()), new TaskSpec("Age", new Regression(Outputs: 1))],
        Sharing: new HardSharing(Trunk: [256, 256]),
        Objective: new NashMtl(),
        Optimizer: new Adam(LearningRate: 1e-3));
}
