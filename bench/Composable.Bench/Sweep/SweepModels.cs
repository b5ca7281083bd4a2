namespace Composable.Bench.Sweep;

/// <summary>
/// What every declaration of the sweep shares with the hard-sharing bench model (<c>BenchModel</c>: income 1, marital 0.5,
/// age 1, all tasks every step, Adam 1e-3). A generated model has its widths compiled in, so each trunk width of the sweep
/// is a declaration of its own, <c>HardSharingWidth{W}</c> with a trunk of [W, W].
/// </summary>
internal static class SweepDeclarations
{
    public static readonly Features Input = new(Width: FixedBatches.InputFeatures);
    public static readonly TaskSpec Income = new("Income", new Binary());
    public static readonly TaskSpec Marital = new("Marital", new Binary(), Weight: 0.5);
    public static readonly TaskSpec Age = new("Age", new Regression(Outputs: 1));
    public static readonly WeightedSum Objective = new(Sampling: TaskSampling.AllTasks);
    public static readonly Adam Optimizer = new(LearningRate: 1e-3);
}

/// <summary>The hard-sharing bench model with a trunk of [64, 64].</summary>
[MultiTaskModel]
internal static partial class HardSharingWidth64
{
    public static readonly MultiTaskSpec Spec = new(SweepDeclarations.Input, [SweepDeclarations.Income, SweepDeclarations.Marital, SweepDeclarations.Age],
        new HardSharing(Trunk: [64, 64]), SweepDeclarations.Objective, SweepDeclarations.Optimizer);
}

/// <summary>The hard-sharing bench model with a trunk of [128, 128].</summary>
[MultiTaskModel]
internal static partial class HardSharingWidth128
{
    public static readonly MultiTaskSpec Spec = new(SweepDeclarations.Input, [SweepDeclarations.Income, SweepDeclarations.Marital, SweepDeclarations.Age],
        new HardSharing(Trunk: [128, 128]), SweepDeclarations.Objective, SweepDeclarations.Optimizer);
}

/// <summary>The hard-sharing bench model with a trunk of [256, 256].</summary>
[MultiTaskModel]
internal static partial class HardSharingWidth256
{
    public static readonly MultiTaskSpec Spec = new(SweepDeclarations.Input, [SweepDeclarations.Income, SweepDeclarations.Marital, SweepDeclarations.Age],
        new HardSharing(Trunk: [256, 256]), SweepDeclarations.Objective, SweepDeclarations.Optimizer);
}

/// <summary>The hard-sharing bench model with a trunk of [512, 512].</summary>
[MultiTaskModel]
internal static partial class HardSharingWidth512
{
    public static readonly MultiTaskSpec Spec = new(SweepDeclarations.Input, [SweepDeclarations.Income, SweepDeclarations.Marital, SweepDeclarations.Age],
        new HardSharing(Trunk: [512, 512]), SweepDeclarations.Objective, SweepDeclarations.Optimizer);
}

/// <summary>The hard-sharing bench model with a trunk of [1024, 1024].</summary>
[MultiTaskModel]
internal static partial class HardSharingWidth1024
{
    public static readonly MultiTaskSpec Spec = new(SweepDeclarations.Input, [SweepDeclarations.Income, SweepDeclarations.Marital, SweepDeclarations.Age],
        new HardSharing(Trunk: [1024, 1024]), SweepDeclarations.Objective, SweepDeclarations.Optimizer);
}

/// <summary>The hard-sharing bench model with a trunk of [2048, 2048].</summary>
[MultiTaskModel]
internal static partial class HardSharingWidth2048
{
    public static readonly MultiTaskSpec Spec = new(SweepDeclarations.Input, [SweepDeclarations.Income, SweepDeclarations.Marital, SweepDeclarations.Age],
        new HardSharing(Trunk: [2048, 2048]), SweepDeclarations.Objective, SweepDeclarations.Optimizer);
}
