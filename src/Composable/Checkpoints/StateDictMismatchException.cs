using System;
using System.Collections.Generic;
using System.Linq;

namespace Composable.Checkpoints;

/// <summary>
/// A checkpoint does not fit a module: thrown before any value of the module is changed, listing every missing,
/// unexpected and mismatched entry at once.
/// </summary>
public sealed class StateDictMismatchException : InvalidOperationException
{
    /// <summary>An exception for loading <paramref name="source"/> into a <paramref name="moduleType"/>.</summary>
    /// <param name="source">The file (or other source) that was to be loaded.</param>
    /// <param name="moduleType">The module's type name.</param>
    /// <param name="problems">Every disagreement; at least one.</param>
    public StateDictMismatchException(string source, string moduleType, IReadOnlyList<StateDictProblem> problems)
        : base($"Cannot load {source} into {moduleType}: {problems.Count} {(problems.Count == 1 ? "entry differs" : "entries differ")}; the module is unchanged."
               + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        LoadedFrom = source;
        Problems = problems;
    }

    /// <summary>The file (or other source) that was to be loaded.</summary>
    public string LoadedFrom { get; }

    /// <summary>Every disagreement, missing entries first, then unexpected, mismatched and duplicate ones, each by name.</summary>
    public IReadOnlyList<StateDictProblem> Problems { get; }
}
