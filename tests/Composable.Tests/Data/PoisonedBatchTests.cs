using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Interpretation;
using Composable.Tests.Checkpoints;
using Composable.Tests.Generated;
using Composable.Tests.Transfer;
using Composable.Training;
using Composable.Transfer;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

/// <summary>
/// Poisoned data for the multi-task and fine-tuning families, generated and interpreted: NaN or infinite inputs and
/// targets, labels out of range, wrong dtypes and widths, ragged and empty tasks, a task the objective needs missing.
/// Each is refused where it first arrives — the data set's construction, or the step that receives a hand-made batch —
/// with an error naming the task, the row and the value, and the trainer's weights and checkpoints on disk unchanged.
/// </summary>
public sealed class PoisonedBatchTests
{
    /// <summary>How one poison changes a clean batch (the tensors are the test's own copies), and what the error must say.</summary>
    public sealed record Poison(Func<MultiTaskSpec, TaskBatch?[], TaskBatch?[]> Apply, string[] Says);

    private static TaskBatch?[] With(TaskBatch?[] tasks, string task, MultiTaskSpec spec, Func<TaskBatch, TaskBatch?> change)
    {
        var index = spec.Tasks.Select(t => t.Name).ToList().IndexOf(task);
        tasks[index] = change(tasks[index]!);
        return tasks;
    }

    private static Tensor Set(Tensor tensor, float value, params long[] at)
    {
        tensor[at.Select(i => TensorIndex.Single(i)).ToArray()] = TorchSharp.torch.tensor(value);
        return tensor;
    }

    /// <summary>The poisons of the <see cref="Shared"/> declaration's tasks: Price regression(2), Churn binary, Segment 3 classes, Tags 4 labels.</summary>
    internal static readonly IReadOnlyDictionary<string, Poison> Poisons = new Dictionary<string, Poison>
    {
        ["nan-inputs"] = new((s, b) => With(b, "Churn", s, t => t with { Inputs = Set(t.Inputs, float.NaN, 5, 2) }),
            ["Task 'Churn': inputs contain NaN at row 5."]),
        ["infinite-targets"] = new((s, b) => With(b, "Price", s, t => t with { Targets = Set(t.Targets, float.PositiveInfinity, 3, 1) }),
            ["Task 'Price': targets contain infinity at row 3."]),
        ["label-out-of-range"] = new((s, b) => With(b, "Segment", s, t => { t.Targets[4] = tensor(7L); return t; }),
            ["Task 'Segment': label 7 at row 4 is outside [0, 3)."]),
        ["binary-target-not-0-or-1"] = new((s, b) => With(b, "Churn", s, t => t with { Targets = Set(t.Targets, 0.5f, 2, 0) }),
            ["Task 'Churn': target 0.5 at row 2 is not 0 or 1."]),
        ["wrong-dtype"] = new((s, b) => With(b, "Segment", s, t => t with { Targets = t.Targets.to_type(ScalarType.Float32) }),
            ["Task 'Segment': targets have dtype float32, expected int64"]),
        ["wrong-width"] = new((s, b) => With(b, "Tags", s, t => t with { Inputs = t.Inputs[.., ..5] }),
            ["Task 'Tags': inputs have shape [8, 5], expected [8, 6]"]),
        ["ragged"] = new((s, b) => With(b, "Tags", s, t => t with { Targets = t.Targets[..7] }),
            ["Task 'Tags': inputs have 8 rows but targets have 7"]),
        ["empty"] = new((s, b) => With(b, "Price", s, t => new TaskBatch(t.Inputs[..0], t.Targets[..0])),
            ["Task 'Price': inputs have no rows"]),
    };

    /// <summary>The poisons of the fine-tuning target of <see cref="FourthRelated"/>: one task D, regression with 2 outputs, 6 input features.</summary>
    internal static readonly IReadOnlyDictionary<string, Poison> FineTuningPoisons = new Dictionary<string, Poison>
    {
        ["nan-inputs"] = new((s, b) => With(b, "D", s, t => t with { Inputs = Set(t.Inputs, float.NaN, 6, 0) }), ["Task 'D': inputs contain NaN at row 6."]),
        ["infinite-targets"] = new((s, b) => With(b, "D", s, t => t with { Targets = Set(t.Targets, float.NegativeInfinity, 1, 1) }), ["Task 'D': targets contain infinity at row 1."]),
        ["wrong-dtype"] = new((s, b) => With(b, "D", s, t => t with { Targets = t.Targets.to_type(ScalarType.Float64) }), ["Task 'D': targets have dtype float64, expected float32"]),
        ["wrong-width"] = new((s, b) => With(b, "D", s, t => t with { Targets = t.Targets[.., ..1] }), ["Task 'D': targets have shape [8, 1], expected [8, 2]"]),
        ["ragged"] = new((s, b) => With(b, "D", s, t => t with { Inputs = t.Inputs[..5] }), ["Task 'D': inputs have 5 rows but targets have 8"]),
        ["empty"] = new((s, b) => With(b, "D", s, t => new TaskBatch(t.Inputs[..0], t.Targets[..0])), ["Task 'D': inputs have no rows"]),
    };

    private static IReadOnlyDictionary<string, Poison> PoisonsFor(string trainer) =>
        trainer.EndsWith("fine-tuning", StringComparison.Ordinal) ? FineTuningPoisons : Poisons;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var trainer in new[] { "generated", "interpreted", "generated-fine-tuning", "interpreted-fine-tuning" })
            foreach (var poison in PoisonsFor(trainer).Keys)
                data.Add(trainer, poison);
        return data;
    }

    private static IMultiTaskTrainer MultiTaskTrainer(string name) => name switch
    {
        "generated" => Shared.Trainer.Create(1),
        "interpreted" => InterpretedTrainer.Create(Shared.Spec, 1),
        "generated-pcgrad" => PcgradShared.Trainer.Create(1),
        "interpreted-pcgrad" => InterpretedTrainer.Create(PcgradShared.Spec, 1),
        "generated-fine-tuning" => FourthRelated.Trainer.Create(1),
        "interpreted-fine-tuning" => FineTuningTrainer.Create(FourthRelated.Spec, 1),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Clean data of <paramref name="spec"/> with its own inputs per task: 8 rows each, targets in each task's layout.</summary>
    private static TaskBatch?[] Clean(MultiTaskSpec spec)
    {
        manual_seed(4);
        return spec.Tasks.Select(task => (TaskBatch?)new TaskBatch(randn(8, spec.Input.Size), task.Target switch
        {
            Regression r => randn(8, r.Outputs),
            MultiClass c => arange(8L) % c.Classes,
            MultiLabel l => rand(8, l.Labels).gt(0.5).to_type(ScalarType.Float32),
            _ => rand(8, 1).gt(0.5).to_type(ScalarType.Float32),
        })).ToArray();
    }

    /// <summary>Two steps of a fit that writes a checkpoint after each, so that the folder has files to keep.</summary>
    private static void FitWithCheckpoints(IMultiTaskTrainer trainer, string folder)
    {
        using var data = SyntheticTasks.Generate(trainer.Network.Spec, new SyntheticOptions(Examples: 16, Seed: 2));
        trainer.Fit(data, new FitOptions(BatchSize: 8, Steps: 2) { Checkpoints = new CheckpointOptions(folder, EverySteps: 1, KeepLast: 5) });
        Assert.NotEmpty(NothingLost.Files(folder));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_poisoned_batch_is_refused_before_the_step_naming_task_row_and_value(string trainerName, string poisonName)
    {
        using var folder = new CheckpointFolder();
        using var trainer = MultiTaskTrainer(trainerName);
        FitWithCheckpoints(trainer, folder.Path);
        var spec = trainer.Network.Spec;
        var poison = PoisonsFor(trainerName)[poisonName];
        var batch = new MultiTaskBatch(poison.Apply(spec, Clean(spec)));
        using var before = NothingLost.Of(trainer, folder.Path);

        var error = Assert.Throws<ArgumentException>(() => trainer.Step(batch));

        Assert.StartsWith("The batch does not fit the declaration:", error.Message);
        Assert.All(poison.Says, says => Assert.Contains(says, error.Message));
        Assert.Equal(2, trainer.Steps);
        before.AssertUnchanged(trainer);
    }

    public static TheoryData<string, string> DatasetCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var poison in Poisons.Keys) data.Add("multi-task", poison);
        foreach (var poison in FineTuningPoisons.Keys) data.Add("fine-tuning", poison);
        return data;
    }

    [Theory]
    [MemberData(nameof(DatasetCases))]
    public void A_poisoned_dataset_is_refused_at_its_construction_naming_task_row_and_value(string family, string poisonName)
    {
        var spec = family == "multi-task" ? Shared.Spec : FourthRelated.Target;
        var poison = (family == "multi-task" ? Poisons : FineTuningPoisons)[poisonName];
        var tasks = poison.Apply(spec, Clean(spec)).Select((b, t) => new TaskData(spec.Tasks[t].Name, b!.Inputs, b.Targets));

        var error = Assert.Throws<ArgumentException>(() => MultiTaskDataset.From(spec, tasks));

        Assert.StartsWith("The data does not fit the declaration:", error.Message);
        Assert.All(poison.Says, says => Assert.Contains(says, error.Message));
    }

    [Theory]
    [InlineData("generated")]
    [InlineData("interpreted")]
    public void A_poisoned_tensor_swapped_into_a_batch_a_fit_drew_is_checked_like_a_hand_made_one(string trainerName)
    {
        using var trainer = MultiTaskTrainer(trainerName);
        using var data = SyntheticTasks.Generate(trainer.Network.Spec, new SyntheticOptions(Examples: 16, Seed: 2));
        var drawn = new BatchStream(data, TaskSampling.AllTasks, 8, seed: 1).Next();
        trainer.Step(drawn);
        var targets = drawn[0]!.Targets.clone();
        targets[2, 1] = tensor(float.NaN);
        var tasks = drawn.Tasks.ToArray();
        tasks[0] = tasks[0]! with { Targets = targets };
        using var before = NothingLost.Of(trainer);

        var error = Assert.Throws<ArgumentException>(() => trainer.Step(new MultiTaskBatch(tasks)));

        Assert.Contains("Task 'Price': targets contain NaN at row 2.", error.Message);
        before.AssertUnchanged(trainer);
    }

    [Theory]
    [InlineData("generated-pcgrad")]
    [InlineData("interpreted-pcgrad")]
    public void A_batch_without_a_task_the_objective_needs_is_refused_before_the_forward(string trainerName)
    {
        using var folder = new CheckpointFolder();
        using var trainer = MultiTaskTrainer(trainerName);
        FitWithCheckpoints(trainer, folder.Path);
        var tasks = Clean(trainer.Network.Spec);
        tasks[1] = null;
        using var before = NothingLost.Of(trainer, folder.Path);

        var error = Assert.Throws<ArgumentException>(() => trainer.Step(new MultiTaskBatch(tasks)));

        Assert.Contains("Objective PCGrad needs every task in every batch, and task 'Churn' is missing from this one.", error.Message);
        before.AssertUnchanged(trainer);
    }

    [Theory]
    [InlineData("generated")]
    [InlineData("interpreted")]
    public void A_batch_of_another_number_of_tasks_is_refused_naming_the_declared_tasks(string trainerName)
    {
        using var trainer = MultiTaskTrainer(trainerName);
        var tasks = Clean(trainer.Network.Spec)[..3];
        using var before = NothingLost.Of(trainer);

        var error = Assert.Throws<ArgumentException>(() => trainer.Step(new MultiTaskBatch(tasks)));

        Assert.Contains("4 tasks", error.Message);
        Assert.Contains("Tags", error.Message);
        before.AssertUnchanged(trainer);
    }

    [Theory]
    [InlineData("generated")]
    [InlineData("interpreted")]
    public void Inputs_every_task_shares_are_read_once_and_a_NaN_in_them_is_named_at_the_first_task(string trainerName)
    {
        using var trainer = MultiTaskTrainer(trainerName);
        var clean = Clean(trainer.Network.Spec);
        var shared = Set(clean[0]!.Inputs.clone(), float.NaN, 3, 1);
        var batch = new MultiTaskBatch(clean.Select(t => (TaskBatch?)(t! with { Inputs = shared })).ToArray());
        using var before = NothingLost.Of(trainer);

        var error = Assert.Throws<ArgumentException>(() => trainer.Step(batch));

        Assert.Contains("Task 'Price': inputs contain NaN at row 3.", error.Message);
        Assert.Single(error.Message.Split('\n'), line => line.Contains("inputs contain", StringComparison.Ordinal));
        before.AssertUnchanged(trainer);
    }

    [Fact]
    public void Finite_inputs_whose_sum_overflows_pass_and_opposite_infinities_are_located()
    {
        var spec = Shared.Spec;
        var huge = full(8, spec.Input.Size, 3e38f);
        Assert.True(float.IsInfinity(huge.sum().item<float>()), "the test needs a sum that overflows");
        BatchChecks.ThrowIfInvalid(spec, new MultiTaskBatch(Clean(spec).Select(t => (TaskBatch?)(t! with { Inputs = huge })).ToArray()));

        var opposite = Set(Set(huge.clone(), float.PositiveInfinity, 2, 0), float.NegativeInfinity, 5, 3);
        Assert.True(float.IsNaN(opposite.sum().item<float>()), "opposite infinities sum to NaN");
        var tasks = Clean(spec);
        tasks[1] = tasks[1]! with { Inputs = opposite };

        var error = Assert.Throws<ArgumentException>(() => BatchChecks.ThrowIfInvalid(spec, new MultiTaskBatch(tasks)));

        Assert.Contains("Task 'Churn': inputs contain infinity at row 2 (2 rows with NaN or infinity in all).", error.Message);
    }
}
