using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Composable.Data;
using Composable.Examples.KanjiTransfer.Declarations;
using Composable.FewShot.Metric;
using Composable.Interpretation;
using Composable.Training;
using Composable.Transfer;
using static TorchSharp.torch;

namespace Composable.Examples.KanjiTransfer;

/// <summary>One method on the fourth task at one training size: test accuracy over the seeds.</summary>
/// <param name="Method">Method name.</param>
/// <param name="Examples">Training rows of task D.</param>
/// <param name="Mean">Mean test accuracy over the seeds.</param>
/// <param name="HalfWidth95">Half-width of the normal 95 % interval of the mean.</param>
/// <param name="Accuracies">Accuracy of each seed, in seed order.</param>
public sealed record MultiTaskSummary(string Method, int Examples, double Mean, double HalfWidth95, IReadOnlyList<double> Accuracies);

/// <summary>The multi-task view: the source model's own accuracy on A, B, C and every method on D.</summary>
/// <param name="Relatedness">ρ of the synthetic family.</param>
/// <param name="SourceAccuracy">Mean test accuracy of the multi-task model over A, B and C, per seed.</param>
/// <param name="Cells">Every method at every training size of D.</param>
/// <param name="Seconds">Wall time of the whole view.</param>
public sealed record MultiTaskResult(double Relatedness, IReadOnlyList<double> SourceAccuracy, IReadOnlyList<MultiTaskSummary> Cells, double Seconds);

/// <summary>
/// A hard-sharing model trained on three related synthetic tasks (<see cref="RelatedTasks"/>, interpreted), then
/// its trunk fine-tuned to a fourth related task D from few rows (<see cref="FourthTaskFromTrunk"/> loaded with
/// <c>LoadSource(trainer.Model)</c>), or probed frozen (<see cref="FourthTaskOnFrozenTrunk"/>), against the same
/// network trained on D alone from scratch with the same budget.
/// </summary>
public static class MultiTaskStudy
{
    /// <summary>ρ: every task mixes 0.8 of the shared maps with 0.6 of its own.</summary>
    public const double Relatedness = 0.8;

    /// <summary>The methods on D: name, its declaration's generated trainer, whether the trained multi-task model is loaded.</summary>
    public static IReadOnlyList<(string Name, Func<int, IFineTuningTrainer> Create, bool Transfers)> Methods { get; } =
    [
        ("D alone (scratch)", seed => FourthTaskFromTrunk.Trainer.Create(seed), false),
        ("frozen trunk (probe)", seed => FourthTaskOnFrozenTrunk.Trainer.Create(seed), true),
        ("fine-tuned trunk", seed => FourthTaskFromTrunk.Trainer.Create(seed), true),
    ];

    private const string Fourth = "D";

    /// <summary>Every seed: data, the source model, then every method at every size of D.</summary>
    public static MultiTaskResult Run(TransferOptions options, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var family = RelatedTasks.Spec with { Tasks = [.. RelatedTasks.Spec.Tasks, new TaskSpec(Fourth, new MultiClass(Classes: 4))] };
        var maxFew = options.FewExamples.Max();
        var accuracies = Methods.ToDictionary(m => m.Name, _ => options.FewExamples.ToDictionary(n => n, _ => new List<double>()));
        var sourceAccuracy = new List<double>();
        log($"Multi-task view: {RelatedTasks.Spec.Tasks.Count} related tasks (ρ = {Relatedness}), {options.SourceExamples} rows, {options.SourceSteps} steps; " +
            $"task D from {string.Join("/", options.FewExamples)} rows, {options.TargetSteps} steps of up to {TransferOptions.TargetBatch}");
        for (var s = 0; s < options.Draws; s++)
        {
            using var scope = NewDisposeScope();
            var seed = Seeds.Of(options.Seed, 1000 + s);
            using var all = SyntheticTasks.Generate(family, new SyntheticOptions(
                Examples: options.SourceExamples + maxFew + TransferOptions.TargetTestExamples, Relatedness: Relatedness, Seed: seed));
            Tensor Rows(long start, long count) => arange(start, start + count, dtype: ScalarType.Int64);
            var sourceRows = Rows(0, options.SourceExamples);
            var testRows = Rows(options.SourceExamples + maxFew, TransferOptions.TargetTestExamples);

            using var source = RelatedTasks.Trainer.Create(seed);
            using var sourceTrain = Slice(RelatedTasks.Spec, all, sourceRows);
            using var sourceTest = Slice(RelatedTasks.Spec, all, testRows);
            source.Fit(sourceTrain, new FitOptions(BatchSize: 64, Steps: options.SourceSteps, Seed: seed));
            sourceAccuracy.Add(source.Evaluate(sourceTest).Tasks.Average(t => t[Metric.Accuracy]));

            var line = new List<string>();
            foreach (var few in options.FewExamples)
            {
                var fewRows = Rows(options.SourceExamples, few);
                foreach (var (name, create, transfers) in Methods)
                {
                    using var trainer = create(seed);
                    if (transfers) trainer.LoadSource(source.Model);
                    using var train = Slice(trainer.Plan.Target, all, fewRows);
                    using var test = Slice(trainer.Plan.Target, all, testRows);
                    trainer.Fit(train, new FitOptions(BatchSize: Math.Min(TransferOptions.TargetBatch, few), Steps: options.TargetSteps, Seed: seed));
                    var accuracy = trainer.Evaluate(test)[Fourth][Metric.Accuracy];
                    accuracies[name][few].Add(accuracy);
                    line.Add(FormattableString.Invariant($"{name} n={few} {100 * accuracy:F1}"));
                }
            }
            log(FormattableString.Invariant($"  seed {s + 1}/{options.Draws}: A/B/C {100 * sourceAccuracy[^1]:F1}; {string.Join(", ", line)}"));
        }
        var cells = Methods.SelectMany(m => options.FewExamples.Select(n =>
        {
            var estimate = AccuracyEstimate.Of(accuracies[m.Name][n]);
            return new MultiTaskSummary(m.Name, n, estimate.Mean, estimate.HalfWidth95, accuracies[m.Name][n].ToArray());
        })).ToArray();
        return new MultiTaskResult(Relatedness, sourceAccuracy, cells, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The rows <paramref name="rows"/> of <paramref name="all"/>'s tasks that <paramref name="spec"/> declares, as new tensors.</summary>
    private static MultiTaskDataset Slice(MultiTaskSpec spec, MultiTaskDataset all, Tensor rows) =>
        MultiTaskDataset.FromShared(spec, all[0].Inputs.index_select(0, rows),
            spec.Tasks.ToDictionary(t => t.Name, t => all[t.Name].Targets.index_select(0, rows)));
}
