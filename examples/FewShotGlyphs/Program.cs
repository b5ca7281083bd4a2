using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Data.Glyphs;
using Composable.Reporting;
using FewShotGlyphs;

// Few-shot kanji benchmark: metric, black-box and gradient-based meta-learners against a fine-tuning baseline and 1-NN
// on raw pixels, on 5-way 1-shot, 5-way 5-shot and 20-way 1-shot episodes of class-disjoint rendered kanji.
//   dotnet run -c Release --project examples/FewShotGlyphs -- [--quick] [--methods ProtoNets,MAML] [--settings 5x1,20x1]
//       [--train N] [--meta-steps N] [--test N] [--out results.json] [--chart accuracy.png] [--episodes episodes.png] [--sheet glyphs.png]
// Needs the Debian package python3-kanjidraw (apt-get install -y python3-kanjidraw).
// Conv activations of tens of MB are freed and re-allocated every step: keep the freed pages (no number changes).
Composable.Training.NativeHeap.RetainFreedPages();
var (run, exitCode) = GlyphCommandLine.Parse(args, Console.Out, Console.Error);
if (run is null) return exitCode;
var options = run.Options;
TorchSharp.torch.set_num_threads(run.Threads);
if (run.From.Count > 0)
{
    // Re-render the table (and chart) of saved runs, e.g. two processes' settings: --from a.json b.json [--chart FILE]
    var saved = Benchmark.Merge(run.From.Select(Benchmark.Load).ToArray());
    Console.Write(Benchmark.Table(saved));
    if (options.ChartPng is not null) Console.WriteLine($"Wrote {Benchmark.Chart(options.ChartPng, saved)}");
    return 0;
}
IReadOnlyList<Glyph> all;
try
{
    all = KanjiData.Load();
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Console.WriteLine($"{all.Count} kanji, {(options.Characters > 0 ? options.Characters : all.Count)} used, {options.SamplesPerClass} renderings each; " +
    $"{options.TrainEpisodes} training episodes (metric, black-box), {options.MetaSteps} meta-steps (gradient-based), {options.TestEpisodes} test episodes per setting");
if (options.Sheet is not null)
{
    var shown = GlyphDataset.EvenSubset(all, 10);
    GlyphSheet.SavePng(options.Sheet, shown.Select(g => (IReadOnlyList<float[]>)Enumerable.Range(0, 10).Select(s => GlyphRenderer.Render(g, s)).ToArray()).ToArray(), 28);
    Console.WriteLine($"Wrote {options.Sheet}");
}
var report = Benchmark.Run(options, all, Console.WriteLine);
Console.WriteLine();
Console.Write(Benchmark.Table(report.Results));
if (options.Out is not null)
{
    Benchmark.Json(options.Out, options, report.Results);
    Console.WriteLine($"Wrote {options.Out}");
}
if (options.ChartPng is not null)
    Console.WriteLine($"Wrote {Benchmark.Chart(options.ChartPng, report.Results)}");
if (options.EpisodesPng is not null && report.Samples.Count > 0)
    Console.WriteLine($"Wrote {EpisodeSheet.SavePng(options.EpisodesPng, Pictured(report.Samples))}");
return 0;

internal static partial class Program
{
    /// <summary>Methods whose predictions the sample-episode picture shows (one per family), when they ran.</summary>
    private static readonly string[] Shown = ["ProtoNets", "Attention reader", "MAML", "1-NN (pixels)"];

    /// <summary>The samples of the <see cref="Shown"/> methods, or the first four when none of them ran.</summary>
    internal static IReadOnlyList<EpisodePicture> Pictured(IReadOnlyList<EpisodePicture> samples)
    {
        var shown = samples.Where(s => Shown.Any(m => s.Title.StartsWith(m + ",", StringComparison.Ordinal))).ToArray();
        return shown.Length > 0 ? shown : samples.Take(4).ToArray();
    }
}
