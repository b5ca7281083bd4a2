namespace Composable.Bench.Maml;

/// <summary>
/// The MAML benchmark's declarations: the sinusoid network of Finn et al. (2017), 1-40-40-1 ReLU; meta-batch 25;
/// K = 10 support and 10 query points per task; one inner step with α = 0.01; Adam 1e-3 outside.
/// </summary>
internal static class MamlBenchModel
{
    public const int MetaBatch = 25;
    public const int Shots = 10;
    public const int Queries = 10;

    /// <summary>MAML (second order) or FOMAML (<paramref name="firstOrder"/>).</summary>
    public static MetaLearnerSpec Spec(bool firstOrder) => new(
        Input: new Features(Width: 1),
        Layers: [40, 40],
        Outputs: 1,
        Episodes: new FewShotRegression(Shots, Queries),
        Learner: new global::Composable.Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: MetaBatch, FirstOrder: firstOrder),
        Outer: new Adam(LearningRate: 1e-3));
}
