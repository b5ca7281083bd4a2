using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Composable.CommandLine;
using Composable.Data.Glyphs;

namespace Composable.Examples.KanjiTransfer;

/// <summary>The command line: options → kanji study and multi-task view → table, JSON and chart.</summary>
public static class Cli
{
    /// <summary>Exit code when the kanji data is missing.</summary>
    public const int MissingData = 3;

    /// <summary>Runs the study for <paramref name="args"/>, writing progress and the tables to <paramref name="output"/>; returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Progress, tables and the files written.</param>
    /// <param name="errors">Usage errors and a missing data file.</param>
    /// <param name="kanjiPath">The kanji data file; <see cref="KanjiData.DefaultPath"/> when null.</param>
    public static int Run(string[] args, TextWriter output, TextWriter errors, string? kanjiPath = null)
    {
        var parse = TransferCommandLine.Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, errors) is { } exitCode) return exitCode;
        if (TransferCommandLine.ReplotOf(parse) is { } saved)
        {
            var again = Report.ReadJson(saved);
            output.Write(Report.Table(again));
            var beside = Path.ChangeExtension(saved, ".png");
            Report.WritePlot(again, beside);
            output.WriteLine($"Wrote {beside}");
            return CommandLineOutcome.Ok;
        }
        var options = TransferCommandLine.Read(parse);
        IReadOnlyList<Glyph> kanji;
        try
        {
            kanji = KanjiData.Load(kanjiPath);
        }
        catch (FileNotFoundException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return MissingData;
        }
        // Conv activations are freed and re-allocated every step: keep the freed pages (no number changes).
        Training.NativeHeap.RetainFreedPages();
        TorchSharp.torch.set_num_threads(options.Threads);
        var folder = options.Out ?? "results";
        var clock = Stopwatch.StartNew();
        void Log(string line) => output.WriteLine(line);
        var kanjiResult = KanjiStudy.Run(options, kanji, Path.Combine(folder, "cache"), Log);
        var multiTask = MultiTaskStudy.Run(options, Log);
        var result = new StudyResult(options, kanjiResult, multiTask, clock.Elapsed.TotalSeconds);
        output.WriteLine();
        output.Write(Report.Table(result));
        var json = Path.Combine(folder, Report.JsonFile);
        Report.WriteJson(result, json);
        output.WriteLine($"Wrote {json}");
        var png = Path.Combine(folder, Report.PngFile);
        Report.WritePlot(result, png);
        output.WriteLine($"Wrote {png}");
        output.WriteLine(FormattableString.Invariant($"Total {result.Seconds:F0} s"));
        return CommandLineOutcome.Ok;
    }
}
