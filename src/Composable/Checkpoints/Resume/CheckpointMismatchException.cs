using System;
using System.Collections.Generic;

namespace Composable.Checkpoints;

/// <summary>
/// A trainer checkpoint that does not fit the trainer it is loaded into: another declaration, another kind of file, or
/// state the trainer does not keep. Thrown before anything is changed.
/// </summary>
public sealed class CheckpointMismatchException : InvalidOperationException
{
    /// <summary>An exception for <paramref name="path"/> listing <paramref name="differences"/>.</summary>
    public CheckpointMismatchException(string path, IReadOnlyList<string> differences)
        : base($"{path}: the checkpoint does not fit this trainer:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", differences)}")
    {
        LoadedFrom = path;
        Differences = differences;
    }

    /// <summary>The checkpoint file.</summary>
    public string LoadedFrom { get; }

    /// <summary>What differs, one sentence each.</summary>
    public IReadOnlyList<string> Differences { get; }
}
