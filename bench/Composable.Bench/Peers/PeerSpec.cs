using System.Collections.Generic;
using System.Linq;

namespace Composable.Bench.Peers;

/// <summary>
/// One PyTorch contender: its name in the report, the script in <c>pytorch/</c>, the script's extra arguments,
/// environment variables set for that child only (on top of the inherited environment), and the rows of its fixed batches.
/// </summary>
internal sealed record PeerSpec(
    string Name, string Script, string[] Arguments, IReadOnlyDictionary<string, string>? Environment = null, int BatchSize = BenchOptions.BatchSize)
{
    /// <summary>The child-only environment as <c>KEY=value</c> words, or empty.</summary>
    public string EnvironmentText => Environment is null ? "" : string.Join(" ", Environment.Select(kv => $"{kv.Key}={kv.Value}"));
}
