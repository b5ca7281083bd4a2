using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable;
using Composable.Data.Glyphs;
using Composable.Meta.Episodes;
using Composable.Meta.FewShot;
using Composable.Meta.Metric;

namespace FewShotGlyphs;

/// <summary>One method on one setting: meta-test accuracy with its 95 % interval.</summary>
/// <param name="Method">"ProtoNets (conv)" or "1-NN (pixels)".</param>
/// <param name="Ways">N.</param>
/// <param name="Shots">K.</param>
/// <param name="Accuracy">Mean accuracy.</param>
/// <param name="HalfWidth95">95 % half-width.</param>
/// <param name="Episodes">Meta-test episodes.</param>
/// <param name="Seconds">Wall time (training and evaluation).</param>
internal sealed record GlyphResult(string Method, int Ways, int Shots, double Accuracy, double HalfWidth95, int Episodes, double Seconds);

/// <summary>5-way K-shot kanji classification: ProtoNets with the conv backbone against 1-NN on raw pixels.</summary>
internal static class Benchmark
{
    public const int Ways = 5;
    public const int Queries = 5;

    public static IReadOnlyList<GlyphResult> Run(GlyphOptions options, IReadOnlyList<Glyph> all, Action<string> log)
    {
        var glyphs = options.Characters > 0 ? GlyphDataset.EvenSubset(all, options.Characters) : all;
        var dataset = new GlyphDataset(glyphs, options.SamplesPerClass, seed: 0);
        var results = new List<GlyphResult>();
        foreach (var shots in options.Shots)
        {
            var family = dataset.Family(new FewShotClassification(Ways, shots, Queries), splitSeed: 0);
            log($"{Ways}-way {shots}-shot: {family.ClassesOf(MetaSplit.Train).Count} train / {family.ClassesOf(MetaSplit.Validation).Count} val / {family.ClassesOf(MetaSplit.Test).Count} test characters");

            var clock = Stopwatch.StartNew();
            var pixels = NearestNeighbour.Evaluate(family, MetaSplit.Test, options.TestEpisodes);
            results.Add(new GlyphResult("1-NN (pixels)", Ways, shots, pixels.Mean, pixels.HalfWidth95, pixels.Episodes, clock.Elapsed.TotalSeconds));
            log($"  1-NN (pixels)     {pixels}");

            clock.Restart();
            var spec = new FewShotLearnerSpec(
                new ConvBackbone(new ImageShape(1, dataset.Size, dataset.Size), Channels: options.Channels),
                family.Shape,
                new Prototypical());
            using var trainer = EpisodicTrainer.For(spec, seed: shots);
            var every = Math.Max(1, options.TrainEpisodes / 10);
            var recent = new Queue<double>();
            trainer.Train(family, options.TrainEpisodes, progress: (step, loss) =>
            {
                recent.Enqueue(loss);
                if (recent.Count > every) recent.Dequeue();
                if (step % every == 0) log($"  episode {step,6}/{options.TrainEpisodes}  loss {recent.Average():F3}  {clock.Elapsed.TotalSeconds:F0} s");
            });
            var protonets = trainer.Evaluate(family, MetaSplit.Test, options.TestEpisodes);
            results.Add(new GlyphResult("ProtoNets (conv)", Ways, shots, protonets.Mean, protonets.HalfWidth95, protonets.Episodes, clock.Elapsed.TotalSeconds));
            log($"  ProtoNets (conv)  {protonets}");
        }
        return results;
    }

    public static string Table(IReadOnlyList<GlyphResult> results)
    {
        var lines = new List<string> { "| method | setting | accuracy (95 % CI) | episodes |", "|---|---|---|---|" };
        lines.AddRange(results.Select(r => $"| {r.Method} | {r.Ways}-way {r.Shots}-shot | {100 * r.Accuracy:F2} ± {100 * r.HalfWidth95:F2} % | {r.Episodes} |"));
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    public static void Json(string path, GlyphOptions options, IReadOnlyList<GlyphResult> results) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new { options, results }, new JsonSerializerOptions { WriteIndented = true }));
}
