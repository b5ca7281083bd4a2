using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace Composable.Reporting;

/// <summary>
/// One classified few-shot episode as a picture: per class a row with its support images, then its query images,
/// each query framed green when predicted right and red when wrong, with the predicted class written under it.
/// </summary>
/// <param name="Title">Caption above the episode (e.g. the learner and setting).</param>
/// <param name="Size">Image side in pixels (images are Size×Size, row-major, ink in [0, 1]).</param>
/// <param name="Support">Support images by class: <c>Support[c]</c> are class c's shots.</param>
/// <param name="Queries">Query images with their true class and the predicted class.</param>
public sealed record EpisodePicture(string Title, int Size, IReadOnlyList<IReadOnlyList<float[]>> Support, IReadOnlyList<QueryPicture> Queries);

/// <summary>A query image of an <see cref="EpisodePicture"/>.</summary>
/// <param name="Image">Size×Size pixels, ink in [0, 1].</param>
/// <param name="Label">True class in the episode.</param>
/// <param name="Predicted">Predicted class.</param>
public sealed record QueryPicture(float[] Image, int Label, int Predicted);

/// <summary>Renders <see cref="EpisodePicture"/>s, stacked vertically, into one PNG.</summary>
public static class EpisodeSheet
{
    private const int Scale = 2;
    private const int Gap = 4;
    private const int Frame = 3;
    private const int LabelHeight = 14;
    private const int TitleHeight = 38;
    private const int ColumnGap = 24;

    /// <summary>Writes <paramref name="episodes"/> to <paramref name="path"/> as a PNG; returns the path.</summary>
    /// <param name="path">Output file.</param>
    /// <param name="episodes">At least one episode; every image must have Size×Size pixels.</param>
    /// <param name="queriesPerRow">Query images shown per class row (the first ones of each class).</param>
    public static string SavePng(string path, IReadOnlyList<EpisodePicture> episodes, int queriesPerRow = 5)
    {
        if (episodes.Count == 0) throw new ArgumentException("At least one episode.", nameof(episodes));
        foreach (var episode in episodes) Check(episode);
        var layouts = episodes.Select(e => new Layout(e, queriesPerRow)).ToArray();
        var width = layouts.Max(l => l.Width);
        var height = layouts.Sum(l => l.Height);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 12);
        using var titleFont = new SKFont(SKTypeface.Default, 14) { Embolden = true };
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var top = 0;
        foreach (var layout in layouts)
        {
            layout.Draw(canvas, top, font, titleFont, text);
            top += layout.Height;
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using (var file = File.Create(path)) data.SaveTo(file);
        return path;
    }

    private static void Check(EpisodePicture episode)
    {
        var pixels = episode.Size * episode.Size;
        for (var c = 0; c < episode.Support.Count; c++)
            foreach (var image in episode.Support[c])
                if (image.Length != pixels)
                    throw new ArgumentException($"'{episode.Title}': a support image of class {c} has {image.Length} pixels; {episode.Size}×{episode.Size} are needed.", nameof(episode));
        foreach (var query in episode.Queries)
        {
            if (query.Image.Length != pixels)
                throw new ArgumentException($"'{episode.Title}': a query image of class {query.Label} has {query.Image.Length} pixels; {episode.Size}×{episode.Size} are needed.", nameof(episode));
            if (query.Label < 0 || query.Label >= episode.Support.Count)
                throw new ArgumentException($"'{episode.Title}': query label {query.Label} is outside the episode's {episode.Support.Count} classes.", nameof(episode));
        }
    }

    private sealed class Layout
    {
        private readonly EpisodePicture _episode;
        private readonly int _cell;
        private readonly int _shots;
        private readonly QueryPicture[][] _rows;

        public Layout(EpisodePicture episode, int queriesPerRow)
        {
            _episode = episode;
            _cell = episode.Size * Scale + 2 * Frame;
            _shots = episode.Support.Max(s => s.Count);
            _rows = Enumerable.Range(0, episode.Support.Count)
                .Select(c => episode.Queries.Where(q => q.Label == c).Take(queriesPerRow).ToArray()).ToArray();
            var queries = Math.Max(1, _rows.Max(r => r.Length));
            Width = Gap + 56 + _shots * (_cell + Gap) + ColumnGap + queries * (_cell + Gap);
            Height = TitleHeight + episode.Support.Count * (_cell + LabelHeight + Gap) + Gap;
        }

        public int Width { get; }

        public int Height { get; }

        public void Draw(SKCanvas canvas, int top, SKFont font, SKFont titleFont, SKPaint text)
        {
            var correct = _episode.Queries.Count(q => q.Label == q.Predicted);
            canvas.DrawText($"{_episode.Title}  —  {correct}/{_episode.Queries.Count} queries right", Gap, top + 16, titleFont, text);
            var queryLeft = Gap + 56 + _shots * (_cell + Gap) + ColumnGap;
            canvas.DrawText("support", Gap + 56, top + TitleHeight - 6, font, text);
            canvas.DrawText("queries (prediction)", queryLeft, top + TitleHeight - 6, font, text);
            for (var c = 0; c < _episode.Support.Count; c++)
            {
                var y = top + TitleHeight + c * (_cell + LabelHeight + Gap);
                canvas.DrawText($"class {c}", Gap, y + _cell / 2 + 4, font, text);
                for (var s = 0; s < _episode.Support[c].Count; s++)
                    DrawImage(canvas, _episode.Support[c][s], Gap + 56 + s * (_cell + Gap), y, SKColors.LightGray);
                for (var q = 0; q < _rows[c].Length; q++)
                {
                    var query = _rows[c][q];
                    var x = queryLeft + q * (_cell + Gap);
                    var right = query.Predicted == query.Label;
                    DrawImage(canvas, query.Image, x, y, right ? new SKColor(0, 160, 60) : new SKColor(210, 30, 30));
                    using var paint = new SKPaint { Color = right ? new SKColor(0, 120, 45) : new SKColor(190, 20, 20), IsAntialias = true };
                    canvas.DrawText($"→ {query.Predicted}", x + 2, y + _cell + LabelHeight - 2, font, paint);
                }
            }
        }

        private void DrawImage(SKCanvas canvas, float[] pixels, int x, int y, SKColor frame)
        {
            using (var paint = new SKPaint { Color = frame })
                canvas.DrawRect(x, y, _cell, _cell, paint);
            var size = _episode.Size;
            using var bitmap = new SKBitmap(size, size, SKColorType.Gray8, SKAlphaType.Opaque);
            var row = new byte[bitmap.RowBytes];
            for (var r = 0; r < size; r++)
            {
                for (var c = 0; c < size; c++)
                    row[c] = (byte)Math.Round(255 * (1 - Math.Clamp(pixels[r * size + c], 0f, 1f)));
                System.Runtime.InteropServices.Marshal.Copy(row, 0, bitmap.GetPixels() + r * bitmap.RowBytes, row.Length);
            }
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, new SKRect(x + Frame, y + Frame, x + Frame + size * Scale, y + Frame + size * Scale),
                new SKSamplingOptions(SKFilterMode.Nearest));
        }
    }
}
