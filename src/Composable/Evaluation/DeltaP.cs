using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Composable.Evaluation;

/// <summary>Which metrics of each task enter Δp.</summary>
public enum DeltaPMetrics
{
    /// <summary>
    /// Each task's headline metric (the first of its target kind's metrics): one term per task, so every task weighs
    /// the same, and the metrics that can be zero, negative or NaN on small test sets (R², AUC) stay out unless they
    /// are a headline.
    /// </summary>
    Headline,

    /// <summary>Every metric of every task, as the papers that report several metrics per task do.</summary>
    All,
}

/// <summary>One task metric set against the baseline's.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Value">The model's value.</param>
/// <param name="Baseline">The baseline's value.</param>
/// <param name="Percent">
/// Relative improvement in percent: (−1)^l · (<paramref name="Value"/> − <paramref name="Baseline"/>) / |<paramref name="Baseline"/>| · 100,
/// l = 1 when lower is better; positive means better than the baseline.
/// </param>
public sealed record RelativeImprovement(string Task, Metric Metric, double Value, double Baseline, double Percent);

/// <summary>Δp of a model against a baseline, with the terms it averages.</summary>
/// <param name="Percent">Δp in percent: the mean of <paramref name="Terms"/>' percentages; positive means better than the baseline.</param>
/// <param name="Terms">Per task (in the baseline's order) and metric, the relative improvement.</param>
public sealed record DeltaPResult(double Percent, IReadOnlyList<RelativeImprovement> Terms)
{
    /// <summary>The terms of task <paramref name="task"/>.</summary>
    /// <exception cref="KeyNotFoundException">No term belongs to <paramref name="task"/>.</exception>
    public IReadOnlyList<RelativeImprovement> this[string task]
    {
        get
        {
            var terms = Terms.Where(t => string.Equals(t.Task, task, StringComparison.Ordinal)).ToArray();
            return terms.Length > 0
                ? terms
                : throw new KeyNotFoundException($"Δp has no term of task '{task}' (tasks: {string.Join(", ", Terms.Select(t => t.Task).Distinct())}).");
        }
    }
}

/// <summary>
/// Δp, the standard multi-task summary (Maninis et al. 2019; Vandenhende et al. 2021; LibMTL's
/// <c>count_improvement</c>): the mean relative improvement of a model over a baseline (usually single-task models
/// or independent towers), Δp = (1/N) Σ (−1)^l (M − M_base) / M_base · 100 % over the N task metrics counted,
/// l = 1 when lower is better (<see cref="Metrics.HigherIsBetter"/>).
/// </summary>
/// <remarks>
/// <para>The mean is over the (task, metric) terms, as the formula reads; every target kind reports the same number
/// of metrics, so with <see cref="DeltaPMetrics.All"/> this equals LibMTL's mean per task, then over tasks.</para>
/// <para>The division is by |M_base|: the same as the formula for the usual positive metrics, and for a negative
/// baseline (an R² below 0) it keeps "positive is better".</para>
/// <para>The default is <see cref="DeltaPMetrics.Headline"/>: it is the number the tables print per task, every task
/// counts once whatever its kind, and it avoids terms that are undefined on small test sets (an R² of 0, an AUC of
/// NaN when a test set holds one class).</para>
/// </remarks>
public static class DeltaP
{
    /// <summary>Δp of <paramref name="model"/> against <paramref name="baseline"/>.</summary>
    /// <param name="model">The model's evaluation.</param>
    /// <param name="baseline">The baseline's evaluation on the same tasks.</param>
    /// <param name="metrics">Which metrics count; each task's headline unless given.</param>
    /// <exception cref="ArgumentException">
    /// The reports have different tasks, a counted metric is missing from one of them, or a value is not finite or a
    /// baseline value is 0; the message names the task and metric.
    /// </exception>
    public static DeltaPResult Compute(EvaluationReport model, EvaluationReport baseline, DeltaPMetrics metrics = DeltaPMetrics.Headline)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(baseline);
        CheckSameTasks(model, baseline, "the model", "the baseline", nameof(model));
        var terms = baseline.Tasks
            .SelectMany(b => Counted(model[b.Task], b, metrics).Select(metric => Term(model[b.Task], b, metric)))
            .ToArray();
        if (terms.Length == 0)
            throw new ArgumentException("The reports have no task metric to compare.", nameof(baseline));
        return new DeltaPResult(terms.Average(t => t.Percent), terms);
    }

    /// <summary>
    /// Δp over several runs per side (seeds, usually): each side's metrics are first averaged over its runs, then
    /// compared, as papers report it.
    /// </summary>
    /// <param name="models">The model's evaluations, one per run; at least one.</param>
    /// <param name="baselines">The baseline's evaluations, one per run; at least one.</param>
    /// <param name="metrics">Which metrics count; each task's headline unless given.</param>
    /// <exception cref="ArgumentException">
    /// A side has no report, its reports differ in tasks or metrics, or <see cref="Compute(EvaluationReport, EvaluationReport, DeltaPMetrics)"/>
    /// rejects the means; the message names the run, task and metric.
    /// </exception>
    public static DeltaPResult Compute(
        IReadOnlyList<EvaluationReport> models, IReadOnlyList<EvaluationReport> baselines, DeltaPMetrics metrics = DeltaPMetrics.Headline)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(baselines);
        return Compute(MeanOverRuns(models, nameof(models)), MeanOverRuns(baselines, nameof(baselines)), metrics);
    }

    /// <summary>The mean of the runs' reports, task by task and metric by metric (losses too; the example count is the first run's).</summary>
    private static EvaluationReport MeanOverRuns(IReadOnlyList<EvaluationReport> reports, string parameter)
    {
        if (reports.Count == 0)
            throw new ArgumentException("At least one evaluation report is needed.", parameter);
        var first = reports[0];
        for (var run = 1; run < reports.Count; run++)
        {
            CheckSameTasks(reports[run], first, $"run {run}", "run 0", parameter);
            foreach (var task in first.Tasks)
            {
                var metrics = reports[run][task.Task].Metrics.Select(m => m.Metric);
                if (!metrics.SequenceEqual(task.Metrics.Select(m => m.Metric)))
                    throw new ArgumentException(
                        $"Task '{task.Task}' reports {Names(metrics)} in run {run} but {Names(task.Metrics.Select(m => m.Metric))} in run 0.", parameter);
            }
        }
        return new EvaluationReport(first.Tasks.Select(task => new TaskEvaluation(
            task.Task,
            task.Examples,
            reports.Average(r => r[task.Task].Loss),
            task.Metrics.Select(m => new MetricValue(m.Metric, reports.Average(r => r[task.Task][m.Metric]))).ToArray())).ToArray());
    }

    /// <summary>The baseline's metrics of a task that count; with every metric counted, the model must report no other.</summary>
    private static IEnumerable<Metric> Counted(TaskEvaluation model, TaskEvaluation baseline, DeltaPMetrics metrics)
    {
        switch (metrics)
        {
            case DeltaPMetrics.Headline:
                return baseline.Metrics.Count == 0 ? [] : [baseline.Headline.Metric];
            case DeltaPMetrics.All:
                var counted = baseline.Metrics.Select(m => m.Metric).ToArray();
                var extra = model.Metrics.Select(m => m.Metric).Except(counted).ToArray();
                if (extra.Length > 0)
                    throw new ArgumentException(
                        $"Task '{model.Task}': the model reports {Names(extra)} but the baseline does not (it reports {Names(counted)}).", nameof(model));
                return counted;
            default:
                throw new ArgumentOutOfRangeException(nameof(metrics), metrics, "Unknown choice of metrics.");
        }
    }

    private static RelativeImprovement Term(TaskEvaluation model, TaskEvaluation baseline, Metric metric)
    {
        var value = model.Metrics.FirstOrDefault(m => m.Metric == metric)?.Value
            ?? throw new ArgumentException(
                $"Task '{model.Task}': the baseline reports {metric} but the model does not (it reports {Names(model.Metrics.Select(m => m.Metric))}).", nameof(model));
        var reference = baseline[metric];
        if (!double.IsFinite(value))
            throw new ArgumentException(Invariant($"Task '{model.Task}': the model's {metric} is {value}; Δp needs finite values."), nameof(model));
        if (!double.IsFinite(reference) || reference == 0)
            throw new ArgumentException(
                Invariant($"Task '{model.Task}': the baseline's {metric} is {reference}; Δp divides by it, so it must be finite and not 0."), nameof(baseline));
        var sign = Metrics.HigherIsBetter(metric) ? 1 : -1;
        return new RelativeImprovement(model.Task, metric, value, reference, sign * (value - reference) / Math.Abs(reference) * 100);
    }

    private static void CheckSameTasks(EvaluationReport report, EvaluationReport reference, string reportName, string referenceName, string parameter)
    {
        var tasks = report.Tasks.Select(t => t.Task).ToArray();
        var expected = reference.Tasks.Select(t => t.Task).ToArray();
        var missing = expected.Except(tasks, StringComparer.Ordinal).ToArray();
        var extra = tasks.Except(expected, StringComparer.Ordinal).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
            throw new ArgumentException(
                $"The reports have different tasks: {referenceName} has {Quoted(expected)}, {reportName} has {Quoted(tasks)}" +
                (missing.Length > 0 ? $"; missing from {reportName}: {Quoted(missing)}" : "") +
                (extra.Length > 0 ? $"; only in {reportName}: {Quoted(extra)}" : "") + ".",
                parameter);
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Names(IEnumerable<Metric> metrics) => string.Join(", ", metrics);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
