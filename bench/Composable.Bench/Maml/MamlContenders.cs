using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Meta;

namespace Composable.Bench.Maml;

/// <summary>The contenders, PyTorch peers and ratios of <c>--model maml</c>, for the orders asked for.</summary>
internal static class MamlContenders
{
    public const string ComposableBatched = "composable-batched";
    public const string ComposableLoop = "composable-loop";
    public const string PyTorchLoop = "pytorch-loop";
    public const string PyTorchBatched = "pytorch-batched";

    /// <summary>First-order contenders carry the suffix <c>-fo</c>.</summary>
    public static string NameOf(string contender, bool firstOrder) => firstOrder ? contender + "-fo" : contender;

    /// <summary>First order, second order or both, as <c>--order</c> says (second order first).</summary>
    public static IEnumerable<bool> FirstOrderFlags(string order) => order switch
    {
        "first" => [true],
        "second" => [false],
        _ => [false, true],
    };

    /// <summary>Composable's task-batched meta-step per order, and its per-task loop too when <paramref name="withLoop"/>.</summary>
    public static IReadOnlyList<IStepContender> Create(MamlEpisodes data, int seed, string order, bool withLoop) =>
        Create(data.MetaBatches, seed, order, withLoop, MamlBenchModel.Spec,
            firstOrder => firstOrder ? FirstOrderMamlBench.Trainer.Create(seed) : SecondOrderMamlBench.Trainer.Create(seed));

    /// <summary>
    /// For each order <paramref name="order"/> asks for, the generated trainer <paramref name="generated"/> makes for it
    /// (<see cref="ComposableBatched"/>) and, when <paramref name="withLoop"/>, the library's per-task loop over
    /// <paramref name="spec"/>'s declaration (<see cref="ComposableLoop"/>), all on <paramref name="metaBatches"/>.
    /// </summary>
    public static IReadOnlyList<ComposableMamlContender> Create(IReadOnlyList<Episode[]> metaBatches, int seed, string order, bool withLoop,
        Func<bool, MetaLearnerSpec> spec, Func<bool, IMetaLearnerTrainer> generated) =>
        FirstOrderFlags(order)
            .SelectMany(firstOrder => withLoop
                ? new[]
                {
                    new ComposableMamlContender(NameOf(ComposableBatched, firstOrder), metaBatches, generated(firstOrder), spec(firstOrder), seed),
                    new ComposableMamlContender(NameOf(ComposableLoop, firstOrder), metaBatches, null, spec(firstOrder), seed),
                }
                : [new ComposableMamlContender(NameOf(ComposableBatched, firstOrder), metaBatches, generated(firstOrder), spec(firstOrder), seed)])
            .ToArray();

    /// <summary>Each PyTorch peer: contender name, script, extra arguments.</summary>
    public static IEnumerable<Peers.PeerSpec> Peers(string order) =>
        FirstOrderFlags(order).SelectMany(firstOrder => new[] { PyTorchLoop, PyTorchBatched }.Select(variant => new Peers.PeerSpec(
            NameOf(variant, firstOrder),
            "maml.py",
            new[]
            {
                "--variant", variant == PyTorchLoop ? "loop" : "batched", "--order", firstOrder ? "first" : "second",
                "--meta-batch", MamlBenchModel.MetaBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--shots", MamlBenchModel.Shots.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queries", MamlBenchModel.Queries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })));

    /// <summary>Issue targets: ≥ <paramref name="loopTarget"/>× the per-task PyTorch loop (the sinusoid MLP's issue asks 3×) and ≥ 1× hand-batched PyTorch, in each order.</summary>
    public static IEnumerable<(string Numerator, string Denominator, double? Target)> Ratios(string order, bool withLoop, double loopTarget = 3.0) =>
        FirstOrderFlags(order).SelectMany(firstOrder => new (string, string, double?)[]
        {
            (NameOf(ComposableBatched, firstOrder), NameOf(PyTorchLoop, firstOrder), loopTarget),
            (NameOf(ComposableBatched, firstOrder), NameOf(PyTorchBatched, firstOrder), 1.0),
            (NameOf(PyTorchBatched, firstOrder), NameOf(PyTorchLoop, firstOrder), null),
            (NameOf(ComposableBatched, firstOrder), NameOf(ComposableLoop, firstOrder), null),
        }.Take(withLoop ? 4 : 3));
}
