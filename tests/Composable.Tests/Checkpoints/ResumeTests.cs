using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data;
using Composable.Interpretation;
using Composable.Tests.Generated;
using Composable.Training;
using Xunit;
using Folder = Composable.Checkpoints.CheckpointFolder;

namespace Composable.Tests.Checkpoints;

public sealed class ResumeTests
{
    private const int Seed = 7;
    private const long Budget = 24;
    private const long SavedAt = 10;

    public static IEnumerable<object[]> Cases() =>
        from name in new[] { nameof(SgdDropout), nameof(Shared), nameof(Concatenated), nameof(Additive), nameof(Film), nameof(UncertaintyShared), nameof(DwaExperts), nameof(RandomConditioned), nameof(GradNormShared), nameof(PcgradShared), nameof(NashSluiced), nameof(GradVacShared) }
        from generated in new[] { true, false }
        select new object[] { name, generated };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resumed_fit_repeats_the_uninterrupted_one_bit_for_bit(string name, bool generated)
    {
        using var folder = new CheckpointFolder();
        var spec = Spec(name);
        using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: 96, Seed: 5, SharedInputs: name != nameof(Film)));
        var straightSteps = new Recorder();
        using var straight = Create(name, generated);
        straight.Fit(data, Options(straightSteps) with { Checkpoints = new CheckpointOptions(folder.Path, EverySteps: SavedAt, EachEpoch: false, KeepLast: 10) });

        var resumedSteps = new Recorder();
        using var resumed = Create(name, generated);
        resumed.Fit(data, Options(resumedSteps) with { ResumeFrom = Folder.StepPath(folder.Path, SavedAt) });

        Assert.Equal(Budget, straight.Steps);
        Assert.Equal(Budget, resumed.Steps);
        Assert.Equal(straightSteps.Steps.Skip((int)SavedAt).Select(Describe), resumedSteps.Steps.Select(Describe));
        Assert.Equal(Budget - SavedAt, resumedSteps.Steps.Count);
        AssertSameState(straight, resumed);
    }

    [Theory]
    [InlineData(nameof(SgdDropout))]
    [InlineData(nameof(DwaExperts))]
    [InlineData(nameof(NashSluiced))]
    public void A_fit_that_ended_at_an_epoch_end_and_a_new_trainer_resumed_from_its_file_equal_the_uninterrupted_fit(string name)
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(Spec(name), new SyntheticOptions(Examples: 96, Seed: 5));
        var straightSteps = new Recorder();
        using var straight = Create(name, generated: true);
        straight.Fit(data, Options(straightSteps));

        using (var first = Create(name, generated: true))
            first.Fit(data, Options(new Recorder()) with { Steps = 12, Checkpoints = new CheckpointOptions(folder.Path) });
        var resumedSteps = new Recorder();
        using var resumed = Create(name, generated: true);
        var result = resumed.Fit(data, Options(resumedSteps) with { ResumeFrom = folder.Path });

        Assert.Equal(Budget, result.Steps);
        Assert.Equal(new[] { 3, 4 }, result.History.Select(e => e.Epoch));
        Assert.Equal(straightSteps.Steps.Skip(12).Select(Describe), resumedSteps.Steps.Select(Describe));
        AssertSameState(straight, resumed);
    }

    [Fact]
    public void Generated_and_interpreted_trainers_resume_each_other()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(UncertaintyShared.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var straight = UncertaintyShared.Trainer.Create(Seed);
        straight.Fit(data, Options(new Recorder()) with { Checkpoints = new CheckpointOptions(folder.Path, EverySteps: SavedAt, EachEpoch: false) });
        using var resumed = InterpretedTrainer.Create(UncertaintyShared.Spec, Seed);
        resumed.Fit(data, Options(new Recorder()) with { ResumeFrom = folder.Path });
        AssertSameState(straight, resumed);
    }

    [Fact]
    public void Loading_another_declaration_names_the_value_and_leaves_the_trainer_unchanged()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var source = SgdDropout.Trainer.Create(Seed);
        var path = FitAndSave(source, data, folder);

        using var otherData = SyntheticTasks.Generate(SgdDropoutFaster.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var target = SgdDropoutFaster.Trainer.Create(Seed + 1);
        var before = FitAndSnapshot(target, otherData);
        var error = Assert.Throws<CheckpointMismatchException>(() => TrainerCheckpoint.Load(target, path));
        Assert.Contains("LearningRate: the trainer has 0.1, the checkpoint 0.05", error.Message);
        Assert.Equal(path, error.LoadedFrom);
        Assert.Equal(before, Snapshot(target));
        Assert.Equal(3, target.Steps);
    }

    [Fact]
    public void Loading_a_truncated_file_fails_with_the_format_error_and_leaves_the_trainer_unchanged()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var source = SgdDropout.Trainer.Create(Seed);
        var path = FitAndSave(source, data, folder);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);

        using var target = SgdDropout.Trainer.Create(Seed + 1);
        var before = FitAndSnapshot(target, data);
        var error = Assert.Throws<CheckpointFormatException>(() => TrainerCheckpoint.Load(target, path));
        Assert.StartsWith(path, error.Message);
        Assert.Equal(before, Snapshot(target));
    }

    [Fact]
    public void Loading_a_file_whose_tensors_differ_lists_them_and_leaves_the_trainer_unchanged()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var source = SgdDropout.Trainer.Create(Seed);
        var path = FitAndSave(source, data, folder);
        string dropped;
        using (var file = SafetensorsFile.Read(path))
        {
            dropped = file.Tensors.Keys.First(k => k.StartsWith("model.", StringComparison.Ordinal));
            var tensors = file.Tensors.Where(e => e.Key != dropped).ToDictionary(e => e.Key, e => e.Value);
            tensors["model.extra"] = TorchSharp.torch.zeros(2);
            SafetensorsFile.Write(path, tensors, file.Metadata);
        }

        using var target = SgdDropout.Trainer.Create(Seed + 1);
        var before = FitAndSnapshot(target, data);
        var error = Assert.Throws<StateDictMismatchException>(() => TrainerCheckpoint.Load(target, path));
        Assert.Contains(error.Problems, p => p.Kind == StateDictProblemKind.Missing && p.Name == dropped);
        Assert.Contains(error.Problems, p => p.Kind == StateDictProblemKind.Unexpected && p.Name == "model.extra");
        Assert.Equal(before, Snapshot(target));
        Assert.Equal(3, target.Steps);
    }

    [Fact]
    public void A_malformed_state_value_found_after_the_network_was_copied_puts_the_trainer_back()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(RandomConditioned.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var source = RandomConditioned.Trainer.Create(Seed);
        var path = FitAndSave(source, data, folder);
        using (var file = SafetensorsFile.Read(path))
        {
            var metadata = file.Metadata.ToDictionary(e => e.Key, e => e.Value);
            metadata["composable.state.objective.random.draws"] = "many";
            SafetensorsFile.Write(path, file.Tensors, metadata);
        }

        using var target = RandomConditioned.Trainer.Create(Seed + 1);
        var before = FitAndSnapshot(target, data);
        var error = Assert.Throws<CheckpointMismatchException>(() => TrainerCheckpoint.Load(target, path));
        Assert.Contains("objective.random.draws", error.Message);
        Assert.Equal(before, Snapshot(target));
        Assert.Equal(3, target.Steps);
    }

    [Fact]
    public void Checkpoint_metadata_names_the_declaration_step_and_epoch()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var trainer = SgdDropout.Trainer.Create(Seed);
        trainer.Fit(data, Options(new Recorder()) with { Steps = 12, Checkpoints = new CheckpointOptions(folder.Path, EachEpoch: true) });

        var info = TrainerCheckpoint.ReadInfo(Folder.StepPath(folder.Path, 12));
        Assert.Equal(SgdDropout.Spec.ToString(), info.Declaration);
        Assert.Equal(12, info.Step);
        Assert.Equal(2, info.Epoch);
        Assert.Equal("trainer", info.Metadata["composable.kind"]);
        Assert.Equal("12", info.Metadata["composable.step"]);
        Assert.Equal("2", info.Metadata["composable.epoch"]);
        Assert.Equal(typeof(SgdDropout.Model).FullName, info.Metadata["composable.model"]);
    }

    [Fact]
    public void Keep_last_keeps_the_newest_files_and_keep_best_the_best_epoch()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var validation = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 64, Seed: 6));
        var losses = new List<double>();
        using var trainer = SgdDropout.Trainer.Create(Seed);
        trainer.Fit(
            data,
            Options(new Recorder()) with { Steps = 36, Callbacks = [new EpochLosses(losses)], Checkpoints = new CheckpointOptions(folder.Path, EverySteps: 4, EachEpoch: true, KeepLast: 2, BestMetric: "loss") },
            validation);

        Assert.Equal(new[] { "best.safetensors", "step-0000000032.safetensors", "step-0000000036.safetensors" }, folder.Names());
        var bestEpoch = losses.IndexOf(losses.Min()) + 1;
        var best = TrainerCheckpoint.ReadInfo(Folder.BestPath(folder.Path));
        Assert.Equal(bestEpoch, best.Epoch);
        Assert.Equal(losses.Min(), best.Metrics["loss"]);
        Assert.Equal(folder.File("step-0000000036.safetensors"), Folder.Latest(folder.Path));
    }

    [Fact]
    public void Latest_passes_over_a_damaged_newest_file()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var trainer = SgdDropout.Trainer.Create(Seed);
        trainer.Fit(data, Options(new Recorder()) with { Steps = 12, Checkpoints = new CheckpointOptions(folder.Path) });
        File.WriteAllBytes(Folder.StepPath(folder.Path, 18), new byte[] { 1, 2, 3 });
        Assert.Equal(Folder.StepPath(folder.Path, 12), Folder.Latest(folder.Path));
    }

    [Fact]
    public void Early_stopping_restores_the_best_epochs_weights()
    {
        using var data = SyntheticTasks.Generate(SgdDropoutFaster.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var validation = SyntheticTasks.Generate(SgdDropoutFaster.Spec, new SyntheticOptions(Examples: 64, Seed: 9, Noise: 2));
        var losses = new List<double>();
        using var trainer = SgdDropoutFaster.Trainer.Create(Seed);
        var result = trainer.Fit(
            data,
            Options(new Recorder()) with { Steps = 600, Callbacks = [new EpochLosses(losses)], EarlyStopping = new EarlyStopping(Patience: 2) },
            validation);

        Assert.True(result.StoppedEarly);
        Assert.NotEqual(losses.Min(), losses[^1]);
        Assert.Equal(losses.Min(), trainer.Evaluate(validation).MeanLoss);
    }

    [Fact]
    public void Resuming_with_another_seed_is_refused()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var trainer = SgdDropout.Trainer.Create(Seed);
        trainer.Fit(data, Options(new Recorder()) with { Steps = 6, Checkpoints = new CheckpointOptions(folder.Path) });
        using var other = SgdDropout.Trainer.Create(Seed);
        var error = Assert.Throws<ArgumentException>(() => other.Fit(data, Options(new Recorder()) with { Seed = 99, ResumeFrom = folder.Path }));
        Assert.Contains("seed 3", error.Message);
        Assert.Equal(0, other.Steps);
    }

    /// <summary>
    /// SGD's state holds no count of updates, so the check that refuses a non-finite gradient counted from the resume:
    /// a trainer resumed after 6 steps named its next step 1. It now counts on from the checkpoint's steps.
    /// </summary>
    [Fact]
    public void An_sgd_trainer_resumed_from_a_checkpoint_names_a_refused_step_by_the_checkpoints_count()
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        using var source = SgdDropout.Trainer.Create(Seed);
        var path = FitAndSave(source, data, folder);
        using var resumed = SgdDropout.Trainer.Create(Seed);
        TrainerCheckpoint.Load(resumed, path);
        Assert.Equal(6, resumed.Steps);

        var optimizer = ((IResumableTrainer)resumed).Optimizer;
        var first = optimizer.parameters().First();
        using var before = first.detach().clone();
        optimizer.zero_grad();
        first.mul(0).sum().sqrt().backward(); // the slope of sqrt at 0 is infinite: ∞ · 0 = NaN in every element
        var error = Assert.Throws<TrainingDivergedException>(() => optimizer.step());
        Assert.StartsWith("Training diverged at step 7: the gradient of parameter 0 of", error.Message);
        Assert.True(first.detach().eq(before).all().item<bool>(), "the refused step changed the weights");
    }

    /// <summary>Fits <paramref name="trainer"/> 6 steps on <paramref name="data"/> and writes its checkpoint as <c>source.safetensors</c> in <paramref name="folder"/>.</summary>
    private static string FitAndSave(IMultiTaskTrainer trainer, MultiTaskDataset data, CheckpointFolder folder)
    {
        trainer.Fit(data, Options(new Recorder()) with { Steps = 6 });
        var path = folder.File("source.safetensors");
        TrainerCheckpoint.Save(trainer, path);
        return path;
    }

    /// <summary>Fits <paramref name="trainer"/> 3 steps on <paramref name="data"/> (a trainer with a state of its own to keep) and snapshots that state.</summary>
    private static SortedDictionary<string, string> FitAndSnapshot(IMultiTaskTrainer trainer, MultiTaskDataset data)
    {
        trainer.Fit(data, Options(new Recorder()) with { Steps = 3 });
        return Snapshot(trainer);
    }

    private static FitOptions Options(Recorder recorder) => new(BatchSize: 16, Steps: Budget, Seed: 3) { Callbacks = [recorder] };

    private static MultiTaskSpec Spec(string name) => name switch
    {
        nameof(SgdDropout) => SgdDropout.Spec,
        _ => GeneratedCase.Named(name).Spec,
    };

    private static IMultiTaskTrainer Create(string name, bool generated) => (name, generated) switch
    {
        (nameof(SgdDropout), true) => SgdDropout.Trainer.Create(Seed),
        (_, true) => GeneratedCase.Named(name).CreateTrainer(Seed),
        _ => InterpretedTrainer.Create(Spec(name), Seed),
    };

    private static string Describe(StepResult step) =>
        FormattableString.Invariant($"{step.Step}: {step.Total:R} [{string.Join(", ", step.TaskLosses.Select(l => l.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}] w [{string.Join(", ", (step.TaskWeights ?? []).Select(l => l.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]");

    private static void AssertSameState(IMultiTaskTrainer expected, IMultiTaskTrainer actual)
    {
        var ours = Snapshot(expected);
        var theirs = Snapshot(actual);
        Assert.Equal(ours.Keys, theirs.Keys);
        foreach (var (name, bytes) in ours) Assert.True(bytes == theirs[name], $"{name} differs after resuming.");
    }

    /// <summary>Every tensor of the trainer's checkpoint state (model, optimiser, objective, generator), as bytes in hex.</summary>
    internal static SortedDictionary<string, string> Snapshot(IResumableTrainer trainer)
    {
        var path = Path.Combine(Path.GetTempPath(), "composable-snapshot-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            TrainerCheckpoint.Save(trainer, path);
            using var file = SafetensorsFile.Read(path);
            var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, tensor) in file.Tensors) snapshot[name] = Convert.ToHexString(CheckpointFolder.Bytes(tensor));
            foreach (var (name, value) in file.Metadata.Where(e => e.Key.StartsWith("composable.state.", StringComparison.Ordinal)))
                snapshot["metadata " + name] = value;
            return snapshot;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class Recorder : IFitCallback
    {
        public List<StepResult> Steps { get; } = new();

        public void OnStep(StepResult step, FitProgress progress) => Steps.Add(step);
    }

    private sealed class EpochLosses(List<double> losses) : IFitCallback
    {
        public FitDecision OnEpochEnd(EpochReport epoch)
        {
            losses.Add(epoch.Validation!.MeanLoss);
            return FitDecision.Continue;
        }
    }
}

public sealed class ReplayableRandomTests
{
    [Fact]
    public void Draws_the_numbers_of_a_seeded_Random_and_restores_to_any_point()
    {
        var reference = new Random(11);
        var replayable = new ReplayableRandom(11);
        var expected = Enumerable.Range(0, 50).Select(i => i % 3 == 0 ? reference.NextDouble() : reference.Next(i + 1)).ToArray();
        var drawn = Enumerable.Range(0, 50).Select(i => i % 3 == 0 ? replayable.NextDouble() : replayable.Next(i + 1)).ToArray();
        Assert.Equal(expected, drawn);
        Assert.Equal(50, replayable.Draws);

        var restored = new ReplayableRandom(11);
        restored.Restore(20);
        Assert.Equal(expected.Skip(20), Enumerable.Range(20, 30).Select(i => i % 3 == 0 ? restored.NextDouble() : restored.Next(i + 1)));
    }
}
