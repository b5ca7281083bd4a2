using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Bench.Generated;
using Composable.Bench.Peers;
using Composable.Data;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Bench.Objectives;

/// <summary>The contenders, PyTorch peers and ratios of <c>--model objectives</c>: equal weighting and four gradient-combination methods.</summary>
internal static class ObjectiveContenders
{
    /// <summary>Target of generated / PyTorch for each gradient-combination method.</summary>
    public const double GradientMethodTarget = 1.2;

    /// <summary>Equal weighting, the baseline every method's cost is read against, in the same run on the same side.</summary>
    public static ObjectiveMethod EqualWeighting { get; } = new("ew", "EW", null);

    /// <summary>Every method in report order, the baseline first.</summary>
    public static IReadOnlyList<ObjectiveMethod> Methods { get; } =
    [
        EqualWeighting,
        new("pcgrad", "PCGrad", GradientMethodTarget),
        new("mgda-ub", "MGDA-UB", GradientMethodTarget),
        new("cagrad", "CAGrad", GradientMethodTarget),
        new("nash-mtl", "Nash-MTL", GradientMethodTarget),
    ];

    /// <summary>Every method's generated trainer, each seeded with <paramref name="seed"/> (all start from the same weights).</summary>
    public static IReadOnlyList<IStepContender> Create(FixedBatches data, int seed) =>
    [
        Generated(Methods[0], data, EqualWeightingBenchModel.Trainer.Create(seed), (i, m, a) => new EqualWeightingBenchModel.Batch(i, m, a), (t, b) => t.Step(b)),
        Generated(Methods[1], data, PCGradBenchModel.Trainer.Create(seed), (i, m, a) => new PCGradBenchModel.Batch(i, m, a), (t, b) => t.Step(b)),
        Generated(Methods[2], data, MgdaUbBenchModel.Trainer.Create(seed), (i, m, a) => new MgdaUbBenchModel.Batch(i, m, a), (t, b) => t.Step(b)),
        Generated(Methods[3], data, CAGradBenchModel.Trainer.Create(seed), (i, m, a) => new CAGradBenchModel.Batch(i, m, a), (t, b) => t.Step(b)),
        Generated(Methods[4], data, NashMtlBenchModel.Trainer.Create(seed), (i, m, a) => new NashMtlBenchModel.Batch(i, m, a), (t, b) => t.Step(b)),
    ];

    private static IStepContender Generated<TTrainer, TBatch>(
        ObjectiveMethod method, FixedBatches data, TTrainer trainer, Func<TaskBatch, TaskBatch, TaskBatch, TBatch> toBatch, Action<TTrainer, TBatch> step)
        where TTrainer : IMultiTaskTrainer =>
        new GeneratedTrainerContender<TTrainer, TBatch>(method.Generated, data, trainer, toBatch, step, EveryTaskWeightedOne);

    /// <summary>The sum of the three task losses (every weight 1): what the peer measures.</summary>
    private static Tensor EveryTaskWeightedOne(IReadOnlyList<Tensor> outputs, HardSharingBatch batch) =>
        nn.functional.binary_cross_entropy_with_logits(outputs[0], batch.Income)
            .add(nn.functional.binary_cross_entropy_with_logits(outputs[1], batch.Marital))
            .add(nn.functional.mse_loss(outputs[2], batch.Age));

    /// <summary>One peer per method, <c>objectives.py --method KEY</c> (the bench runs each in every <see cref="PeerForms"/> form).</summary>
    public static IEnumerable<PeerSpec> Peers() =>
        Methods.Select(m => new PeerSpec(m.PyTorch, "objectives.py", ["--method", m.Key]));

    /// <summary>
    /// Per method generated / PyTorch (target <see cref="GradientMethodTarget"/> for the gradient methods), and each method's
    /// cost on each side: steps/s of equal weighting over the method's, in the same run.
    /// </summary>
    public static IEnumerable<(string Numerator, string Denominator, double? Target)> Ratios() =>
        Methods.SelectMany(m => m == EqualWeighting
            ? new (string, string, double?)[] { (m.Generated, m.PyTorch, m.Target) }
            : [(m.Generated, m.PyTorch, m.Target), (EqualWeighting.Generated, m.Generated, null), (EqualWeighting.PyTorch, m.PyTorch, null)]);
}
