using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Composable.Bench.Maml;
using Composable.Bench.Peers;
using Composable.Data.Episodes;

namespace Composable.Bench.ConvMaml;

/// <summary>
/// The contenders, PyTorch peers and ratios of <c>--model conv-maml</c>: the generated task-batched conv MAML meta-step
/// (<see cref="SecondOrderConvMamlBench"/>, <see cref="FirstOrderConvMamlBench"/>) against <c>pytorch/conv_maml.py</c>
/// as the common libraries write it (a loop over tasks with <c>autograd.grad(create_graph=True)</c>) and batched by
/// hand with grouped convolutions, all on the same fixed glyph meta-batches from the same initial weights. Names as
/// <see cref="MamlContenders"/>'s.
/// </summary>
internal static class ConvMamlContenders
{
    /// <summary>The generated trainer of the same declaration with <c>TasksPerPass: 1</c>: a task per pass, plain convolutions.</summary>
    public const string ComposablePerTask = "composable-per-task";

    /// <summary>
    /// Composable's contenders for the orders asked for, on <paramref name="data"/>'s episodes grouped into meta-batches
    /// of <paramref name="metaBatch"/> (the generated trainers take any number of tasks per step).
    /// </summary>
    public static IReadOnlyList<ComposableMamlContender> Create(GlyphEpisodes data, int metaBatch, int seed, string order, bool withLoop)
    {
        var metaBatches = MetaBatches(data, metaBatch);
        var batched = MamlContenders.Create(metaBatches, seed, order, withLoop, ConvMamlBenchModel.Spec,
            firstOrder => firstOrder ? FirstOrderConvMamlBench.Trainer.Create(seed) : SecondOrderConvMamlBench.Trainer.Create(seed));
        var perTask = MamlContenders.FirstOrderFlags(order).Select(firstOrder => new ComposableMamlContender(
            MamlContenders.NameOf(ComposablePerTask, firstOrder), metaBatches, ConvMamlBenchModel.PerTaskTrainer(firstOrder, seed), ConvMamlBenchModel.Spec(firstOrder), seed));
        return [.. batched, .. perTask];
    }

    /// <summary>The fixed episodes of the run: <see cref="ConvMamlBenchModel.MetaBatches"/> meta-batches of <paramref name="metaBatch"/> 5-way 1-shot 15-query glyph episodes.</summary>
    /// <exception cref="System.IO.FileNotFoundException">The kanji data is missing; the message names its Debian package.</exception>
    public static GlyphEpisodes Episodes(int metaBatch, int seed) =>
        GlyphEpisodes.Create(ConvMamlBenchModel.Episodes, ConvMamlBenchModel.MetaBatches * metaBatch, seed);

    private static IReadOnlyList<Episode[]> MetaBatches(GlyphEpisodes data, int metaBatch) => data.Episodes.Chunk(metaBatch).ToArray();

    /// <summary>Each PyTorch peer per order: the per-task loop and the hand-batched grouped convolutions, reading episodes and θ from <paramref name="exchangeFile"/>.</summary>
    public static IEnumerable<PeerSpec> Peers(string order, int metaBatch, string exchangeFile) =>
        MamlContenders.FirstOrderFlags(order).SelectMany(firstOrder => new[] { MamlContenders.PyTorchLoop, MamlContenders.PyTorchBatched }.Select(variant => new PeerSpec(
            MamlContenders.NameOf(variant, firstOrder),
            "conv_maml.py",
            [
                "--tensors", exchangeFile,
                "--variant", variant == MamlContenders.PyTorchLoop ? "loop" : "batched", "--order", firstOrder ? "first" : "second",
                "--meta-batch", metaBatch.ToString(CultureInfo.InvariantCulture),
                "--inner-lr", ConvMamlBenchModel.InnerLearningRate.ToString("R", CultureInfo.InvariantCulture),
                "--lr", ConvMamlBenchModel.Outer.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ])));

    /// <summary>
    /// Issue 13's targets: ≥ 2× the per-task PyTorch loop and ≥ 1× hand-batched PyTorch, in each order, for the
    /// task-batched trainer the issue names and for the same declaration run a task per pass; and the two against each other.
    /// </summary>
    public static IEnumerable<(string Numerator, string Denominator, double? Target)> Ratios(string order, bool withLoop) =>
        MamlContenders.Ratios(order, withLoop, loopTarget: 2.0).Concat(MamlContenders.FirstOrderFlags(order).SelectMany(firstOrder => new (string, string, double?)[]
        {
            (MamlContenders.NameOf(ComposablePerTask, firstOrder), MamlContenders.NameOf(MamlContenders.PyTorchLoop, firstOrder), 2.0),
            (MamlContenders.NameOf(ComposablePerTask, firstOrder), MamlContenders.NameOf(MamlContenders.PyTorchBatched, firstOrder), 1.0),
            (MamlContenders.NameOf(ComposablePerTask, firstOrder), MamlContenders.NameOf(MamlContenders.ComposableBatched, firstOrder), null),
        }));
}
