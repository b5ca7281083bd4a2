using System;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.Interpretation;
using Composable.Meta;
using Composable.Tests.FewShot;
using Composable.Training;
using Composable.Transfer;
using Xunit;
using Xunit.Abstractions;
using CheckpointFolder = Composable.Tests.Checkpoints.CheckpointFolder;
using Folder = Composable.Checkpoints.CheckpointFolder;

namespace Composable.Tests.Data;

/// <summary>
/// A fit whose loss becomes infinite at step k, in every family, generated and interpreted: it stops with a
/// <see cref="TrainingDivergedException"/> naming step k, the task (or episode) and the last finite loss; the weights
/// are those of step k − 1 (finite), and the checkpoints written before step k are unchanged and load into a fresh
/// trainer as exactly those weights.
/// </summary>
public sealed class MidRunDivergenceTests(ITestOutputHelper output)
{
    /// <summary>Snapshots the trainer and the checkpoint folder before every step of a multi-task fit.</summary>
    private sealed class BeforeEachStep(string folder) : IFitCallback, IBatchObserver, IDisposable
    {
        public NothingLost? Last { get; private set; }

        public void BeforeStep(IMultiTaskTrainer trainer, MultiTaskBatch batch, long step)
        {
            Last?.Dispose();
            Last = NothingLost.Of(trainer, folder);
        }

        public void Dispose() => Last?.Dispose();
    }

    private static IMultiTaskTrainer MultiTask(string name) => name switch
    {
        "generated" => ExplodingMultiTask.Trainer.Create(1),
        "interpreted" => InterpretedTrainer.Create(ExplodingMultiTask.Spec, 1),
        "generated-fine-tuning" => ExplodingFineTuning.Trainer.Create(1),
        "interpreted-fine-tuning" => FineTuningTrainer.Create(ExplodingFineTuning.Spec, 1),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("generated")]
    [InlineData("interpreted")]
    [InlineData("generated-fine-tuning")]
    [InlineData("interpreted-fine-tuning")]
    public void A_multi_task_fit_that_diverges_stops_at_the_step_naming_task_and_last_finite_loss_with_its_checkpoints_intact(string name)
    {
        using var folder = new CheckpointFolder();
        using var trainer = MultiTask(name);
        var spec = trainer.Network.Spec;
        using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: 64, Seed: 1, Noise: 0));
        using var watch = new BeforeEachStep(folder.Path);
        var options = new FitOptions(BatchSize: 16, Steps: 60) { Checkpoints = new CheckpointOptions(folder.Path, EverySteps: 1, KeepLast: 2), Callbacks = [watch] };

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data, options));

        output.WriteLine(error.Message);
        Assert.InRange(error.Step, 2, 60);
        Assert.Contains(error.Task, spec.Tasks.Select(t => t.Name));
        Assert.Contains($"Training diverged at step {error.Step}: task '{error.Task}' has loss ", error.Message);
        AssertNothingLost(error, trainer, watch.Last!, folder.Path, () => MultiTask(name));
    }

    private static IEpisodicTrainer Episodic(string name) => name switch
    {
        "generated-maml" => ExplodingMaml.Trainer.Create(1),
        "interpreted-maml" => MetaTrainer.Create(ExplodingMaml.Spec, 1),
        "generated-prototypes" => ExplodingPrototypes.Trainer.Create(1),
        "interpreted-prototypes" => EpisodicTrainer.Create(ExplodingPrototypes.Spec, 1),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("generated-maml")]
    [InlineData("interpreted-maml")]
    [InlineData("generated-prototypes")]
    [InlineData("interpreted-prototypes")]
    public void An_episodic_fit_that_diverges_stops_at_the_step_naming_episode_and_last_finite_loss_with_its_checkpoints_intact(string name)
    {
        using var folder = new CheckpointFolder();
        using var trainer = Episodic(name);
        ITaskFamily family = name.EndsWith("maml", StringComparison.Ordinal)
            ? new SinusoidFamily((FewShotRegression)ExplodingMaml.Spec.Episodes)
            : SyntheticClasses.Family((FewShotClassification)ExplodingPrototypes.Spec.Episodes, classes: 20, perClass: 6, width: 32);
        NothingLost? last = null;
        var watching = new WatchingFamily(family, _ =>
        {
            last?.Dispose();
            last = NothingLost.Of(trainer, folder.Path);
        });
        var options = new FitOptions(BatchSize: 1, Steps: 60) { Checkpoints = new CheckpointOptions(folder.Path, EverySteps: 1, KeepLast: 2) };

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(new EpisodeSource(watching, MetaSplit.Train, Episodes: 16), options));

        output.WriteLine(error.Message);
        Assert.InRange(error.Step, 2, 60);
        Assert.Equal("episode 0", error.Task);
        Assert.Contains($"Training diverged at step {error.Step}: episode 0 of the meta-batch has query loss ", error.Message);
        using (last)
            AssertNothingLost(error, trainer, last!, folder.Path, () => Episodic(name));
    }

    /// <summary>
    /// The error names the last step taken and its finite objective; the weights are finite and as they were before the
    /// refused step; the folder holds the same files; its latest checkpoint loads into a fresh trainer as those weights.
    /// </summary>
    private static void AssertNothingLost(TrainingDivergedException error, IResumableTrainer trainer, NothingLost beforeStep, string folder, Func<IResumableTrainer> fresh)
    {
        Assert.Equal(error.Step - 1, error.LastFiniteStep);
        Assert.True(double.IsFinite(error.LastFiniteLoss!.Value));
        Assert.Contains($"The last step taken, {error.Step - 1}, had objective ", error.Message);
        Assert.Equal(error.Step - 1, trainer.Steps);
        Assert.All(trainer.Module.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
        beforeStep.AssertUnchanged(trainer);
        var latest = Folder.Latest(folder);
        Assert.Equal(Folder.StepPath(folder, error.Step - 1), latest);
        using var reloaded = fresh();
        TrainerCheckpoint.Load(reloaded, latest);
        using var loaded = NothingLost.Of(reloaded);
        loaded.AssertUnchanged(trainer);
    }
}
