using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Serialization;
using Composable.Data;
using Composable.Evaluation;
using Composable.Interpretation;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Examples.NegativeTransfer;

/// <summary>One trained model: its final test MSE and final training loss per task.</summary>
/// <param name="Topology">The topology's display name.</param>
/// <param name="Correlation">The task correlation p.</param>
/// <param name="Seed">The seed of the task family, data and initial weights.</param>
/// <param name="TestMse">Per task, the test MSE.</param>
/// <param name="FinalTrainLoss">Per task, the loss on the training set after the last step.</param>
/// <param name="Seconds">Wall time of the run.</param>
/// <param name="Test">The whole test evaluation (not written to JSON: <paramref name="TestMse"/> is its headline).</param>
public sealed record RunResult(
    string Topology, double Correlation, int Seed, double[] TestMse, double[] FinalTrainLoss, double Seconds,
    [property: JsonIgnore] EvaluationReport Test);

/// <summary>Per topology, correlation and task: test MSE mean ± std over seeds and the spread of final training losses.</summary>
public sealed record Summary(
    string Topology, double Correlation, string Task, double TestMseMean, double TestMseStd,
    double FinalLossMean, double FinalLossStd, double FinalLossMin, double FinalLossMax);

/// <summary>Δp of a topology against independent towers at one correlation, in percent (positive is better).</summary>
/// <param name="Topology">The sharing topology's display name.</param>
/// <param name="Correlation">The task correlation p.</param>
/// <param name="Percent"><see cref="Evaluation.DeltaP"/> over both tasks' test MSE, each averaged over seeds first.</param>
public sealed record DeltaPSummary(string Topology, double Correlation, double Percent);

/// <summary>Everything the study measured.</summary>
public sealed record StudyResult(
    StudyOptions Options, IReadOnlyDictionary<string, long> ParameterCounts, IReadOnlyList<RunResult> Runs, IReadOnlyList<Summary> Summaries,
    IReadOnlyList<DeltaPSummary> DeltaP);

/// <summary>
/// The negative-transfer study: for each correlation p and seed, a fresh task family (u1, u2, α, β), training and
/// test sets, and each topology trained from the seed's initial weights; test MSE and final training loss per task.
/// </summary>
public static class Study
{
    /// <summary>Runs the study, logging progress to <paramref name="log"/>.</summary>
    public static StudyResult Run(StudyOptions options, TextWriter log)
    {
        var topologies = Topologies.All(options.Dimension, options.LearningRate);
        var counts = topologies.ToDictionary(t => t.Name, t => ModelPlan.For(t.Spec).ParameterCount);
        log.WriteLine($"Negative transfer: d = {options.Dimension}, c = {options.Scale}, m = {options.Sinusoids}; p in [{string.Join(", ", options.Correlations)}], {options.Seeds} seeds; " +
                      $"{options.TrainExamples:N0} train / {options.TestExamples:N0} test examples; {options.Steps:N0} Adam steps (lr {options.LearningRate}) of batch {options.BatchSize}.");
        log.WriteLine("Parameters: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value:N0}")));

        var runs = new List<RunResult>();
        var total = options.Correlations.Count * options.Seeds * topologies.Count;
        var clock = Stopwatch.StartNew();
        foreach (var p in options.Correlations)
            for (var seed = 1; seed <= options.Seeds; seed++)
            {
                var family = CorrelatedRegression.Create(p, seed, options.Dimension, options.Scale, options.Sinusoids);
                foreach (var (name, spec) in topologies)
                {
                    var run = Train(name, spec, family, seed, options);
                    runs.Add(run);
                    log.WriteLine($"[{runs.Count,3}/{total}] p = {p:0.0#} seed {seed} {name,-12} test MSE {run.TestMse[0]:F4} / {run.TestMse[1]:F4}  ({run.Seconds:F1} s, {clock.Elapsed.TotalSeconds:F0} s in)");
                }
            }

        var summaries = (
            from run in runs
            group run by (run.Topology, run.Correlation) into g
            from task in Enumerable.Range(0, 2)
            let mse = g.Select(r => r.TestMse[task]).ToArray()
            let loss = g.Select(r => r.FinalTrainLoss[task]).ToArray()
            select new Summary(g.Key.Topology, g.Key.Correlation, $"Task{task + 1}", mse.Average(), Std(mse), loss.Average(), Std(loss), loss.Min(), loss.Max())).ToArray();
        return new StudyResult(options, counts, runs, summaries, DeltaPAgainst(Topologies.Baseline, runs));
    }

    /// <summary>Per correlation and topology other than <paramref name="baseline"/>, Δp against it over the seeds' test reports.</summary>
    private static DeltaPSummary[] DeltaPAgainst(string baseline, IReadOnlyList<RunResult> runs) => (
        from run in runs
        where run.Topology != baseline
        group run by (run.Topology, run.Correlation) into g
        let baselines = runs.Where(r => r.Topology == baseline && r.Correlation == g.Key.Correlation).Select(r => r.Test).ToArray()
        select new DeltaPSummary(g.Key.Topology, g.Key.Correlation, DeltaP.Compute(g.Select(r => r.Test).ToArray(), baselines).Percent)).ToArray();

    private static RunResult Train(string name, MultiTaskSpec spec, CorrelatedRegression family, int seed, StudyOptions options)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var train = family.Sample(spec, options.TrainExamples, seed: 1000 + seed);
        using var test = family.Sample(spec, options.TestExamples, seed: 2000 + seed);
        using var trainer = InterpretedTrainer.Create(spec, seed);
        trainer.Fit(train, new FitOptions(BatchSize: options.BatchSize, Steps: options.Steps, Seed: seed));
        var testReport = trainer.Evaluate(test);
        var trainReport = trainer.Evaluate(train);
        return new RunResult(name, family.Correlation, seed,
            spec.Tasks.Select(t => testReport[t.Name][Metric.MeanSquaredError]).ToArray(),
            spec.Tasks.Select(t => trainReport[t.Name].Loss).ToArray(),
            clock.Elapsed.TotalSeconds,
            testReport);
    }

    /// <summary>Sample standard deviation; 0 for a single value.</summary>
    public static double Std(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
