using System;
using System.IO;

namespace Composable.Generators.Tests;

/// <summary>The repository these tests run from: the folder above the test binaries that holds Composable.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Composable.sln"))) return dir.FullName;
        throw new InvalidOperationException("Composable.sln not found above " + AppContext.BaseDirectory);
    }
}
