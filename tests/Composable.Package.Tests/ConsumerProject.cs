using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace Composable.Package.Tests;

/// <summary>
/// A fresh consumer project in a temporary folder outside the repository, made from <c>ConsumerTemplate/</c>, that
/// restores the Composable package from a local folder feed. Deleted on dispose.
/// </summary>
public sealed class ConsumerProject : IDisposable
{
    private ConsumerProject(string folder, PackageFeed feed)
    {
        Folder = folder;
        Feed = feed;
    }

    /// <summary>The project folder.</summary>
    public string Folder { get; }

    private PackageFeed Feed { get; }

    /// <summary>Copies the template into a new temporary folder with a nuget.config naming the feed.</summary>
    public static ConsumerProject Create(PackageFeed feed)
    {
        var folder = Path.Combine(Path.GetTempPath(), "composable-consumer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // The project file is kept as Consumer.csproj.template so that no tool in the repository takes it for one of ours.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "ConsumerTemplate")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file).Replace(".template", "", StringComparison.Ordinal)));
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="composable-under-test" value="{feed.Folder}" />
              </packageSources>
            </configuration>
            """);
        return new ConsumerProject(folder, feed);
    }

    /// <summary>Replaces <paramref name="oldText"/> with <paramref name="newText"/> in <paramref name="file"/>; the text must occur.</summary>
    public void Edit(string file, string oldText, string newText)
    {
        var path = Path.Combine(Folder, file);
        var text = File.ReadAllText(path);
        if (!text.Contains(oldText, StringComparison.Ordinal))
            throw new InvalidOperationException($"'{oldText}' is not in {file}.");
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    /// <summary>The 1-based line and column of <paramref name="text"/> in <paramref name="file"/>.</summary>
    public (int Line, int Column) Find(string file, string text)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, file));
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(text, StringComparison.Ordinal);
            if (column >= 0) return (i + 1, column + 1);
        }
        throw new InvalidOperationException($"'{text}' is not in {file}.");
    }

    /// <summary><c>dotnet {verb}</c> in the project folder, with the package version under test.</summary>
    public ProcessResult Dotnet(string verb) =>
        ProcessResult.Run("dotnet", $"{verb} -p:ComposableVersion={Feed.Version}", Folder, TimeSpan.FromMinutes(8));

    /// <summary><c>dotnet {verb}</c> in the project folder, with the package version under test, passing <paramref name="programArguments"/> to the program.</summary>
    public ProcessResult Dotnet(string verb, string programArguments) =>
        ProcessResult.Run("dotnet", $"{verb} -p:ComposableVersion={Feed.Version} -- {programArguments}", Folder, TimeSpan.FromMinutes(8));

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}

/// <summary>A finished process: exit code and everything it printed.</summary>
public sealed record ProcessResult(int ExitCode, string Output)
{
    /// <summary>Runs <paramref name="file"/> and waits at most <paramref name="timeout"/>.</summary>
    public static ProcessResult Run(string file, string arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test host runs inside MSBuild/VSTest; a child build must not inherit their settings.
        foreach (var name in start.Environment.Keys.Where(IsInherited).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{file} {arguments}' in {folder} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output) return new ProcessResult(process.ExitCode, output.ToString());
    }

    private static bool IsInherited(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);
}
