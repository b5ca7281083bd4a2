using System.IO;
using Composable.CommandLine;

namespace Composable.Examples.NegativeTransfer;

/// <summary>The command line: options → study → table, JSON and plot.</summary>
public static class Cli
{
    /// <summary>Runs the study for <paramref name="args"/>, writing progress and the table to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var parse = StudyCommandLine.Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, errors) is { } exitCode) return exitCode;
        var options = StudyCommandLine.Read(parse);
        TorchSharp.torch.set_num_threads(1);
        var result = Study.Run(options, output);
        output.WriteLine();
        output.Write(Report.Table(result));
        if (options.Out is { } json)
        {
            Report.WriteJson(result, json);
            output.WriteLine($"Wrote {json}");
        }
        var png = options.Plot ?? (options.Out is { } o ? Path.ChangeExtension(o, ".png") : null);
        if (png is not null)
        {
            Report.WritePlot(result, png);
            output.WriteLine($"Wrote {png}");
        }
        return 0;
    }
}
