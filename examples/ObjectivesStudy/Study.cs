using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Composable.Evaluation;
using Composable.Interpretation;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>One trained model: each task's headline test metric, and Δp against the baseline of the same seed.</summary>
public sealed record RunResult(string Setting, string Method, int Seed, double[] Metrics, double DeltaP, double Seconds);

/// <summary>
/// Per setting and method: each task's headline metric and Δp (of each seed against the baseline of the same seed),
/// mean ± std over seeds; and Δp of the metrics' means over seeds against the baseline's, as papers report it.
/// </summary>
public sealed record Summary(string Setting, string Method, double[] MetricMeans, double[] MetricStds, double DeltaPMean, double DeltaPStd, double DeltaPOfMeans, double SecondsMean);

/// <summary>What a setting measures: its tasks and each task's headline metric.</summary>
public sealed record SettingInfo(string Name, string Description, Budget Budget, string[] Tasks, string[] Metrics);

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
        var runs = new List<(RunResult Run, EvaluationReport Report)>();
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
                EvaluationReport? baseline = null;
                foreach (var method in methods)
                {
                    var (report, seconds) = Train(setting, method, seed, budget);
                    baseline ??= report; // the baseline runs first
                    var metrics = report.Tasks.Select(t => t.Headline.Value).ToArray();
                    var run = new RunResult(setting.Name, method.Name, seed, metrics, DeltaP.Compute(report, baseline).Percent, seconds);
                    runs.Add((run, report));
                    log.WriteLine(FormattableString.Invariant(
                        $"[{runs.Count,3}/{total}] {setting.Name} seed {seed} {method.Name,-12} {string.Join(" / ", metrics.Select(m => m.ToString("F4", CultureInfo.InvariantCulture)))}  Δp {run.DeltaP,7:+0.0;-0.0;0.0} %  ({seconds:F1} s, {clock.Elapsed.TotalSeconds:F0} s in)"));
                }
            }
        }
        return new StudyResult(options, infos, methods.Select(m => m.Name).ToArray(), runs.Select(r => r.Run).ToArray(), Summarise(runs));
    }

    /// <summary>The budget of <paramref name="setting"/> under <paramref name="options"/>: quick sizes, then an explicit step count.</summary>
    public static Budget BudgetOf(Setting setting, StudyOptions options)
    {
        var budget = options.Quick ? Settings.Quick(setting) : setting.Budget;
        return options.Steps is { } steps ? budget with { Steps = steps } : budget;
    }

    /// <summary>Trains <paramref name="method"/> on seed <paramref name="seed"/>'s data; its evaluation on the test data.</summary>
    public static (EvaluationReport Test, double Seconds) Train(Setting setting, Method method, int seed, Budget budget)
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
            return (trainer.Evaluate(test), clock.Elapsed.TotalSeconds);
        }
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
        return new SettingInfo(setting.Name, setting.Description, budget, spec.Tasks.Select(t => t.Name).ToArray(),
            spec.Tasks.Select(t => t.Target.Metrics[0].ToString()).ToArray());
    }

    private static Summary[] Summarise(IReadOnlyList<(RunResult Run, EvaluationReport Report)> runs) => (
        from run in runs
        group run by (run.Run.Setting, run.Run.Method) into g
        let tasks = g.First().Run.Metrics.Length
        let perTask = Enumerable.Range(0, tasks).Select(t => g.Select(r => r.Run.Metrics[t]).ToArray()).ToArray()
        let deltas = g.Select(r => r.Run.DeltaP).ToArray()
        let baselines = runs.Where(r => r.Run.Setting == g.Key.Setting && r.Run.Method == Method.BaselineName).Select(r => r.Report).ToArray()
        select new Summary(g.Key.Setting, g.Key.Method, perTask.Select(v => v.Average()).ToArray(), perTask.Select(v => Std(v)).ToArray(),
            deltas.Average(), Std(deltas), DeltaP.Compute(g.Select(r => r.Report).ToArray(), baselines).Percent, g.Average(r => r.Run.Seconds))).ToArray();
}
