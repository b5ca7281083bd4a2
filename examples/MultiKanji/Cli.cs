using System.IO;
using Composable.CommandLine;

namespace Composable.Examples.MultiKanjiStudy;

/// <summary>The command line: options → study → table, JSON and plot.</summary>
public static class Cli
{
    /// <summary>Runs the study for <paramref name="args"/>, writing progress and the table to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var parse = StudyCommandLine.Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, errors) is { } exitCode) return exitCode;
        var options = StudyCommandLine.Read(parse);
        // Before the first convolution: libtorch's native conv kernels (Composable's default choice), then the thread count.
        _ = Training.CpuKernels.Configure();
        TorchSharp.torch.set_num_threads(options.Threads);
        var result = Study.Run(options, output);
        output.WriteLine();
        output.Write(Report.Table(result));
        output.WriteLine($"Wall time: {result.WallSeconds / 60:F1} min.");
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
        return CommandLineOutcome.Ok;
    }
}
