using System;
using System.IO;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Data.Glyphs;
using Composable.Reporting;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

public class GlyphTests
{
    // The package is installed by .ci/run; parsing the whole file takes well under a second.
    private static readonly Lazy<System.Collections.Generic.IReadOnlyList<Glyph>> All = new(() => KanjiData.Load());

    private static System.Collections.Generic.IReadOnlyList<Glyph> Subset(int count) => GlyphDataset.EvenSubset(All.Value, count);

    [Fact]
    public void Loader_reads_every_kanji_of_the_installed_package()
    {
        var glyphs = All.Value;
        Assert.Equal(6394, glyphs.Count);
        Assert.Equal(glyphs.Count, glyphs.Select(g => g.Character).Distinct().Count());
        var one = glyphs.Single(g => g.Character == "一");
        Assert.Equal(new GlyphStroke(25, 126, 226, 116), Assert.Single(one.Strokes));
        Assert.Equal(2, glyphs.Single(g => g.Character == "二").Strokes.Count);
        Assert.All(glyphs, g => Assert.All(g.Strokes, s => Assert.True(s.X1 is >= 0 and <= 255 && s.Y2 is >= 0 and <= 255)));
        Assert.True(glyphs.Zip(glyphs.Skip(1), (a, b) => a.Strokes.Count <= b.Strokes.Count).All(ordered => ordered), "ordered by stroke count");
    }

    [Fact]
    public void Missing_data_file_names_the_package_to_install_and_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir", "data.json");
        var error = Assert.Throws<FileNotFoundException>(() => KanjiData.Load(path));
        Assert.Contains("apt-get install -y python3-kanjidraw", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Malformed_data_file_says_what_is_wrong()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"2": {"x": [[1, 2, 3, 4]]}}""");
            var error = Assert.Throws<InvalidDataException>(() => KanjiData.Load(path));
            Assert.Contains("listed under 2 strokes but has 1", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Renderings_are_deterministic_per_character_sample_and_seed()
    {
        var glyph = Subset(10)[7];
        var a = GlyphRenderer.Render(glyph, sample: 3, seed: 1);
        Assert.Equal(a, GlyphRenderer.Render(glyph, sample: 3, seed: 1));
        Assert.NotEqual(a, GlyphRenderer.Render(glyph, sample: 4, seed: 1));
        Assert.NotEqual(a, GlyphRenderer.Render(glyph, sample: 3, seed: 2));
        // Pinned pixel sum: a change of the renderer or of System.Random's seeded sequence shows up here.
        Assert.Equal(a.Sum(), GlyphRenderer.Render(glyph with { }, sample: 3, seed: 1).Sum());
        Assert.Equal(GlyphRenderer.Render(glyph, 0, 0, GlyphRenderOptions.Clean), GlyphRenderer.Render(glyph, 9, 5, GlyphRenderOptions.Clean));
    }

    [Fact]
    public void Images_are_in_unit_range_with_ink_and_background()
    {
        foreach (var glyph in Subset(40))
            for (var sample = 0; sample < 5; sample++)
            {
                var image = GlyphRenderer.Render(glyph, sample);
                Assert.Equal(28 * 28, image.Length);
                Assert.All(image, v => Assert.InRange(v, 0f, 1f));
                var ink = image.Count(v => v > 0.5f);
                Assert.InRange(ink, 10, 28 * 28 * 2 / 3);
                Assert.True(image.Count(v => v == 0f) > 28 * 28 / 4, "mostly background");
                // Nothing is drawn across the border: the distortions keep the glyph inside the image.
                var border = Enumerable.Range(0, 28).Sum(i => image[i] + image[27 * 28 + i] + image[i * 28] + image[i * 28 + 27]);
                Assert.True(border < 6, $"{glyph.Character} sample {sample}: border ink {border}");
            }
    }

    [Fact]
    public void Dataset_gathers_the_renderings_of_its_examples()
    {
        using var scope = NewDisposeScope();
        var dataset = new GlyphDataset(Subset(6), samplesPerClass: 4, seed: 2);
        Assert.Equal(24, dataset.Labels.Count);
        Assert.Equal(5, dataset.Labels[21]);
        var rows = dataset.Gather(new long[] { 21, 0 });
        Assert.Equal(new long[] { 2, 784 }, rows.shape);
        Assert.Equal(dataset.Render(5, 1), rows[0].data<float>().ToArray());
        Assert.Equal(dataset.Render(0, 0), rows[1].data<float>().ToArray());
    }

    [Fact]
    public void Splits_are_disjoint_by_character_and_episodes_are_deterministic()
    {
        using var scope = NewDisposeScope();
        var dataset = new GlyphDataset(Subset(60), samplesPerClass: 8);
        var family = dataset.Family(new FewShotClassification(Ways: 5, Shots: 1, Queries: 3), splitSeed: 1);
        var splits = Enum.GetValues<MetaSplit>().Select(s => family.ClassesOf(s).Select(c => dataset.Glyphs[c].Character).ToHashSet()).ToArray();
        Assert.Equal(60, splits.Sum(s => s.Count));
        Assert.Equal(60, splits.SelectMany(s => s).Distinct().Count());
        Assert.Equal(12, splits[(int)MetaSplit.Test].Count);

        var episode = family.Sample(MetaSplit.Test, 5, seed: 3);
        var again = family.Sample(MetaSplit.Test, 5, seed: 3);
        Assert.Equal(new long[] { 5, 784 }, episode.SupportInputs.shape);
        Assert.Equal(new long[] { 15, 784 }, episode.QueryInputs.shape);
        Assert.Equal(episode.QueryInputs.data<float>().ToArray(), again.QueryInputs.data<float>().ToArray());
        var task = Assert.IsType<ClassEpisodeTask>(episode.Task);
        Assert.All(task.Classes, c => Assert.Contains(dataset.Glyphs[c].Character, splits[(int)MetaSplit.Test]));
    }

    [Fact]
    public void Contact_sheet_is_written_as_png()
    {
        var glyphs = Subset(8);
        var rows = glyphs.Select(g => (System.Collections.Generic.IReadOnlyList<float[]>)
            new[] { GlyphRenderer.Render(g, 0, 0, GlyphRenderOptions.Clean) }.Concat(Enumerable.Range(0, 8).Select(s => GlyphRenderer.Render(g, s))).ToArray()).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"glyph-sheet-{Guid.NewGuid():N}.png");
        try
        {
            GlyphSheet.SavePng(path, rows, 28);
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 1000);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes.Take(4));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
