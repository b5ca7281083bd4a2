using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FewShotGlyphs;

/// <summary>An N-way K-shot setting of the benchmark.</summary>
/// <param name="Ways">N.</param>
/// <param name="Shots">K.</param>
internal sealed record Setting(int Ways, int Shots)
{
    public string Name => $"{Ways}-way {Shots}-shot";

    public static Setting Parse(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ways)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shots) && ways >= 2 && shots >= 1)
            return new Setting(ways, shots);
        throw new ArgumentException($"A setting is WAYSxSHOTS with at least 2 ways and 1 shot (5x1, 20x1), not '{text}'.");
    }
}

/// <summary>Settings of a run; <see cref="Quick"/> is the tested seconds-long setting, <see cref="Full"/> the report's.</summary>
/// <param name="Characters">Characters used (an even subset of the 6,394; 0 = all).</param>
/// <param name="SamplesPerClass">Renderings per character.</param>
/// <param name="TrainEpisodes">Optimiser steps of the metric and black-box learners (each over the learner's meta-batch of episodes).</param>
/// <param name="MetaSteps">Meta-updates of the gradient-based learners (each over a meta-batch of episodes).</param>
/// <param name="PretrainSteps">Mini-batch steps of the fine-tuning baseline's pretraining.</param>
/// <param name="TestEpisodes">Meta-test episodes per method and setting (the benchmark asks for at least 600).</param>
/// <param name="Channels">Channels of the conv backbone.</param>
/// <param name="TrainQueries">Query examples per class in training episodes.</param>
/// <param name="TestQueries">Query examples per class in test episodes, capped so that an episode has at most 100 queries.</param>
/// <param name="Settings">The N-way K-shot settings.</param>
/// <param name="Methods">Methods to run (by <see cref="GlyphMethods"/> name); all when empty.</param>
/// <param name="Out">JSON results file, if any.</param>
/// <param name="Sheet">PNG contact sheet of renderings, if any.</param>
/// <param name="EpisodesPng">PNG of a sample test episode with several methods' predictions, if any.</param>
/// <param name="ChartPng">PNG of the accuracy table as a bar chart, if any.</param>
/// <param name="TestSteps">Test-time gradient steps of the gradient-based learners; by default each adapts as it was trained (its inner steps). Finn et al. use 3 on Omniglot.</param>
internal sealed record GlyphOptions(int Characters, int SamplesPerClass, int TrainEpisodes, int MetaSteps, int PretrainSteps, int TestEpisodes,
    int Channels, int TrainQueries, int TestQueries, IReadOnlyList<Setting> Settings, IReadOnlyList<string> Methods,
    string? Out = null, string? Sheet = null, string? EpisodesPng = null, string? ChartPng = null, int? TestSteps = null)
{
    public static GlyphOptions Full { get; } = new(0, 20, 800, 1500, 1000, 600, 64, 5, 15, [new(5, 1), new(5, 5), new(20, 1)], []);

    public static GlyphOptions Quick { get; } = new(80, 10, 30, 15, 40, 20, 16, 3, 5, [new(5, 1)], []);

    /// <summary>Query examples per class of test episodes in <paramref name="setting"/>.</summary>
    public int TestQueriesOf(Setting setting) => Math.Max(1, Math.Min(TestQueries, 100 / setting.Ways));

    public const string Usage =
        "--quick, --characters N, --samples N, --train N, --meta-steps N, --pretrain N, --test N, --channels N, --train-queries N, " +
        "--test-queries N, --test-steps N, --settings 5x1,5x5,20x1, --methods NAME,…, --out FILE, --sheet FILE, --episodes FILE, --chart FILE";

    public static GlyphOptions Parse(IReadOnlyList<string> args)
    {
        var options = Full;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Count()
            {
                var name = args[i];
                var v = Next();
                return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} needs a positive whole number, not '{v}'.");
            }
            options = args[i] switch
            {
                "--quick" => Quick with { Out = options.Out, Sheet = options.Sheet, EpisodesPng = options.EpisodesPng, ChartPng = options.ChartPng, Methods = options.Methods },
                "--characters" => options with { Characters = Count() },
                "--samples" => options with { SamplesPerClass = Count() },
                "--train" => options with { TrainEpisodes = Count() },
                "--meta-steps" => options with { MetaSteps = Count() },
                "--pretrain" => options with { PretrainSteps = Count() },
                "--test" => options with { TestEpisodes = Count() },
                "--channels" => options with { Channels = Count() },
                "--train-queries" => options with { TrainQueries = Count() },
                "--test-queries" => options with { TestQueries = Count() },
                "--test-steps" => options with { TestSteps = Count() },
                "--settings" => options with { Settings = Next().Split(',').Select(Setting.Parse).ToArray() },
                "--methods" => options with { Methods = GlyphMethods.ParseNames(Next()) },
                "--out" => options with { Out = Next() },
                "--sheet" => options with { Sheet = Next() },
                "--episodes" => options with { EpisodesPng = Next() },
                "--chart" => options with { ChartPng = Next() },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Use {Usage}."),
            };
        }
        return options;
    }
}
