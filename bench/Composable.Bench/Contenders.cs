using System.Collections.Generic;
using Composable.Bench.Generated;
using Composable.Bench.HandWritten;

namespace Composable.Bench;

/// <summary>The .NET contenders of the hard-sharing benchmark, in the order the rounds visit them.</summary>
internal static class Contenders
{
    /// <summary>Names the report's ratios refer to.</summary>
    public const string Generated = "generated";
    public const string HandWritten = "hand-written";
    public const string PyTorch = "pytorch";
    public const string PyTorchPerExpert = "pytorch-per-expert";
    public const string PyTorchFused = "pytorch-fused";

    /// <summary>Each contender seeds torch with <paramref name="seed"/> before building its model, so all start from the same weights.</summary>
    public static IReadOnlyList<IStepContender> Create(FixedBatches data, int seed) =>
    [
        new GeneratedContender(data, seed),
        new HandWrittenContender(data, seed),
    ];
}
