using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable;
using Composable.Data.Episodes;
using Composable.Data.Glyphs;
using Composable.Reporting;
using Composable.Reporting.Tables;

namespace FewShotGlyphs;

/// <summary>One method on one setting: meta-test accuracy with its 95 % interval.</summary>
/// <param name="Method">Method name.</param>
/// <param name="Family">"metric", "black-box", "gradient" or "baseline".</param>
/// <param name="Ways">N.</param>
/// <param name="Shots">K.</param>
/// <param name="Accuracy">Mean accuracy.</param>
/// <param name="HalfWidth95">95 % half-width.</param>
/// <param name="Episodes">Meta-test episodes.</param>
/// <param name="Seconds">Wall time (training and evaluation).</param>
internal sealed record GlyphResult(string Method, string Family, int Ways, int Shots, double Accuracy, double HalfWidth95, int Episodes, double Seconds);

/// <summary>Every selected method on every setting, with one sample test episode's predictions for the pictures.</summary>
/// <param name="Results">Accuracy per method and setting, in run order.</param>
/// <param name="Samples">Pictures of test episode 0 of the first setting, one per method.</param>
internal sealed record GlyphReport(IReadOnlyList<GlyphResult> Results, IReadOnlyList<EpisodePicture> Samples);

/// <summary>The few-shot kanji benchmark: glyph data, class-disjoint splits, methods × settings.</summary>
internal static class Benchmark
{
    /// <summary>Seed of weights and episode order; the class split uses its own fixed seed.</summary>
    public const int Seed = 0;

    public static GlyphReport Run(GlyphOptions options, IReadOnlyList<Glyph> all, Action<string> log)
    {
        var glyphs = options.Characters > 0 ? GlyphDataset.EvenSubset(all, options.Characters) : all;
        var dataset = new GlyphDataset(glyphs, options.SamplesPerClass, seed: 0);
        var results = new List<GlyphResult>();
        var samples = new List<EpisodePicture>();
        var methods = GlyphMethods.Selected(options).ToArray();
        foreach (var setting in options.Settings)
        {
            var train = dataset.Family(new FewShotClassification(setting.Ways, setting.Shots, options.TrainQueries), splitSeed: 0);
            var test = dataset.Family(new FewShotClassification(setting.Ways, setting.Shots, options.TestQueriesOf(setting)), splitSeed: 0);
            log($"{setting.Name}: {train.ClassesOf(MetaSplit.Train).Count} train / {train.ClassesOf(MetaSplit.Validation).Count} val / {train.ClassesOf(MetaSplit.Test).Count} test characters; {options.TrainQueries} training and {options.TestQueriesOf(setting)} test queries per class");
            using var sample = test.Sample(MetaSplit.Test, 0, Seed);
            foreach (var method in methods)
            {
                log($"  {method.Name}");
                var clock = Stopwatch.StartNew();
                var trained = method.Run(new MethodRun(setting, train, test, options, Seed, log));
                try
                {
                    var a = trained.Accuracy;
                    results.Add(new GlyphResult(method.Name, method.Family, setting.Ways, setting.Shots, a.Mean, a.HalfWidth95, a.Episodes, clock.Elapsed.TotalSeconds));
                    log($"  {method.Name,-18} {setting.Name}: {a}  {clock.Elapsed.TotalSeconds:F0} s");
                    if (setting == options.Settings[0])
                        samples.Add(Picture($"{method.Name}, {setting.Name}", dataset.Size, sample, trained.Predict(sample)));
                }
                finally
                {
                    trained.Release();
                }
            }
        }
        return new GlyphReport(results, samples);
    }

    /// <summary>The picture of <paramref name="episode"/> with <paramref name="predictions"/> of its queries.</summary>
    public static EpisodePicture Picture(string title, int size, Episode episode, int[] predictions)
    {
        var support = episode.SupportInputs.data<float>().ToArray();
        var supportLabels = episode.SupportTargets.data<long>().ToArray();
        var queries = episode.QueryInputs.data<float>().ToArray();
        var queryLabels = episode.QueryTargets.data<long>().ToArray();
        var pixels = size * size;
        var ways = (int)supportLabels.Max() + 1;
        var byClass = Enumerable.Range(0, ways)
            .Select(c => (IReadOnlyList<float[]>)supportLabels.Select((label, i) => (label, i)).Where(p => p.label == c)
                .Select(p => support.AsSpan(p.i * pixels, pixels).ToArray()).ToArray())
            .ToArray();
        var pictured = queryLabels.Select((label, i) => new QueryPicture(queries.AsSpan(i * pixels, pixels).ToArray(), (int)label, predictions[i])).ToArray();
        return new EpisodePicture(title, size, byClass, pictured);
    }

    /// <summary>
    /// The results of several runs as one report: a later run's result for the same method and setting replaces an
    /// earlier one (e.g. a re-run of some methods with other options), in <see cref="Ordered"/> order.
    /// </summary>
    public static IReadOnlyList<GlyphResult> Merge(IReadOnlyList<IReadOnlyList<GlyphResult>> runs) =>
        Ordered(runs.SelectMany(r => r).GroupBy(r => (r.Method, r.Ways, r.Shots)).Select(g => g.Last()).ToArray());

    /// <summary>Results in the order of <see cref="GlyphMethods.All"/> (methods it does not know last), settings in first-seen order.</summary>
    public static IReadOnlyList<GlyphResult> Ordered(IReadOnlyList<GlyphResult> results)
    {
        var settings = results.Select(r => (r.Ways, r.Shots)).Distinct().ToList();
        int Rank(string method)
        {
            var index = GlyphMethods.All.Select(m => m.Name).ToList().IndexOf(method);
            return index < 0 ? int.MaxValue : index;
        }
        return results.OrderBy(r => Rank(r.Method)).ThenBy(r => settings.IndexOf((r.Ways, r.Shots))).ToArray();
    }

    /// <summary>The accuracy table in Markdown: one row per method, one column per setting.</summary>
    public static string Table(IReadOnlyList<GlyphResult> results)
    {
        var settings = results.Select(r => (r.Ways, r.Shots)).Distinct().ToArray();
        var table = PlainTable.Create(["method", "family", .. settings.Select(s => $">{s.Ways}-way {s.Shots}-shot")]);
        foreach (var method in results.Select(r => (r.Method, r.Family)).Distinct())
            table.Row([method.Method, method.Family, .. settings.Select(s =>
                results.FirstOrDefault(r => r.Method == method.Method && r.Ways == s.Ways && r.Shots == s.Shots) is { } r
                    ? $"{100 * r.Accuracy:F2} ± {100 * r.HalfWidth95:F2}"
                    : "–")]);
        var episodes = results.Select(r => r.Episodes).Distinct().ToArray();
        return PlainTable.Render(table) + Environment.NewLine
            + $"Accuracy (%) on meta-test characters with 95 % CI over {string.Join("/", episodes)} episodes." + Environment.NewLine;
    }

    public static string Chart(string path, IReadOnlyList<GlyphResult> results) =>
        AccuracyChart.SavePng(path, "Few-shot kanji (python3-kanjidraw renderings): meta-test accuracy",
            results.Select(r => new AccuracyBar(r.Method, $"{r.Ways}-way {r.Shots}-shot", r.Accuracy, r.HalfWidth95)).ToArray());

    public static void Json(string path, GlyphOptions options, IReadOnlyList<GlyphResult> results) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new { options, results }, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The results saved by <see cref="Json"/> in <paramref name="path"/>.</summary>
    public static IReadOnlyList<GlyphResult> Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("results").Deserialize<GlyphResult[]>()
            ?? throw new InvalidDataException($"{path} has no results.");
    }
}
