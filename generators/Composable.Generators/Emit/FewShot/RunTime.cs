namespace Composable.Generators.Emit.FewShot;

/// <summary>
/// Prefixes of the run-time types generated few-shot code calls. They are qualified: the declaring class (or its
/// namespace) may have a member of the same simple name, e.g. a class Prototypes, or a namespace Composable whose
/// records LstmReader and AttentionReader would bind first.
/// </summary>
internal static class RunTime
{
    public const string BlackBox = "global::Composable.Meta.BlackBox.";
    public const string Metric = "global::Composable.Meta.Metric.";
    public const string FewShot = "global::Composable.Meta.FewShot.";
    public const string Episodes = "global::Composable.Meta.Episodes.";
}
