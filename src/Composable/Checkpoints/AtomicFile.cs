using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Composable.Checkpoints;

/// <summary>
/// Replaces a file all at once or not at all: the content goes to a temporary file in the same folder, is flushed
/// to disk, and is then renamed over the target, so a crash or an exception leaves either the old file or the new
/// one, never a mix. On Linux and macOS the folder is synced too, so that the rename itself survives a power cut.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on any failure the old file stays as it was.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="decorate">Wraps the file stream before <paramref name="write"/> sees it (fault injection in tests).</param>
    public static void Write(string path, Action<Stream> write, Func<Stream, Stream>? decorate = null)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"'{path}' names no file in a folder.", nameof(path));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot write '{target}': the folder '{folder}' does not exist.");
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                var stream = decorate is null ? file : decorate(file);
                write(stream);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        SyncFolder(folder);
    }

    /// <summary>
    /// Makes the rename durable where the platform allows: POSIX needs an fsync of the folder; Windows has no way
    /// to open a folder for that and commits renames through its journal.
    /// </summary>
    private static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        var descriptor = Posix.open(folder, Posix.ReadOnly);
        if (descriptor < 0) return;
        try
        {
            Posix.fsync(descriptor);
        }
        finally
        {
            Posix.close(descriptor);
        }
    }

    private static class Posix
    {
        public const int ReadOnly = 0;

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int open(string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int descriptor);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int descriptor);
    }
}
