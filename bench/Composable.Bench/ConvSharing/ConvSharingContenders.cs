using System.Collections.Generic;
using System.Linq;
using Composable.Bench.Generated;
using Composable.Bench.HandWritten;
using Composable.Bench.Peers;
using Composable.Bench.ProtoNet;

namespace Composable.Bench.ConvSharing;

/// <summary>
/// The contender, PyTorch peer and ratio of <c>--model conv-sharing</c>: one training step of
/// <see cref="ConvSharingBenchModel"/>'s generated trainer against the same model in PyTorch
/// (<c>pytorch/conv_sharing.py</c>), both on the same four fixed batches of 256 rows of 784 from the same initial
/// weights (the peer's <c>--batches</c> comes after the runner's common one, so it wins).
/// </summary>
internal static class ConvSharingContenders
{
    public const string Generated = "generated";
    public const string PyTorch = "pytorch";

    /// <summary>
    /// The generated trainer, seeded with <paramref name="seed"/>. With <paramref name="exchangeFile"/>, its parameters and
    /// batch-norm buffers are written there first (as <c>model.{state-dict name}</c>, safetensors) for the peer: the two
    /// sides initialise layers in different orders, so the peer copies the .NET start.
    /// </summary>
    public static IStepContender Create(FixedBatches data, int seed, string? exchangeFile)
    {
        var trainer = ConvSharingBenchModel.Trainer.Create(seed);
        if (exchangeFile is not null)
            SafetensorsFile.Write(exchangeFile, trainer.Model.state_dict().Select(kv => ("model." + kv.Key, kv.Value)).ToArray());
        return new GeneratedTrainerContender<ConvSharingBenchModel.Trainer, ConvSharingBenchModel.Batch>(Generated, data, trainer,
            (income, marital, age) => new ConvSharingBenchModel.Batch(income, marital, age),
            (t, batch) => t.Step(batch),
            (outputs, batch) => HardSharingLoss.Weighted(outputs[0], outputs[1], outputs[2], batch));
    }

    /// <summary>The PyTorch peer, which makes the same batches itself (same recipe and seed) and reads the initial weights from <paramref name="exchangeFile"/>.</summary>
    public static IEnumerable<PeerSpec> Peers(string exchangeFile) =>
        [new PeerSpec(PyTorch, "conv_sharing.py", ["--tensors", exchangeFile, "--batches", ConvSharingBenchModel.Batches.ToString(System.Globalization.CultureInfo.InvariantCulture)], BatchSize: ConvSharingBenchModel.BatchSize)];

    /// <summary>Issue target: the generated step ≥ 1.0× PyTorch's (<see cref="PeerForms"/> adds the other forms, for context).</summary>
    public static IEnumerable<(string Numerator, string Denominator, double? Target)> Ratios() => [(Generated, PyTorch, 1.0)];
}
