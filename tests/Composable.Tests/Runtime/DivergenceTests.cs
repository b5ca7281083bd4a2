using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Data.Episodes;
using Composable.Interpretation;
using Composable.Tests.Checkpoints;
using Composable.Tests.Generated;
using Composable.Tests.Meta;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>
/// A step whose objective is NaN or infinite is refused before its backward pass, in every family, generated and
/// interpreted: the error names the step and the task (or episode) and the network keeps the weights it had.
/// </summary>
public sealed class DivergenceTests
{
    /// <summary>
    /// A batch of <paramref name="spec"/> from synthetic data whose regression targets of task <paramref name="poisoned"/>
    /// hold 1e30: finite, so the batch passes its checks, but its squared error overflows float32.
    /// </summary>
    private static MultiTaskBatch Poisoned(MultiTaskSpec spec, int poisoned, bool shared = false)
    {
        using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: 8, Seed: 4, SharedInputs: shared));
        var inputs = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var task in data)
            if (!inputs.ContainsKey(task.Inputs)) inputs[task.Inputs] = task.Inputs.clone();
        return new MultiTaskBatch(data.Select((task, t) =>
        {
            var targets = task.Targets.clone();
            if (t == poisoned) targets[0, 0] = tensor(1e30f);
            return (TaskBatch?)new TaskBatch(inputs[task.Inputs], targets);
        }).ToArray());
    }

    public static TheoryData<string> MultiTask => new() { "generated", "interpreted", "generated-pcgrad", "interpreted-pcgrad", "generated-uncertainty", "generated-mgda-ub", "interpreted-mgda-ub" };

    [Theory]
    [MemberData(nameof(MultiTask))]
    public void A_multi_task_step_with_a_non_finite_loss_is_refused_naming_step_and_task_and_changes_nothing(string name)
    {
        using IMultiTaskTrainer trainer = name switch
        {
            "generated" => Shared.Trainer.Create(1),
            "interpreted" => InterpretedTrainer.Create(Shared.Spec, 1),
            "generated-pcgrad" => PcgradShared.Trainer.Create(1),
            "interpreted-pcgrad" => InterpretedTrainer.Create(PcgradShared.Spec, 1),
            "generated-uncertainty" => UncertaintyShared.Trainer.Create(1),
            "generated-mgda-ub" => MgdaUpperBound.Trainer.Create(1),
            _ => InterpretedTrainer.Create(MgdaUpperBound.Spec, 1),
        };
        var spec = trainer.Network.Spec;
        var shared = name.Contains("mgda", StringComparison.Ordinal);          // MGDA-UB needs one inputs tensor for all tasks
        var batch = Poisoned(spec, poisoned: 0, shared);
        var task = spec.Tasks[0].Name;
        var before = ResumeTests.Snapshot(trainer);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Step(batch));

        Assert.Equal(1, error.Step);
        Assert.Equal(task, error.Task);
        Assert.Contains($"Training diverged at step 1: task '{task}' has loss ", error.Message);
        Assert.Equal(0, trainer.Steps);
        var after = ResumeTests.Snapshot(trainer);
        Assert.Equal(Changed(before, after), Array.Empty<string>());
    }

    /// <summary>The entries of a trainer snapshot that differ, but torch's random state, which the refused step's dropout drew from.</summary>
    private static string[] Changed(SortedDictionary<string, string> before, SortedDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(k => !k.Contains("random.torch", StringComparison.Ordinal))
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b).ToArray();


    [Fact]
    public void A_fit_that_diverges_stops_naming_the_last_step_taken_with_finite_weights()
    {
        var spec = Composable.Tests.Generated.Shared.Spec with { Optimizer = new Sgd(LearningRate: 1e4), Dropout = 0 };
        using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: 64, Seed: 1));
        using var trainer = InterpretedTrainer.Create(spec, 1);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data, new FitOptions(BatchSize: 16, Steps: 200)));

        Assert.NotNull(error.LastFiniteStep);
        Assert.Equal(error.Step - 1, error.LastFiniteStep);
        Assert.Contains($"The last step taken, {error.LastFiniteStep}, had objective", error.Message);
        Assert.Equal(error.LastFiniteStep, trainer.Steps);
        Assert.All(trainer.Model.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    public static TheoryData<string> Episodic => new() { "maml", "interpreted-maml", "prototypes", "interpreted-prototypes" };

    [Theory]
    [MemberData(nameof(Episodic))]
    public void An_episodic_step_with_a_non_finite_loss_is_refused_naming_the_episode_and_changes_nothing(string name)
    {
        var sample = EpisodicTrainerContractTests.Named(name);
        using var trainer = sample.Create(5, null);
        var episodes = sample.Family.SampleBatch(MetaSplit.Train, 0, 3, seed: 1);
        var poisoned = episodes[1].SupportInputs.clone();
        poisoned[0, 0] = tensor(float.MaxValue);
        var batch = new List<Episode>(episodes) { [1] = episodes[1] with { SupportInputs = poisoned } };
        var before = ResumeTests.Snapshot(trainer);

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Step(batch));

        Assert.Equal("episode 1", error.Task);
        Assert.Contains("Training diverged at step 1: episode 1 of the meta-batch has query loss ", error.Message);
        Assert.Equal(0, trainer.Steps);
        Assert.Equal(Changed(before, ResumeTests.Snapshot(trainer)), Array.Empty<string>());
    }
}
