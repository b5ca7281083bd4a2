namespace Composable.Bench.Objectives;

/// <summary>
/// One objective of <c>--model objectives</c>: its key (contender names <c>generated-KEY</c> and <c>pytorch-KEY</c>, the
/// peer's <c>--method</c>), its label as the papers and LibMTL spell it, and the target of generated / PyTorch, if any.
/// </summary>
internal sealed record ObjectiveMethod(string Key, string Label, double? Target)
{
    /// <summary>Column name of the generated trainer.</summary>
    public string Generated => "generated-" + Key;

    /// <summary>Column name of the PyTorch peer in its plain form.</summary>
    public string PyTorch => "pytorch-" + Key;
}
