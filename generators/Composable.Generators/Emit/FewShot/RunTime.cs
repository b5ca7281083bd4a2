namespace Composable.Generators.Emit.FewShot;

/// <summary>
/// Prefixes of the run-time types generated few-shot code calls. They are qualified: the declaring class (or its
/// namespace) may have a member of the same simple name, e.g. a class Prototypes, or a namespace Composable whose
/// records LstmReader and AttentionReader would bind first.
/// </summary>
internal static class RunTime
{
    public const string BlackBox = "global::Composable.FewShot.BlackBox.";
    public const string Metric = "global::Composable.FewShot.Metric.";
    public const string FewShot = "global::Composable.FewShot.";
    public const string Episodes = "global::Composable.Data.Episodes.";
}
