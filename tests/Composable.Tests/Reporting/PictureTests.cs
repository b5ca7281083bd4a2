using System;
using System.IO;
using System.Linq;
using Composable.Reporting;
using SkiaSharp;
using Xunit;

namespace Composable.Tests.Reporting;

public sealed class PictureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("composable-pictures").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static float[] Square(int size, int from, int to) =>
        Enumerable.Range(0, size * size).Select(i => i / size >= from && i / size < to && i % size >= from && i % size < to ? 1f : 0f).ToArray();

    private static EpisodePicture Episode(string title, int ways, int shots) => new(
        title, 8,
        Enumerable.Range(0, ways).Select(c => (System.Collections.Generic.IReadOnlyList<float[]>)Enumerable.Range(0, shots).Select(_ => Square(8, c, c + 3)).ToArray()).ToArray(),
        Enumerable.Range(0, ways).SelectMany(c => new[] { new QueryPicture(Square(8, c, c + 3), c, c), new QueryPicture(Square(8, c, c + 2), c, (c + 1) % ways) }).ToArray());

    [Fact]
    public void Episode_sheet_is_a_png_that_grows_with_ways_and_episodes()
    {
        var small = EpisodeSheet.SavePng(Path.Combine(_directory, "small.png"), new[] { Episode("a", 2, 1) });
        var large = EpisodeSheet.SavePng(Path.Combine(_directory, "large.png"), new[] { Episode("a", 3, 2), Episode("b", 3, 2) });
        using var smallImage = SKBitmap.Decode(small);
        using var largeImage = SKBitmap.Decode(large);
        Assert.NotNull(smallImage);
        Assert.True(largeImage.Height > 2 * smallImage.Height, $"{largeImage.Height} vs {smallImage.Height}");
        Assert.True(largeImage.Width > smallImage.Width);
        // Right and wrong predictions are framed green and red.
        var colours = Enumerable.Range(0, smallImage.Width).SelectMany(x => Enumerable.Range(0, smallImage.Height).Select(y => smallImage.GetPixel(x, y))).ToHashSet();
        Assert.Contains(colours, c => c.Green > 140 && c.Red < 40);
        Assert.Contains(colours, c => c.Red > 180 && c.Green < 60);
    }

    [Fact]
    public void Episode_sheet_names_the_episode_and_class_of_a_wrong_sized_image()
    {
        var bad = Episode("ProtoNets 2-way", 2, 1) with { Queries = new[] { new QueryPicture(new float[10], 1, 1) } };
        var error = Assert.Throws<ArgumentException>(() => EpisodeSheet.SavePng(Path.Combine(_directory, "bad.png"), new[] { bad }));
        Assert.Contains("ProtoNets 2-way", error.Message);
        Assert.Contains("class 1 has 10 pixels", error.Message);
        Assert.False(File.Exists(Path.Combine(_directory, "bad.png")));
    }

    [Fact]
    public void Accuracy_chart_writes_a_png_of_the_requested_size()
    {
        var bars = new[] { "5-way 1-shot", "20-way 1-shot" }.SelectMany(s => new[] { "ProtoNets", "1-NN" }.Select((m, i) => new AccuracyBar(m, s, 0.4 + 0.2 * i, 0.02))).ToArray();
        var path = AccuracyChart.SavePng(Path.Combine(_directory, "chart.png"), "test", bars, 640, 320);
        using var image = SKBitmap.Decode(path);
        Assert.Equal((640, 320), (image.Width, image.Height));
        Assert.Throws<ArgumentException>(() => AccuracyChart.SavePng(Path.Combine(_directory, "none.png"), "test", Array.Empty<AccuracyBar>()));
    }
}
