using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Serialization;
using Composable.Data;
using Composable.Data.Glyphs;
using Composable.Evaluation;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Examples.MultiKanjiStudy;

/// <summary>One trained model on one seed.</summary>
/// <param name="Model">The model's display name.</param>
/// <param name="Seed">Seed of the images and the initial weights.</param>
/// <param name="Headline">Per task, its test headline metric: accuracy for Left and Right, MSE (raw stroke counts) for LeftStrokes.</param>
/// <param name="Steps">Optimisation steps taken.</param>
/// <param name="FinalLoss">Mean weighted training loss of the last epoch.</param>
/// <param name="Seconds">Wall time of the fit.</param>
/// <param name="Test">The whole test evaluation (not written to JSON: <paramref name="Headline"/> is its summary).</param>
public sealed record RunResult(
    string Model, int Seed, IReadOnlyDictionary<string, double> Headline, long Steps, double FinalLoss, double Seconds,
    [property: JsonIgnore] EvaluationReport Test);

/// <summary>Per model and task: the headline metric's mean ± sample std over seeds.</summary>
public sealed record Summary(string Model, string Task, string Metric, double Mean, double Std, int Seeds);

/// <summary>Δp of a model against the baseline, in percent (positive is better), and its per-task terms.</summary>
/// <param name="Model">The model's display name.</param>
/// <param name="Percent"><see cref="DeltaP"/> over the three tasks' headline metrics, each averaged over seeds first.</param>
/// <param name="Tasks">Per task, its relative improvement in percent (the terms Δp averages).</param>
public sealed record DeltaPSummary(string Model, double Percent, IReadOnlyDictionary<string, double> Tasks);

/// <summary>The stroke-count targets of one seed's training set.</summary>
public sealed record StrokeStatistics(int Seed, double Mean, double Variance);

/// <summary>Everything the study measured.</summary>
public sealed record StudyResult(
    StudyOptions Options, IReadOnlyDictionary<string, long> ParameterCounts, IReadOnlyList<StrokeStatistics> Strokes,
    IReadOnlyList<RunResult> Runs, IReadOnlyList<Summary> Summaries, IReadOnlyList<DeltaPSummary> DeltaP, double WallSeconds);

/// <summary>
/// The study: per seed, one MultiKanji draw (images seeded by the seed), and every model of <see cref="KanjiModels"/>
/// trained on it from its seeded initial weights with the same budget; test headline metrics per task, aggregated over
/// seeds, and Δp against independent conv networks.
/// </summary>
public static class Study
{
    /// <summary>The task order of the tables: MultiKanji's.</summary>
    public static readonly string[] Tasks = [MultiKanji.Left, MultiKanji.Right, MultiKanji.LeftStrokes];

    /// <summary>Runs the study, logging progress to <paramref name="log"/>.</summary>
    public static StudyResult Run(StudyOptions options, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var models = KanjiModels.All;
        var counts = new Dictionary<string, long>();
        var budget = options.Steps is { } s ? $"{s:N0} steps" : $"{options.Epochs} epoch(s) ({StepsPerEpoch(options):N0} steps each)";
        log.WriteLine($"MultiKanji: {options.TrainImages:N0} train / {options.TestImages:N0} test images ({options.TrainVariants} / {options.TestVariants} renderings per character), " +
                      $"{options.Seeds} seed(s); per model {budget} of batch {options.BatchSize}, Adam lr {Declarations.KanjiDesign.LearningRate}, {options.Threads} torch thread(s).");

        var runs = new List<RunResult>();
        var strokes = new List<StrokeStatistics>();
        var total = options.Seeds * models.Count;
        for (var seed = 1; seed <= options.Seeds; seed++)
        {
            var (train, test) = MultiKanji.Generate(models[0].Spec, options.Data(seed));
            using (train)
            using (test)
            {
                strokes.Add(Strokes(seed, train));
                log.WriteLine($"Seed {seed}: images drawn ({clock.Elapsed.TotalSeconds:F0} s in); training stroke counts mean {strokes[^1].Mean:F2}, variance {strokes[^1].Variance:F2}.");
                foreach (var model in models)
                {
                    var (run, parameters) = Train(model, seed, train, test, options, log);
                    counts[model.Name] = parameters;
                    runs.Add(run);
                    log.WriteLine($"[{runs.Count,2}/{total}] seed {seed} {model.Name,-13} " +
                                  string.Join("  ", Tasks.Select(t => $"{t} {Format(t, run.Headline[t])}")) +
                                  $"  ({run.Steps:N0} steps, {run.Seconds:F0} s; {clock.Elapsed.TotalSeconds:F0} s in)");
                }
            }
        }
        return new StudyResult(options, counts, strokes, runs, Summarise(runs), DeltaPAgainst(KanjiModels.Baseline, runs), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Steps of one epoch: the last, partial batch counts as a step.</summary>
    public static int StepsPerEpoch(StudyOptions options) => (options.TrainImages + options.BatchSize - 1) / options.BatchSize;

    /// <summary>A headline value as the log and table print it: accuracy in percent, MSE as is.</summary>
    public static string Format(string task, double value) =>
        task == MultiKanji.LeftStrokes ? FormattableString.Invariant($"{value:F2}") : FormattableString.Invariant($"{100 * value:F1}%");

    /// <summary>Per model (in run order) and task (in <see cref="Tasks"/> order), the headline's mean and sample std over seeds.</summary>
    public static IReadOnlyList<Summary> Summarise(IReadOnlyList<RunResult> runs) => (
        from run in runs
        group run by run.Model into model
        from task in Tasks
        let values = model.Select(r => r.Headline[task]).ToArray()
        select new Summary(model.Key, task, model.First().Test[task].Headline.Metric.ToString(), values.Average(), Std(values), values.Length)).ToArray();

    /// <summary>Per model other than <paramref name="baseline"/>, Δp against it over the seeds' test reports (seed means first).</summary>
    public static IReadOnlyList<DeltaPSummary> DeltaPAgainst(string baseline, IReadOnlyList<RunResult> runs)
    {
        var baselines = runs.Where(r => r.Model == baseline).Select(r => r.Test).ToArray();
        return (
            from run in runs
            where run.Model != baseline
            group run by run.Model into model
            let delta = DeltaP.Compute(model.Select(r => r.Test).ToArray(), baselines)
            select new DeltaPSummary(model.Key, delta.Percent, delta.Terms.ToDictionary(t => t.Task, t => t.Percent))).ToArray();
    }

    /// <summary>Sample standard deviation; 0 for a single value.</summary>
    public static double Std(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Mean and population variance of a training set's stroke counts.</summary>
    public static StrokeStatistics Strokes(int seed, MultiTaskDataset train)
    {
        using var scope = NewDisposeScope();
        var counts = train[MultiKanji.LeftStrokes].Targets.to_type(ScalarType.Float64);
        return new StrokeStatistics(seed, counts.mean().item<double>(), counts.var(unbiased: false).item<double>());
    }

    private static (RunResult Run, long Parameters) Train(KanjiModel model, int seed, MultiTaskDataset train, MultiTaskDataset test, StudyOptions options, TextWriter log)
    {
        using var scope = NewDisposeScope();
        // A trainer takes only data declared for its own model: same images, re-declared (a copy) per model.
        using var modelTrain = train.For(model.Spec);
        using var modelTest = test.For(model.Spec);
        using var trainer = model.CreateTrainer(seed);
        var parameters = trainer.Network.Module.parameters().Sum(p => p.numel());
        var fit = trainer.Fit(modelTrain, options.Fit(seed) with { Callbacks = [new EpochLog(model.Name, log)] });
        var report = trainer.Evaluate(modelTest);
        var headline = Tasks.ToDictionary(t => t, t => report[t].Headline.Value);
        return (new RunResult(model.Name, seed, headline, fit.Steps, fit.History[^1].MeanLoss, fit.Elapsed.TotalSeconds, report), parameters);
    }

    /// <summary>One line per epoch: a full study runs for many minutes.</summary>
    private sealed class EpochLog(string model, TextWriter log) : IFitCallback
    {
        public FitDecision OnEpochEnd(EpochReport epoch)
        {
            log.WriteLine(FormattableString.Invariant($"      {model} epoch {epoch.Epoch}: {epoch.Steps:N0} steps, mean loss {epoch.MeanLoss:F3} ({epoch.Elapsed.TotalSeconds:F0} s)"));
            return FitDecision.Continue;
        }
    }
}
