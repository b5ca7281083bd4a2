using System;
using System.Collections.Generic;
using System.IO;
using Composable.CommandLine;
using Composable.Training;
using MultiTaskTour.Reporting;
using MultiTaskTour.Running;

namespace MultiTaskTour.Cli;

/// <summary>The command line around <see cref="TourRunner"/>: arguments in, exit code out.</summary>
internal static class TourCommand
{
    /// <summary>Success.</summary>
    public const int Ok = CommandLineOutcome.Ok;

    /// <summary>The results could not be written.</summary>
    public const int OutputFailed = 1;

    /// <summary>Bad arguments; nothing was run.</summary>
    public const int UsageError = CommandLineOutcome.UsageError;

    /// <summary>Parses <paramref name="args"/>, runs the tour (showing each fit with <paramref name="progress"/>, if any) and writes the JSON when asked.</summary>
    /// <returns>The exit code.</returns>
    public static int Execute(IReadOnlyList<string> args, TextWriter output, TextWriter error, IFitCallback? progress)
    {
        var parse = TourCommandLine.Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, error) is { } exitCode) return exitCode;
        var options = TourCommandLine.Read(parse);
        // Checked before training, so a typo in --out does not cost a whole run.
        if (options.OutputFile is { } file && ReportFile.Problem(file) is { } problem)
        {
            error.WriteLine($"error: --out: {problem}");
            return UsageError;
        }

        var report = TourRunner.Run(options, output, progress);
        if (options.OutputFile is not { } outputFile) return Ok;
        try
        {
            ReportFile.Write(report, outputFile);
        }
        catch (IOException e)
        {
            error.WriteLine($"error: --out: {e.Message}");
            return OutputFailed;
        }
        output.WriteLine($"Results written to {Path.GetFullPath(outputFile)}");
        return Ok;
    }
}
