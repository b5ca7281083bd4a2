namespace Composable.Bench.ConvMaml;

/// <summary>
/// The conv MAML benchmark's declarations, issue 13's point 5(b): 5-way 1-shot episodes of 28×28 glyphs with 15 queries
/// per class; the 4-block conv backbone with 64 channels (3×3 conv → batch norm with batch statistics → max-pool 2 →
/// ReLU) and a linear head; one inner step with Finn et al.'s Omniglot rate α = 0.4, adapting every parameter; 32 tasks
/// per meta-update; Adam 1e-3 outside. Declared as <c>[MetaLearner]</c> classes (second and first order), so the
/// generator emits their task-batched Trainers: every block of a meta-batch is one grouped convolution (groups = tasks);
/// and the same declarations with <c>TasksPerPass: 1</c>, whose Trainers run the meta-batch a task at a time (plain
/// convolutions, each task back-propagated before the next).
/// </summary>
internal static class ConvMamlBenchModel
{
    public const int Ways = 5;
    public const int Shots = 1;
    public const int Queries = 15;
    public const int Side = 28;
    public const int Channels = 64;

    /// <summary>Tasks per meta-update, as the issue and Finn et al.'s 5-way Omniglot runs have it.</summary>
    public const int MetaBatch = 32;

    /// <summary>Tasks per meta-update with <c>--quick</c> unless <c>--meta-batch</c> says otherwise.</summary>
    public const int QuickMetaBatch = 2;

    /// <summary>Fixed meta-batches cycled (each is <c>--meta-batch</c> episodes of 80 images).</summary>
    public const int MetaBatches = 2;

    public const double InnerLearningRate = 0.4;

    public static readonly Image Input = new(Channels: 1, Height: Side, Width: Side);

    public static readonly FewShotClassification Episodes = new(Ways, Shots, Queries);

    public static readonly ConvBackbone Backbone = new(Input, Blocks: 4, Channels: Channels);

    public static readonly Adam Outer = new(LearningRate: 1e-3);

    /// <summary>MAML (second order) or FOMAML (<paramref name="firstOrder"/>).</summary>
    public static MetaLearnerSpec Spec(bool firstOrder) => firstOrder ? FirstOrderConvMamlBench.Spec : SecondOrderConvMamlBench.Spec;

    /// <summary>The generated trainer of the declaration that runs a task per pass, MAML or FOMAML (<paramref name="firstOrder"/>).</summary>
    public static global::Composable.Meta.IMetaLearnerTrainer PerTaskTrainer(bool firstOrder, int seed) =>
        firstOrder ? FirstOrderConvMamlPerTaskBench.Trainer.Create(seed) : SecondOrderConvMamlPerTaskBench.Trainer.Create(seed);
}

/// <summary>The benchmark's conv MAML (second order) as a user declares it; the generator emits its Trainer.</summary>
[MetaLearner]
internal static partial class SecondOrderConvMamlBench
{
    public static readonly MetaLearnerSpec Spec = new(ConvMamlBenchModel.Input, Layers: [], Outputs: ConvMamlBenchModel.Ways, ConvMamlBenchModel.Episodes,
        new global::Composable.Maml(InnerSteps: 1, InnerLearningRate: ConvMamlBenchModel.InnerLearningRate, MetaBatch: ConvMamlBenchModel.MetaBatch, FirstOrder: false),
        ConvMamlBenchModel.Outer, Backbone: ConvMamlBenchModel.Backbone);
}

/// <summary>The benchmark's conv first-order MAML as a user declares it; the generator emits its Trainer.</summary>
[MetaLearner]
internal static partial class FirstOrderConvMamlBench
{
    public static readonly MetaLearnerSpec Spec = new(ConvMamlBenchModel.Input, Layers: [], Outputs: ConvMamlBenchModel.Ways, ConvMamlBenchModel.Episodes,
        new global::Composable.Maml(InnerSteps: 1, InnerLearningRate: ConvMamlBenchModel.InnerLearningRate, MetaBatch: ConvMamlBenchModel.MetaBatch, FirstOrder: true),
        ConvMamlBenchModel.Outer, Backbone: ConvMamlBenchModel.Backbone);
}

/// <summary>The benchmark's conv MAML (second order) run a task per pass (<c>TasksPerPass: 1</c>).</summary>
[MetaLearner]
internal static partial class SecondOrderConvMamlPerTaskBench
{
    public static readonly MetaLearnerSpec Spec = new(ConvMamlBenchModel.Input, Layers: [], Outputs: ConvMamlBenchModel.Ways, ConvMamlBenchModel.Episodes,
        new global::Composable.Maml(InnerSteps: 1, InnerLearningRate: ConvMamlBenchModel.InnerLearningRate, MetaBatch: ConvMamlBenchModel.MetaBatch, FirstOrder: false),
        ConvMamlBenchModel.Outer, Backbone: ConvMamlBenchModel.Backbone, TasksPerPass: 1);
}

/// <summary>The benchmark's conv first-order MAML run a task per pass (<c>TasksPerPass: 1</c>).</summary>
[MetaLearner]
internal static partial class FirstOrderConvMamlPerTaskBench
{
    public static readonly MetaLearnerSpec Spec = new(ConvMamlBenchModel.Input, Layers: [], Outputs: ConvMamlBenchModel.Ways, ConvMamlBenchModel.Episodes,
        new global::Composable.Maml(InnerSteps: 1, InnerLearningRate: ConvMamlBenchModel.InnerLearningRate, MetaBatch: ConvMamlBenchModel.MetaBatch, FirstOrder: true),
        ConvMamlBenchModel.Outer, Backbone: ConvMamlBenchModel.Backbone, TasksPerPass: 1);
}
