namespace Composable.Bench.ConvSharing;

/// <summary>
/// The conv hard-sharing benchmark's declaration: the hard-sharing benchmark's three tasks (income and marital
/// binary, age regression; weights 1, 0.5, 1) over a shared conv backbone, the few-shot family's four blocks of 3×3
/// conv → batch norm → max-pool 2 → ReLU with 64 channels on 1×28×28 images (a 64-wide embedding), then a shared
/// trunk [256] and one head per task; Adam lr 1e-3; <see cref="Batches"/> fixed batches of <see cref="BatchSize"/>.
/// </summary>
[MultiTaskModel]
internal static partial class ConvSharingBenchModel
{
    public const int Side = 28;
    public const int BatchSize = 256;

    /// <summary>Fixed batches cycled (fewer than the other models' 16: each is 256 images, and the loss is read over all of them).</summary>
    public const int Batches = 4;
    public const int InputFeatures = Side * Side;

    public static readonly MultiTaskSpec Spec = new(
        Input: new Image(1, 28, 28),
        Tasks: [
            new TaskSpec("Income", new Binary()),
            new TaskSpec("Marital", new Binary(), Weight: 0.5),
            new TaskSpec("Age", new Regression(Outputs: 1))],
        Sharing: new HardSharing(Trunk: [256]),
        Objective: new WeightedSum(Sampling: TaskSampling.AllTasks),
        Optimizer: new Adam(LearningRate: 1e-3),
        Backbone: new ConvBackbone(new Image(Channels: 1, Height: Side, Width: Side), Blocks: 4, Channels: 64));
}
