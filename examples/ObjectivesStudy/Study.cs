using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Composable.Evaluation;
using Composable.Interpretation;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>One trained model: each task's headline test metric, and Δp against the baseline of the same seed.</summary>
public sealed record RunResult(string Setting, string Method, int Seed, double[] Metrics, double DeltaP, double Seconds);

/// <summary>Per setting and method: each task's headline metric and Δp, mean ± std over seeds.</summary>
public sealed record Summary(string Setting, string Method, double[] MetricMeans, double[] MetricStds, double DeltaPMean, double DeltaPStd, double SecondsMean);

/// <summary>What a setting measures: its tasks and each task's headline metric.</summary>
public sealed record SettingInfo(string Name, string Description, Budget Budget, string[] Tasks, string[] Metrics, bool[] HigherIsBetter);

/// <summary>Everything the study measured.</summary>
public sealed record StudyResult(StudyOptions Options, IReadOnlyList<SettingInfo> Settings, IReadOnlyList<string> Methods, IReadOnlyList<RunResult> Runs, IReadOnlyList<Summary> Summaries);

/// <summary>
/// The objectives study: for each setting and seed, fresh data, and every method trained from the seed's initial
/// weights through the interpreter; each task's headline test metric and Δp against independent towers.
/// </summary>
public static class Study
{
    /// <summary>Runs the study, logging progress to <paramref name="log"/>.</summary>
    public static StudyResult Run(StudyOptions options, TextWriter log)
    {
        var settings = Settings.All.Where(s => options.Settings.Contains(s.Name)).ToArray();
        var methods = Method.All.Where(m => m.Name == Method.BaselineName || options.Methods.Contains(m.Name)).ToArray();
        var runs = new List<RunResult>();
        var total = settings.Length * options.Seeds * methods.Length;
        var clock = Stopwatch.StartNew();
        var infos = new List<SettingInfo>();
        foreach (var setting in settings)
        {
            var budget = BudgetOf(setting, options);
            var info = Describe(setting, budget);
            infos.Add(info);
            log.WriteLine(FormattableString.Invariant($"{setting.Name}: {setting.Description}; {budget.Steps} steps of {budget.BatchSize}, {budget.TestExamples} test examples."));
            for (var seed = 1; seed <= options.Seeds; seed++)
            {
                double[]? baseline = null;
                foreach (var method in methods)
                {
                    var (metrics, seconds) = Train(setting, method, seed, budget);
                    baseline ??= metrics; // the baseline runs first
                    var run = new RunResult(setting.Name, method.Name, seed, metrics, DeltaP(metrics, baseline, info.HigherIsBetter), seconds);
                    runs.Add(run);
                    log.WriteLine(FormattableString.Invariant(
                        $"[{runs.Count,3}/{total}] {setting.Name} seed {seed} {method.Name,-12} {string.Join(" / ", metrics.Select(m => m.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}  Δp {run.DeltaP,7:+0.0;-0.0;0.0} %  ({seconds:F1} s, {clock.Elapsed.TotalSeconds:F0} s in)"));
                }
            }
        }
        return new StudyResult(options, infos, methods.Select(m => m.Name).ToArray(), runs, Summarise(runs));
    }

    /// <summary>The budget of <paramref name="setting"/> under <paramref name="options"/>: quick sizes, then an explicit step count.</summary>
    public static Budget BudgetOf(Setting setting, StudyOptions options)
    {
        var budget = options.Quick ? Settings.Quick(setting) : setting.Budget;
        return options.Steps is { } steps ? budget with { Steps = steps } : budget;
    }

    /// <summary>Trains <paramref name="method"/> on seed <paramref name="seed"/>'s data; each task's headline test metric.</summary>
    public static (double[] Metrics, double Seconds) Train(Setting setting, Method method, int seed, Budget budget)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var spec = setting.Spec(method.Topology, method.Objective);
        var (train, test) = setting.Draw(spec, seed, budget);
        using (train)
        using (test)
        using (var trainer = InterpretedTrainer.Create(spec, seed))
        {
            trainer.Fit(train, new FitOptions(BatchSize: budget.BatchSize, Steps: budget.Steps, Seed: seed));
            var report = trainer.Evaluate(test);
            return (spec.Tasks.Select(t => report[t.Name].Headline.Value).ToArray(), clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>
    /// Δp = (1/T) Σ_t (−1)^{l_t} (M_t − M_t^base) / M_t^base · 100 %, l_t = 1 when lower is better: the mean relative
    /// improvement over the baseline in percent (positive is better).
    /// </summary>
    public static double DeltaP(IReadOnlyList<double> metrics, IReadOnlyList<double> baseline, IReadOnlyList<bool> higherIsBetter)
    {
        if (metrics.Count != baseline.Count || metrics.Count != higherIsBetter.Count || metrics.Count == 0)
            throw new ArgumentException($"Δp needs one metric, baseline and direction per task; got {metrics.Count}, {baseline.Count} and {higherIsBetter.Count}.");
        return metrics.Select((m, t) => (higherIsBetter[t] ? 1 : -1) * (m - baseline[t]) / baseline[t]).Average() * 100;
    }

    /// <summary>Sample standard deviation; 0 for a single value.</summary>
    public static double Std(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>What <paramref name="setting"/> measures with <paramref name="budget"/>.</summary>
    public static SettingInfo Describe(Setting setting, Budget budget)
    {
        var spec = setting.Spec(Topology.Independent, new WeightedSum());
        var metrics = spec.Tasks.Select(t => t.Target.Metrics[0]).ToArray();
        return new SettingInfo(setting.Name, setting.Description, budget, spec.Tasks.Select(t => t.Name).ToArray(),
            metrics.Select(m => m.ToString()).ToArray(), metrics.Select(Metrics.HigherIsBetter).ToArray());
    }

    private static Summary[] Summarise(IReadOnlyList<RunResult> runs) => (
        from run in runs
        group run by (run.Setting, run.Method) into g
        let tasks = g.First().Metrics.Length
        let perTask = Enumerable.Range(0, tasks).Select(t => g.Select(r => r.Metrics[t]).ToArray()).ToArray()
        let deltas = g.Select(r => r.DeltaP).ToArray()
        select new Summary(g.Key.Setting, g.Key.Method, perTask.Select(v => v.Average()).ToArray(), perTask.Select(v => Std(v)).ToArray(),
            deltas.Average(), Std(deltas), g.Average(r => r.Seconds))).ToArray();
}
