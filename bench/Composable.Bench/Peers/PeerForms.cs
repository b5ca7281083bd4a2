using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Composable.Training;

namespace Composable.Bench.Peers;

/// <summary>
/// The forms every PyTorch peer runs in. PyTorch as it runs by default (the peer's plain name: <c>torch.optim.Adam</c>'s
/// loop over the parameter tensors, glibc's default heap); where the .NET side updates all parameters at once
/// (<see cref="FlatAdam"/>), PyTorch's closest form of that update (<c>-foreach</c>: multi-tensor Adam); and that form in a
/// child given the heap setting the bench applies to the .NET process (<c>-retained-heap</c>), so that each model
/// prints a ratio against PyTorch as it runs by default and one against PyTorch doing the same work in the same
/// process conditions.
/// </summary>
internal static class PeerForms
{
    public const string ForeachSuffix = "-foreach";
    public const string RetainedHeapSuffix = "-retained-heap";

    /// <summary>
    /// glibc's environment equivalent of <see cref="NativeHeap.RetainFreedPages"/>'s defaults, for a child process
    /// (the variables fix both thresholds, as mallopt does).
    /// </summary>
    public static IReadOnlyDictionary<string, string> RetainedHeapEnvironment { get; } = new Dictionary<string, string>
    {
        ["MALLOC_MMAP_THRESHOLD_"] = NativeHeap.MmapThreshold.ToString(CultureInfo.InvariantCulture),
        ["MALLOC_TRIM_THRESHOLD_"] = NativeHeap.DefaultTrimThreshold.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The suffixes of a peer's forms, plain first: with <paramref name="flatAdam"/> also the multi-tensor Adam forms.</summary>
    public static IReadOnlyList<string> Suffixes(bool flatAdam) =>
        flatAdam ? ["", ForeachSuffix, ForeachSuffix + RetainedHeapSuffix] : ["", RetainedHeapSuffix];

    /// <summary>Each of <paramref name="peers"/> in each form (<see cref="Suffixes"/>), forms of one peer together.</summary>
    public static IEnumerable<PeerSpec> Expand(IEnumerable<PeerSpec> peers, bool flatAdam) =>
        peers.SelectMany(peer => Suffixes(flatAdam).Select(suffix => peer with
        {
            Name = peer.Name + suffix,
            Arguments = suffix.StartsWith(ForeachSuffix, System.StringComparison.Ordinal) ? [.. peer.Arguments, "--adam", "foreach"] : peer.Arguments,
            Environment = suffix.EndsWith(RetainedHeapSuffix, System.StringComparison.Ordinal) ? RetainedHeapEnvironment : peer.Environment,
        }));

    /// <summary>
    /// Every ratio of a .NET contender to a peer (<paramref name="peerNames"/>) again against the peer's other forms,
    /// without a target (the targets are against PyTorch as it runs by default); ratios between peers stay as they are.
    /// </summary>
    public static IEnumerable<(string Numerator, string Denominator, double? Target)> ExpandRatios(
        IEnumerable<(string Numerator, string Denominator, double? Target)> ratios, IReadOnlyCollection<string> peerNames, bool flatAdam) =>
        ratios.SelectMany(r => peerNames.Contains(r.Denominator) && !peerNames.Contains(r.Numerator)
            ? Suffixes(flatAdam).Select(suffix => (r.Numerator, r.Denominator + suffix, suffix.Length == 0 ? r.Target : null))
            : [r]);
}
