using System.IO;
using Composable.CommandLine;

namespace Composable.Examples.ObjectiveToy;

/// <summary>The command line: options → runs → table, JSON and plots.</summary>
public static class Cli
{
    /// <summary>Runs the toy for <paramref name="args"/>, writing progress and the tables to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var parse = ToyCommandLine.Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, errors) is { } exitCode) return exitCode;
        var options = ToyCommandLine.Read(parse);
        var result = ToyStudy.Run(options, output);
        output.WriteLine();
        output.Write(Report.Tables(result));
        if (options.Out is { } json)
        {
            Report.WriteJson(result, json);
            output.WriteLine($"Wrote {json}");
            foreach (var problem in options.Problems)
            {
                var png = TrajectoryPlot.PathBeside(json, problem);
                TrajectoryPlot.Write(result, ToyStudy.Problem(problem), png);
                output.WriteLine($"Wrote {png}");
            }
        }
        return CommandLineOutcome.Ok;
    }
}
