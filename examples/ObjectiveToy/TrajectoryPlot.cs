using System;
using System.IO;
using System.Linq;
using ScottPlot;

namespace Composable.Examples.ObjectiveToy;

/// <summary>
/// One PNG per setting: a panel per method with the contours of f1 + f2 (the sum Adam with equal weights descends),
/// the computed Pareto set in grey, and the method's trajectory from every start (a colour per start, black dot at the
/// start, a cross at the end), over the square the papers plot.
/// </summary>
public static class TrajectoryPlot
{
    /// <summary>Grid points per side of the contour plot.</summary>
    private const int Grid = 161;

    /// <summary>Panels per row.</summary>
    private const int Columns = 4;

    /// <summary>Contour levels of f1 + f2: every 4 from −40 to 16, its range over the square.</summary>
    private static readonly double[] Levels = Enumerable.Range(0, 15).Select(i => -40.0 + 4 * i).ToArray();

    /// <summary>Pixels per panel side.</summary>
    private const int PanelSize = 420;

    /// <summary>Where the PNG of <paramref name="problem"/> goes beside the JSON <paramref name="json"/>: <c>NAME-problem.png</c>.</summary>
    public static string PathBeside(string json, string problem) => Path.ChangeExtension(json, null) + "-" + problem + ".png";

    /// <summary>Draws the runs of <paramref name="problem"/> in <paramref name="result"/> to <paramref name="path"/>.</summary>
    public static void Write(ToyStudyResult result, ToyProblem problem, string path)
    {
        var methods = result.Runs.Where(r => r.Problem == problem.Name).Select(r => r.Method).Distinct().ToArray();
        var contours = SumOfLosses(problem);
        var multiplot = new Multiplot();
        multiplot.AddPlots(methods.Length);
        var rows = (methods.Length + Columns - 1) / Columns;
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, Math.Min(Columns, methods.Length));
        for (var i = 0; i < methods.Length; i++)
            DrawPanel(multiplot.GetPlot(i), problem, methods[i], result, contours);
        multiplot.SavePng(path, PanelSize * Math.Min(Columns, methods.Length), PanelSize * rows);
    }

    private static void DrawPanel(Plot plot, ToyProblem problem, string method, ToyStudyResult result, Coordinates3d[,] contours)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var lines = plot.Add.ContourLines(contours);
        lines.ContourLineLevels = Levels;
        lines.LabelStyle.IsVisible = false;
        var pareto = result.ParetoSet.OrderBy(p => p.X).ToArray();
        var set = plot.Add.ScatterPoints(pareto.Select(p => p.X).ToArray(), pareto.Select(p => p.Y).ToArray());
        set.Color = Colors.Gray;
        set.MarkerSize = 4;
        var runs = result.Runs.Where(r => r.Problem == problem.Name && r.Method == method).ToArray();
        for (var i = 0; i < runs.Length; i++)
        {
            var run = runs[i];
            var color = palette.GetColor(i);
            var path = plot.Add.ScatterLine(run.Trajectory.Select(p => p.X).ToArray(), run.Trajectory.Select(p => p.Y).ToArray());
            path.Color = color;
            path.LineWidth = 2;
            var start = plot.Add.Marker(run.Start.X, run.Start.Y, MarkerShape.FilledCircle, 9);
            start.Color = Colors.Black;
            var end = plot.Add.Marker(run.End.X, run.End.Y, MarkerShape.Cross, 12);
            end.Color = color;
            end.LineWidth = 3;
        }
        var reached = runs.Count(r => r.Stationary && r.OnParetoSet);
        plot.Title($"{method}: {reached}/{runs.Length} end on the Pareto set", 13);
        plot.Axes.SetLimits(-ToyProblem.PlotHalfWidth, ToyProblem.PlotHalfWidth, -ToyProblem.PlotHalfWidth, ToyProblem.PlotHalfWidth);
    }

    /// <summary>f1 + f2 of <paramref name="problem"/> (f1 scaled as it says) on a square grid over the plotted range.</summary>
    private static Coordinates3d[,] SumOfLosses(ToyProblem problem)
    {
        var w = ToyProblem.PlotHalfWidth;
        var grid = new Coordinates3d[Grid, Grid];
        for (var i = 0; i < Grid; i++)
            for (var j = 0; j < Grid; j++)
            {
                var x = -w + 2 * w * j / (Grid - 1);
                var y = -w + 2 * w * i / (Grid - 1);
                var e = problem.Evaluate(new PlaneVector(x, y));
                grid[i, j] = new Coordinates3d(x, y, e.F1 + e.F2);
            }
        return grid;
    }
}
