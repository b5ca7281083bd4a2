using System;
using System.IO;
using System.Runtime.CompilerServices;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace Composable.Testing;

/// <summary>
/// Plain-text snapshots with Snapshooter, named like Verify's layout: <c>__snapshots__/{Class}.{Method}#{part}.snap</c>
/// beside the test file. On a mismatch Snapshooter writes the received text to <c>__mismatch__/</c> (git-ignored)
/// and fails with a diff. Under CI (CI=true) a missing snapshot fails instead of being created, so that a
/// snapshot that was never committed cannot pass.
/// </summary>
public static class TextSnapshot
{
    /// <summary>Compares <paramref name="text"/> with the committed snapshot <paramref name="part"/> of the calling test.</summary>
    public static void Match(string text, string part, Type testClass, [CallerMemberName] string method = "", [CallerFilePath] string testFile = "")
    {
        var folder = Path.GetDirectoryName(testFile)!;
        var name = $"{testClass.Name}.{method}#{Sanitize(part)}.snap";
        var path = Path.Combine(folder, "__snapshots__", name);
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) && !File.Exists(path))
            Assert.Fail($"Snapshot {path} does not exist. Run the tests locally to create it, review it and commit it.");
        // Snapshooter adds the __snapshots__ folder itself.
        Snapshot.Match(text, new SnapshotFullName(name, folder));
    }

    private static string Sanitize(string part)
    {
        foreach (var c in Path.GetInvalidFileNameChars()) part = part.Replace(c, '_');
        return part;
    }
}
