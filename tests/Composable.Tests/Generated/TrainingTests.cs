using System;
using System.Linq;
using Composable.Data;
using Composable.Evaluation;
using Composable.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>Generated trainers learn, are deterministic with a seed, stay flat in memory and fail clearly.</summary>
public sealed class TrainingTests
{
    [Fact]
    public void A_second_fit_takes_its_own_budget_after_the_first()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 128, Seed: 1));
        using var trainer = Shared.Trainer.Create(seed: 1);

        var first = trainer.Fit(data, new FitOptions(BatchSize: 32, Steps: 5));
        var second = trainer.Fit(data, new FitOptions(BatchSize: 32, Steps: 5));

        Assert.Equal((5L, 5L, 10L), (first.Steps, second.Steps, trainer.Steps));
    }

    [Fact]
    public void Fit_lowers_every_task_loss_on_related_synthetic_tasks()
    {
        using var scope = NewDisposeScope();
        using var all = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 1200, Relatedness: 0.9, Noise: 0.05, Seed: 5));
        var (train, test) = all.Split(0.25, seed: 5);
        using var _ = train;
        using var __ = test;
        using var trainer = Shared.Trainer.Create(seed: 5);
        var before = trainer.Evaluate(test);

        var result = trainer.Fit(train, new FitOptions(BatchSize: 64, Epochs: 15, Seed: 5), validation: test);

        var after = (EvaluationReport)result.History[^1].Validation!;
        foreach (var task in Shared.Spec.Tasks)
            Assert.True(after[task.Name].Loss < 0.8 * before[task.Name].Loss,
                $"{task.Name}: test loss {before[task.Name].Loss:F4} -> {after[task.Name].Loss:F4}");
        Assert.True(after["Segment"][Metric.Accuracy] > 0.6, $"Segment accuracy {after["Segment"][Metric.Accuracy]:F3}");
        Assert.True(after["Churn"][Metric.AreaUnderRoc] > 0.8, $"Churn AUC {after["Churn"][Metric.AreaUnderRoc]:F3}");
        Assert.Equal(15, result.History.Count);
        Assert.Equal(15L * ((train.Size(0) + 63) / 64), result.Steps);
    }

    [Fact]
    public void Same_seed_gives_identical_numbers_and_another_seed_different_ones()
    {
        double[] Run(int seed)
        {
            using var scope = NewDisposeScope();
            using var data = SyntheticTasks.Generate(Film.Spec, new SyntheticOptions(Examples: 200, Seed: 9, SharedInputs: false));
            using var trainer = Film.Trainer.Create(seed);
            var result = trainer.Fit(data, new FitOptions(BatchSize: 16, Steps: 40, Seed: seed));
            return result.History.SelectMany(e => e.MeanTaskLosses.Prepend(e.MeanLoss)).ToArray();
        }

        var first = Run(1);
        Assert.Equal(first, Run(1));
        Assert.NotEqual(first, Run(2));
    }

    [Fact]
    public void A_long_fit_leaves_no_live_tensors_behind()
    {
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 256, Seed: 2));
        using var trainer = Shared.Trainer.Create(seed: 2);
        trainer.Fit(data, new FitOptions(BatchSize: 32, Steps: 20));
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Fit(data, new FitOptions(BatchSize: 32, Steps: 500));

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Epoch_callbacks_see_every_epoch_and_can_stop_the_fit()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Towers.Spec, new SyntheticOptions(Examples: 100, Seed: 4));
        using var trainer = Towers.Trainer.Create(seed: 4);
        var steps = 0;
        var options = new FitOptions(BatchSize: 10, Epochs: 50)
        {
            Callbacks = [
                FitCallbacks.OnStep((_, _) => steps++),
                FitCallbacks.OnEpochEnd(epoch => epoch.Epoch == 3 ? FitDecision.Stop : FitDecision.Continue)],
        };

        var result = trainer.Fit(data, options);

        Assert.True(result.StoppedEarly);
        Assert.Equal(3, result.History.Count);
        Assert.Equal(30, steps);
        Assert.Equal(30, result.Steps);
    }

    [Fact]
    public void Data_made_for_another_declaration_is_rejected_by_name()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Towers.Spec, new SyntheticOptions(Examples: 50));
        using var trainer = Shared.Trainer.Create(seed: 0);

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(data, new FitOptions(Steps: 1)));
        Assert.Contains("different declaration", error.Message);
    }

    [Fact]
    public void Fit_without_a_budget_names_the_missing_option()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Towers.Spec, new SyntheticOptions(Examples: 50));
        using var trainer = Towers.Trainer.Create(seed: 0);

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(data, new FitOptions()));
        Assert.Contains("Steps, Epochs", error.Message);
    }

    [Fact]
    public void A_diverging_fit_stops_with_an_error_naming_the_step_and_losses()
    {
        using var scope = NewDisposeScope();
        var inputs = randn(64, 6) * 1e18f;
        var targets = new System.Collections.Generic.Dictionary<string, Tensor>
        {
            ["Price"] = randn(64, 1) * 1e19f,
            ["Churn"] = (rand(64, 1) > 0.5f).to(ScalarType.Float32),
        };
        using var data = MultiTaskDataset.FromShared(Towers.Spec, inputs, targets);
        using var trainer = Towers.Trainer.Create(seed: 0);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data, new FitOptions(BatchSize: 64, Steps: 50)));
        Assert.Contains("diverged at step", error.Message);
        Assert.Contains("Price", error.Message);
    }

    [Fact]
    public void Typed_batch_rejects_an_untyped_batch_with_the_wrong_task_count()
    {
        using var scope = NewDisposeScope();
        var batch = new MultiTaskBatch(new TaskBatch?[] { null });

        var error = Assert.Throws<ArgumentException>(() => Shared.Batch.From(batch));
        Assert.Contains("Shared declares 4 tasks (Price, Churn, Segment, Tags)", error.Message);
    }
}
