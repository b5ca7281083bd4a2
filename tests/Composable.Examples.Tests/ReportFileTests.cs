using System;
using System.IO;
using MultiTaskTour.Cli;
using MultiTaskTour.Reporting;
using Xunit;

namespace Composable.Examples.Tests;

/// <summary>The JSON lands whole or not at all, and never at the cost of a file already there.</summary>
public sealed class ReportFileTests : IDisposable
{
    private static readonly TourReport Report = new(TourOptions.Quick, "Independent", 96, 200, []);

    private readonly string _directory = Directory.CreateTempSubdirectory("tour-file-").FullName;

    [Fact]
    public void Write_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        var file = Path.Combine(_directory, "results.json");
        File.WriteAllText(file, "old");

        ReportFile.Write(Report, file);

        Assert.Contains("\"baseline\": \"Independent\"", File.ReadAllText(file));
        Assert.Equal([file], Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void A_failed_write_keeps_the_existing_target_and_removes_its_temporary_file()
    {
        // A directory stands where the file should go: the final rename fails after the JSON was written aside.
        var target = Path.Combine(_directory, "results.json");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "kept");

        var error = Assert.Throws<IOException>(() => ReportFile.Write(Report, target));

        Assert.Contains(target, error.Message);
        Assert.Equal([target], Directory.GetFileSystemEntries(_directory));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(target, "keep.txt")));
    }

    [Fact]
    public void Write_into_a_missing_directory_names_it_and_creates_nothing()
    {
        var missing = Path.Combine(_directory, "missing");

        var error = Assert.Throws<IOException>(() => ReportFile.Write(Report, Path.Combine(missing, "results.json")));

        Assert.Contains($"the directory '{missing}' does not exist", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
