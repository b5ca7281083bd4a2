using System;
using System.IO;

namespace Composable.Package.Tests;

/// <summary>
/// The Composable package freshly packed (from the build the test run just made) into a temporary folder feed, under a
/// version of its own so that no earlier package in the NuGet cache can stand in for it. Removes the feed and that
/// version's cache entry on dispose.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    /// <summary>Packs src/Composable.</summary>
    public PackageFeed()
    {
        Repository = FindRepository();
        Folder = Path.Combine(Path.GetTempPath(), "composable-feed-" + Guid.NewGuid().ToString("N"));
        Version = $"0.0.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var project = Path.Combine(Repository, "src", "Composable", "Composable.csproj");
        Pack = ProcessResult.Run("dotnet", $"pack \"{project}\" -c {Configuration} --no-build -o \"{Folder}\" -p:Version={Version}", Repository, TimeSpan.FromMinutes(5));
    }

    /// <summary>The repository root (the folder holding Composable.sln).</summary>
    public string Repository { get; }

    /// <summary>The feed folder.</summary>
    public string Folder { get; }

    /// <summary>The version packed.</summary>
    public string Version { get; }

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public ProcessResult Pack { get; }

    /// <summary>The .nupkg file.</summary>
    public string PackagePath => Path.Combine(Folder, $"Composable.{Version}.nupkg");

    private static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <inheritdoc />
    public void Dispose()
    {
        Delete(Folder);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Delete(Path.Combine(cache, "composable", Version));
    }

    private static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Composable.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No Composable.sln above {AppContext.BaseDirectory}.");
    }
}
