using System;
using System.Collections.Generic;
using System.IO;
using MultiTaskTour.Reporting;
using MultiTaskTour.Running;

namespace MultiTaskTour.Cli;

/// <summary>The command line around <see cref="TourRunner"/>: arguments in, exit code out.</summary>
internal static class TourCommand
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The results could not be written.</summary>
    public const int OutputFailed = 1;

    /// <summary>Bad arguments; nothing was run.</summary>
    public const int UsageError = 2;

    /// <summary>Parses <paramref name="args"/>, runs the tour and writes the JSON when asked.</summary>
    /// <returns>The exit code.</returns>
    public static int Execute(IReadOnlyList<string> args, TextWriter output, TextWriter error, ProgressStyle progress)
    {
        TourOptions? options;
        try
        {
            options = TourOptions.Parse(args);
            // Checked before training, so a typo in --out does not cost a whole run.
            if (options?.OutputFile is { } file && ReportFile.Problem(file) is { } problem)
                throw new ArgumentException($"--out: {problem}");
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine();
            error.WriteLine(TourOptions.Usage);
            return UsageError;
        }
        if (options is null)
        {
            output.WriteLine(TourOptions.Usage);
            return Ok;
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
