using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.Meta;
using Composable.Tests.FewShot;
using Composable.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

/// <summary>
/// Every episodic trainer — a generated meta-learner's (MAML, Meta-SGD) and a generated few-shot learner's
/// (prototypical), and the interpreted ones of the same declarations — is driven alike through <see cref="IEpisodicTrainer"/>: the same fit budget, epochs, validation,
/// callbacks, determinism, device choice and disposal.
/// </summary>
public sealed class EpisodicTrainerContractTests
{
    internal sealed record Case(Func<int, Device?, IEpisodicTrainer> Create, ITaskFamily Family);

    internal static Case Named(string name) => name switch
    {
        "maml" => new((seed, device) => SecondOrderMaml.Trainer.Create(seed, device), new SinusoidFamily((FewShotRegression)SecondOrderMaml.Spec.Episodes)),
        "metasgd-classification" => new((seed, device) => ClassifyingMetaSgd.Trainer.Create(seed, device),
            SyntheticClasses.Family((FewShotClassification)ClassifyingMetaSgd.Spec.Episodes, classes: 20, perClass: 6, width: ClassifyingMetaSgd.Spec.Input.Size)),
        "prototypes" => new((seed, device) => EuclideanPrototypes.Trainer.Create(seed, device),
            SyntheticClasses.Family((FewShotClassification)EuclideanPrototypes.Spec.Episodes, classes: 20, perClass: 6, width: 32)),
        "interpreted-maml" => new((seed, device) => MetaTrainer.Create(SecondOrderMaml.Spec, seed, device), Named("maml").Family),
        "interpreted-prototypes" => new((seed, device) => EpisodicTrainer.Create(EuclideanPrototypes.Spec, seed, device), Named("prototypes").Family),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Trainers => new() { "maml", "metasgd-classification", "prototypes", "interpreted-maml", "interpreted-prototypes" };

    /// <summary>The one helper that drives any episodic trainer: a fit that records every step's losses.</summary>
    private static (FitResult Result, List<StepResult> Steps) FitRecording(IEpisodicTrainer trainer, EpisodeSource train, FitOptions options, EpisodeSource? validation = null)
    {
        var steps = new List<StepResult>();
        var result = trainer.Fit(train, options with { Callbacks = [FitCallbacks.OnStep((step, _) => steps.Add(step)), .. options.Callbacks] }, validation);
        return (result, steps);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Fit_by_steps_takes_that_many_steps_in_epochs_of_the_training_episodes_and_validates_each_epoch(string name)
    {
        var sample = Named(name);
        using var trainer = sample.Create(1, null);
        var train = new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 12);
        var validation = new EpisodeSource(sample.Family, MetaSplit.Validation, Episodes: 6);

        var (result, steps) = FitRecording(trainer, train, new FitOptions(BatchSize: 4, Steps: 7), validation);

        Assert.Equal(7, result.Steps);
        Assert.Equal(7, trainer.Steps);
        Assert.Equal(new long[] { 3, 3, 1 }, result.History.Select(e => e.Steps));
        Assert.False(result.StoppedEarly);
        Assert.Equal(Enumerable.Range(1, 7).Select(s => (long)s), steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal(4, s.TaskLosses.Count));
        Assert.All(result.History, epoch =>
        {
            var report = Assert.IsType<EpisodeEvaluation>(epoch.Validation);
            Assert.Equal(6, report.Episodes);
            Assert.True(double.IsFinite(report.MeanLoss));
            Assert.Equal("query/loss", report.Figures[0].Key);
        });
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void A_second_fit_takes_its_own_budget_after_the_first(string name)
    {
        var sample = Named(name);
        using var trainer = sample.Create(1, null);
        var train = new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 8);

        var first = trainer.Fit(train, new FitOptions(BatchSize: 4, Steps: 3));
        var second = trainer.Fit(train, new FitOptions(BatchSize: 4, Steps: 3));

        Assert.Equal((3L, 3L, 6L), (first.Steps, second.Steps, trainer.Steps));
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Fit_by_epochs_takes_ceiling_of_episodes_over_the_declared_meta_batch_per_epoch(string name)
    {
        var sample = Named(name);
        using var trainer = sample.Create(1, null);
        var train = new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 2 * trainer.MetaBatch + 1);

        var (result, _) = FitRecording(trainer, train, new FitOptions(Epochs: 2));

        Assert.Equal(new long[] { 3, 3 }, result.History.Select(e => e.Steps));
        Assert.Equal(6, trainer.Steps);
        Assert.All(result.History, epoch => Assert.Null(epoch.Validation));
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void A_callback_that_stops_ends_the_fit_after_that_epoch(string name)
    {
        var sample = Named(name);
        using var trainer = sample.Create(1, null);
        var stop = FitCallbacks.OnEpochEnd(epoch => epoch.Epoch == 2 ? FitDecision.Stop : FitDecision.Continue);

        var (result, _) = FitRecording(trainer, new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 4),
            new FitOptions(BatchSize: 2, Epochs: 5) { Callbacks = [stop] });

        Assert.True(result.StoppedEarly);
        Assert.Equal(2, result.History.Count);
        Assert.Equal(4, result.Steps);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Same_seeds_give_the_same_losses_and_another_fit_seed_another_order(string name)
    {
        var sample = Named(name);
        var train = new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 8, Seed: 2);
        double[] Losses(int fitSeed)
        {
            using var trainer = sample.Create(3, null);
            return FitRecording(trainer, train, new FitOptions(BatchSize: 2, Steps: 4, Seed: fitSeed)).Steps.SelectMany(s => s.TaskLosses.Prepend(s.Total)).ToArray();
        }

        var first = Losses(5);
        Assert.Equal(first, Losses(5));
        Assert.NotEqual(first, Losses(6));
    }

    [Theory]
    [InlineData("maml", "interpreted-maml")]
    [InlineData("prototypes", "interpreted-prototypes")]
    public void Generated_and_interpreted_trainers_fit_to_the_same_losses_and_validation(string generated, string interpreted)
    {
        var family = Named(generated).Family;
        var train = new EpisodeSource(family, MetaSplit.Train, Episodes: 6);
        var validation = new EpisodeSource(family, MetaSplit.Validation, Episodes: 4);
        var options = new FitOptions(BatchSize: 2, Epochs: 2, Seed: 9);
        (double[] Losses, double[] Validation) Run(string name)
        {
            using var trainer = Named(name).Create(5, null);
            var (result, steps) = FitRecording(trainer, train, options, validation);
            return (steps.SelectMany(s => s.TaskLosses).ToArray(), result.History.Select(e => e.Validation!.MeanLoss).ToArray());
        }

        var (expectedLosses, expectedValidation) = Run(interpreted);
        var (actualLosses, actualValidation) = Run(generated);
        Assert.Equal(expectedLosses.Length, actualLosses.Length);
        for (var i = 0; i < expectedLosses.Length; i++)
            Assert.Equal(expectedLosses[i], actualLosses[i], 1e-5);
        Assert.Equal(expectedValidation, actualValidation, (a, b) => Math.Abs(a - b) <= 1e-5);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void A_long_fit_with_validation_leaves_no_live_tensors_behind(string name)
    {
        var sample = Named(name);
        using var trainer = sample.Create(2, null);
        var train = new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 20);
        var validation = new EpisodeSource(sample.Family, MetaSplit.Validation, Episodes: 3);
        trainer.Fit(train, new FitOptions(BatchSize: 2, Steps: 3), validation);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        trainer.Fit(train, new FitOptions(BatchSize: 2, Steps: 60), validation);

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void A_step_reports_the_query_loss_of_every_episode_whose_mean_is_the_total(string name)
    {
        var sample = Named(name);
        using var trainer = sample.Create(1, null);
        using var scope = NewDisposeScope();
        var result = trainer.Step(sample.Family.SampleBatch(MetaSplit.Train, 0, 3));
        Assert.Equal(1, result.Step);
        Assert.Equal(3, result.TaskLosses.Count);
        Assert.Equal(result.TaskLosses.Average(), result.Total, 1e-5);
        Assert.True(result.TaskLosses.Distinct().Count() > 1);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Create_on_the_cpu_equals_create_without_a_device(string name)
    {
        var sample = Named(name);
        using var byDefault = sample.Create(4, null);
        using var onCpu = sample.Create(4, CPU);
        Assert.Equal(DeviceType.CPU, onCpu.Device.type);
        var expected = byDefault.Module.parameters().ToArray();
        var actual = onCpu.Module.parameters().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(expected[i].equal(actual[i]).all().item<bool>());
        using var scope = NewDisposeScope();
        var batch = sample.Family.SampleBatch(MetaSplit.Train, 0, 2);
        Assert.Equal(byDefault.Step(batch).TaskLosses, onCpu.Step(batch).TaskLosses);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void A_cuda_device_without_cuda_is_an_argument_error_that_says_so(string name)
    {
        var sample = Named(name);
        if (cuda.is_available()) return;
        var thrown = Assert.Throws<ArgumentException>(() => sample.Create(1, new Device(DeviceType.CUDA, 0)));
        Assert.Contains("CUDA", thrown.Message);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Dispose_releases_the_network_parameters(string name)
    {
        var trainer = Named(name).Create(1, null);
        var parameters = trainer.Module.parameters().ToArray();
        Assert.All(parameters, p => Assert.False(p.IsInvalid));
        trainer.Dispose();
        Assert.All(parameters, p => Assert.True(p.IsInvalid));
    }

    [Fact]
    public void Evaluation_of_a_gradient_based_classifier_reports_accuracy_and_the_loss_after_each_test_time_step()
    {
        var sample = Named("metasgd-classification");
        using var trainer = sample.Create(1, null);
        var report = trainer.Evaluate(new EpisodeSource(sample.Family, MetaSplit.Test, Episodes: 10));
        Assert.Equal(10, report.Episodes);
        Assert.NotNull(report.Accuracy);
        Assert.Equal(10, report.Accuracy!.Episodes);
        Assert.Equal(ClassifyingMetaSgd.Spec.Learner.InnerSteps + 1, report.LossAfterStep.Count);
        Assert.Equal(report.LossAfterStep[^1], report.MeanLoss);
        Assert.Equal(new[] { "query/loss", "query/accuracy", "query/accuracy_95", "query/loss_after_step_0", "query/loss_after_step_1", "query/loss_after_step_2" },
            report.Figures.Select(f => f.Key));
    }

    [Fact]
    public void Evaluation_of_a_few_shot_classifier_reports_loss_and_accuracy_without_steps()
    {
        var sample = Named("prototypes");
        using var trainer = sample.Create(1, null);
        var report = trainer.Evaluate(new EpisodeSource(sample.Family, MetaSplit.Test, Episodes: 10));
        Assert.InRange(report.Accuracy!.Mean, 0, 1);
        Assert.Empty(report.LossAfterStep);
        Assert.Equal(new[] { "query/loss", "query/accuracy", "query/accuracy_95" }, report.Figures.Select(f => f.Key));
    }

    [Fact]
    public void A_non_finite_loss_fails_the_fit_naming_the_step()
    {
        using var trainer = new DivergingTrainer(atStep: 3);
        var family = Named("maml").Family;
        var thrown = Assert.Throws<InvalidOperationException>(() =>
            EpisodicLoop.Fit(trainer, new EpisodeSource(family, MetaSplit.Train, Episodes: 10), new FitOptions(Steps: 5)));
        Assert.Contains("step 3", thrown.Message);
    }

    /// <summary>A trainer whose loss is finite until <c>atStep</c>, then NaN.</summary>
    private sealed class DivergingTrainer(int atStep) : IEpisodicTrainer
    {
        public int MetaBatch => 2;

        public Device Device => CPU;

        public long Steps { get; private set; }

        public nn.Module Module { get; } = nn.Linear(1, 1);

        public optim.Optimizer Optimizer => throw new NotSupportedException("This trainer is never checkpointed.");

        public string Declaration => "diverging";

        public void ResumeAt(long steps) => Steps = steps;

        public StepResult Step(IReadOnlyList<Episode> batch)
        {
            Steps++;
            var loss = Steps == atStep ? double.NaN : 1.0;
            return new StepResult(Steps, loss, batch.Select(_ => loss).ToArray());
        }

        public EpisodeEvaluation Evaluate(EpisodeSource data) => new(data.Episodes, 1, null, []);

        public FitResult Fit(EpisodeSource train, FitOptions options, EpisodeSource? validation = null) => EpisodicLoop.Fit(this, train, options, validation);

        public void Dispose() => Module.Dispose();
    }
}
