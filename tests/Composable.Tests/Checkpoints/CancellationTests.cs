using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Composable.Checkpoints;
using Composable.Data;
using Composable.Data.Episodes;
using Composable.Tests.Generated;
using Composable.Tests.Meta;
using Composable.Training;
using Xunit;
using Folder = Composable.Checkpoints.CheckpointFolder;

namespace Composable.Tests.Checkpoints;

/// <summary>
/// A fit stops after the step during which cancellation is requested, returns what it did, and leaves a checkpoint of
/// that step from which the fit resumes bit for bit; both fit loops.
/// </summary>
public sealed class CancellationTests
{
    /// <summary>Fit options whose callback cancels <paramref name="source"/> during step <paramref name="at"/> and records every step.</summary>
    private static FitOptions CancelAt(FitOptions options, CancellationTokenSource source, long at, List<StepResult> steps) => options with
    {
        Cancellation = source.Token,
        Callbacks = [FitCallbacks.OnStep((step, _) =>
        {
            steps.Add(step);
            if (step.Step == at) source.Cancel();
        })],
    };

    [Theory]
    [InlineData(5)]   // mid-epoch: the second epoch is cut short
    [InlineData(4)]   // the first epoch's last step: that epoch ends normally
    public void A_cancelled_multi_task_fit_stops_after_the_step_and_resumes_from_its_checkpoint_bit_for_bit(long at)
    {
        using var folder = new CheckpointFolder();
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 64, Seed: 5));
        var options = new FitOptions(BatchSize: 16, Epochs: 3, Seed: 2);   // 4 steps an epoch
        using var straight = Shared.Trainer.Create(1);
        var full = straight.Fit(data, options);

        using var source = new CancellationTokenSource();
        var steps = new List<StepResult>();
        using var cancelled = Shared.Trainer.Create(1);
        var result = cancelled.Fit(data, CancelAt(options, source, at, steps) with { Checkpoints = new CheckpointOptions(folder.Path) });

        Assert.True(result.Cancelled);
        Assert.False(result.StoppedEarly);
        Assert.Equal(at, result.Steps);
        Assert.Equal(at, steps.Count);
        Assert.Equal(at / 4, result.History.Count);
        Assert.Equal(Folder.StepPath(folder.Path, at), Folder.Latest(folder.Path));

        using var resumed = Shared.Trainer.Create(9);
        var rest = resumed.Fit(data, options with { ResumeFrom = folder.Path });
        Assert.False(rest.Cancelled);
        Assert.Equal(full.History[^1].MeanLoss, rest.History[^1].MeanLoss);
        Assert.Equal(ResumeTests.Snapshot(straight), ResumeTests.Snapshot(resumed));
    }

    [Fact]
    public void A_cancelled_episodic_fit_stops_after_the_step_and_resumes_from_its_checkpoint_bit_for_bit()
    {
        using var folder = new CheckpointFolder();
        var sample = EpisodicTrainerContractTests.Named("prototypes");
        var train = new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 12);
        var options = new FitOptions(BatchSize: 4, Steps: 10, Seed: 3);
        using var straight = sample.Create(5, null);
        straight.Fit(train, options);

        using var source = new CancellationTokenSource();
        using var cancelled = sample.Create(5, null);
        var result = cancelled.Fit(train, CancelAt(options, source, 5, []) with { Checkpoints = new CheckpointOptions(folder.Path, EachEpoch: false) });

        Assert.True(result.Cancelled);
        Assert.Equal(5, result.Steps);
        Assert.Equal(Folder.StepPath(folder.Path, 5), Folder.Latest(folder.Path));
        using var resumed = sample.Create(5, null);
        resumed.Fit(train, options with { ResumeFrom = folder.Path });
        Assert.Equal(ResumeTests.Snapshot(straight), ResumeTests.Snapshot(resumed));
    }

    [Fact]
    public void A_fit_cancelled_before_it_starts_takes_no_step()
    {
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 32, Seed: 5));
        using var trainer = Shared.Trainer.Create(1);
        var before = ResumeTests.Snapshot(trainer);

        var result = trainer.Fit(data, new FitOptions(BatchSize: 16, Epochs: 2) { Cancellation = new CancellationToken(canceled: true) });

        Assert.True(result.Cancelled);
        Assert.Equal(0, result.Steps);
        Assert.Empty(result.History);
        Assert.Equal(before, ResumeTests.Snapshot(trainer));
    }
}
