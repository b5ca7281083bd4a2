using System.IO;

namespace Composable.Checkpoints;

/// <summary>
/// A checkpoint file is truncated, corrupt, unsafe or not in the format its extension says. Thrown before anything
/// is returned or changed: a reader never hands back part of a file. (<see cref="InvalidDataException"/> is sealed;
/// this is an <see cref="IOException"/>, as a bad file is.)
/// </summary>
public class CheckpointFormatException : IOException
{
    /// <summary>An exception for <paramref name="path"/> saying <paramref name="problem"/>.</summary>
    /// <param name="path">The file that was read.</param>
    /// <param name="problem">What is wrong, as a sentence.</param>
    public CheckpointFormatException(string path, string problem)
        : base($"{path}: {problem}")
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file that was read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
