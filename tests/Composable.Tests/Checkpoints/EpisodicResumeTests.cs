using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data.Episodes;
using Composable.Tests.Meta;
using Composable.Training;
using Xunit;
using Folder = Composable.Checkpoints.CheckpointFolder;

namespace Composable.Tests.Checkpoints;

/// <summary>Meta-learners and few-shot learners, generated and interpreted, resume a fit bit for bit too.</summary>
public sealed class EpisodicResumeTests
{
    public static TheoryData<string> Trainers => new() { "maml", "metasgd-classification", "prototypes", "interpreted-maml", "interpreted-prototypes" };

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Resumed_episodic_fit_repeats_the_uninterrupted_one_bit_for_bit(string name)
    {
        using var folder = new CheckpointFolder();
        var sample = EpisodicTrainerContractTests.Named(name);
        var train = new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 12);
        var options = new FitOptions(BatchSize: 4, Steps: 10, Seed: 3);

        var straightSteps = new List<StepResult>();
        using var straight = sample.Create(5, null);
        straight.Fit(train, options with { Callbacks = [FitCallbacks.OnStep((step, _) => straightSteps.Add(step))], Checkpoints = new CheckpointOptions(folder.Path, EverySteps: 4, EachEpoch: false, KeepLast: 5) });

        var resumedSteps = new List<StepResult>();
        using var resumed = sample.Create(5, null);
        resumed.Fit(train, options with { Callbacks = [FitCallbacks.OnStep((step, _) => resumedSteps.Add(step))], ResumeFrom = Folder.StepPath(folder.Path, 4) });

        Assert.Equal(10, resumed.Steps);
        Assert.Equal(straightSteps.Skip(4).Select(Describe), resumedSteps.Select(Describe));
        Assert.Equal(ResumeTests.Snapshot(straight), ResumeTests.Snapshot(resumed));
    }

    [Fact]
    public void Loading_another_learners_checkpoint_is_refused_and_changes_nothing()
    {
        using var folder = new CheckpointFolder();
        using var maml = EpisodicTrainerContractTests.Named("maml").Create(5, null);
        var path = folder.File("maml.safetensors");
        TrainerCheckpoint.Save(maml, path);
        using var prototypes = EpisodicTrainerContractTests.Named("prototypes").Create(5, null);
        var before = ResumeTests.Snapshot(prototypes);
        Assert.Throws<CheckpointMismatchException>(() => TrainerCheckpoint.Load(prototypes, path));
        Assert.Equal(before, ResumeTests.Snapshot(prototypes));
    }

    private static string Describe(StepResult step) =>
        FormattableString.Invariant($"{step.Step}: {step.Total:R} [{string.Join(", ", step.TaskLosses.Select(l => l.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]");
}
