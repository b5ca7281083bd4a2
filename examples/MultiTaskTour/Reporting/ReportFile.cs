using System;
using System.IO;
using System.Text.Json;

namespace MultiTaskTour.Reporting;

/// <summary>
/// Writes a <see cref="TourReport"/> as JSON without ever leaving a half-written file: the JSON goes to a temporary
/// file beside the target, which then replaces the target in one rename. On any failure the temporary file is
/// removed and an existing target is left as it was.
/// </summary>
internal static class ReportFile
{
    /// <summary>Why <paramref name="path"/> cannot receive the report, or null when it can (checked before training).</summary>
    public static string? Problem(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{path}' is not a valid file path ({e.Message})";
        }
        if (Directory.Exists(full))
            return $"'{full}' is a directory; give a file name";
        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
            return $"the directory '{directory}' does not exist";
        return null;
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it and says why.</exception>
    public static void Write(TourReport report, string path)
    {
        if (Problem(path) is { } problem)
            throw new IOException($"Cannot write the report: {problem}.");
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, report, TourReportJson.Default.TourReport);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e)
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            if (e is IOException or UnauthorizedAccessException)
                throw new IOException($"Cannot write the report to '{full}': {e.Message}", e);
            throw;
        }
    }
}
