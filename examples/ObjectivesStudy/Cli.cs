using System.IO;
using System.Text.Json;
using Composable.CommandLine;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>The command line: options → study (or search) → table, JSON and plot.</summary>
public static class Cli
{
    /// <summary>Runs the study (or reads one with --replot) for <paramref name="args"/>, writing progress and the table to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var parse = StudyCommandLine.Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, errors) is { } exitCode) return exitCode;
        var options = StudyCommandLine.Read(parse);
        TorchSharp.torch.set_num_threads(1);
        if (options.Search)
        {
            var rows = Search.Run(options, output);
            output.WriteLine();
            output.Write(Search.Table(rows, options.Seeds));
            if (options.Out is { } searchJson) Write(new { options, rows }, searchJson, output);
            return CommandLineOutcome.Ok;
        }

        if (options.Conflicts)
        {
            var traces = Conflicts.Run(options, output);
            output.WriteLine();
            output.Write(Conflicts.Table(traces));
            if (options.Out is { } conflictsJson) Write(traces, conflictsJson, output);
            var conflictsPng = options.Plot ?? (options.Out is { } near ? Path.ChangeExtension(near, ".png") : null);
            if (conflictsPng is not null)
            {
                Conflicts.WritePlot(traces, conflictsPng);
                output.WriteLine($"Wrote {conflictsPng}");
            }
            return CommandLineOutcome.Ok;
        }

        var result = options.Replot is { } saved ? Report.ReadJson(saved) : Study.Run(options, output);
        output.WriteLine();
        output.Write(Report.Table(result));
        if (options.Out is { } json) Write(result, json, output);
        var png = options.Plot ?? ((options.Out ?? options.Replot) is { } beside ? Path.ChangeExtension(beside, ".png") : null);
        if (png is not null)
        {
            Report.WritePlot(result, png);
            output.WriteLine($"Wrote {png}");
        }
        return CommandLineOutcome.Ok;
    }

    private static void Write<T>(T value, string path, TextWriter output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(value, Report.Json));
        output.WriteLine($"Wrote {path}");
    }
}
