using System;
using System.Collections.Generic;
using System.Globalization;

namespace FewShotGlyphs;

/// <summary>An N-way K-shot setting of the benchmark.</summary>
/// <param name="Ways">N.</param>
/// <param name="Shots">K.</param>
internal sealed record Setting(int Ways, int Shots)
{
    public string Name => $"{Ways}-way {Shots}-shot";

    /// <summary>As the command line writes it: <c>5x1</c>.</summary>
    public override string ToString() => $"{Ways}x{Shots}";

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
/// <param name="TestSteps">Test-time gradient steps of the gradient-based learners; by default the Conv rows take Finn et al.'s (3 at 5-way, 5 at 20-way) and the others adapt as they were trained (their inner steps).</param>
internal sealed record GlyphOptions(int Characters, int SamplesPerClass, int TrainEpisodes, int MetaSteps, int PretrainSteps, int TestEpisodes,
    int Channels, int TrainQueries, int TestQueries, IReadOnlyList<Setting> Settings, IReadOnlyList<string> Methods,
    string? Out = null, string? Sheet = null, string? EpisodesPng = null, string? ChartPng = null, int? TestSteps = null)
{
    public static GlyphOptions Full { get; } = new(0, 20, 800, 1500, 1000, 600, 64, 5, 15, [new(5, 1), new(5, 5), new(20, 1)], []);

    public static GlyphOptions Quick { get; } = new(80, 10, 30, 15, 40, 20, 16, 3, 5, [new(5, 1)], []);

    /// <summary>Query examples per class of test episodes in <paramref name="setting"/>.</summary>
    public int TestQueriesOf(Setting setting) => Math.Max(1, Math.Min(TestQueries, 100 / setting.Ways));
}
