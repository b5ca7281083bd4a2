using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Composable.Interpretation;
using Composable.Objectives;
using Composable.Training;
using ScottPlot;
using static TorchSharp.torch;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>One measurement of a task pair's gradients on the shared trunk.</summary>
/// <param name="Step">The training step measured (before its update).</param>
/// <param name="Cosine">cos(g_i, g_j).</param>
/// <param name="NormRatio">‖g_i‖ / ‖g_j‖.</param>
public sealed record PairPoint(long Step, double Cosine, double NormRatio);

/// <summary>A task pair's measurements over one training run.</summary>
public sealed record PairTrace(string Setting, int Seed, string First, string Second, IReadOnlyList<PairPoint> Points);

/// <summary>
/// Negative transfer as it forms: hard sharing with equal weights trained on each setting under a
/// <see cref="ConflictMonitor"/>, which records the cosine and norm ratio of every pair of task gradients on the shared
/// trunk every few steps (about 50 measurements per run).
/// </summary>
public static class Conflicts
{
    /// <summary>Runs one monitored training per setting and seed.</summary>
    public static IReadOnlyList<PairTrace> Run(StudyOptions options, TextWriter log)
    {
        var traces = new List<PairTrace>();
        foreach (var setting in Settings.All.Where(s => options.Settings.Contains(s.Name)))
        {
            var budget = Study.BudgetOf(setting, options);
            for (var seed = 1; seed <= options.Seeds; seed++)
            {
                using var scope = NewDisposeScope();
                var spec = setting.Spec(Topology.HardSharing, new WeightedSum());
                var (train, test) = setting.Draw(spec, seed, budget);
                using (train)
                using (test)
                using (var trainer = InterpretedTrainer.Create(spec, seed))
                {
                    var monitor = new ConflictMonitor(every: Math.Max(1, budget.Steps / 50));
                    trainer.Fit(train, new FitOptions(BatchSize: budget.BatchSize, Steps: budget.Steps, Seed: seed) { Callbacks = [monitor] });
                    var tasks = spec.Tasks.Select(t => t.Name).ToArray();
                    for (var i = 0; i < tasks.Length; i++)
                        for (var j = i + 1; j < tasks.Length; j++)
                            traces.Add(new PairTrace(setting.Name, seed, tasks[i], tasks[j],
                                monitor.Records.Select(r => new PairPoint(r.Step, r.Cosine[i, j], r.NormRatio(i, j))).ToArray()));
                    log.WriteLine(FormattableString.Invariant($"{setting.Name} seed {seed}: {monitor.Records.Count} measurements"));
                }
            }
        }
        return traces;
    }

    /// <summary>Per setting, seed and pair: the cosine at the start, its mean over the last half of training, the share of negative cosines, and the norm ratio at the end.</summary>
    public static string Table(IReadOnlyList<PairTrace> traces)
    {
        var table = new StringBuilder();
        table.AppendLine("| setting | seed | pair | cosine at step 1 | mean cosine, 2nd half | negative cosines | norm ratio at end |");
        table.AppendLine("| ------- | ---: | ---- | ---------------: | --------------------: | ---------------: | ----------------: |");
        foreach (var trace in traces)
        {
            var points = trace.Points;
            var secondHalf = points.Skip(points.Count / 2).Select(p => p.Cosine).Where(double.IsFinite).ToArray();
            var negative = points.Count(p => p.Cosine < 0) / (double)Math.Max(1, points.Count);
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {trace.Setting} | {trace.Seed} | {trace.First}–{trace.Second} | {points[0].Cosine:+0.000;-0.000} | {(secondHalf.Length > 0 ? secondHalf.Average() : double.NaN):+0.000;-0.000} | {negative:P0} | {points[^1].NormRatio:F2} |"));
        }
        return table.ToString();
    }

    /// <summary>Cosine of each pair over training, one curve per setting, pair and seed; and the norm ratios on a log axis.</summary>
    public static void WritePlot(IReadOnlyList<PairTrace> traces, string path)
    {
        var plot = new Multiplot();
        plot.AddPlots(2);
        plot.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 1);
        var cosines = plot.GetPlot(0);
        var ratios = plot.GetPlot(1);
        var palette = new ScottPlot.Palettes.Category10();
        var settings = traces.Select(t => t.Setting).Distinct().ToList();
        foreach (var trace in traces)
        {
            var color = palette.GetColor(settings.IndexOf(trace.Setting));
            var steps = trace.Points.Select(p => (double)p.Step).ToArray();
            var label = trace.Seed == 1 ? $"{trace.Setting} {trace.First}–{trace.Second}" : null;
            var cosine = cosines.Add.ScatterLine(steps, trace.Points.Select(p => p.Cosine).ToArray(), color);
            cosine.LegendText = label ?? "";
            ratios.Add.ScatterLine(steps, trace.Points.Select(p => Math.Log10(p.NormRatio)).ToArray(), color);
        }
        cosines.Add.HorizontalLine(0, color: ScottPlot.Colors.Black);
        cosines.Title("Cosine of the task gradients on the shared trunk (hard sharing, equal weights)");
        cosines.Axes.Bottom.Label.Text = "step";
        cosines.Axes.Left.Label.Text = "cos(g1, g2)";
        cosines.ShowLegend(ScottPlot.Edge.Right);
        ratios.Title("Norm ratio of the task gradients");
        ratios.Axes.Bottom.Label.Text = "step";
        ratios.Axes.Left.Label.Text = "log10 ‖g1‖ / ‖g2‖";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 1200, 900);
    }
}
