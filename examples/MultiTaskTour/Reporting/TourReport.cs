using System.Collections.Generic;
using System.Text.Json.Serialization;
using MultiTaskTour.Cli;

namespace MultiTaskTour.Reporting;

/// <summary>Everything a tour measured: what the table shows and what <c>--out</c> writes.</summary>
/// <param name="Options">The settings every topology trained with.</param>
/// <param name="Baseline">Name of the topology the others are compared with.</param>
/// <param name="TrainExamples">Rows of the training split.</param>
/// <param name="TestExamples">Rows of the test split the metrics are computed on.</param>
/// <param name="Topologies">One result per topology, baseline first.</param>
internal sealed record TourReport(
    TourOptions Options,
    string Baseline,
    int TrainExamples,
    int TestExamples,
    IReadOnlyList<TopologyResult> Topologies);

/// <summary>One trained topology.</summary>
/// <param name="Name">Short name shown in the table.</param>
/// <param name="Declaration">The declaring class.</param>
/// <param name="Description">The topology as the generated graph describes it.</param>
/// <param name="Parameters">Trainable parameters, counted on the built model.</param>
/// <param name="Steps">Optimisation steps taken.</param>
/// <param name="Seconds">Wall time of the fit.</param>
/// <param name="FinalTrainLoss">Mean training objective over the last epoch.</param>
/// <param name="Tasks">Per task, in declaration order, its test loss and metrics.</param>
/// <param name="DeltaP">
/// Δp against the baseline in percent (<see cref="Composable.Evaluation.DeltaP"/> over the headline metrics; positive is
/// better); null for the baseline itself.
/// </param>
internal sealed record TopologyResult(
    string Name,
    string Declaration,
    string Description,
    long Parameters,
    long Steps,
    double Seconds,
    double FinalTrainLoss,
    IReadOnlyList<TaskResult> Tasks,
    double? DeltaP);

/// <summary>A task's test results.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Loss">Mean test loss (the task's declared loss).</param>
/// <param name="Headline">The headline metric: the first of its target kind's metrics.</param>
/// <param name="Metrics">Every metric of its target kind, by name.</param>
/// <param name="VersusBaseline">The headline metric against the baseline's; null for the baseline itself.</param>
internal sealed record TaskResult(
    string Task,
    double Loss,
    string Headline,
    IReadOnlyDictionary<string, double> Metrics,
    Comparison? VersusBaseline)
{
    /// <summary>The value of the headline metric (derived from <see cref="Metrics"/>, so not written to JSON).</summary>
    [JsonIgnore]
    public double HeadlineValue => Metrics[Headline];
}
