using System;
using System.Collections.Generic;

namespace Composable.Reporting;

/// <summary>A contact sheet of square grey-scale images (ink 1 drawn black on white), written as a PNG with ScottPlot.</summary>
public static class GlyphSheet
{
    /// <summary>
    /// Writes <paramref name="rows"/>: each inner list is one row of Size×Size row-major images in [0, 1], with a
    /// one-pixel gap between images. Returns <paramref name="path"/>.
    /// </summary>
    public static string SavePng(string path, IReadOnlyList<IReadOnlyList<float[]>> rows, int size, int pixelsPerCell = 4)
    {
        if (rows.Count == 0) throw new ArgumentException("At least one row.", nameof(rows));
        var columns = 0;
        foreach (var row in rows) columns = Math.Max(columns, row.Count);
        var cell = size + 1;
        var mosaic = new double[rows.Count * cell + 1, columns * cell + 1];
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < rows[r].Count; c++)
            {
                var image = rows[r][c];
                if (image.Length != size * size)
                    throw new ArgumentException($"Image ({r}, {c}) has {image.Length} pixels; {size}×{size} are needed.", nameof(rows));
                for (var y = 0; y < size; y++)
                    for (var x = 0; x < size; x++)
                        mosaic[r * cell + 1 + y, c * cell + 1 + x] = 1 - image[y * size + x];
            }
        for (var y = 0; y < mosaic.GetLength(0); y++)
            for (var x = 0; x < mosaic.GetLength(1); x++)
                if (y % cell == 0 || x % cell == 0) mosaic[y, x] = 0.75;

        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(mosaic);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        plot.Axes.Frameless();
        plot.Axes.Margins(0, 0);
        plot.SavePng(path, mosaic.GetLength(1) * pixelsPerCell, mosaic.GetLength(0) * pixelsPerCell);
        return path;
    }
}
