using System.Collections.Generic;
using System.Globalization;

namespace Composable.Bench.ProtoNet;

/// <summary>The contender, PyTorch peer and ratio of <c>--model protonet</c>.</summary>
internal static class ProtoNetContenders
{
    public const string Composable = "composable";
    public const string PyTorch = "pytorch";

    /// <summary>(contender name, script, extra arguments) of the PyTorch peer, which reads episodes and initial weights from <paramref name="exchangeFile"/>.</summary>
    public static IEnumerable<(string Name, string Script, string[] Arguments)> Peers(string exchangeFile) =>
    [
        (PyTorch, "protonet.py", new[]
        {
            "--tensors", exchangeFile,
            "--lr", ProtoNetBenchModel.Spec.Outer.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        }),
    ];

    /// <summary>Issue target: Composable's training episode ≥ 1.0× PyTorch's.</summary>
    public static IEnumerable<(string Numerator, string Denominator, double? Target)> Ratios() =>
    [
        (Composable, PyTorch, 1.0),
    ];
}
