using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Data.Glyphs;
using Composable.Reporting;
using FewShotGlyphs;

// Few-shot kanji: ProtoNets (4-block conv backbone) against 1-NN on raw pixels, 5-way 1-shot and 5-shot.
//   dotnet run -c Release --project examples/FewShotGlyphs -- [--quick] [--train N] [--test N] [--out results.json] [--sheet samples.png]
// Needs the Debian package python3-kanjidraw (apt-get install -y python3-kanjidraw).
// Small tensors: two intra-op threads at most, leaving cores to the parallel glyph rendering.
TorchSharp.torch.set_num_threads(Math.Min(2, Environment.ProcessorCount));
GlyphOptions options;
IReadOnlyList<Glyph> all;
try
{
    options = GlyphOptions.Parse(args);
    all = KanjiData.Load();
}
catch (Exception e) when (e is ArgumentException or FileNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Console.WriteLine($"{all.Count} kanji, {(options.Characters > 0 ? options.Characters : all.Count)} used, {options.SamplesPerClass} renderings each; {options.TrainEpisodes} training and {options.TestEpisodes} test episodes per setting");
if (options.Sheet is not null)
{
    var shown = GlyphDataset.EvenSubset(all, 10);
    GlyphSheet.SavePng(options.Sheet, shown.Select(g => (IReadOnlyList<float[]>)Enumerable.Range(0, 10).Select(s => GlyphRenderer.Render(g, s)).ToArray()).ToArray(), 28);
    Console.WriteLine($"Wrote {options.Sheet}");
}
var results = Benchmark.Run(options, all, Console.WriteLine);
Console.WriteLine();
Console.Write(Benchmark.Table(results));
if (options.Out is not null)
{
    Benchmark.Json(options.Out, options, results);
    Console.WriteLine($"Wrote {options.Out}");
}
return 0;
