namespace Composable.Bench.Maml;

/// <summary>
/// The MAML benchmark's declarations: the sinusoid network of Finn et al. (2017), 1-40-40-1 ReLU; meta-batch 25;
/// K = 10 support and 10 query points per task; one inner step with α = 0.01; Adam 1e-3 outside. Declared as
/// <c>[MetaLearner]</c> classes (<see cref="SecondOrderMamlBench"/>, <see cref="FirstOrderMamlBench"/>), so the
/// generator emits their episodic Trainers.
/// </summary>
internal static class MamlBenchModel
{
    public const int MetaBatch = 25;
    public const int Shots = 10;
    public const int Queries = 10;

    /// <summary>The network both declarations share: 1 input, hidden [40, 40] ReLU, 1 output.</summary>
    public static readonly Features Input = new(Width: 1);

    /// <summary>K = 10 support and 10 query points per task.</summary>
    public static readonly FewShotRegression Episodes = new(Shots, Queries);

    /// <summary>Adam 1e-3 outside.</summary>
    public static readonly Adam Outer = new(LearningRate: 1e-3);

    /// <summary>MAML (second order) or FOMAML (<paramref name="firstOrder"/>).</summary>
    public static MetaLearnerSpec Spec(bool firstOrder) => firstOrder ? FirstOrderMamlBench.Spec : SecondOrderMamlBench.Spec;
}

/// <summary>The benchmark's MAML (second order) as a user declares it; the generator emits its Trainer.</summary>
[MetaLearner]
internal static partial class SecondOrderMamlBench
{
    public static readonly MetaLearnerSpec Spec = new(MamlBenchModel.Input, Layers: [40, 40], Outputs: 1, MamlBenchModel.Episodes,
        new global::Composable.Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: MamlBenchModel.MetaBatch, FirstOrder: false), MamlBenchModel.Outer);
}

/// <summary>The benchmark's first-order MAML (FOMAML) as a user declares it; the generator emits its Trainer.</summary>
[MetaLearner]
internal static partial class FirstOrderMamlBench
{
    public static readonly MetaLearnerSpec Spec = new(MamlBenchModel.Input, Layers: [40, 40], Outputs: 1, MamlBenchModel.Episodes,
        new global::Composable.Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: MamlBenchModel.MetaBatch, FirstOrder: true), MamlBenchModel.Outer);
}
