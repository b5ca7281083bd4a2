using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Training;

namespace Composable.Evaluation;

/// <summary>One metric's value.</summary>
/// <param name="Metric">Which metric.</param>
/// <param name="Value">Its value.</param>
public sealed record MetricValue(Metric Metric, double Value);

/// <summary>A task's loss and metrics on a data set.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Examples">Number of examples evaluated.</param>
/// <param name="Loss">Mean loss (the task's declared loss).</param>
/// <param name="Metrics">The target kind's metrics, headline first.</param>
public sealed record TaskEvaluation(string Task, int Examples, double Loss, IReadOnlyList<MetricValue> Metrics)
{
    /// <summary>The headline metric (the first of the target kind's metrics).</summary>
    public MetricValue Headline => Metrics[0];

    /// <summary>The value of <paramref name="metric"/>.</summary>
    public double this[Metric metric] =>
        Metrics.FirstOrDefault(m => m.Metric == metric)?.Value
        ?? throw new KeyNotFoundException($"Task '{Task}' reports {string.Join(", ", Metrics.Select(m => m.Metric))}, not {metric}.");
}

/// <summary>A task's gate over the experts of a mixture, averaged over the rows evaluated.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Weights">Mean weight of each expert the task's gate mixes (they sum to 1).</param>
public sealed record TaskGateWeights(string Task, IReadOnlyList<double> Weights);

/// <summary>Every task's evaluation, in declaration order.</summary>
/// <param name="Tasks">Per-task results.</param>
public sealed record EvaluationReport(IReadOnlyList<TaskEvaluation> Tasks) : IEvaluation
{
    /// <summary>The evaluation of task <paramref name="task"/>.</summary>
    public TaskEvaluation this[string task] =>
        Tasks.FirstOrDefault(t => string.Equals(t.Task, task, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"No task '{task}' in the report (tasks: {string.Join(", ", Tasks.Select(t => t.Task))}).");

    /// <summary>Example-weighted mean of the task losses (unweighted by the objective).</summary>
    public double MeanLoss => Tasks.Sum(t => t.Loss * t.Examples) / Math.Max(1, Tasks.Sum(t => t.Examples));

    /// <summary>For a mixture of experts, each task's mean gate weights on the data evaluated (its own inputs); empty otherwise.</summary>
    public IReadOnlyList<TaskGateWeights> GateWeights { get; init; } = Array.Empty<TaskGateWeights>();

    /// <summary>
    /// Per task in declaration order: <c>{Task}/loss</c>, then <c>{Task}/{metric}</c> for each of its metrics; then, for a
    /// mixture of experts, <c>gates/{Task}/expert_{e}</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>> Figures =>
        Tasks.SelectMany(t => t.Metrics.Select(m => new KeyValuePair<string, double>($"{t.Task}/{m.Metric}", m.Value))
                .Prepend(new KeyValuePair<string, double>($"{t.Task}/loss", t.Loss)))
            .Concat(GateWeights.SelectMany(g => g.Weights.Select((w, e) => new KeyValuePair<string, double>($"gates/{g.Task}/expert_{e}", w))))
            .ToArray();
}
