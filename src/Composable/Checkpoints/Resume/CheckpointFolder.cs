using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Composable.Checkpoints;

/// <summary>
/// The folder a fit writes its checkpoints to: <c>step-0000000120.safetensors</c> per saved step (zero-padded, so names
/// sort by step), the last K of them kept, and <c>best.safetensors</c>, the checkpoint with the best validation metric,
/// kept apart.
/// </summary>
public static class CheckpointFolder
{
    /// <summary>The name of the best checkpoint in a folder.</summary>
    public const string BestName = "best.safetensors";

    private const string StepPrefix = "step-";
    private const string Extension = ".safetensors";

    /// <summary>The file of step <paramref name="step"/> in <paramref name="folder"/>.</summary>
    public static string StepPath(string folder, long step) =>
        Path.Combine(folder, StepPrefix + step.ToString("D10", CultureInfo.InvariantCulture) + Extension);

    /// <summary>The best checkpoint's file in <paramref name="folder"/>.</summary>
    public static string BestPath(string folder) => Path.Combine(folder, BestName);

    /// <summary>The step checkpoints in <paramref name="folder"/>, oldest first (none when the folder does not exist).</summary>
    public static IReadOnlyList<string> StepFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, StepPrefix + "*" + Extension).Order(StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();

    /// <summary>
    /// The newest step checkpoint in <paramref name="folder"/> whose header reads as a trainer checkpoint; a damaged
    /// newer file is passed over.
    /// </summary>
    /// <exception cref="FileNotFoundException">No valid checkpoint in the folder (the message names it).</exception>
    public static string Latest(string folder)
    {
        foreach (var file in StepFiles(folder).Reverse())
        {
            try
            {
                TrainerCheckpoint.ReadInfo(file);
                return file;
            }
            catch (Exception e) when (e is CheckpointFormatException or CheckpointMismatchException)
            {
            }
        }
        throw new FileNotFoundException($"{folder}: no valid trainer checkpoint (step-*.safetensors) to resume from.");
    }

    /// <summary>A checkpoint file as given, or the <see cref="Latest"/> one when <paramref name="pathOrFolder"/> is a folder.</summary>
    public static string Resolve(string pathOrFolder) => Directory.Exists(pathOrFolder) ? Latest(pathOrFolder) : pathOrFolder;

    /// <summary>Deletes all but the newest <paramref name="keep"/> step checkpoints of <paramref name="folder"/>; the best one is never touched.</summary>
    public static void Prune(string folder, int keep)
    {
        var files = StepFiles(folder);
        foreach (var file in files.Take(Math.Max(0, files.Count - keep))) File.Delete(file);
    }

    /// <summary>The metric <paramref name="name"/> of the folder's best checkpoint, when there is one that records it.</summary>
    public static double? BestMetric(string folder, string name)
    {
        var path = BestPath(folder);
        if (!File.Exists(path)) return null;
        return TrainerCheckpoint.ReadInfo(path).Metrics.TryGetValue(name, out var value) ? value : null;
    }
}
