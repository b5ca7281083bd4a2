using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Data.Glyphs;
using Xunit;

namespace FewShotGlyphs.Tests;

public class BenchmarkTests
{
    [Fact]
    public void Quick_setting_reports_both_methods_on_both_settings_above_chance()
    {
        var options = GlyphOptions.Parse(["--quick"]) with { Out = Path.GetTempFileName() };
        var results = Benchmark.Run(options, KanjiData.Load(), _ => { });
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.True(r.Accuracy > 0.25, $"{r.Method} {r.Shots}-shot: {r.Accuracy:P1}"));
        Assert.All(results, r => Assert.InRange(r.HalfWidth95, 0.001, 0.2));
        Benchmark.Json(options.Out!, options, results);
        using var json = JsonDocument.Parse(File.ReadAllText(options.Out!));
        Assert.Equal(4, json.RootElement.GetProperty("results").GetArrayLength());
        Assert.Contains("| ProtoNets (conv) | 5-way 5-shot |", Benchmark.Table(results));
        File.Delete(options.Out!);
    }

    [Fact]
    public void Arguments_parse_and_bad_ones_say_what_is_wrong()
    {
        var options = GlyphOptions.Parse(["--quick", "--test", "600", "--out", "r.json"]);
        Assert.Equal((80, 600, "r.json"), (options.Characters, options.TestEpisodes, options.Out));
        Assert.Contains("whole number", Assert.Throws<System.ArgumentException>(() => GlyphOptions.Parse(["--train", "x"])).Message);
        Assert.Contains("Unknown argument", Assert.Throws<System.ArgumentException>(() => GlyphOptions.Parse(["--bogus"])).Message);
    }
}
