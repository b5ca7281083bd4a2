using System;
using System.Collections.Generic;
using System.Linq;

namespace Composable.Reporting;

/// <summary>One bar of an <see cref="AccuracyChart"/>: a method's mean accuracy on a setting with its 95 % half-width.</summary>
/// <param name="Method">Method name (one colour per method).</param>
/// <param name="Setting">Setting name (one group of bars per setting, e.g. "5-way 1-shot").</param>
/// <param name="Accuracy">Mean accuracy in [0, 1].</param>
/// <param name="HalfWidth95">Half-width of the 95 % interval, in [0, 1].</param>
public sealed record AccuracyBar(string Method, string Setting, double Accuracy, double HalfWidth95);

/// <summary>Grouped bar chart of accuracies (percent) with 95 % interval whiskers, written as a PNG with ScottPlot.</summary>
public static class AccuracyChart
{
    private static readonly string[] Palette =
    {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
        "#8c6d31", "#843c39", "#7b4173", "#5254a3", "#9c9ede", "#e7969c", "#31a354", "#6b6ecf",
    };

    /// <summary>
    /// Writes the chart of <paramref name="bars"/> to <paramref name="path"/>: settings in first-seen order along the
    /// x axis, methods in first-seen order within each group, values printed above the bars. Returns the path.
    /// </summary>
    public static string SavePng(string path, string title, IReadOnlyList<AccuracyBar> bars, int width = 1200, int height = 560)
    {
        if (bars.Count == 0) throw new ArgumentException("At least one bar.", nameof(bars));
        var settings = bars.Select(b => b.Setting).Distinct().ToArray();
        var methods = bars.Select(b => b.Method).Distinct().ToArray();
        if (methods.Length > Palette.Length)
            throw new ArgumentException($"{methods.Length} methods; the chart has colours for {Palette.Length}.", nameof(bars));
        var plot = new ScottPlot.Plot();
        var groupWidth = methods.Length + 1.5;
        for (var m = 0; m < methods.Length; m++)
        {
            var colour = ScottPlot.Color.FromHex(Palette[m]);
            var series = new List<ScottPlot.Bar>();
            foreach (var bar in bars.Where(b => b.Method == methods[m]))
            {
                var position = Array.IndexOf(settings, bar.Setting) * groupWidth + m;
                series.Add(new ScottPlot.Bar
                {
                    Position = position,
                    Value = 100 * bar.Accuracy,
                    Error = 100 * bar.HalfWidth95,
                    FillColor = colour,
                    Label = (100 * bar.Accuracy).ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
            var added = plot.Add.Bars(series);
            added.ValueLabelStyle.FontSize = 10;
            added.LegendText = methods[m];
        }
        var ticks = settings.Select((s, i) => new ScottPlot.Tick(i * groupWidth + (methods.Length - 1) / 2.0, s)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsY(0, 100 + 8 * Math.Ceiling(methods.Length / 6.0));
        plot.Axes.SetLimitsX(-1, settings.Length * groupWidth - 1.5);
        plot.YLabel("meta-test accuracy (%), 95 % CI");
        plot.Title(title);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.Legend.Orientation = ScottPlot.Orientation.Horizontal;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, 11).Select(i => new ScottPlot.Tick(10 * i, (10 * i).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        plot.SavePng(path, width, height);
        return path;
    }
}
