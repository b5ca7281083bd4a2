using Composable;

namespace MetaSinusoid;

// The meta-learners of Finn et al. 2017 §5.1 as declarations: 1-40-40-1 ReLU, K = 10 support and query points,
// meta-batch 25, inner lr 0.01, one inner step (Reptile: 5), Adam 1e-3 outside. The generator emits each one's
// Parameters, Functional forwards, Network (Meta-SGD's with its learned rates), Trainer and Graph.

/// <summary>MAML, second order.</summary>
[MetaLearner]
public static partial class MamlSinusoid
{
    /// <summary>The declaration.</summary>
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [40, 40], 1, new FewShotRegression(10, 10),
        new Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 25), new Adam(1e-3));
}

/// <summary>First-order MAML.</summary>
[MetaLearner]
public static partial class FomamlSinusoid
{
    /// <summary>The declaration.</summary>
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [40, 40], 1, new FewShotRegression(10, 10),
        new Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 25, FirstOrder: true), new Adam(1e-3));
}

/// <summary>Reptile, five inner steps.</summary>
[MetaLearner]
public static partial class ReptileSinusoid
{
    /// <summary>The declaration.</summary>
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [40, 40], 1, new FewShotRegression(10, 10),
        new Reptile(InnerSteps: 5, InnerLearningRate: 0.01, MetaBatch: 25), new Adam(1e-3));
}

/// <summary>Meta-SGD, a learned rate per parameter.</summary>
[MetaLearner]
public static partial class MetaSgdSinusoid
{
    /// <summary>The declaration.</summary>
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [40, 40], 1, new FewShotRegression(10, 10),
        new MetaSgd(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 25, Rate: LearnedRate.PerParameter), new Adam(1e-3));
}

/// <summary>ANIL: only the head adapts.</summary>
[MetaLearner]
public static partial class AnilSinusoid
{
    /// <summary>The declaration.</summary>
    public static readonly MetaLearnerSpec Spec = new(
        new Features(1), [40, 40], 1, new FewShotRegression(10, 10),
        new Anil(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 25), new Adam(1e-3));
}
