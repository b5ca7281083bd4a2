using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Composable;
using Composable.Data;
using Composable.Evaluation;
using Composable.Training;
using MultiTaskTour.Cli;
using MultiTaskTour.Reporting;
using TorchSharp;

namespace MultiTaskTour.Running;

/// <summary>
/// The tour: the same synthetic data, split and budget for every topology; train each, evaluate on the test split,
/// compare with the independent baseline and print the table.
/// </summary>
internal static class TourRunner
{
    private const int WarmupSteps = 10;

    /// <summary>Runs the tour, writing the table to <paramref name="output"/> and each fit's progress to <paramref name="progress"/>, if any.</summary>
    /// <returns>The results, as the table shows them and <c>--out</c> writes them.</returns>
    public static TourReport Run(TourOptions options, TextWriter output, IFitCallback? progress)
    {
        torch.set_num_threads(options.Threads);
        var synthetic = SyntheticOptionsOf(options);
        var testFraction = (double)options.TestExamples / synthetic.Examples;
        var stepsPerEpoch = (options.Examples + options.BatchSize - 1) / options.BatchSize;
        WriteIntroduction(options, stepsPerEpoch, output);

        var trained = new List<(Topology Topology, TrainedModel Model, int Train, int Test)>();
        output.WriteLine("Training (same data, split, seed and budget for every topology):");
        foreach (var topology in Topologies.All)
        {
            // The data depends only on the input and the tasks, which every declaration shares, so each topology
            // gets identical tensors; a dataset is tied to its declaration, hence one per topology.
            using var scope = torch.NewDisposeScope();
            using var data = SyntheticTasks.Generate(topology.Spec, synthetic);
            var (train, test) = data.Split(testFraction, options.Seed);
            using (train)
            using (test)
            {
                // Untimed, so that the first topology does not pay for JIT compilation and libtorch's warm-up in its
                // train time. Trainer.Create reseeds torch, so the timed run starts from the same weights regardless.
                topology.Train(options.Seed, train, test, new FitOptions(BatchSize: options.BatchSize, Steps: WarmupSteps, Seed: options.Seed));
                var fit = new FitOptions(BatchSize: options.BatchSize, Epochs: options.Epochs, Seed: options.Seed)
                {
                    Callbacks = progress is null ? [] : [progress],
                };
                output.WriteLine($"  {topology.Name}");
                trained.Add((topology, topology.Train(options.Seed, train, test, fit), train.Size(0), test.Size(0)));
            }
        }
        output.WriteLine();

        var baseline = trained[0].Model.Test;
        var report = new TourReport(
            options,
            Topologies.Baseline.Name,
            trained[0].Train,
            trained[0].Test,
            trained.Select(t => Result(t.Topology, t.Model, t.Topology == Topologies.Baseline ? null : baseline)).ToArray());
        ResultTable.Write(report, output);
        return report;
    }

    /// <summary>The synthetic family's settings for <paramref name="options"/>: train and test rows drawn together.</summary>
    public static SyntheticOptions SyntheticOptionsOf(TourOptions options) =>
        new(Examples: options.Examples + options.TestExamples, Relatedness: options.Relatedness, Noise: options.Noise, Seed: options.Seed);

    private static void WriteIntroduction(TourOptions options, int stepsPerEpoch, TextWriter output)
    {
        var spec = Topologies.Baseline.Spec;
        var tasks = string.Join(", ", spec.Tasks.Select(t => $"{t.Name} ({Describe(t.Target)})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Multi-task tour: {tasks} on {spec.Input.Size} features.
            Data: synthetic family, {options.Examples} train / {options.TestExamples} test examples, relatedness {options.Relatedness}, noise {options.Noise}, seed {options.Seed}.
            Budget per topology: {options.Epochs} epochs x {stepsPerEpoch} steps of {options.BatchSize} rows, {Describe(spec.Optimizer)}, {options.Threads} torch thread(s).

            Models:
            """));
        foreach (var topology in Topologies.All)
            output.WriteLine($"  {topology.Name,-14} {topology.Declaration,-25} {topology.ParameterSummary,-32} {topology.Description}");
        output.WriteLine();
    }

    private static TopologyResult Result(Topology topology, TrainedModel model, EvaluationReport? baseline)
    {
        var tasks = topology.Spec.Tasks.Select(task =>
        {
            var evaluation = model.Test[task.Name];
            var headline = evaluation.Headline.Metric;
            return new TaskResult(
                task.Name,
                evaluation.Loss,
                headline.ToString(),
                evaluation.Metrics.ToDictionary(m => m.Metric.ToString(), m => m.Value),
                baseline is null ? null : Comparison.Of(headline, evaluation.Headline.Value, baseline[task.Name][headline]));
        }).ToArray();
        return new TopologyResult(
            topology.Name,
            topology.Declaration,
            topology.Description,
            model.Parameters,
            model.Fit.Steps,
            model.Fit.Elapsed.TotalSeconds,
            model.Fit.History[^1].MeanLoss,
            tasks,
            baseline is null ? null : DeltaP.Compute(model.Test, baseline).Percent);
    }

    private static string Describe(Target target) => target switch
    {
        Regression => "regression",
        Binary => "binary",
        MultiClass c => $"{c.Classes}-class",
        MultiLabel l => $"{l.Labels}-label",
        _ => target.GetType().Name,
    };

    private static string Describe(Optimizer optimizer) => optimizer switch
    {
        Adam a => string.Create(CultureInfo.InvariantCulture, $"Adam lr {a.LearningRate}"),
        AdamW a => string.Create(CultureInfo.InvariantCulture, $"AdamW lr {a.LearningRate}"),
        Sgd s => string.Create(CultureInfo.InvariantCulture, $"SGD lr {s.LearningRate}"),
        _ => optimizer.GetType().Name,
    };
}
