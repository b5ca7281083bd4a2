using System;
using System.Collections.Generic;
using System.Globalization;

namespace FewShotGlyphs;

/// <summary>Settings of a run; <see cref="Quick"/> is the tested seconds-long setting.</summary>
/// <param name="Characters">Characters used (an even subset of the 6,394; 0 = all).</param>
/// <param name="SamplesPerClass">Renderings per character.</param>
/// <param name="TrainEpisodes">Meta-training episodes per setting.</param>
/// <param name="TestEpisodes">Meta-test episodes per setting (the benchmark asks for at least 600).</param>
/// <param name="Channels">Channels of the conv backbone.</param>
/// <param name="Shots">K of the 5-way settings.</param>
/// <param name="Out">JSON results file, if any.</param>
/// <param name="Sheet">PNG contact sheet of renderings, if any.</param>
internal sealed record GlyphOptions(int Characters, int SamplesPerClass, int TrainEpisodes, int TestEpisodes, int Channels,
    IReadOnlyList<int> Shots, string? Out = null, string? Sheet = null)
{
    public static GlyphOptions Full { get; } = new(0, 20, 2000, 600, 64, [1, 5]);

    public static GlyphOptions Quick { get; } = new(80, 10, 40, 30, 16, [1, 5]);

    /// <summary>--quick, --characters N, --samples N, --train N, --test N, --channels N, --out FILE, --sheet FILE.</summary>
    public static GlyphOptions Parse(IReadOnlyList<string> args)
    {
        var options = Full;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Count() { var name = args[i]; var v = Next(); return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} needs a whole number, not '{v}'."); }
            options = args[i] switch
            {
                "--quick" => Quick with { Out = options.Out, Sheet = options.Sheet },
                "--characters" => options with { Characters = Count() },
                "--samples" => options with { SamplesPerClass = Count() },
                "--train" => options with { TrainEpisodes = Count() },
                "--test" => options with { TestEpisodes = Count() },
                "--channels" => options with { Channels = Count() },
                "--out" => options with { Out = Next() },
                "--sheet" => options with { Sheet = Next() },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Use --quick, --characters, --samples, --train, --test, --channels, --out, --sheet."),
            };
        }
        return options;
    }
}
