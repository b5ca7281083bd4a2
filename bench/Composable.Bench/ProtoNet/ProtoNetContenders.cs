using System.Collections.Generic;
using System.Globalization;
using Composable.Bench.Peers;
using Composable.Training;

namespace Composable.Bench.ProtoNet;

/// <summary>The contender, PyTorch peer and ratio of <c>--model protonet</c>.</summary>
internal static class ProtoNetContenders
{
    public const string Composable = "composable";
    public const string PyTorch = "pytorch";
    public const string PyTorchRetainedHeap = "pytorch-retained-heap";

    /// <summary>
    /// glibc's environment equivalent of <see cref="NativeHeap.RetainFreedPages"/>'s defaults, for a child process
    /// (the variables fix both thresholds, as mallopt does).
    /// </summary>
    public static IReadOnlyDictionary<string, string> RetainedHeapEnvironment { get; } = new Dictionary<string, string>
    {
        ["MALLOC_MMAP_THRESHOLD_"] = NativeHeap.MmapThreshold.ToString(CultureInfo.InvariantCulture),
        ["MALLOC_TRIM_THRESHOLD_"] = NativeHeap.DefaultTrimThreshold.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The PyTorch peers, which read episodes and initial weights from <paramref name="exchangeFile"/>: PyTorch as it
    /// runs by default, and (context, no target) the same with glibc told to keep freed pages as Composable's bench does.
    /// </summary>
    public static IEnumerable<PeerSpec> Peers(string exchangeFile)
    {
        string[] arguments =
        [
            "--tensors", exchangeFile,
            "--lr", ProtoNetBenchModel.Spec.Outer.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ];
        return [new PeerSpec(PyTorch, "protonet.py", arguments), new PeerSpec(PyTorchRetainedHeap, "protonet.py", arguments, RetainedHeapEnvironment)];
    }

    /// <summary>Issue target: Composable's training episode ≥ 1.0× PyTorch's; against PyTorch with the same heap setting for context.</summary>
    public static IEnumerable<(string Numerator, string Denominator, double? Target)> Ratios() =>
    [
        (Composable, PyTorch, 1.0),
        (Composable, PyTorchRetainedHeap, null),
    ];
}
