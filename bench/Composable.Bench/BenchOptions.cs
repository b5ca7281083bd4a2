namespace Composable.Bench;

/// <summary>Command-line settings of a benchmark run.</summary>
/// <param name="Threads">Intra-op threads on both sides (torch.set_num_threads).</param>
/// <param name="WarmupSteps">Untimed steps per contender before the first round.</param>
/// <param name="StepsPerRound">Timed steps per contender per round.</param>
/// <param name="Rounds">Interleaved rounds (A B C A B C …); the report gives their median and min–max.</param>
/// <param name="OutputFile">Where to write the JSON of all figures, if anywhere.</param>
/// <param name="Python">Interpreter of the PyTorch peer.</param>
/// <param name="SkipPyTorch">Leave the PyTorch column out.</param>
/// <param name="Model">The benchmarked model: <c>hard-sharing</c>, <c>mmoe</c>, <c>maml</c>, <c>conv-maml</c>, <c>protonet</c>, <c>conv-sharing</c> or <c>objectives</c>.</param>
/// <param name="Order">MAML and conv MAML: <c>second</c>, <c>first</c> or <c>both</c> orders.</param>
/// <param name="DotNetLoop">MAML and conv MAML: add Composable's per-task loop (slow; context, no target).</param>
/// <param name="Phases">MAML and ProtoNet: time the phases of Composable's step instead of running the comparison.</param>
/// <param name="Bound">conv-maml only: time the meta-step's arithmetic k tasks per pass through shared fast weights instead of running the comparison (<see cref="ConvMaml.ConvMamlBatchingBound"/>).</param>
/// <param name="DefaultHeap">Leave glibc's heap thresholds as they are instead of applying <c>NativeHeap.RetainFreedPages</c>.</param>
/// <param name="Soak">Run the soak (<c>Soak.SoakRun</c>) instead of the comparison: memory and live tensors over a long fit of every family.</param>
/// <param name="SoakSteps">Soak only: steps of each family, warm-up included.</param>
/// <param name="SoakCycles">Soak only: iterations of the create / fit / dispose loop.</param>
/// <param name="SoakOnly">Soak only: the one family to soak (its <c>--model</c> key, when <c>--model</c> is given), or every family.</param>
/// <param name="QuickRun">Whether <c>--quick</c> was given: the sweep then runs its small grid.</param>
/// <param name="OneDnn">Run every Composable CPU convolution on oneDNN (libtorch's default) for the whole run, not only where <c>CpuKernels</c> chooses it.</param>
/// <param name="Native">Keep every Composable CPU convolution on libtorch's native kernels (<c>CpuKernels.OneDnnForAlignedBackbones</c> false).</param>
/// <param name="MetaBatch">conv-maml only: tasks per meta-step (<see cref="ConvMaml.ConvMamlBenchModel.MetaBatch"/>, or
/// <see cref="ConvMaml.ConvMamlBenchModel.QuickMetaBatch"/> with <c>--quick</c>, unless given).</param>
/// <param name="Sweep">Run the cost sweep (<c>Sweep.SweepRun</c>) instead of the comparison: hard sharing over trunk widths and batch sizes.</param>
/// <param name="SweepWidths">The sweep's trunk widths when <c>--widths</c> gives them (else all, or the quick grid's).</param>
/// <param name="SweepBatchSizes">The sweep's batch sizes when <c>--batch-sizes</c> gives them (else all, or the quick grid's).</param>
internal sealed record BenchOptions(
    int Threads = 2,
    int WarmupSteps = 200,
    int StepsPerRound = 400,
    int Rounds = 15,
    string? OutputFile = null,
    string Python = "/usr/bin/python3",
    bool SkipPyTorch = false,
    string Model = "hard-sharing",
    string Order = "both",
    bool Phases = false,
    bool Bound = false,
    bool DotNetLoop = false,
    bool DefaultHeap = false,
    bool Soak = false,
    int SoakSteps = 10_000,
    int SoakCycles = 1_000,
    string? SoakOnly = null,
    bool Sweep = false,
    bool QuickRun = false,
    bool OneDnn = false,
    bool Native = false,
    int MetaBatch = ConvMaml.ConvMamlBenchModel.MetaBatch,
    int[]? SweepWidths = null,
    int[]? SweepBatchSizes = null)
{
    public const int BatchSize = 128;
    public const int FixedBatchCount = 16;
    public const int Seed = 20261123;

    /// <summary>A few seconds in all: enough to see that every contender runs and the figures are sane.</summary>
    public static BenchOptions Quick { get; } = new(WarmupSteps: 20, StepsPerRound: 100, Rounds: 3, SoakSteps: 20, SoakCycles: 12, QuickRun: true, MetaBatch: ConvMaml.ConvMamlBenchModel.QuickMetaBatch);

    /// <summary>Soak only: steps between readings, a tenth of the run.</summary>
    public int SoakEvery => System.Math.Max(1, SoakSteps / 10);

    /// <summary>Soak only: steps before the reading every later one is compared with, half of <see cref="SoakEvery"/>.</summary>
    public int SoakWarmup => System.Math.Max(1, SoakEvery / 2);

    /// <summary>The sweep measures many points: fewer rounds per point unless asked for.</summary>
    public const int SweepRounds = 5;

    /// <summary>A MAML meta-step is 10-100x a training step of the other models: fewer steps unless asked for.</summary>
    public const int MamlWarmupSteps = 20, MamlStepsPerRound = 40, MamlQuickStepsPerRound = 10;

    /// <summary>A conv hard-sharing step (batch 256 of 28×28 images) costs about a ProtoNet episode's twice over: its own counts.</summary>
    public const int ConvSharingWarmupSteps = 5, ConvSharingStepsPerRound = 10, ConvSharingQuickWarmupSteps = 2, ConvSharingQuickStepsPerRound = 3;

    /// <summary>A ProtoNet training episode (100 images through a conv net, forward and backward) costs milliseconds.</summary>
    public const int ProtoNetWarmupSteps = 10, ProtoNetStepsPerRound = 20, ProtoNetQuickWarmupSteps = 3, ProtoNetQuickStepsPerRound = 5;

    /// <summary>A conv MAML meta-step (32 tasks of 80 images, second order) takes seconds.</summary>
    public const int ConvMamlWarmupSteps = 2, ConvMamlStepsPerRound = 2, ConvMamlQuickWarmupSteps = 1, ConvMamlQuickStepsPerRound = 1;

    /// <summary>A gradient-combination step takes a backward per task, and the run has five methods on each side: fewer steps.</summary>
    public const int ObjectivesWarmupSteps = 50, ObjectivesStepsPerRound = 100, ObjectivesQuickWarmupSteps = 5, ObjectivesQuickStepsPerRound = 10;
}
