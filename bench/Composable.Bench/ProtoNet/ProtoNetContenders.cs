using System.Collections.Generic;
using System.Globalization;
using Composable.Bench.Peers;

namespace Composable.Bench.ProtoNet;

/// <summary>The contender, PyTorch peer and ratio of <c>--model protonet</c>.</summary>
internal static class ProtoNetContenders
{
    public const string Composable = "composable";
    public const string PyTorch = "pytorch";

    /// <summary>
    /// The PyTorch peer, which reads episodes and initial weights from <paramref name="exchangeFile"/>; the bench runs it in
    /// every <see cref="PeerForms"/> form.
    /// </summary>
    public static IEnumerable<PeerSpec> Peers(string exchangeFile)
    {
        string[] arguments =
        [
            "--tensors", exchangeFile,
            "--lr", ProtoNetBenchModel.Spec.Outer.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ];
        return [new PeerSpec(PyTorch, "protonet.py", arguments)];
    }

    /// <summary>Issue target: Composable's training episode ≥ 1.0× PyTorch's (<see cref="PeerForms"/> adds the other forms, for context).</summary>
    public static IEnumerable<(string Numerator, string Denominator, double? Target)> Ratios() => [(Composable, PyTorch, 1.0)];
}
