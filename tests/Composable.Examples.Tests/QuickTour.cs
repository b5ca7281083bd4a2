using System;
using System.IO;
using System.Text.Json;
using MultiTaskTour.Cli;
using MultiTaskTour.Reporting;
using Composable.Reporting.Watching;

namespace Composable.Examples.Tests;

/// <summary>One run of <c>--quick --out FILE</c> through the command line, shared by the tests that read it.</summary>
public sealed class QuickTour : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tour-tests-").FullName;

    public QuickTour()
    {
        JsonFile = Path.Combine(_directory, "results.json");
        var output = new StringWriter();
        var error = new StringWriter();
        ExitCode = TourCommand.Execute(["--quick", "--out", JsonFile], output, error, Watch.Progress(output, TimeSpan.FromSeconds(10)));
        Output = output.ToString();
        Error = error.ToString();
        Json = File.ReadAllText(JsonFile);
        Report = JsonSerializer.Deserialize(Json, TourReportJson.Default.TourReport)!;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public string JsonFile { get; }

    public string Json { get; }

    internal TourReport Report { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
